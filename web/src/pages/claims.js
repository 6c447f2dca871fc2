import { get, send } from '../api.js';
import { h, clear, fmt, errorBox } from '../dom.js';
import { app } from '../main.js';

const ASSERTIONS = ['', 'holding', 'not-holding', 'decline', 'increase', 'violations-not-serious', 'no-violations', 'accusation'];

export async function claimsPage(main, { signal }) {
  const r = await get('/api/v1/claims', { signal });
  const list = h('div', { class: 'claims' });
  clear(main, h('h1', {}, 'Claims'),
    h('p', { class: 'muted' }, 'Statements about the ceasefire, read into a scope and an assertion and checked against the evidence around their date.'),
    app.can('check_claims') ? checkForm(list) : null,
    h('h2', {}, `${fmt.int(r.claims.length)} ${r.claims.length === 1 ? 'claim' : 'claims'} checked`), list);
  if (!r.claims.length) list.append(h('p', { class: 'muted' }, 'No claims stored yet.'));
  for (const c of r.claims) list.append(claimCard(c));
}

// evidenceLink links a SOURCE:KEY evidence id to the incident it names.
export function evidenceLink(k) {
  const [src, ...key] = String(k).split(':');
  return key.length ? h('a', { href: `/incidents/${encodeURIComponent(src)}:${encodeURIComponent(key.join(':'))}` }, k) : k;
}

function verdictOf(c) { return (c.check && c.check.verdict) || 'unchecked'; }

// scopeText names a claim's scope as the CLI does: the places it names
// narrower than a zone, with the zones they lie in.
function scopeText(scope) {
  if (!scope) return '—';
  const zones = scope.all ? 'all zones' : (scope.zones || []).join(', ');
  // A claim about one kind of violence ("air strikes have stopped") is
  // checked on that kind alone: say so beside the places.
  const kinds = (scope.kinds || []).length ? `; ${scope.kinds.join(', ')} only` : '';
  if ((scope.areas || []).length) return `${scope.areas.join(', ')} (${zones || 'no zone'})${kinds}`;
  return (zones || '—') + kinds;
}

export function claimCard(c) {
  const chk = c.check || {};
  return h('article', { class: 'claim card' },
    h('blockquote', {}, c.text),
    h('p', {}, h('strong', {}, c.speaker), `, ${c.date}`, c.source ? [' · ', c.source] : ''),
    h('p', {}, h('span', { class: 'chip c-' + verdictOf(c) }, fmt.label(verdictOf(c))), ' ',
      chk.probability_note ? h('span', { class: 'claim-probability' }, `${chk.probability_note}. `) : null,
      `scope: ${scopeText(c.scope)}; assertion: ${fmt.label(c.assertion)}`,
      c.accused ? `; accused: ${c.accused === 'unknown' ? 'not named (checked against violations by anyone)' : c.accused}` : ''),
    chk.reason ? h('p', { class: 'small' }, chk.reason) : null,
    (chk.per_zone || []).length ? h('details', {}, h('summary', {}, 'Evidence per zone'),
      h('ul', {}, chk.per_zone.map((z) => h('li', {},
        h('strong', {}, z.zone), ': ', h('span', { class: 'chip c-' + z.verdict }, fmt.label(z.verdict)), ' ', z.reason,
        (z.incidents || []).length ? h('span', { class: 'small muted' }, ' Incidents: ',
          z.incidents.map((k, n) => [n ? ', ' : '', evidenceLink(k)])) : null)))) : null,
    (c.notes || []).length ? h('p', { class: 'small muted' }, c.notes.join(' ')) : null);
}

function checkForm(list) {
  const f = (id, label, input, hint) => h('div', { class: 'field' }, h('label', { for: id }, label), input,
    hint ? h('span', { class: 'hint', id: id + '-hint' }, hint) : null, h('span', { class: 'field-error', id: id + '-err' }));
  const speaker = h('input', { id: 'c-speaker', name: 'speaker', required: true, autocomplete: 'off' });
  const date = h('input', { id: 'c-date', name: 'date', type: 'text', inputmode: 'numeric', pattern: '\\d{4}-\\d{2}-\\d{2}', placeholder: 'YYYY-MM-DD', required: true, autocomplete: 'off' });
  const text = h('textarea', { id: 'c-text', name: 'text', required: true, rows: 3 });
  const source = h('input', { id: 'c-source', name: 'source' });
  const assertion = h('select', { id: 'c-assertion', name: 'assertion' }, ASSERTIONS.map((a) => h('option', { value: a }, a ? fmt.label(a) : 'read from the text')));
  const zones = h('input', { id: 'c-zones', name: 'zones', 'aria-describedby': 'c-zones-hint' });
  const accused = h('input', { id: 'c-accused', name: 'accused', 'aria-describedby': 'c-accused-hint' });
  const out = h('div', { role: 'status', 'aria-live': 'polite' });
  const form = h('form', { class: 'stack', onsubmit: async (e) => {
    e.preventDefault();
    form.querySelectorAll('.field-error').forEach((x) => (x.textContent = ''));
    const body = { speaker: speaker.value.trim(), date: date.value, text: text.value.trim() };
    if (source.value.trim()) body.source = source.value.trim();
    if (assertion.value) body.assertion = assertion.value;
    if (zones.value.trim()) body.zones = zones.value.split(',').map((s) => s.trim()).filter(Boolean);
    if (accused.value.trim()) body.accused = accused.value.trim();
    clear(out, 'Checking…');
    try {
      const r = await send('POST', '/api/v1/claims', body);
      clear(out, h('p', {}, 'Checked and stored:'), claimCard(r.body));
      list.prepend(claimCard(r.body));
    } catch (err) {
      for (const [k, msg] of Object.entries(err.fields || {})) {
        const el = document.getElementById(`c-${k}-err`);
        if (el) el.textContent = msg;
      }
      clear(out, errorBox(err));
    }
  } },
  f('c-speaker', 'Speaker', speaker), f('c-date', 'Date', date), f('c-text', 'Statement', text),
  f('c-source', 'Source (optional)', source), f('c-assertion', 'Assertion', assertion),
  f('c-zones', 'Zones (optional)', zones, 'Zone ids, comma-separated; empty: read from the text'),
  f('c-accused', 'Accused party (optional)', accused, 'An actor of the agreement, or unknown when the words name no attacker'),
  h('button', { type: 'submit' }, 'Check claim'));
  return h('section', { class: 'card', 'aria-labelledby': 'h-check' }, h('h2', { id: 'h-check' }, 'Check a new claim'), form, out);
}

import { get } from '../api.js';
import { h, clear, fmt, verdictChip, probText, table } from '../dom.js';
import { newMap, L, VERDICT_COLOURS } from '../map.js';

const PRECISION = {
  1: ['exact', 0], 2: ['within 25 km', 25], 3: ['district', 30], 4: ['governorate', 80],
  5: ['fuzzy', 50], 6: ['country', 0], 7: ['sea or air', 0],
};

// A rule's outcome in words: "pass" would read as "all is well" beside a
// violation, so the trace says whether the rule's condition was met.
const OUTCOME_TEXT = { pass: 'met', fail: 'not met', undetermined: 'undetermined', unknown: 'unknown' };

export async function incidentPage(main, { params, signal }) {
  const r = await get(`/api/v1/incidents/${params[0]}`, { signal });
  const i = r.incident;
  const latest = (r.judgements || [])[0];
  const [precName, km] = PRECISION[i.loc_prec] || ['unknown', 0];
  const sources = (i.sources || '').split(';');
  const texts = (i.source_text || '').split(';');
  const mapEl = h('div', { class: 'map small-map', role: 'region', 'aria-label': `Location: ${i.place || ''}, precision ${precName}` });
  clear(main,
    h('p', { class: 'crumbs' }, h('a', { href: '/' }, 'Map'), ' / incident ', String(i.id)),
    h('h1', {}, `${i.sub_event_type || i.event_type} in ${i.place || i.admin2 || i.admin1 || 'an unknown place'}, ${i.date_start}`),
    h('p', {}, latest ? verdictChip(latest.verdict, latest.p_violation) : verdictChip(''), latest && latest.severity ? [' ', h('span', { class: 'chip' }, latest.severity)] : null,
      ` ${i.source}:${i.source_key}`, i.date_end !== i.date_start ? ` · ${i.date_start} to ${i.date_end}` : ''),
    h('div', { class: 'two' },
      h('section', { 'aria-labelledby': 'h-what' }, h('h2', { id: 'h-what' }, 'What'),
        h('dl', { class: 'facts' },
          h('dt', {}, 'Type'), h('dd', {}, `${i.event_type}${i.sub_event_type ? ' / ' + i.sub_event_type : ''}`),
          i.type_reason ? [h('dt', {}, 'Type because'), h('dd', {}, i.type_reason)] : null,
          h('dt', {}, 'Side A'), h('dd', {}, i.side_a || '—', i.assoc_a ? ` (${i.assoc_a})` : ''),
          h('dt', {}, 'Side B'), h('dd', {}, i.side_b || '—', i.assoc_b ? ` (${i.assoc_b})` : ''),
          h('dt', {}, 'Deaths'), h('dd', {}, `${fmt.int(i.deaths_best)} (low ${fmt.int(i.deaths_low)}, high ${fmt.int(i.deaths_high)}), of them civilians ${fmt.int(i.deaths_civilians)}${i.deaths_unknown ? `, of unknown status ${fmt.int(i.deaths_unknown)}` : ''}`))),
      h('section', { 'aria-labelledby': 'h-where' }, h('h2', { id: 'h-where' }, 'Where'),
        h('dl', { class: 'facts' },
          h('dt', {}, 'Place'), h('dd', {}, [i.place, i.admin2, i.admin1, i.country].filter(Boolean).join(', ') || '—'),
          h('dt', {}, 'Coordinates'), h('dd', {}, i.lat !== undefined ? `${fmt.num(i.lat, 4)}, ${fmt.num(i.lon, 4)}` : 'none given'),
          h('dt', {}, 'Precision'), h('dd', {}, `${i.loc_prec} — ${precName}`)),
        i.lat !== undefined ? mapEl : null,
        table('Placement in zones', ['Zone', 'Placement', 'Why'], (i.zones || []).map((z) => [h('a', { href: `/zones/${z.zone}` }, z.zone), z.placement, z.reason])))),
    h('section', { 'aria-labelledby': 'h-reports' }, h('h2', { id: 'h-reports' }, `Reports merged into it (${fmt.int((r.reports || []).length)})`),
      (r.reports || []).length ? table(null, ['Report', 'Source', 'Origin', 'Received', 'Content hash'], r.reports.map((x) => [
        String(x.report_id) + (x.withdraws ? ' (withdrawal)' : ''), x.source_key ? `${x.source}:${x.source_key}` : x.source,
        [x.release, x.origin, x.line ? `line ${x.line}` : ''].filter(Boolean).join(' · ') || '—', x.received_at || '—',
        h('code', { title: x.hash }, (x.hash || '').slice(0, 12))])) : h('p', { class: 'muted' }, 'The server lists no reports for this incident.'),
      logStatus(r.reports || []),
      corroboration(r.corroboration),
      h('h3', {}, `Sources named (${fmt.int(i.num_sources || sources.length)})`),
      table(null, ['Source', 'What it said'], sources.map((x, k) => [x || '—', texts[k] || '—']))),
    h('section', { 'aria-labelledby': 'h-trace' }, h('h2', { id: 'h-trace' }, 'Verdict and rule trace'),
      (r.judgements || []).length ? r.judgements.map((j) => h('div', { class: 'judgement' },
        h('h3', {}, `Agreement ${j.agreement} version ${j.version}: `, verdictChip(j.verdict, j.p_violation), j.severity ? ` ${j.severity}` : '',
          j.alleged_party ? ` — alleged party: ${j.alleged_party}` : ''),
        table(`Judged ${j.judged_at}${j.zone ? ' in zone ' + j.zone : ''}: the probability of violation is the product of the factors`, ['Rule', 'Outcome', 'P', 'Clause', 'Detail'],
          j.trace.map((s) => [s.rule, h('span', { class: 'outcome o-' + s.outcome, title: `rule outcome: ${s.outcome}` }, OUTCOME_TEXT[s.outcome] || s.outcome), s.p ? probText(s.p) : '', s.clause || '', s.detail])),
        ...j.trace.filter((s) => s.presence).map((s) => presenceTable(s.presence))))
        : h('p', { class: 'muted' }, 'Not judged yet: run truce adjudicate.')));
  if (i.lat !== undefined) {
    const map = newMap(mapEl, { zoomControl: true });
    const ll = [i.lat, i.lon];
    const colour = VERDICT_COLOURS[latest ? latest.verdict : ''];
    L.circleMarker(ll, { radius: 6, color: colour, fillOpacity: 0.8 }).addTo(map);
    if (km) {
      const c = L.circle(ll, { radius: km * 1000, color: colour, weight: 1, dashArray: '4 4', fillOpacity: 0.08 }).addTo(map);
      map.fitBounds(c.getBounds(), { padding: [10, 10] });
    } else map.setView(ll, 10);
    get('/api/v1/zones', { signal }).then((z) => L.geoJSON(z, { style: { color: '#1d3557', weight: 1, fillOpacity: 0.05 } }).addTo(map)).catch(() => {});
  }
}

// presenceTable shows the presence figures a verdict weighed, with their
// sources: what the share of excluded groups rests on.
function presenceTable(p) {
  const fig = (g) => {
    const f = (x) => (p.measure === 'share' ? `${Math.round(x * 100)} %` : fmt.int(x));
    return g.low === g.high ? f(g.low) : `${f(g.low)}–${f(g.high)}`;
  };
  return table(`Presence in zone ${p.zone}, ${p.from} to ${p.to} (${p.measure}), from the agreement's presence data`,
    ['Group', 'Excluded', 'Strength', 'Source'],
    p.groups.map((g) => [g.name, g.excluded ? 'yes' : 'no', fig(g), g.source]));
}

// logStatus says, for each submitted report, where it is in the
// tamper-evident log and whether the server's inclusion check passed, with
// the proof a guarantor can verify independently.
function logStatus(reports) {
  const logged = reports.filter((x) => x.log);
  if (!logged.length) {
    return h('p', { class: 'small muted log-status' }, 'Imported reports are logged by import batch (a digest of their hashes), not one by one.');
  }
  return h('ul', { class: 'log-status' }, logged.map((x) => h('li', {},
    `Report ${x.report_id}: log entry ${x.log.index}`,
    x.log.verified
      ? [', ', h('strong', {}, 'inclusion verified'), ` under the signed tree of ${fmt.int(x.log.tree_size)} entries (${x.log.signed_at || ''}). `]
      : [', ', h('strong', {}, 'inclusion NOT verified'), '. '],
    x.log.proof ? h('a', { href: x.log.proof }, 'Proof') : null)));
}

// corroboration shows the incident's group of reports of one event from
// several sources, with why each joined.
function corroboration(c) {
  if (!c) return h('p', { class: 'small muted corroboration' }, 'Not corroborated by another source (or truce corroborate has not run).');
  return h('div', { class: 'corroboration' },
    h('h3', {}, `Corroborated by ${fmt.int(c.independent_sources)} independent source${c.independent_sources === 1 ? '' : 's'} (confidence ${c.confidence})`),
    c.conflicts && c.conflicts.length ? h('p', {}, 'Conflicting attributions: ', c.conflicts.join('; ')) : null,
    table(null, ['Incident', 'Source', 'Why it joined'], c.members.map((m) => [
      h('a', { href: `/incidents/${m.incident_id}` }, String(m.incident_id)), `${m.source}:${m.source_key}`, m.reason || '—'])));
}

// Reported counts: what each side of a joint commission said it
// registered, compared side with side and with the incidents in the store
// (GET /api/v1/reporters, as `truce reporters` prints it).
import { get, qs, latestDay, addDays } from '../api.js';
import { h, clear, fmt, table, errorBox } from '../dom.js';
import { navigate } from '../main.js';
import { binning, timeChart } from '../chart.js';
import { zones as zonesOf, agreementStart, periodOf, periodFields, periodText, validDay } from '../period.js';

const COLOURS = ['#1d3557', '#c1121f', '#2a9d8f', '#7b5ea7', '#d98a00', '#5c7c99'];

export async function reportersPage(main, { query, signal }) {
  const [latest, zones] = await Promise.all([latestDay(), zonesOf(signal)]);
  let def = { from: addDays(latest, -89), to: latest };
  if (!validDay(query.get('from')) && !validDay(query.get('to'))) {
    // Without a period, the page covers the days the counts cover.
    const all = await get('/api/v1/reporters', { signal });
    const firsts = all.reporters.map((r) => r.first).filter(Boolean).sort(), lasts = all.reporters.map((r) => r.last).filter(Boolean).sort();
    if (firsts.length) def = { from: firsts[0], to: lasts[lasts.length - 1] };
  }
  const period = periodOf(query, def);
  const province = query.get('province') || '';
  const apply = (p) => navigate('/reporters' + qs({ from: p.from, to: p.to, province: provIn.value.trim() }));
  const per = periodFields(period, { latest, since: agreementStart(zones), apply, idPrefix: 'r' });
  const provIn = h('input', { id: 'r-province', name: 'province', value: province, size: 14, autocomplete: 'off', 'aria-describedby': 'r-province-hint' });
  const formErr = h('div', { role: 'alert' });
  const body = h('div', {}, h('p', { class: 'muted' }, 'Loading the counts…'));
  clear(main,
    h('h1', {}, 'Reported counts'),
    h('p', { class: 'muted' }, 'What each side of a joint commission said it registered (the Russian and the Turkish side of the Russia-Turkey commission, say), ',
      'compared side with side and with the incidents in the store, on the days both have. The counts are data as reported, never incidents.'),
    h('form', { class: 'filters', 'aria-label': 'Period and province', onsubmit: (e) => {
      e.preventDefault(); clear(formErr);
      try { apply(per.read()); } catch (x) { formErr.append(errorBox(x)); }
    } }, per.el,
    h('div', { class: 'field' }, h('label', { for: 'r-province' }, 'Province'), provIn,
      h('p', { class: 'hint', id: 'r-province-hint' }, 'A governorate (e.g. Idlib); empty for all.')),
    h('button', { type: 'submit' }, 'Show'), formErr),
    body);

  const cmp = await get('/api/v1/reporters' + qs({ from: period.from, to: period.to, province }), { signal });
  if (!cmp.reporters.length) {
    clear(body, h('section', { class: 'empty', 'aria-labelledby': 'h-none' },
      h('h2', { id: 'h-none' }, `No reported counts ${province ? `for ${province} ` : ''}from ${period.from} to ${period.to}`),
      h('p', {}, 'Counts come from the sides\' own bulletins. Store them with either:'),
      h('ul', {},
        h('li', {}, h('code', {}, 'truce import counts FILE.csv'), ': a CSV headed ', h('code', {}, 'reporter,day,count[,province][,source]'), ', a row per reporter and day (or province of the day);'),
        h('li', {}, h('code', {}, 'truce import news DIR'), ': news articles and bulletins, from which every count a sentence gives ("Russian observers registered 15 violations in the past 24 hours…, the Turkish side - 11") is read and stored.')),
      h('p', {}, 'Then this page (and ', h('code', {}, 'truce reporters'), ') compares them.'),
      caveats(cmp)));
    return;
  }
  const reporters = cmp.reporters.map((r) => r.reporter);
  const colour = new Map(reporters.map((r, i) => [r, COLOURS[i % COLOURS.length]]));
  const ratio = (x) => (x === null || x === undefined ? '—' : fmt.num(x, 2));
  const rho = (x) => (x === null || x === undefined ? '— (too few days)' : fmt.num(x, 2));
  const disagree = (p) => (p.disagree || []).map((d) => `${d.day}: ${fmt.int(d.a)} vs ${fmt.int(d.b)}`).join('; ') || '—';

  // The daily series: each reporter a line with a point per reported day
  // (a day not reported is a gap), the incidents on their own axis.
  const b = binning(period.from, period.to, 'day');
  const values = (series) => b.starts.map((d) => (series && d in series ? series[d] : null));
  const inc = cmp.series.incidents;
  const covered = cmp.covered && cmp.covered[0] ? cmp.covered : null;
  const incValues = b.starts.map((d) => (covered && d >= covered[0] && d <= covered[1] ? (inc && inc[d]) || 0 : null));
  const sources = Object.entries(cmp.incident_sources || {}).map(([k, v]) => `${k} ${fmt.int(v)}`).join(', ');
  clear(body,
    h('section', { 'aria-labelledby': 'h-rep' }, h('h2', { id: 'h-rep' }, `Reporters, ${periodText(period)}${cmp.province ? `, ${cmp.province}` : ''}`),
      table('Per reporter: the days it reported and what it counted', ['Reporter', 'Days reported', 'Total', 'Mean a reported day', 'First', 'Last', 'Disputed days'],
        cmp.reporters.map((r) => [h('span', {}, key(colour.get(r.reporter)), r.reporter), fmt.int(r.days), fmt.int(r.total), fmt.num(r.per_day, 1), r.first || '—', r.last || '—', fmt.int(r.disputed || 0)]))),
    h('section', { 'aria-labelledby': 'h-series' }, h('h2', { id: 'h-series' }, 'Daily series'),
      timeChart('Violations each side reported a day (left axis) and incidents in the store a day (right axis)', b, [
        ...reporters.map((r) => ({ label: r, unit: 'violations reported', stroke: colour.get(r), values: values(cmp.series[r]), points: true })),
        { label: 'Incidents in the store', unit: 'incidents', stroke: '#8a8a8a', values: incValues, bars: true },
      ], `${reporters.map((r) => `${r}: ${fmt.int(cmp.reporters.find((x) => x.reporter === r).total)} violations reported`).join('; ')}; incidents on their own axis.`),
      h('p', { class: 'small muted' }, 'A gap is a day without a report (missing, not zero). ',
        covered ? `Incidents are counted on the days the store covers (${covered[0]} to ${covered[1]})${sources ? `: ${sources}` : ''}.` : 'The store has no incidents to compare.')),
    h('section', { 'aria-labelledby': 'h-pairs' }, h('h2', { id: 'h-pairs' }, 'Reporter against reporter'),
      cmp.pairs.length ? table('On the days both reported: totals, ratio A/B, Spearman rank correlation, and the days they disagree most',
        ['A', 'B', 'Common days', 'Total A', 'Total B', 'Ratio A/B', 'Spearman ρ', 'Most disagreement (A vs B)'],
        cmp.pairs.map((p) => [p.a, p.b, fmt.int(p.common_days), fmt.int(p.total_a), fmt.int(p.total_b), ratio(p.ratio), rho(p.spearman), disagree(p)]))
        : h('p', { class: 'muted' }, 'Only one reporter in this period: nothing to compare it with.')),
    h('section', { 'aria-labelledby': 'h-inc' }, h('h2', { id: 'h-inc' }, 'Each reporter against the incidents'),
      cmp.incidents.length ? table('On the days the reporter reported and the store covers: the reporter\'s total, the incidents, their ratio and rank correlation',
        ['Reporter', 'Common days', 'Reported', 'Incidents', 'Ratio', 'Spearman ρ', 'Most disagreement (reported vs incidents)'],
        cmp.incidents.map((p) => [p.a, fmt.int(p.common_days), fmt.int(p.total_a), fmt.int(p.total_b), ratio(p.ratio), rho(p.spearman), disagree(p)]))
        : h('p', { class: 'muted' }, 'No day both reported and covered by the incidents in the store.')),
    caveats(cmp));
}

// key is a colour swatch (set through the CSSOM: the CSP forbids inline
// style attributes).
function key(colour) {
  const el = h('span', { class: 'key', 'aria-hidden': 'true' });
  el.style.background = colour;
  return el;
}

function caveats(cmp) {
  return h('section', { class: 'caveats', 'aria-labelledby': 'h-caveats' }, h('h2', { id: 'h-caveats' }, 'What these numbers cannot say'),
    h('ul', {}, (cmp.caveats || []).map((c) => h('li', {}, c))));
}

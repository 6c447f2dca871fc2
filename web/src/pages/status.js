import { get, pages, qs, latestDay, addDays } from '../api.js';
import { h, clear, fmt, gradedStatus, expectedText, sparkline, errorBox, printHead } from '../dom.js';
import { navigate } from '../main.js';
import { binning, timeChart } from '../chart.js';
import { zones as zonesOf, agreementStart, periodOf, periodFields, periodText, withPeriod, daysIn } from '../period.js';

export async function statusPage(main, { query, signal }) {
  const latest = await latestDay();
  // ?date=D (the old address) is the 30 days to D.
  const old = query.get('date');
  const period = periodOf(query, { from: addDays(old || latest, -29), to: old || latest });
  const day = period.to, from = period.from, n = daysIn(period);
  const window = Math.min(366, n);
  const zones = await zonesOf(signal);
  const status = await get('/api/v1/status' + qs({ date: day, window }), { signal });
  const names = new Map(zones.features.map((f) => [f.id, f.properties.name || f.id]));
  const grid = h('div', { class: 'cards' });
  const apply = (p) => navigate('/status' + qs({ from: p.from, to: p.to }));
  const per = periodFields(period, { latest, since: agreementStart(zones), apply, idPrefix: 's' });
  const formErr = h('div', { role: 'alert' });
  const b = binning(from, day);
  // The comparison counts by the week (by the day up to four weeks, by the
  // month beyond two years).
  const cb = binning(from, day, n > 730 ? 'month' : n > 28 ? 'week' : 'day');
  const compare = h('section', { class: 'compare', 'aria-labelledby': 'h-compare' },
    h('h2', { id: 'h-compare' }, 'Zones compared'), h('p', { class: 'muted small' }, 'Loading…'));
  clear(main,
    printHead(status.agreement, periodText(period)),
    h('h1', {}, 'Status board'),
    h('form', { class: 'filters', 'aria-label': 'Period', onsubmit: (e) => {
      e.preventDefault(); clear(formErr);
      try { apply(per.read()); } catch (x) { formErr.append(errorBox(x)); }
    } }, per.el, h('button', { type: 'submit' }, 'Show'), formErr),
    h('p', { class: 'muted' }, `Each zone over ${periodText(period)}${n > window ? ` (the status weighs its last ${window} days)` : ''}, agreement ${status.agreement}. `,
      'The status is the most likely one, with its probability; "A to B" is the outer range with the presence data and imprecise locations at their ends. ',
      'Expected violations add up each incident\'s probability of being one (90 % interval). Events, deaths and civilian deaths count everything reported, violation or not. ',
      `Trend: this period against the ${fmt.int(n)} days before it, with a 95% quasi-Poisson interval for the rate ratio.`),
    grid, compare);
  // The comparison asks the status of every zone over each bin's own days,
  // so its numbers are the cards' expected violations, bin by bin.
  const expected = new Map(status.zones.map((z) => [z.zone, cb.starts.map(() => null)]));
  const bins = cb.starts.map((_, k) => k);
  const compareP = Promise.all([0, 1, 2, 3].map(async () => {
    for (let k = bins.shift(); k !== undefined; k = bins.shift()) {
      const end = cb.end(k), days = daysIn({ from: cb.starts[k], to: end });
      const st = await get('/api/v1/status' + qs({ date: end, window: days }), { signal });
      for (const z of st.zones) if (expected.has(z.zone) && z.expected_violations) expected.get(z.zone)[k] = z.expected_violations.mean;
    }
  }));
  await Promise.all(status.zones.map(async (z) => {
    const spark = h('div', { class: 'sparkwrap' }, h('span', { class: 'muted small' }, 'loading…'));
    const trend = h('div', { class: 'trend' });
    const d = z.definite_violations || {}, ev = z.events || {};
    grid.append(h('article', { class: 'card', 'aria-labelledby': 'card-' + z.zone },
      h('h2', { id: 'card-' + z.zone }, h('a', { href: withPeriod(`/zones/${encodeURIComponent(z.zone)}`, period) }, names.get(z.zone) || z.zone)),
      h('p', {}, gradedStatus(z), z.in_force || z.ended ? null : h('span', { class: 'muted' }, ' (not in force)')),
      h('p', { class: 'small' }, z.reason),
      h('dl', { class: 'counts' },
        h('dt', {}, `Expected violations (${status.window_days} d)`), h('dd', {}, expectedText(z.expected_violations)),
        h('dt', {}, 'of them certain'), h('dd', {}, fmt.int(d.violations)),
        h('dt', {}, 'Events'), h('dd', {}, fmt.int(ev.events), ev.approximate ? ` (${fmt.int(ev.approximate)} located only approximately)` : ''),
        h('dt', {}, 'Deaths'), h('dd', {}, fmt.int(ev.deaths), ev.approximate_deaths ? ` (${fmt.int(ev.approximate_deaths)} in incidents located only approximately, which may lie outside the zone)` : ''),
        h('dt', {}, 'Civilian deaths'), h('dd', {}, fmt.int(ev.civilian_deaths)),
        h('dt', {}, 'Air strikes'), h('dd', {}, fmt.int(ev.air_strikes)),
        h('dt', {}, 'Reports (last 30 d)'), h('dd', {}, fmt.int(z.reports_last_30_days))),
      spark, trend));
    const counts = b.starts.map(() => 0);
    try {
      await pages({ zone: z.zone, from, to: day }, (items) => {
        for (const i of items) { const k = b.index(i.date_start); if (k >= 0) counts[k]++; }
      }, signal);
      const total = counts.reduce((a, x) => a + x, 0);
      clear(spark, sparkline(counts, `Incidents ${b.per} in ${names.get(z.zone)}, ${from} to ${day}: ${total} in all, at most ${Math.max(...counts)} ${b.per}`),
        h('span', { class: 'muted small' }, `incidents ${b.per} inside or in the buffer (${fmt.int(total)} in all)`));
    } catch (e) { clear(spark, errorBox(e)); }
    try {
      const t = await get('/api/v1/trends' + qs({ zone: z.zone, date: from, before: `${Math.min(3650, n)}d`, after: `${Math.min(3650, n)}d` }), { signal });
      clear(trend, trendLine(t));
    } catch (e) { clear(trend, errorBox(e)); }
  }));
  await compareP;
  const round = (v) => v.map((x) => (x === null ? null : Math.round(x * 10) / 10));
  clear(compare, h('h2', { id: 'h-compare' }, 'Zones compared'),
    timeChart(`Expected violations ${cb.per} in each zone, ${from} to ${day}`, cb,
      status.zones.map((z, k) => ({ label: names.get(z.zone) || z.zone, unit: 'expected violations', stroke: ZONE_COLOURS[k % ZONE_COLOURS.length],
        values: round(expected.get(z.zone)), points: cb.starts.length < 60 }))),
    h('p', { class: 'small muted' }, `The expected violations of each zone's status ${cb.per} (each incident counted by its probability of being a violation, as on the cards), ${cb.per === 'a day' ? 'day' : cb.per === 'a week' ? 'week' : 'month'} by ${cb.per === 'a day' ? 'day' : cb.per === 'a week' ? 'week' : 'month'}; a gap is a span the status has no number for. `,
      'Zones differ in size, coverage and reporting: compare their rise and fall more than their levels.'));
}

// Distinct colours for the zones on one chart (not the status colours,
// which mean something else).
const ZONE_COLOURS = ['#1d3557', '#c1121f', '#2a9d8f', '#7b5ea7', '#d98a00', '#5c7c99', '#6a994e', '#bc4749'];

export function trendLine(t) {
  const iv = (t.intervals && t.intervals.quasi_poisson) || [];
  const arrow = t.rate_ratio === null || t.rate_ratio === undefined ? '·' : t.rate_ratio > 1.2 ? '▲' : t.rate_ratio < 0.8 ? '▼' : '▶';
  const cls = /increase/.test(t.verdict) ? 'up' : /decline/.test(t.verdict) ? 'down' : 'flat';
  return h('p', { class: 'trendline ' + cls },
    h('span', { class: 'arrow', 'aria-hidden': 'true' }, arrow), ' ',
    h('strong', {}, t.verdict), ': rate ratio ', fmt.num(t.rate_ratio), ' (95% CI ', fmt.num(iv[0]), '–', fmt.num(iv[1]), ')',
    h('br'), h('span', { class: 'small muted' }, `${fmt.num(t.rate_before)} → ${fmt.num(t.rate_after)} ${t.metric} a day`));
}

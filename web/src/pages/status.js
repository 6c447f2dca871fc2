import { get, pages, qs, latestDay, addDays } from '../api.js';
import { h, clear, fmt, gradedStatus, expectedText, sparkline, errorBox } from '../dom.js';

export async function statusPage(main, { query, signal }) {
  const day = query.get('date') || (await latestDay());
  const zones = await get('/api/v1/zones', { signal });
  const status = await get('/api/v1/status' + qs({ date: day }), { signal });
  const names = new Map(zones.features.map((f) => [f.id, f.properties.name || f.id]));
  const grid = h('div', { class: 'cards' });
  clear(main,
    h('h1', {}, 'Status board'),
    h('p', { class: 'muted' }, `Each zone over the ${status.window_days} days to ${day} (agreement ${status.agreement}). `,
      'The status is the most likely one, with its probability; "A to B" is the outer range with the presence data and imprecise locations at their ends. ',
      'Expected violations add up each incident\'s probability of being one (90 % interval). Events, deaths and civilian deaths count everything reported, violation or not. ',
      'Trend: the last 30 days against the 30 before, with a 95% quasi-Poisson interval for the rate ratio.'),
    grid);
  const from = addDays(day, -29);
  await Promise.all(status.zones.map(async (z) => {
    const spark = h('div', { class: 'sparkwrap' }, h('span', { class: 'muted small' }, 'loading…'));
    const trend = h('div', { class: 'trend' });
    const d = z.definite_violations || {}, ev = z.events || {};
    grid.append(h('article', { class: 'card', 'aria-labelledby': 'card-' + z.zone },
      h('h2', { id: 'card-' + z.zone }, h('a', { href: `/zones/${encodeURIComponent(z.zone)}` }, names.get(z.zone) || z.zone)),
      h('p', {}, gradedStatus(z), z.in_force || z.ended ? null : h('span', { class: 'muted' }, ' (not in force)')),
      h('p', { class: 'small' }, z.reason),
      h('dl', { class: 'counts' },
        h('dt', {}, `Expected violations (${status.window_days} d)`), h('dd', {}, expectedText(z.expected_violations)),
        h('dt', {}, 'of them certain'), h('dd', {}, fmt.int(d.violations)),
        h('dt', {}, 'Events'), h('dd', {}, fmt.int(ev.events)),
        h('dt', {}, 'Deaths'), h('dd', {}, fmt.int(ev.deaths)),
        h('dt', {}, 'Civilian deaths'), h('dd', {}, fmt.int(ev.civilian_deaths)),
        h('dt', {}, 'Air strikes'), h('dd', {}, fmt.int(ev.air_strikes)),
        h('dt', {}, 'Reports (30 d)'), h('dd', {}, fmt.int(z.reports_last_30_days))),
      spark, trend));
    const counts = new Map();
    try {
      await pages({ zone: z.zone, from, to: day }, (items) => {
        for (const i of items) counts.set(i.date_start, (counts.get(i.date_start) || 0) + 1);
      }, signal);
      const vals = [];
      for (let d = from; d <= day; d = addDays(d, 1)) vals.push(counts.get(d) || 0);
      const total = vals.reduce((a, b) => a + b, 0);
      clear(spark, sparkline(vals, `Incidents per day in ${names.get(z.zone)}, ${from} to ${day}: ${total} in all, at most ${Math.max(...vals)} a day`),
        h('span', { class: 'muted small' }, `incidents a day inside or in the buffer, 30 d (${fmt.int(total)})`));
    } catch (e) { clear(spark, errorBox(e)); }
    try {
      const t = await get('/api/v1/trends' + qs({ zone: z.zone, date: addDays(day, -29), before: '30d', after: '30d' }), { signal });
      clear(trend, trendLine(t));
    } catch (e) { clear(trend, errorBox(e)); }
  }));
}

export function trendLine(t) {
  const iv = (t.intervals && t.intervals.quasi_poisson) || [];
  const arrow = t.rate_ratio === null || t.rate_ratio === undefined ? '·' : t.rate_ratio > 1.2 ? '▲' : t.rate_ratio < 0.8 ? '▼' : '▶';
  const cls = /increase/.test(t.verdict) ? 'up' : /decline/.test(t.verdict) ? 'down' : 'flat';
  return h('p', { class: 'trendline ' + cls },
    h('span', { class: 'arrow', 'aria-hidden': 'true' }, arrow), ' ',
    h('strong', {}, t.verdict), ': rate ratio ', fmt.num(t.rate_ratio), ' (95% CI ', fmt.num(iv[0]), '–', fmt.num(iv[1]), ')',
    h('br'), h('span', { class: 'small muted' }, `${fmt.num(t.rate_before)} → ${fmt.num(t.rate_after)} ${t.metric} a day`));
}

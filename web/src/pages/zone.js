import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { get, pages, qs, latestDay, addDays } from '../api.js';
import { h, clear, fmt, gradedStatus, verdictChip, table, errorBox } from '../dom.js';
import { trendLine } from './status.js';

export async function zonePage(main, { params, query, signal }) {
  const id = decodeURIComponent(params[0]);
  const latest = await latestDay();
  const to = query.get('to') || latest;
  const from = query.get('from') || addDays(to, -364);
  const zones = await get('/api/v1/zones', { signal });
  const f = zones.features.find((x) => x.id === id);
  if (!f) throw new Error(`No zone ${id} in the active agreement.`);
  const p = f.properties;
  const charts = h('div', { class: 'charts' }, h('p', { class: 'muted' }, 'Loading the daily series…'));
  const hist = h('section', { 'aria-labelledby': 'h-hist' }, h('h2', { id: 'h-hist' }, 'Status history'));
  const trend = h('section', { 'aria-labelledby': 'h-trend' }, h('h2', { id: 'h-trend' }, 'Before and after'));
  const latestEl = h('section', { 'aria-labelledby': 'h-latest' }, h('h2', { id: 'h-latest' }, 'Latest incidents'));
  const partiesEl = h('section', { 'aria-labelledby': 'h-parties' }, h('h2', { id: 'h-parties' }, 'Top alleged parties'));
  clear(main,
    h('p', { class: 'crumbs' }, h('a', { href: '/status' }, 'Status'), ' / ', p.name),
    h('h1', {}, p.name || id),
    h('p', { class: 'muted' }, `Zone ${id} of ${p.agreement}; in force from ${p.effective_from || '—'}${p.effective_to ? ' to ' + p.effective_to : ''}`,
      p.buffer_km ? `; buffer ${p.buffer_km} km` : '', p.approximate ? '; boundary approximate' : '', '. ',
      `Incidents stored: ${fmt.int(p.incidents_inside)} inside, ${fmt.int(p.incidents_buffer)} in the buffer, ${fmt.int(p.incidents_uncertain)} uncertain.`),
    p.notes ? h('p', {}, p.notes) : null,
    h('section', { 'aria-labelledby': 'h-series' }, h('h2', { id: 'h-series' }, `Daily series, ${from} to ${to}`),
      h('p', { class: 'small muted' }, 'Incidents placed inside the zone or in its buffer.'), charts),
    h('div', { class: 'two' }, hist, trend),
    partiesEl,
    latestEl);

  // Trend and status history in parallel with the series.
  const trendP = get('/api/v1/trends' + qs({ zone: id }), { signal }).then((t) => {
    trend.append(h('p', { class: 'small muted' }, `${t.days_before} days before ${t.break} against ${t.days_after} days after (${t.placements}).`),
      trendLine(t), h('p', { class: 'small' }, t.reason),
      table('Rate ratio intervals (95%)', ['Method', 'Lower', 'Upper'], Object.entries(t.intervals || {}).map(([k, v]) => [fmt.label(k), fmt.num(v[0], 3), fmt.num(v[1], 3)])),
      t.its ? h('p', { class: 'small' }, `Interrupted time series: level change ×${fmt.num(t.its.level_change.value)} (${fmt.num(t.its.level_change.lower)}–${fmt.num(t.its.level_change.upper)}), slope change ×${fmt.num(t.its.slope_change_per_day.value, 4)} a day.`) : null);
  }).catch((e) => trend.append(errorBox(e)));
  const weeks = [];
  for (let i = 11; i >= 0; i--) weeks.push(addDays(to, -7 * i));
  const histP = Promise.all(weeks.map((d) => get('/api/v1/status' + qs({ date: d, zone: id }), { signal })
    .then((s) => ({ d, z: s.zones.find((z) => z.zone === id) }))
    .catch((e) => ({ d, e })))).then((rows) => {
    hist.append(table(`Status each week to ${to} (${rows.length} weeks)`, ['Date', 'Status', 'Why'], rows.reverse().map(({ d, z, e }) =>
      [d, z ? gradedStatus(z) : '—', z ? z.reason : e.message])));
  });

  const days = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  const idx = new Map(days.map((d, i) => [d, i]));
  const zero = () => days.map(() => 0);
  const events = zero(), deaths = zero(), certain = zero(), probable = zero(), possible = zero();
  const recent = [];
  await pages({ zone: id, from, to }, (items) => {
    for (const i of items) {
      const k = idx.get(i.date_start);
      if (k === undefined) continue;
      events[k]++; deaths[k] += i.deaths_best || 0;
      recent.push(i);
      if (recent.length > 200) recent.splice(0, recent.length - 200);
    }
  }, signal);
  const verdicts = new Map();
  const parties = new Map();
  await pages({ zone: id, from, to, verdict: 'violation,probable_violation,possible_violation' }, (items) => {
    for (const i of items) {
      const k = idx.get(i.date_start);
      const p = (i.p_violation || {}).mid || 0;
      verdicts.set(i.id, i);
      const who = i.alleged_party || '(the evidence points to no party)';
      const t = parties.get(who) || { expected: 0, certain: 0, grave: 0, deaths: 0 };
      t.expected += p;
      if (i.verdict === 'violation') t.certain++;
      if (i.severity === 'grave') t.grave += p;
      t.deaths += p * (i.deaths_best || 0);
      parties.set(who, t);
      if (k === undefined) continue;
      ({ violation: certain, probable_violation: probable, possible_violation: possible }[i.verdict] || possible)[k]++;
    }
  }, signal);
  const xs = days.map((d) => Date.parse(d) / 1000);
  const sum = (a) => a.reduce((x, y) => x + y, 0);
  clear(charts,
    chart('Incidents (left axis) and deaths (right axis) a day', xs, [
      { label: 'Incidents', stroke: '#1d3557', values: events },
      { label: 'Deaths', stroke: '#c1121f', values: deaths, scale: 'deaths' },
    ]),
    h('p', { class: 'sr-only' }, `${sum(events)} incidents and ${sum(deaths)} deaths from ${from} to ${to}.`),
    chart('Violations a day, by how sure (stacked): violations, probable, possible', xs, [
      { label: 'Violation', stroke: '#c1121f', values: certain, bars: true },
      { label: 'Probable', stroke: '#e85d04', values: probable, bars: true },
      { label: 'Possible', stroke: '#d98a00', values: possible, bars: true },
    ]),
    h('p', { class: 'sr-only' }, `${sum(certain)} violations, ${sum(probable)} probable and ${sum(possible)} possible ones.`));

  const ranked = [...parties.entries()].sort((a, b) => b[1].expected - a[1].expected || a[0].localeCompare(b[0]));
  partiesEl.append(ranked.length
    ? table(`Expected violations in the zone from ${from} to ${to} (each incident counted by its probability), by the party the evidence points to`,
      ['Alleged party', 'Expected violations', 'Violations (P ≥ 0.95)', 'Expected grave', 'Expected deaths'],
      ranked.slice(0, 10).map(([who, t]) => [who, fmt.num(t.expected, 1), fmt.int(t.certain), fmt.num(t.grave, 1), fmt.num(t.deaths, 0)]))
    : h('p', { class: 'muted' }, 'No violations in this period.'));
  recent.reverse();
  latestEl.append(recent.length ? table(`The ${Math.min(20, recent.length)} latest incidents to ${to}`, ['Date', 'Place', 'Type', 'Sides', 'Deaths', 'Placement'],
    recent.slice(0, 20).map((i) => [i.date_start, h('a', { href: `/incidents/${i.id}` }, i.place || `#${i.id}`), i.sub_event_type || i.event_type,
      `${i.side_a || '?'} vs ${i.side_b || '?'}`, fmt.int(i.deaths_best),
      h('span', {}, ((i.zones || []).find((z) => z.zone === id) || {}).placement || '', verdicts.has(i.id) ? [' ', verdictChip(verdicts.get(i.id).verdict, verdicts.get(i.id).p_violation)] : null)]))
    : h('p', { class: 'muted' }, 'No incidents in this period.'));
  await Promise.all([trendP, histP]);
}

function chart(title, xs, series) {
  const el = h('figure', { class: 'chart' }, h('figcaption', {}, title));
  const bars = uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({ size: [0.8, 8] }) : undefined;
  const opts = {
    width: 800, height: 220,
    scales: { x: { time: true } },
    axes: [{}, { size: 50, label: series[0].label }, ...series.filter((s) => s.scale).map((s) => ({ scale: s.scale, side: 1, size: 50, label: s.label, grid: { show: false } }))],
    series: [{}, ...series.map((s) => ({ label: s.label, scale: s.scale, stroke: s.stroke, fill: s.bars ? s.stroke : undefined, width: s.bars ? 0 : 1.5, paths: s.bars ? bars : undefined, points: { show: false } }))],
  };
  // Stack bar series so that they add up.
  const data = [xs];
  if (series.every((s) => s.bars)) {
    let acc = xs.map(() => 0);
    const stacked = series.slice().reverse().map((s) => (acc = acc.map((a, i) => a + s.values[i])));
    stacked.reverse().forEach((v) => data.push(v));
  } else series.forEach((s) => data.push(s.values));
  requestAnimationFrame(() => {
    const w = Math.max(280, Math.min(1100, el.clientWidth || 800));
    opts.width = w;
    const u = new uPlot(opts, data, el);
    new ResizeObserver(() => u.setSize({ width: Math.max(280, el.clientWidth), height: 220 })).observe(el);
  });
  return el;
}

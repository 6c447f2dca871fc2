import { get, pages, qs, latestDay, addDays } from '../api.js';
import { h, clear, fmt, gradedStatus, verdictChip, table, errorBox, printHead } from '../dom.js';
import { trendLine } from './status.js';
import { navigate } from '../main.js';
import { binning, timeChart } from '../chart.js';
import { zones as zonesOf, periodOf, periodFields, periodText, withPeriod, daysIn, validDay } from '../period.js';

const plural = (n, one, many) => `${fmt.int(n)} ${n === 1 ? one : many || one + 's'}`;

export async function zonePage(main, { params, query, signal }) {
  const id = decodeURIComponent(params[0]);
  const [latest, zones] = await Promise.all([latestDay(), zonesOf(signal)]);
  const f = zones.features.find((x) => x.id === id);
  if (!f) throw new Error(`No zone ${id} in the active agreement.`);
  const p = f.properties;
  // Without a period the page covers the zone's time under the agreement:
  // from its start to its end (or to the data's last day).
  const start = p.period_from || p.effective_from, end = p.period_to || p.effective_to;
  const active = { from: start || addDays(latest, -364), to: end && end < latest ? end : latest };
  if (active.from > active.to) active.from = addDays(active.to, -29);
  const period = periodOf(query, active);
  const { from, to } = period;
  const apply = (x) => navigate(withPeriod(`/zones/${encodeURIComponent(id)}`, x, query.get('break') ? { break: query.get('break') } : {}));
  const per = periodFields(period, { latest, since: start, apply, idPrefix: 'z' });
  const formErr = h('div', { role: 'alert' });
  const b = binning(from, to);
  const charts = h('div', { class: 'charts' }, h('p', { class: 'muted' }, 'Loading the series…'));
  const hist = h('section', { 'aria-labelledby': 'h-hist' }, h('h2', { id: 'h-hist' }, 'Status history'));
  const trend = h('section', { 'aria-labelledby': 'h-trend' }, h('h2', { id: 'h-trend' }, 'Before and after'));
  const latestEl = h('section', { 'aria-labelledby': 'h-latest' }, h('h2', { id: 'h-latest' }, 'Latest incidents'));
  const partiesEl = h('section', { 'aria-labelledby': 'h-parties' }, h('h2', { id: 'h-parties' }, 'Top alleged parties'));
  clear(main,
    printHead(p.agreement, periodText(period)),
    h('p', { class: 'crumbs' }, h('a', { href: withPeriod('/status', period) }, 'Status'), ' / ', p.name),
    h('h1', {}, p.name || id),
    h('p', { class: 'muted' }, `Zone ${id} of ${p.agreement}; in force from ${start || '—'}${end ? ' to ' + end : ''}${p.ended ? ` (ended ${p.ended})` : ''}`,
      p.buffer_km ? `; buffer ${p.buffer_km} km` : '', p.approximate ? '; boundary approximate' : '', '. ',
      `Incidents stored: ${fmt.int(p.incidents_inside)} inside, ${fmt.int(p.incidents_buffer)} in the buffer, ${fmt.int(p.incidents_uncertain)} uncertain.`),
    p.notes ? h('details', { class: 'notes' }, h('summary', {}, 'About this zone: its boundary and sources'), h('p', {}, p.notes)) : null,
    h('form', { class: 'filters', 'aria-label': 'Period', onsubmit: (e) => {
      e.preventDefault(); clear(formErr);
      try { apply(per.read()); } catch (x) { formErr.append(errorBox(x)); }
    } }, per.el, h('button', { type: 'submit' }, 'Show'), formErr),
    h('section', { 'aria-labelledby': 'h-series' }, h('h2', { id: 'h-series' }, `${b.unit === 'day' ? 'Daily' : b.unit === 'week' ? 'Weekly' : 'Monthly'} series, ${periodText(period)}`),
      h('p', { class: 'small muted' }, 'Incidents placed inside the zone or in its buffer. ',
        h('a', { href: withPeriod('/incidents', period, { zone: id }) }, 'List them'), b.unit === 'day' ? '' : `; counted ${b.per} because the period is long.`), charts),
    h('div', { class: 'two' }, hist, trend),
    partiesEl,
    latestEl);

  // Before and after: the break is ?break=D when it falls in the period,
  // else the zone's start when it does, else the middle of the period. The
  // choices: the agreement's and the zone's start, each renewal, each local
  // truce in the zone, the zone's end, the middle, or a day typed.
  const mid = addDays(from, Math.floor(daysIn(period) / 2));
  const ag = await get(`/api/v1/agreements/${encodeURIComponent(p.agreement)}`, { signal }).catch(() => null);
  const breaks = [];
  for (const [d, label] of [[ag && ag.effective, 'the agreement\'s start'], [start, 'the zone\'s start'],
    ...((ag && ag.renewals) || []).map((r) => [r.date, `the renewal of ${r.date}`]),
    ...((ag && ag.truces) || []).filter((lt) => (lt.zones || []).includes(id)).map((lt) => [lt.date, lt.name]),
    [p.ended || (end && addDays(end, 1)), 'the zone\'s end'], [mid, 'the middle of the period']]) {
    if (!d || d <= from || d > to) continue;
    const same = breaks.find((x) => x[0] === d);
    if (same) same[1] += ' and ' + label; else breaks.push([d, label]);
  }
  breaks.sort((a, b2) => a[0].localeCompare(b2[0]));
  let brk = query.get('break');
  if (!validDay(brk) || brk <= from || brk > to) brk = start > from && start <= to ? start : mid;
  const brkWhy = (breaks.find(([d]) => d === brk) || [brk, 'the chosen day'])[1];
  const before = Math.min(3650, daysIn({ from, to: addDays(brk, -1) })), after = Math.min(3650, daysIn({ from: brk, to }));
  const goBreak = (d) => navigate(withPeriod(`/zones/${encodeURIComponent(id)}`, period, { break: d }));
  const brkSel = h('select', { id: 'z-break', name: 'break', onchange: () => {
    if (brkSel.value === 'day') { brkDay.focus(); return; }
    goBreak(brkSel.value);
  } }, breaks.map(([d, label]) => h('option', { value: d }, `${d}: ${label}`)), h('option', { value: 'day' }, 'Another day…'));
  brkSel.value = breaks.some(([d]) => d === brk) ? brk : 'day';
  const brkDay = h('input', { id: 'z-break-day', name: 'break-day', type: 'text', inputmode: 'numeric', autocomplete: 'off', size: 10,
    pattern: '\\d{4}-\\d{2}-\\d{2}', placeholder: 'YYYY-MM-DD', value: brk, class: 'day', 'aria-describedby': 'z-break-hint',
    oninput: () => { brkSel.value = 'day'; } });
  const brkErr = h('div', { role: 'alert' });
  const brkForm = h('form', { class: 'filters break', 'aria-label': 'Break date', onsubmit: (e) => {
    e.preventDefault(); clear(brkErr);
    const d = brkSel.value === 'day' ? brkDay.value.trim() : brkSel.value;
    if (!validDay(d)) { brkErr.append(errorBox(new Error(`Break: "${d}" is not a day as YYYY-MM-DD`))); brkDay.focus(); return; }
    if (d <= from || d > to) { brkErr.append(errorBox(new Error(`Break: ${d} is not inside the period after its first day (${addDays(from, 1)} to ${to})`))); brkDay.focus(); return; }
    goBreak(d);
  } },
  h('div', { class: 'field' }, h('label', { for: 'z-break' }, 'Break at'), brkSel),
  h('div', { class: 'field day' }, h('label', { for: 'z-break-day' }, 'Day'), brkDay),
  h('button', { type: 'submit' }, 'Compare'),
  h('p', { class: 'hint', id: 'z-break-hint' }, `The days before the break against the days from it, within ${from} to ${to}.`), brkErr);
  trend.append(brkForm);
  const trendP = get('/api/v1/trends' + qs({ zone: id, date: brk, before: before + 'd', after: after + 'd' }), { signal }).then((t) => {
    trend.append(
      h('p', { class: 'small muted' }, `${plural(t.days_before, 'day')} before ${t.break} (${brkWhy}) against ${plural(t.days_after, 'day')} from it (${t.placements}).`),
      trendLine(t), h('p', { class: 'small' }, t.reason),
      table('Rate ratio intervals (95%)', ['Method', 'Lower', 'Upper'], Object.entries(t.intervals || {}).map(([k, v]) => [fmt.label(k), fmt.num(v[0], 3), fmt.num(v[1], 3)])),
      t.its ? h('p', { class: 'small' }, `Interrupted time series: level change ×${fmt.num(t.its.level_change.value)} (${fmt.num(t.its.level_change.lower)}–${fmt.num(t.its.level_change.upper)}), slope change ×${fmt.num(t.its.slope_change_per_day.value, 4)} a day.`) : null);
  }).catch((e) => trend.append(errorBox(e)));
  // Status history: up to 12 spans covering the period, each graded on
  // its own days.
  const n = daysIn(period);
  const step = Math.max(1, Math.ceil(n / 12));
  const ends = [];
  for (let d = to; d >= from && ends.length < 12; d = addDays(d, -step)) ends.push(d);
  const win = Math.min(366, step);
  const histP = Promise.all(ends.map((d) => get('/api/v1/status' + qs({ date: d, zone: id, window: win }), { signal })
    .then((s) => ({ d, z: s.zones.find((z) => z.zone === id) }))
    .catch((e) => ({ d, e })))).then((rows) => {
    hist.append(table(`Status of each ${plural(win, 'day')} to the day shown, ${periodText(period)}`, ['To', 'Status', 'Why'], rows.map(({ d, z, e }) =>
      [d, z ? gradedStatus(z) : '—', z ? z.reason : e.message])));
  });

  const zero = () => b.starts.map(() => 0);
  const events = zero(), deaths = zero(), certain = zero(), probable = zero(), possible = zero();
  const approxEvents = zero(), approxDeaths = zero();
  const grave = zero(), serious = zero(), minor = zero();
  const recent = [];
  await pages({ zone: id, from, to }, (items) => {
    for (const i of items) {
      // Incidents located only approximately (the circle of a district,
      // a province or the country overlaps the zone) may lie outside it:
      // their own series, so that GED's country-wide totals do not read as
      // deaths in the zone.
      const approx = ((i.zones || []).find((z) => z.zone === id) || {}).placement === 'uncertain';
      spread(b, i, (k, share) => {
        (approx ? approxEvents : events)[k] += share;
        (approx ? approxDeaths : deaths)[k] += share * (i.deaths_best || 0);
      });
      recent.push(i);
      if (recent.length > 200) recent.splice(0, recent.length - 200);
    }
  }, signal);
  const verdicts = new Map();
  const parties = new Map();
  await pages({ zone: id, from, to, verdict: 'violation,probable_violation,possible_violation' }, (items) => {
    for (const i of items) {
      const k = b.index(i.date_start);
      const p = (i.p_violation || {}).mid || 0;
      verdicts.set(i.id, i);
      const who = i.alleged_party || '(the evidence points to no party)';
      const t = parties.get(who) || { expected: 0, certain: 0, grave: 0, deaths: 0 };
      t.expected += p;
      if (i.verdict === 'violation') t.certain++;
      if (i.severity === 'grave') t.grave += p;
      t.deaths += p * (i.deaths_best || 0);
      parties.set(who, t);
      if (k < 0) continue;
      ({ violation: certain, probable_violation: probable, possible_violation: possible }[i.verdict] || possible)[k]++;
      ({ grave, serious, minor }[i.severity] || minor)[k]++;
    }
  }, signal);
  const sum = (a) => a.reduce((x, y) => x + y, 0);
  clear(charts,
    timeChart(`Incidents (left axis) and deaths (right axis) ${b.per}; an incident reported over several days is spread over them`, b, [
      { label: 'Incidents', unit: 'incidents', stroke: '#1d3557', values: events, bars: true },
      { label: 'Deaths', unit: 'deaths', stroke: '#c1121f', values: deaths },
      { label: 'Deaths located only approximately', unit: 'deaths', stroke: '#6c757d', values: approxDeaths, dash: [6, 4] },
    ], `${plural(Math.round(sum(events)), 'incident')} and ${plural(Math.round(sum(deaths)), 'death')} located in or by the zone from ${from} to ${to}; ` +
      `${plural(Math.round(sum(approxEvents)), 'incident')} and ${plural(Math.round(sum(approxDeaths)), 'death')} more located only approximately (a district, province or the whole country), which may lie outside it.`),
    timeChart(`Violations ${b.per} by how sure (stacked): violations, probable and possible ones`, b, [
      { label: 'Violation', unit: 'violations', stroke: '#c1121f', values: certain, stack: true },
      { label: 'Probable', unit: 'violations', stroke: '#e85d04', values: probable, stack: true },
      { label: 'Possible', unit: 'violations', stroke: '#d98a00', values: possible, stack: true },
    ], `${plural(sum(certain), 'violation')}, ${fmt.int(sum(probable))} probable and ${fmt.int(sum(possible))} possible ones.`),
    timeChart(`Violations, probable and possible ones ${b.per} by severity (stacked)`, b, [
      { label: 'Grave', unit: 'violations', stroke: '#7a0c14', values: grave, stack: true },
      { label: 'Serious', unit: 'violations', stroke: '#d45d1e', values: serious, stack: true },
      { label: 'Minor', unit: 'violations', stroke: '#e9b949', values: minor, stack: true },
    ], `${fmt.int(sum(grave))} grave, ${fmt.int(sum(serious))} serious and ${fmt.int(sum(minor))} minor.`));

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

// spread calls f(k, share) for each bin of b an incident's date window
// touches, share being the part of its days in that bin: GED reports some
// incidents over a month or a year, and their deaths belong to the days of
// the window, not to its first.
function spread(b, i, f) {
  const s = Date.parse(i.date_start);
  const n = Math.max(1, Math.round((Date.parse(i.date_end || i.date_start) - s) / 86400000) + 1);
  if (n === 1) {
    const k = b.index(i.date_start);
    if (k >= 0) f(k, 1);
    return;
  }
  const shares = new Map();
  for (let d = 0; d < n; d++) {
    const k = b.index(new Date(s + d * 86400000).toISOString().slice(0, 10));
    if (k >= 0) shares.set(k, (shares.get(k) || 0) + 1 / n);
  }
  for (const [k, share] of shares) f(k, share);
}

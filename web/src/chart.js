// Time-series charts with uPlot: each unit on its own labelled axis, a
// legend that shows totals until the cursor picks a bin, and days grouped
// into weeks or months when the period is long.
import uPlot from 'uplot';
import { h, fmt } from './dom.js';
import { addDays } from './api.js';

// binning chooses the bin for a period: days up to 120 days, weeks up to
// two years, months beyond; or force's unit ('day', 'week', 'month').
export function binning(from, to, force) {
  const n = Math.round((Date.parse(to) - Date.parse(from)) / 86400000) + 1;
  const unit = force || (n > 730 ? 'month' : n > 120 ? 'week' : 'day');
  const starts = [];
  if (unit === 'month') {
    for (let d = from.slice(0, 8) + '01'; d <= to; d = nextMonth(d)) starts.push(d < from ? from : d);
  } else {
    const step = unit === 'week' ? 7 : 1;
    for (let d = from; d <= to; d = addDays(d, step)) starts.push(d);
  }
  // index finds a day's bin: the last start at or before it.
  const index = (day) => {
    if (day < from || day > to) return -1;
    let lo = 0, hi = starts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid] <= day) lo = mid; else hi = mid - 1; }
    return lo;
  };
  const end = (k) => (k + 1 < starts.length ? addDays(starts[k + 1], -1) : to);
  return { unit, starts, index, end, per: unit === 'day' ? 'a day' : unit === 'week' ? 'a week' : 'a month' };
}

function nextMonth(d) {
  const y = +d.slice(0, 4), m = +d.slice(5, 7);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

// binLabel names bin k: a day, "week of D", or a month.
export function binLabel(b, k) {
  const s = b.starts[k];
  if (b.unit === 'day') return s;
  if (b.unit === 'week') return `${s} to ${b.end(k)}`;
  return s.slice(0, 7);
}

// timeChart draws series over bins b. Each series: {label, unit (axis
// name, e.g. "incidents"), stroke, values, bars, stack, points}; a null
// value is missing (a gap, not zero), and points: true marks each value so
// that a lone day between gaps shows. Series with the
// same unit share an axis; the first unit is on the left, a second on the
// right. Series with stack: true are drawn stacked (as bars), their legend
// showing their own value.
export function timeChart(title, b, series, desc) {
  const el = h('figure', { class: 'chart' }, h('figcaption', {}, title));
  const units = [...new Set(series.map((s) => s.unit))];
  const xs = b.starts.map((d) => Date.parse(d) / 1000);
  const bars = uPlot.paths.bars({ size: [0.85, 24], align: 1 });
  const total = (v) => v.reduce((a, x) => a + x, 0);
  const data = [xs];
  // Stacked series are drawn cumulatively, the first on the bottom.
  let acc = xs.map(() => 0);
  for (const s of series) {
    if (s.stack) { acc = acc.map((a, i) => a + s.values[i]); data.push(acc); } else data.push(s.values);
  }
  const stacked = series.filter((s) => s.stack);
  const opts = {
    width: 800, height: 240,
    scales: { x: { time: true, range: (_u, min, max) => [min, max + (b.unit === 'day' ? 1 : b.unit === 'week' ? 7 : 31) * 86400] }, ...Object.fromEntries(units.map((u) => [u, { auto: true, range: (_u, _min, max) => [0, Math.max(1, Math.ceil(max * 1.08))] }])) },
    axes: [
      // Ticks on whole days at least: a short period would otherwise repeat
      // each day's label at hours. A date is about 70 px wide: ticks closer
      // than 85 px run their labels together.
      { space: 85, incrs: [1, 2, 7, 14, 28, 91, 182, 365, 730].map((d) => d * 86400),
        values: (_u, ticks) => ticks.map((t) => new Date(t * 1000).toISOString().slice(0, b.unit === 'month' ? 7 : 10)) },
      ...units.map((u, i) => ({ scale: u, side: i === 0 ? 3 : 1, size: 60, label: `${u} ${b.per}`, labelSize: 20,
        grid: { show: i === 0 }, values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? fmt.int(t) : '')) })),
    ],
    legend: { live: true },
    series: [
      { label: b.unit === 'day' ? 'Day' : b.unit === 'week' ? 'Week' : 'Month', value: (_u, _v, _s, idx) => (idx == null ? `${b.starts[0]} to ${b.end(b.starts.length - 1)}` : binLabel(b, idx)) },
      ...series.map((s) => ({
        label: s.label, scale: s.unit, stroke: s.stroke, width: s.bars || s.stack ? 0 : 1.5, dash: s.dash,
        fill: s.bars || s.stack ? s.stroke : undefined, paths: s.bars || s.stack ? bars : undefined,
        points: s.points ? { show: true, size: 6, fill: s.stroke } : { show: false },
        value: (_u, _v, _s, idx) => (idx == null ? `${fmt.int(total(s.values))} in all` : fmt.int(s.values[idx])),
      })),
    ],
  };
  // Draw stacks top first, so each lower band paints over the one above.
  if (stacked.length > 1) {
    const order = opts.series.slice(1).map((s, i) => [s, i]);
    opts.series = [opts.series[0], ...order.map(([s]) => s)];
    const firstStack = series.findIndex((s) => s.stack);
    const rev = data.slice(1 + firstStack, 1 + firstStack + stacked.length).reverse();
    const sRev = opts.series.slice(1 + firstStack, 1 + firstStack + stacked.length).reverse();
    data.splice(1 + firstStack, stacked.length, ...rev);
    opts.series.splice(1 + firstStack, stacked.length, ...sRev);
  }
  el.append(h('p', { class: 'sr-only' }, desc || series.map((s) => `${s.label}: ${fmt.int(total(s.values))}`).join('; ')));
  requestAnimationFrame(() => {
    opts.width = Math.max(280, Math.min(1100, el.clientWidth || 800));
    const u = new uPlot(opts, data, el);
    u.setLegend({ idx: null });
    new ResizeObserver(() => { if (!printing) u.setSize({ width: Math.max(280, el.clientWidth), height: 240 }); }).observe(el);
    live.add(u);
  });
  return el;
}

// Printing: every chart is redrawn to the width of an A4 portrait page
// (about 170 mm of text at 96 px an inch) and back after, since a canvas
// does not reflow with the print layout.
const live = new Set();
let printing = false;
export const PRINT_WIDTH = 640;
window.addEventListener('beforeprint', () => {
  printing = true;
  for (const u of live) {
    if (!u.root.isConnected) { live.delete(u); continue; }
    u.screenWidth = u.width;
    u.setSize({ width: Math.min(PRINT_WIDTH, u.width), height: 220 });
  }
});
window.addEventListener('afterprint', () => {
  printing = false;
  for (const u of live) if (u.screenWidth) u.setSize({ width: u.screenWidth, height: 240 });
});

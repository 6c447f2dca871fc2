// Small DOM helpers: elements are built with h(), never from HTML strings.
export function h(tag, attrs, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4)) : document.createElement(tag);
  let value;
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'value') { value = v; continue; }
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else if (k === 'class') el.setAttribute('class', v);
    else if (k in el && !svg && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  if (value !== undefined) el.value = value;
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export const fmt = {
  int: (n) => (n === undefined || n === null ? '—' : Number(n).toLocaleString('en')),
  num: (n, d = 2) => (n === undefined || n === null || Number.isNaN(n) ? '—' : Number(n).toFixed(d)),
  label: (s) => (s || '').replace(/[_-]/g, ' '),
};

export function statusClass(s) {
  return 'st-' + String(s || 'unknown').replace(/[^a-z-]/g, '');
}

const GRADES = ['holding', 'strained', 'breached', 'collapsed'];

// A zone's graded status as chips: the most likely status with its
// probability, and the outer range ("strained to collapsed") when the
// uncertain inputs at their ends would move it, so that the best case is
// never shown alone. z is a zone of /api/v1/status.
export function gradedStatus(z) {
  if (!z) return h('span', { class: 'muted' }, 'no status');
  if (!GRADES.includes(z.status)) {
    return h('span', { class: 'chip ' + statusClass(z.status || 'not-in-force') }, z.status ? fmt.label(z.status) : 'not in force');
  }
  const main = h('span', { class: 'chip ' + statusClass(z.status), title: chancesText(z) },
    `${fmt.label(z.status)} ${Math.round((z.probability || 0) * 100)} %`);
  if (!z.best || z.best === z.worst) return main;
  return h('span', { class: 'range' }, main, ' ',
    h('span', { class: 'chip outer', title: 'with the presence data and imprecise locations at their ends' },
      `${fmt.label(z.best)} to ${fmt.label(z.worst)}`));
}

function chancesText(z) {
  const c = z.chances || {};
  return GRADES.map((g) => `${g} ${Math.round((c[g] || 0) * 100)} %`).join(', ');
}

// expectedText writes expected violations with their 90 % interval.
export function expectedText(e) {
  if (!e) return '—';
  return `${fmt.num(e.mean, 1)} (${e.low}–${e.high})`;
}

export function verdictChip(v, p) {
  const text = v ? fmt.label(v) : 'not judged';
  return h('span', { class: 'chip v-' + (v || 'none') }, p ? `${text} ${probText(p)}` : text);
}

// probText writes a probability of violation: "0.97" or "0.95–0.98".
export function probText(p) {
  if (!p) return '';
  if (Math.abs(p.high - p.low) < 0.005) return fmt.num(p.mid, 2);
  return `${fmt.num(p.low, 2)}–${fmt.num(p.high, 2)}`;
}

export function errorBox(e) {
  return h('p', { class: 'error', role: 'alert' }, e && e.message ? e.message : String(e));
}

export function link(href, ...children) {
  return h('a', { href }, ...children);
}

// table builds a table from column heads and rows of cells. Its wrapper
// scrolls sideways on narrow screens, so it is focusable and named for
// keyboard users.
export function table(caption, heads, rows) {
  return h('div', { class: 'tablewrap', tabindex: '0', role: 'region', 'aria-label': caption || heads.join(', ') }, h('table', {},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, heads.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c)))))));
}

// sparkline draws values as an SVG polyline, with a text alternative.
export function sparkline(values, label, w = 160, hgt = 36) {
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? w / (values.length - 1) : w;
  const pts = values.map((v, i) => `${(i * step).toFixed(1)},${(hgt - 2 - (v / max) * (hgt - 4)).toFixed(1)}`).join(' ');
  return h('svg:svg', { class: 'spark', viewBox: `0 0 ${w} ${hgt}`, width: w, height: hgt, role: 'img', 'aria-label': label },
    h('svg:title', {}, label),
    h('svg:polyline', { points: pts, fill: 'none', stroke: 'currentColor', 'stroke-width': '1.5' }));
}

// printHead is a line shown only on paper, at the top of a printed page:
// the agreement and the period the page covers, and when it was printed.
export function printHead(agreement, period) {
  return h('p', { class: 'print-head' }, h('strong', {}, 'Truce'), ` · Agreement ${agreement || '—'} · Period ${period}`,
    ` · Printed ${new Date().toISOString().slice(0, 10)}`);
}

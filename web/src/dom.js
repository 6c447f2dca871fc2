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

// A status range "holding to breached", as chips.
export function statusRange(best, worst) {
  if (!worst || worst === best) return h('span', { class: 'chip ' + statusClass(best) }, fmt.label(best));
  return h('span', { class: 'range' }, h('span', { class: 'chip ' + statusClass(best) }, fmt.label(best)), ' to ',
    h('span', { class: 'chip ' + statusClass(worst) }, fmt.label(worst)));
}

export function verdictChip(v) {
  return h('span', { class: 'chip v-' + (v || 'none') }, v ? fmt.label(v) : 'not judged');
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

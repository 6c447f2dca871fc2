// The period control: one from/to range with presets, kept in the URL as
// ?from=&to= and carried by every internal link (withPeriod).
import { h, fmt } from './dom.js';
import { addDays, get, qs } from './api.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

// validDay reports whether s is a real day written YYYY-MM-DD.
export function validDay(s) {
  if (!DAY.test(s || '')) return false;
  const t = Date.parse(s);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

// daysIn counts the days of a period, both ends included.
export function daysIn(p) { return Math.round((Date.parse(p.to) - Date.parse(p.from)) / 86400000) + 1; }

let zonesP = null;
// zones returns the active agreement's zones (cached for the session's page
// loads: they change only when an agreement is loaded).
export function zones(signal) {
  if (!zonesP) zonesP = get('/api/v1/zones', { signal }).catch((e) => { zonesP = null; throw e; });
  return zonesP;
}

// agreementStart is the first day any zone of the active agreement is in
// force ('' when there are no zones).
export function agreementStart(fc) {
  return fc.features.map((f) => f.properties.effective_from).filter(Boolean).sort()[0] || '';
}

// periodOf reads ?from=&to= from query; a missing or invalid end falls back
// to def ({from, to}). A range given backwards is put in order.
export function periodOf(query, def) {
  let from = query.get('from'), to = query.get('to');
  if (!validDay(to)) to = def.to;
  if (!validDay(from)) from = validDay(query.get('to')) && !validDay(def.from) ? addDays(to, -29) : def.from;
  if (from > to) [from, to] = [to, from];
  return { from, to };
}

// withPeriod adds the period (and any other params) to an internal path.
export function withPeriod(path, p, extra = {}) {
  return path + qs({ ...extra, from: p.from, to: p.to });
}

// presets lists the preset periods ending on latest (the last day with
// data), and "since the agreement" when its start is known.
export function presets(latest, since) {
  const list = [['7', '7 days', addDays(latest, -6), latest], ['30', '30 days', addDays(latest, -29), latest],
    ['90', '90 days', addDays(latest, -89), latest]];
  if (since && since <= latest) list.push(['since', 'Since the agreement', since, latest]);
  return list;
}

// periodFields builds the control: a preset menu and two day fields (text
// with a YYYY-MM-DD pattern, so every date on the page reads the same).
// Choosing a preset calls apply({from, to}) at once; typed days are applied
// by the form the fields are in, through read(), which returns the period
// or throws an Error naming the bad field.
export function periodFields(p, { latest, since, apply, idPrefix = 'p' }) {
  const list = presets(latest, since);
  const match = list.find(([, , f, t]) => f === p.from && t === p.to);
  const dayInput = (id, name, value) => h('input', {
    id, name, value, type: 'text', inputmode: 'numeric', autocomplete: 'off', pattern: '\\d{4}-\\d{2}-\\d{2}', placeholder: 'YYYY-MM-DD',
    required: true, size: 10, class: 'day', 'aria-describedby': idPrefix + '-period-hint',
    oninput: () => { preset.value = 'custom'; },
  });
  const fromIn = dayInput(idPrefix + '-from', 'from', p.from);
  const toIn = dayInput(idPrefix + '-to', 'to', p.to);
  const preset = h('select', { id: idPrefix + '-preset', name: 'preset', onchange: () => {
    const x = list.find(([k]) => k === preset.value);
    if (!x) { fromIn.focus(); return; }
    fromIn.value = x[2]; toIn.value = x[3];
    apply({ from: x[2], to: x[3] });
  } },
  list.map(([k, label]) => h('option', { value: k }, label)), h('option', { value: 'custom' }, 'Custom'));
  preset.value = match ? match[0] : 'custom';
  const el = h('fieldset', { class: 'period' }, h('legend', {}, 'Period'),
    h('div', { class: 'field preset' }, h('label', { for: preset.id }, 'Preset'), preset),
    h('div', { class: 'field day' }, h('label', { for: fromIn.id }, 'From'), fromIn),
    h('div', { class: 'field day' }, h('label', { for: toIn.id }, 'To'), toIn),
    h('p', { class: 'hint', id: idPrefix + '-period-hint' }, `Days as YYYY-MM-DD; data to ${latest}.`));
  const read = () => {
    const from = fromIn.value.trim(), to = toIn.value.trim();
    if (!validDay(from)) { fromIn.focus(); throw new Error(`From: "${from}" is not a day as YYYY-MM-DD`); }
    if (!validDay(to)) { toIn.focus(); throw new Error(`To: "${to}" is not a day as YYYY-MM-DD`); }
    return from <= to ? { from, to } : { from: to, to: from };
  };
  return { el, read };
}

// periodText writes a period for headings: "2018-02-01 to 2018-04-30 (89 days)".
export function periodText(p) {
  const n = daysIn(p);
  return `${p.from} to ${p.to} (${fmt.int(n)} day${n === 1 ? '' : 's'})`;
}

// The incident list: the API's filters as a form, a page of incidents at a
// time, and CSV/GeoJSON exports of everything the filters match.
import { get, qs, latestDay, addDays, download } from '../api.js';
import { h, clear, fmt, verdictChip, table, errorBox } from '../dom.js';
import { navigate } from '../main.js';
import { SUB_EVENT_TYPES, PRECISIONS } from '../taxonomy.js';
import { zones as zonesOf, agreementStart, periodOf, periodFields, periodText, withPeriod } from '../period.js';

const PAGE = 50;
const VERDICTS = [['', 'any'], ['violation,probable_violation,possible_violation', 'violation, probable or possible'],
  ['violation', 'violation'], ['probable_violation', 'probable violation'], ['possible_violation', 'possible violation'],
  ['probably_not', 'probably not'], ['not_violation', 'not a violation'], ['undetermined', 'undetermined']];
const PRECISION_CHOICES = [['', 'any'], ...[1, 2, 3, 4].map((n) => [PRECISIONS.slice(0, n).map(([v]) => v).join(','),
  n === 1 ? 'exact point only' : `${PRECISIONS[n - 1][1]} or better`])];
// The filters the URL and the API share (the period aside).
export const FILTERS = ['type', 'actor', 'source', 'verdict', 'severity', 'zone', 'precision', 'min_deaths', 'q'];
// Orders of ?sort=: the API sorts by date and by deaths across all pages
// (the cursor follows the order); the probability of violation is not a
// stored column, so it sorts the rows of the page shown, fetched by date.
const SORTS = {
  'date': 'oldest first', '-date': 'newest first', 'deaths': 'fewest deaths first', '-deaths': 'most deaths first',
  'p': 'by probability of violation, lowest first, within this page', '-p': 'by probability of violation, highest first, within this page',
};
const pOf = (i) => (i.p_violation ? i.p_violation.mid : -1);

export async function incidentsPage(main, { query, signal }) {
  const [latest, zfc] = await Promise.all([latestDay(), zonesOf(signal)]);
  const since = agreementStart(zfc);
  const period = periodOf(query, { from: addDays(latest, -29), to: latest });
  const filters = Object.fromEntries(FILTERS.map((k) => [k, (query.get(k) || '').trim()]));
  const sort = SORTS[query.get('sort')] ? query.get('sort') : 'date';
  const apiSort = sort === 'date' || /p$/.test(sort) ? '' : sort;
  const cursor = query.get('cursor') || '';
  const prev = (query.get('prev') || '').split(',').filter(Boolean);
  const params = (extra = {}) => ({ ...filters, from: period.from, to: period.to, sort: apiSort, ...extra });

  const sel = (name, options, value) => h('select', { id: 'i-' + name, name }, options.map(([v, l]) => h('option', { value: v, selected: v === value }, l)));
  const text = (name, value, attrs = {}) => h('input', { id: 'i-' + name, name, value, autocomplete: 'off', ...attrs });
  const field = (name, label, input) => h('div', { class: 'field' }, h('label', { for: 'i-' + name }, label), input);
  // Event types, each with its sub-types (the API takes either).
  const typeSel = h('select', { id: 'i-type', name: 'type' }, h('option', { value: '' }, 'any'),
    Object.entries(SUB_EVENT_TYPES).map(([t, subs]) => h('optgroup', { label: t },
      h('option', { value: t }, `${t} (all)`), subs.map((x) => h('option', { value: x }, x)))));
  typeSel.value = filters.type;
  const inputs = {
    q: text('q', filters.q, { type: 'search', placeholder: 'place, district or actor' }),
    type: typeSel,
    actor: text('actor', filters.actor, { placeholder: 'e.g. Syria' }),
    source: text('source', filters.source, { placeholder: 'e.g. ucdp, acled, monitor', list: 'i-sources' }),
    verdict: sel('verdict', VERDICTS, filters.verdict),
    severity: sel('severity', [['', 'any'], ['grave', 'grave'], ['serious', 'serious'], ['minor', 'minor']], filters.severity),
    zone: sel('zone', [['', 'any'], ...zfc.features.map((f) => [f.id, f.properties.name || f.id])], filters.zone),
    precision: sel('precision', PRECISION_CHOICES.some(([v]) => v === filters.precision) || !filters.precision ? PRECISION_CHOICES
      : [...PRECISION_CHOICES, [filters.precision, `codes ${filters.precision}`]], filters.precision),
    min_deaths: text('min_deaths', filters.min_deaths, { type: 'number', min: 0, step: 1, inputmode: 'numeric' }),
  };
  const out = h('div', { role: 'status', 'aria-live': 'polite', class: 'count' }, 'Loading incidents…');
  const apply = (p) => {
    const vals = Object.fromEntries(FILTERS.map((k) => [k, inputs[k].value.trim()]));
    navigate('/incidents' + qs({ ...vals, from: p.from, to: p.to, sort: sort === 'date' ? '' : sort }));
  };
  const per = periodFields(period, { latest, since, apply, idPrefix: 'i' });
  const form = h('form', { class: 'filters list-filters', 'aria-label': 'Incident filters', onsubmit: (e) => {
    e.preventDefault();
    try { apply(per.read()); } catch (x) { clear(out, errorBox(x)); }
  } },
  per.el,
  field('q', 'Search', inputs.q), field('type', 'Type', inputs.type), field('actor', 'Actor or side', inputs.actor),
  field('source', 'Source', inputs.source), field('verdict', 'Verdict', inputs.verdict), field('severity', 'Severity', inputs.severity),
  field('zone', 'Zone', inputs.zone), field('precision', 'Location precision', inputs.precision), field('min_deaths', 'Deaths at least', inputs.min_deaths),
  h('datalist', { id: 'i-sources' }, ['ucdp', 'acled', 'monitor', 'news', 'geojson', 'csv', 'sim'].map((s) => h('option', { value: s }))),
  h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Filter'), ' ',
    h('a', { href: withPeriod('/incidents', period) }, 'Clear filters')));

  const exportQs = qs(params());
  const exp = (fmtName, ext) => h('button', { type: 'button', class: 'secondary', onclick: () =>
    download(`/api/v1/incidents.${ext}${exportQs}`, `truce-incidents-${period.from}-${period.to}.${ext}`).catch((e) => out.append(errorBox(e))) }, fmtName);
  const listEl = h('div', { class: 'incident-list' });
  clear(main,
    h('h1', {}, 'Incidents'),
    h('p', { class: 'muted' }, `Every stored incident of ${periodText(period)} matching the filters, ${SORTS[sort]}; each row opens the incident with its rule trace. `,
      'Verdicts and severity are those of the active agreement. The Date, Deaths and Verdict headings change the order: date and deaths across every page; ',
      'the probability of violation only within the page shown (the pages stay in date order).'),
    form,
    h('p', { class: 'exports' }, 'Export everything these filters match: ', exp('CSV', 'csv'), ' ', exp('GeoJSON', 'geojson'),
      ' ', h('span', { class: 'small muted' }, `(/api/v1/incidents.csv${exportQs})`)),
    out, listEl);

  const r = await get('/api/v1/incidents' + qs(params({ limit: PAGE, cursor })), { signal });
  if (sort === 'p' || sort === '-p') {
    const k = sort === 'p' ? 1 : -1;
    r.items.sort((a, b2) => k * (pOf(a) - pOf(b2)) || a.date_start.localeCompare(b2.date_start) || a.id - b2.id);
  }
  const first = prev.length * PAGE + 1;
  clear(out, r.items.length ? `Incidents ${fmt.int(first)}–${fmt.int(first + r.items.length - 1)}${r.next ? '' : ` of ${fmt.int(first + r.items.length - 1)}`} matching, ${periodText(period)}.`
    : 'No incident matches these filters in this period.');
  if (!r.items.length) return;
  const here = (extra) => '/incidents' + qs(params({ sort: sort === 'date' ? '' : sort, ...extra }));
  // A heading's link: the other direction when the column is the order,
  // else its usual first direction; a new order starts at the first page.
  const sortHead = (label, key, first) => {
    const on = sort === key || sort === '-' + key;
    const next = on ? (sort === key ? '-' + key : key) : first;
    const dir = (s2) => (s2.startsWith('-') ? 'descending' : 'ascending');
    return [h('a', { href: '/incidents' + qs({ ...filters, from: period.from, to: period.to, sort: next === 'date' ? '' : next }), class: 'sort',
      'aria-label': `${label}: sort ${SORTS[next]}` }, label, h('span', { 'aria-hidden': 'true' }, on ? (sort.startsWith('-') ? ' ▼' : ' ▲') : ' ↕')),
    on ? dir(sort) : null];
  };
  const nav = h('nav', { class: 'pager', 'aria-label': 'Pages' },
    prev.length ? h('a', { href: here({ cursor: prev[prev.length - 1] === '-' ? '' : prev[prev.length - 1], prev: prev.slice(0, -1).join(',') }), rel: 'prev' }, '← Previous page') : null, ' ',
    r.next ? h('a', { href: here({ cursor: r.next, prev: [...prev, cursor || '-'].join(',') }), rel: 'next' }, 'Next page →') : null);
  const heads = [sortHead('Date', 'date', '-date'), 'Place', 'Type', 'Sides', sortHead('Deaths', 'deaths', '-deaths'),
    sortHead('Verdict', 'p', '-p'), 'Severity', 'Zones', 'Precision', 'Source id'];
  const tbl = table(`Incidents ${first} to ${first + r.items.length - 1}, ${SORTS[sort]}`, heads.map((x) => (Array.isArray(x) ? x[0] : x)),
    r.items.map((i) => [
      i.date_start,
      h('a', { href: `/incidents/${i.id}` }, h('bdi', {}, i.place || i.admin2 || i.admin1 || `#${i.id}`)),
      i.sub_event_type || i.event_type,
      `${i.side_a || '?'} vs ${i.side_b || '?'}`,
      fmt.int(i.deaths_best),
      i.verdict ? verdictChip(i.verdict, i.p_violation) : h('span', { class: 'muted' }, 'not judged'),
      i.severity || '—',
      (i.zones || []).map((z) => `${z.zone} (${z.placement})`).join(', ') || '—',
      String(i.loc_prec || '—'),
      `${i.source}:${i.source_key}`,
    ]));
  tbl.querySelectorAll('thead th').forEach((th, k) => { if (Array.isArray(heads[k]) && heads[k][1]) th.setAttribute('aria-sort', heads[k][1]); });
  clear(listEl, tbl, nav);
}

// incidentByKeyPage resolves a SOURCE:KEY evidence id (ucdp:243845) to the
// stored incident and shows it under its own address.
export async function incidentByKeyPage(main, { params, signal }) {
  const [source, key] = [decodeURIComponent(params[0]), decodeURIComponent(params[1])];
  const r = await get('/api/v1/incidents' + qs({ source, source_key: key, limit: 1 }), { signal });
  if (!r.items.length) {
    clear(main, h('h1', {}, 'No such incident'), h('p', {}, `No stored incident is ${source}:${key}. `, h('a', { href: '/incidents' }, 'Search the incidents')));
    return;
  }
  return navigate(`/incidents/${r.items[0].id}`, true);
}

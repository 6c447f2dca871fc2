import { request, send, get, isoDay } from '../api.js';
import { attachPlaceSearch } from '../placesearch.js';
import { h, clear, fmt, verdictChip, errorBox, table } from '../dom.js';
import { newMap, L } from '../map.js';
import { SUB_EVENT_TYPES, PRECISIONS } from '../taxonomy.js';
import { app } from '../main.js';

const MAX_EVIDENCE = 20 << 20;

// validate mirrors the server's rules for POST /api/v1/reports; it returns
// {field: message} for what is wrong.
export function validate(r) {
  const e = {};
  const today = isoDay(new Date());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(r.date || '') || Number.isNaN(Date.parse(r.date))) e.date = 'want a date as YYYY-MM-DD';
  else if (r.date > today) e.date = 'must not be in the future';
  if (r.time && !/^([01]\d|2[0-3]):[0-5]\d$/.test(r.time)) e.time = 'want a time as HH:MM';
  if (!Number.isFinite(r.lat) || r.lat < -90 || r.lat > 90) e.lat = 'must be between -90 and 90';
  if (!Number.isFinite(r.lon) || r.lon < -180 || r.lon > 180) e.lon = 'must be between -180 and 180';
  if (!Number.isInteger(r.location_precision) || r.location_precision < 1 || r.location_precision > 7) e.location_precision = 'must be 1 to 7';
  if (!r.place) e.place = 'name the place';
  if (!SUB_EVENT_TYPES[r.event_type]) e.event_type = 'choose an event type';
  else if (r.sub_event_type && !SUB_EVENT_TYPES[r.event_type].includes(r.sub_event_type)) e.sub_event_type = `not a sub-type of ${r.event_type}`;
  if (!r.actor1) e.actor1 = 'name who acted';
  if (!Number.isInteger(r.fatalities) || r.fatalities < 0) e.fatalities = 'must be a whole number, 0 or more';
  if (!Number.isInteger(r.civilian_deaths) || r.civilian_deaths < 0) e.civilian_deaths = 'must be a whole number, 0 or more';
  else if (Number.isInteger(r.fatalities) && r.civilian_deaths > r.fatalities) e.civilian_deaths = 'cannot exceed fatalities';
  if (!r.description) e.description = 'describe what happened';
  return e;
}

export async function submitPage(main, { signal }) {
  let key = crypto.randomUUID(); // one per submission, reused on retry
  const fields = {};
  const field = (name, label, input, hint) => {
    input.id = 's-' + name;
    input.name = name;
    const err = h('span', { class: 'field-error', id: `s-${name}-err`, 'aria-live': 'polite' });
    input.setAttribute('aria-describedby', `s-${name}-err${hint ? ` s-${name}-hint` : ''}`);
    fields[name] = { input, err };
    return h('div', { class: 'field' }, h('label', { for: input.id }, label), input, hint ? h('span', { class: 'hint', id: `s-${name}-hint` }, hint) : null, err);
  };
  const num = (attrs) => h('input', { type: 'number', inputmode: 'decimal', ...attrs });
  const type = h('select', { required: true }, h('option', { value: '' }, 'Choose…'), Object.keys(SUB_EVENT_TYPES).map((t) => h('option', { value: t }, t)));
  const sub = h('select', {}, h('option', { value: '' }, '—'));
  type.addEventListener('change', () => clear(sub, h('option', { value: '' }, '—'), (SUB_EVENT_TYPES[type.value] || []).map((s) => h('option', { value: s }, s))));
  const lat = num({ step: 'any', min: -90, max: 90, required: true });
  const placeIn = h('input', { required: true, autocomplete: 'off' });
  const lon = num({ step: 'any', min: -180, max: 180, required: true });
  const files = h('input', { type: 'file', multiple: true, accept: 'image/*,video/*,audio/*,application/pdf,text/plain' });
  const mapEl = h('div', { class: 'map pick-map', role: 'application', 'aria-label': 'Map: click to set the location' });
  const out = h('div', { role: 'status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit' }, 'Submit report');
  const form = h('form', { class: 'stack submit-form', novalidate: true, onsubmit: onSubmit },
    h('fieldset', {}, h('legend', {}, 'When'),
      h('div', { class: 'row' }, field('date', 'Date', h('input', { type: 'text', inputmode: 'numeric', pattern: '\\d{4}-\\d{2}-\\d{2}', placeholder: 'YYYY-MM-DD', autocomplete: 'off', required: true }), 'YYYY-MM-DD'),
        field('time', 'Time (optional)', h('input', { type: 'time' })))),
    h('fieldset', {}, h('legend', {}, 'Where'),
      mapEl,
      h('div', { class: 'row' }, field('lat', 'Latitude', lat), field('lon', 'Longitude', lon)),
      h('div', { class: 'row' }, field('location_precision', 'Location precision', h('select', {}, PRECISIONS.map(([v, l]) => h('option', { value: v }, `${v} — ${l}`)))),
        field('place', 'Place', placeIn, app.can('read') ? 'Type to search the gazetteer and the loaded districts; choosing one fills the coordinates.' : null))),
    h('fieldset', {}, h('legend', {}, 'What'),
      h('div', { class: 'row' }, field('event_type', 'Event type', type), field('sub_event_type', 'Sub-type', sub)),
      h('div', { class: 'row' }, field('actor1', 'Actor 1 (who acted)', h('input', { required: true })), field('actor2', 'Actor 2 (optional)', h('input', {}))),
      h('div', { class: 'row' }, field('fatalities', 'Fatalities', num({ min: 0, step: 1, value: '0', inputmode: 'numeric' })),
        field('civilian_deaths', 'Civilian deaths', num({ min: 0, step: 1, value: '0', inputmode: 'numeric' }))),
      field('description', 'Description', h('textarea', { rows: 4, required: true }))),
    h('fieldset', {}, h('legend', {}, 'Evidence'),
      field('evidence', 'Files (optional, 20 MiB each at most)', files, 'Photos, video, audio, PDF or text; uploaded when you submit.')),
    submit, out);

  const mine = h('section', { 'aria-labelledby': 'h-mine' }, h('h2', { id: 'h-mine' }, app.can('read') ? 'Submitted reports' : 'Your reports'));
  clear(main, h('h1', {}, 'Submit a report'),
    h('p', { class: 'muted' }, `Signed in as ${app.me.name || 'anonymous'} (${app.me.role}). Fields are checked here and again by the server.`),
    form, mine);

  const map = newMap(mapEl);
  map.setView([35, 38], 6);
  let marker = null;
  get('/api/v1/zones', { signal }).then((z) => {
    const l = L.geoJSON(z, { style: { color: '#1d3557', weight: 1, fillOpacity: 0.08 }, interactive: false }).addTo(map);
    if (z.features.length) map.fitBounds(l.getBounds());
  }).catch(() => {});
  const setPoint = (la, lo) => {
    if (marker) marker.setLatLng([la, lo]); else marker = L.circleMarker([la, lo], { radius: 7, color: '#c1121f', fillOpacity: 0.7 }).addTo(map);
  };
  map.on('click', (e) => {
    lat.value = e.latlng.lat.toFixed(5);
    lon.value = e.latlng.lng.toFixed(5);
    setPoint(e.latlng.lat, e.latlng.lng);
  });
  const sync = () => { const a = parseFloat(lat.value), b = parseFloat(lon.value); if (Number.isFinite(a) && Number.isFinite(b)) setPoint(a, b); };
  // Choosing a place fills its coordinates (the gazetteer's point, or a
  // district's centroid) and moves the map there.
  // The search needs the read permission (places.geojson); a monitor
  // without it types the place and clicks the map, as before.
  if (app.can('read')) attachPlaceSearch(placeIn, (f) => {
    const [lo, la] = f.geometry.coordinates;
    lat.value = la.toFixed(5); lon.value = lo.toFixed(5);
    setPoint(la, lo);
    map.setView([la, lo], f.bbox ? 9 : 11);
  });
  lat.addEventListener('change', sync);
  lon.addEventListener('change', sync);
  loadMine(mine, signal);

  function showErrors(errs) {
    for (const [k, { input, err }] of Object.entries(fields)) {
      err.textContent = errs[k] || '';
      if (errs[k]) input.setAttribute('aria-invalid', 'true'); else input.removeAttribute('aria-invalid');
    }
    const first = Object.keys(fields).find((k) => errs[k]);
    if (first) fields[first].input.focus();
  }

  async function onSubmit(e) {
    e.preventDefault();
    const v = (k) => fields[k].input.value.trim();
    const int = (k) => (v(k) === '' ? NaN : Number(v(k)));
    const body = {
      date: v('date'), lat: v('lat') === '' ? NaN : Number(v('lat')), lon: v('lon') === '' ? NaN : Number(v('lon')),
      location_precision: Number(v('location_precision')), place: v('place'), event_type: v('event_type'),
      actor1: v('actor1'), fatalities: int('fatalities'), civilian_deaths: int('civilian_deaths'), description: v('description'), evidence: [],
    };
    if (v('time')) body.time = v('time');
    if (v('sub_event_type')) body.sub_event_type = v('sub_event_type');
    if (v('actor2')) body.actor2 = v('actor2');
    const errs = validate(body);
    for (const f of files.files) if (f.size > MAX_EVIDENCE) errs.evidence = `${f.name} is larger than 20 MiB`;
    showErrors(errs);
    if (Object.keys(errs).length) { clear(out, h('p', { class: 'error' }, 'Please correct the marked fields.')); return; }
    submit.disabled = true;
    try {
      for (const f of files.files) {
        clear(out, `Uploading ${f.name}…`);
        const res = await request('/api/v1/evidence', { method: 'POST', body: f, headers: { 'Content-Type': f.type || 'application/octet-stream', 'X-Filename': f.name } });
        body.evidence.push((await res.json()).sha256);
      }
      clear(out, 'Submitting…');
      const r = await send('POST', '/api/v1/reports', body, { headers: { 'Idempotency-Key': key } });
      const j = r.body.judgement || {};
      clear(out, h('div', { class: 'card ok' },
        h('h2', {}, r.body.replayed || r.headers.get('Idempotent-Replayed') ? 'Already submitted' : 'Report stored'),
        h('p', {}, `Report ${r.body.report_id}, log entry ${r.body.log_index}. `,
          r.body.incident_id ? h('a', { href: `/incidents/${r.body.incident_id}` }, `Incident ${r.body.incident_id}`) : null),
        h('p', {}, 'Verdict: ', verdictChip(j.verdict, j.p_violation), j.severity ? ` ${j.severity}` : '', j.zone_id ? ` in zone ${j.zone_id}` : ''),
        (r.body.zones || []).length ? h('ul', {}, r.body.zones.map((z) => h('li', {}, `${z.zone_id}: ${z.placement} — ${z.reason}`))) : h('p', { class: 'muted' }, 'Outside every zone.')));
      key = crypto.randomUUID();
      form.reset();
      loadMine(mine, signal);
    } catch (err) {
      if (err.fields && Object.keys(err.fields).length) showErrors(err.fields);
      clear(out, errorBox(err), err.status >= 500 || !err.status ? h('p', { class: 'small' }, 'Submitting again is safe: the server stores the report once.') : null);
    } finally {
      submit.disabled = false;
    }
  }
}

async function loadMine(el, signal) {
  try {
    const r = await get('/api/v1/reports', { signal });
    clear(el, el.firstChild, (r.reports || []).length
      ? table(null, ['Received', 'Date', 'Place', 'Type', 'Incident'], r.reports.map((x) => [x.received_at, x.date, x.place, x.event_type,
        x.incident_id ? h('a', { href: `/incidents/${x.incident_id}` }, String(x.incident_id)) : '—']))
      : h('p', { class: 'muted' }, 'None yet.'));
  } catch (e) {
    clear(el, el.firstChild, e.status === 404 ? h('p', { class: 'muted' }, 'This server does not list reports yet.') : errorBox(e));
  }
  return fmt;
}

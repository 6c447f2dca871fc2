import { get, qs, latestDay, addDays } from '../api.js';
import { attachPlaceSearch, placeNames } from '../placesearch.js';
import { h, clear, fmt, gradedStatus, errorBox } from '../dom.js';
import { navigate } from '../main.js';
import { zones as zonesOf, agreementStart, periodOf, periodFields, withPeriod, daysIn, validDay } from '../period.js';

const VERDICTS = ['violation', 'probable_violation', 'possible_violation', 'probably_not', 'not_violation', 'undetermined'];
// At most this many incidents are sent as points (http.MapPointLimit).
const MAP_POINTS = 3000;
const SHOWN = ['violation', 'probable_violation', 'possible_violation', 'undetermined'];

// The period a visit opens on: the data's last 30 days.
const lastMonth = (latest) => ({ from: addDays(latest, -29), to: latest });

// early holds the map page's first requests when warmOverview started them
// (before the app knew who is signed in); the page takes them once.
let early = null;

// statusOf asks for the status on the end of the period query opens,
// resolving to {date, answer}: at once when the address names the end,
// else once latest (the data's last day) is known.
function statusOf(query, latest, signal) {
  const named = validDay(query.get('to')) ? Promise.resolve(periodOf(query, { from: '', to: '' }).to) : null;
  return (named || latest.then((day) => periodOf(query, lastMonth(day)).to))
    .then((date) => get('/api/v1/status' + qs({ date }), { signal }).then((answer) => ({ date, answer })));
}

// warmOverview asks for what the map page paints first (the data's last
// day, the status on the period's end, and the zones) for a page about to
// open with query. A visitor who may not read gets errors here that
// nothing awaits; the page shows the sign-in form instead.
export function warmOverview(query) {
  const latest = latestDay();
  const status = statusOf(query, latest);
  latest.catch(() => {});
  status.catch(() => {});
  zonesOf().catch(() => {});
  early = { latest, status };
}

export async function overviewPage(main, { query, signal }) {
  const pre = early;
  early = null;
  const zonesP = zonesOf(signal);
  const latestP = pre ? pre.latest.catch(() => latestDay()) : latestDay();
  // The status is asked for as soon as its day is known, while the page is
  // built: with the zones, it is the first paint.
  const statusEarly = pre ? pre.status : statusOf(query, latestP, signal);
  statusEarly.catch(() => {});
  const latest = await latestP;
  const period = periodOf(query, lastMonth(latest));
  const { from, to } = period;
  const fresh = () => get('/api/v1/status' + qs({ date: to }), { signal });
  const statusP = statusEarly.then((s) => (s.date === to ? s.answer : fresh()), fresh)
    .catch((e) => ({ error: e, zones: [] }));
  const shown = new Set((query.get('verdicts') || SHOWN.join(',')).split(',').filter(Boolean));
  const since = agreementStart(await zonesP);

  const checks = VERDICTS.map((v) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'verdict', value: v, checked: shown.has(v) }),
    h('span', { class: 'dot', 'data-verdict': v }), fmt.label(v)));
  const verdictsOf = () => checks.map((c) => c.querySelector('input')).filter((i) => i.checked).map((i) => i.value).join(',');
  // A new period or verdicts keep the map's view, and start the slider over.
  const apply = (p) => navigate('/' + qs({ from: p.from, to: p.to, verdicts: verdictsOf(), map: new URLSearchParams(location.search).get('map') }));
  const per = periodFields(period, { latest, since, apply, idPrefix: 'f' });
  const formErr = h('div', { role: 'alert' });
  const form = h('form', { class: 'filters', 'aria-label': 'Incident filters', onsubmit: (e) => {
    e.preventDefault();
    clear(formErr);
    try { apply(per.read()); } catch (x) { formErr.append(errorBox(x)); }
  } },
  per.el,
  h('fieldset', { class: 'verdicts' }, h('legend', {}, 'Verdicts'), checks),
  h('button', { type: 'submit' }, 'Show'), formErr);

  const count = h('p', { class: 'count', role: 'status', 'aria-live': 'polite' }, 'Loading incidents…');
  const play = playback(period, +(query.get('step') || 0), (r, k) => {
    // The slider's position is kept in the address, like the period, so a
    // link or a reload opens the same week.
    const u = new URL(location.href);
    if (k) u.searchParams.set('step', String(k)); else u.searchParams.delete('step');
    history.replaceState(null, '', u.pathname + u.search);
    return draw((range = r)).then((a) => a && a.total);
  });
  const zoneList = h('ul', { class: 'zonelist' });
  // The map's box has its final size before Leaflet fills it, so nothing
  // moves when it does.
  const mapEl = h('div', { class: 'map', id: 'map', role: 'region', 'aria-label': 'Map of zones and incidents' },
    h('p', { class: 'muted map-loading' }, 'Loading the map…'));
  const findIn = h('input', { id: 'o-place', type: 'text', placeholder: 'a town or district, English or Arabic', 'aria-describedby': 'o-place-hint' });
  const find = h('div', { class: 'field find-place' }, h('label', { for: 'o-place' }, 'Find a place'), findIn,
    h('span', { class: 'hint', id: 'o-place-hint' }, 'The map moves to the place chosen.'));
  clear(main,
    h('div', { class: 'overview' },
      h('aside', { class: 'panel' },
        h('h1', {}, 'Zones and incidents'),
        form, find, count, play.el,
        h('h2', {}, `Zone status on ${to}`), zoneList),
      mapEl));

  // Zones and their status first, as text: the meaningful paint, which
  // then waits neither for Leaflet to run nor for the map's layout.
  const [zones, status] = await Promise.all([
    zonesP,
    statusP,
  ]);
  const st = new Map((status.zones || []).map((z) => [z.zone, z]));
  if (status.error) zoneList.append(h('li', {}, errorBox(status.error)));
  for (const f of zones.features) {
    const s = st.get(f.id);
    zoneList.append(h('li', {},
      h('a', { href: withPeriod(`/zones/${encodeURIComponent(f.id)}`, period) }, f.properties.name || f.id), ' ',
      gradedStatus(s),
      f.properties.buffer_km ? h('span', { class: 'muted small' }, ` · buffer ${f.properties.buffer_km} km`) : null,
      f.properties.approximate ? h('span', { class: 'muted small' }, ' · approximate boundary') : null));
  }
  // Leaflet (the bulk of the map's script) was fetched with the page
  // (index.html preloads it) but runs only now: run sooner, it would hold
  // up that paint.
  await painted();
  const { newMap, zonesLayer, IncidentLayer, STATUS_COLOURS, L, baseLayers, baseLegend } = await import('../map.js');
  if (signal.aborted) return;

  clear(mapEl);
  const map = newMap(mapEl);
  map.setView([35, 38], 6);
  let found = null;
  attachPlaceSearch(findIn, (f) => {
    const [lon, lat] = f.geometry.coordinates;
    if (f.bbox) map.fitBounds([[f.bbox[1], f.bbox[0]], [f.bbox[3], f.bbox[2]]]); else map.setView([lat, lon], f.properties.kind === 'governorate' ? 8 : 11);
    const label = h('span', {}, placeNames(f.properties));
    // One marker, moved to each place found.
    if (found) { found.setLatLng([lat, lon]); found.setTooltipContent(label); return; }
    found = L.circleMarker([lat, lon], { radius: 9, color: '#0b62d6', weight: 3, fill: false, interactive: false, className: 'found-place' }).addTo(map);
    found.bindTooltip(label, { permanent: true, direction: 'top', className: 'place-label found' });
  });
  // The legend sits on the map, so it is in view with what it explains.
  const baseItems = h('li', { class: 'muted small' }, 'Loading borders and towns…');
  const legendCtl = L.control({ position: 'topright' });
  legendCtl.onAdd = () => {
    const el = legend(baseItems, STATUS_COLOURS);
    L.DomEvent.disableClickPropagation(el);
    L.DomEvent.disableScrollPropagation(el);
    return el;
  };
  legendCtl.addTo(map);
  const popup = L.popup({ maxWidth: 280 });
  const points = new IncidentLayer((p, others) => {
    popup.setLatLng([p[2], p[1]]).setContent(incidentPopup(p, others, signal)).openOn(map);
  }).addTo(map);

  // Security buffers: each zone's outline stroked as wide as twice its
  // buffer, under the zone, so the band's outer half is the buffer. Leaflet
  // strokes in pixels, so the width follows the zoom.
  const buffers = L.geoJSON({ type: 'FeatureCollection', features: zones.features.filter((f) => f.properties.buffer_km > 0) }, {
    style: (f) => ({ color: STATUS_COLOURS[(st.get(f.id) || {}).status] || '#666', opacity: 0.22, fill: false, lineJoin: 'round', interactive: false }),
  }).addTo(map);
  const sizeBuffers = () => {
    const lat = map.getCenter().lat, z = map.getZoom();
    const metresPerPixel = 40075016.686 * Math.cos(lat * Math.PI / 180) / (256 * 2 ** z);
    buffers.eachLayer((l) => l.setStyle({ weight: Math.max(1, 2 * l.feature.properties.buffer_km * 1000 / metresPerPixel) }));
  };
  map.on('zoomend', sizeBuffers);
  const layer = zonesLayer(zones, (id) => st.get(id)).addTo(map);
  layer.eachLayer((l) => {
    const f = l.feature, s = st.get(f.id);
    const range = s && s.best && s.best !== s.worst ? `; ${fmt.label(s.best)} to ${fmt.label(s.worst)} at the ends` : '';
    l.bindTooltip(`${f.properties.name}: ${s ? `${fmt.label(s.status)}${s.probability ? ` (${Math.round(s.probability * 100)} %)` : ''}${range}` : 'no status'}`, { sticky: true });
    // A click on the zone opens its page for this period, unless it is on
    // an incident point (that opens the point's popup).
    l.on('click', (e) => {
      if (points.hit(e.containerPoint)) return;
      navigate(withPeriod(`/zones/${encodeURIComponent(f.id)}`, period));
    });
  });
  // Observation posts (filled) and checkpoints (hollow), as the agreement places them.
  for (const f of zones.features) {
    for (const [kind, list, fill] of [['Observation post', f.properties.observation_posts, '#1d3557'], ['Checkpoint', f.properties.checkpoints, '#ffffff']]) {
      for (const s of list || []) {
        L.circleMarker([s.lat, s.lon], { radius: 5, color: '#1d3557', weight: 2, fillColor: fill, fillOpacity: 1, className: 'site-marker' })
          .bindTooltip(`${kind}: ${s.name} (${f.properties.name})`).addTo(map);
      }
    }
  }
  if (zones.features.length) map.fitBounds(layer.getBounds(), { padding: [20, 20], animate: false });
  // The view is kept in the address as ?map=ZOOM/LAT/LON, so a link shows
  // the same place; without it, the map fits the zones.
  const at = (query.get('map') || '').split('/').map(Number);
  if (at.length === 3 && at.every(Number.isFinite) && at[0] >= 0 && at[0] <= 18 && Math.abs(at[1]) <= 90 && Math.abs(at[2]) <= 180) {
    map.setView([at[1], at[2]], at[0], { animate: false });
  }
  map.on('moveend', () => {
    const u = new URL(location.href), c = map.getCenter();
    u.searchParams.set('map', `${+map.getZoom().toFixed(2)}/${c.lat.toFixed(4)}/${c.lng.toFixed(4)}`);
    history.replaceState(null, '', u.pathname + u.search);
  });
  sizeBuffers();

  // The base layer (borders and towns) comes once the zones are painted on
  // the map too (after the next frame): drawing a few hundred labelled
  // towns would hold up that paint. Its legend lines replace the placeholder when it
  // is drawn.
  const baseP = painted().then(() => baseLayers(map, get, signal)).then((drawn) => baseItems.replaceWith(...baseLegend(drawn)))
    .catch((e) => { if (e.name !== 'AbortError') clear(baseItems, `Borders and towns not drawn: ${e.message}`); });

  // Then the incidents. The server answers with points while a view holds
  // at most a few thousand, else with grid cells it counted, so a period of
  // a million incidents costs one small answer, not a million points.
  const verdict = VERDICTS.filter((v) => shown.has(v)).join(',');
  let range = period, seq = 0, whole = { key: '', answer: null }, moved = 0;
  // draw asks for what r holds and draws it: over the whole map, cells
  // sized for the zoom (at most zoom 7's: the country in a few dozen
  // cells); closer in, when r holds more than points can show, the cells
  // (then points) of the view's own box. It resolves to the whole map's
  // answer, whose totals the counts show, or null when a newer draw began.
  async function draw(r) {
    const mine = ++seq, z = Math.floor(map.getZoom()), key = `${r.from}/${r.to}/${Math.min(z, 7)}`;
    if (whole.key !== key) {
      const answer = await get('/api/v1/map' + qs({ from: r.from, to: r.to, verdict, zoom: Math.min(z, 7) }), { signal });
      if (mine !== seq) return null;
      whole = { key, answer };
    }
    let a = whole.answer;
    if (a.kind === 'cells' && z > 7) {
      const b = map.getBounds().pad(0.5);
      const bbox = [Math.max(-180, b.getWest()), Math.max(-90, b.getSouth()), Math.min(180, b.getEast()), Math.min(90, b.getNorth())].map((x) => x.toFixed(4)).join(',');
      a = await get('/api/v1/map' + qs({ from: r.from, to: r.to, verdict, zoom: z, bbox }), { signal });
      if (mine !== seq) return null;
    }
    points.setAnswer(a);
    return whole.answer;
  }
  map.on('moveend', () => {
    clearTimeout(moved);
    moved = setTimeout(() => draw(range).catch((e) => { if (e.name !== 'AbortError') count.append(' ', errorBox(e)); }), 150);
  });
  const all = await draw(period);
  if (!all) return;
  const t = all.total, counts = t.verdicts || {};
  count.textContent = `${fmt.int(t.incidents)} incident${t.incidents === 1 ? '' : 's'} (${VERDICTS.filter((v) => shown.has(v)).map((v) => `${fmt.int(counts[v] || 0)} ${fmt.label(v)}`).join(', ')}), ${fmt.int(t.deaths)} death${t.deaths === 1 ? '' : 's'}, ${from} to ${to}`;
  await play.ready(t.incidents);
  await baseP;
}

// painted resolves once the browser has painted what the page holds now:
// a frame's callback runs before that frame is painted, a task queued from
// it after.
const painted = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

// playback is the map's time slider: a range over the period's weeks (days
// when the period is a month or less), 0 showing the whole period; Play
// steps through them. onStep({from, to}, k) draws step k's days and
// resolves to their totals (null when a newer step took its place); start
// is the step to show first (from the address).
function playback(period, start, onStep) {
  const n = daysIn(period), step = n <= 31 ? 1 : 7, steps = Math.ceil(n / step), unit = step === 1 ? 'day' : 'week';
  const range = h('input', { type: 'range', id: 'f-play', min: 0, max: steps, step: 1, value: 0, disabled: true,
    'aria-describedby': 'f-play-out' });
  const out = h('output', { id: 'f-play-out', for: 'f-play', 'aria-live': 'polite' }, 'The whole period');
  const btn = h('button', { type: 'button', disabled: true }, 'Play');
  let timer = 0, whole = 0;
  const show = async () => {
    const k = +range.value;
    if (!k) {
      await onStep(period, 0);
      out.textContent = `The whole period: ${fmt.int(whole)} incidents`;
      return;
    }
    const from = addDays(period.from, (k - 1) * step), last = addDays(from, step - 1), to = last < period.to ? last : period.to;
    out.textContent = `${unit === 'day' ? 'Day' : 'Week'} ${k} of ${steps}: ${from === to ? from : `${from} to ${to}`}, loading…`;
    const t = await onStep({ from, to }, k);
    if (!t || +range.value !== k) return;
    out.textContent = `${unit === 'day' ? 'Day' : 'Week'} ${k} of ${steps}: ${from === to ? from : `${from} to ${to}`}, ${fmt.int(t.incidents)} incident${t.incidents === 1 ? '' : 's'}`;
  };
  const fail = (e) => { if (e.name !== 'AbortError') out.textContent = `Not shown: ${e.message}`; };
  const stop = () => { clearInterval(timer); timer = 0; btn.textContent = 'Play'; };
  range.addEventListener('input', () => { stop(); show().catch(fail); });
  btn.addEventListener('click', () => {
    if (timer) { stop(); return; }
    btn.textContent = 'Pause';
    if (+range.value >= steps) range.value = 0;
    const tick = () => {
      if (+range.value >= steps) { stop(); return; }
      range.value = +range.value + 1;
      show().catch(fail);
    };
    tick();
    timer = setInterval(tick, 900);
  });
  const el = h('fieldset', { class: 'playback' }, h('legend', {}, 'Time slider'),
    h('label', { for: 'f-play' }, `Show one ${unit} at a time (0: the whole period)`), range, btn, out);
  // ready enables the slider once the period is drawn (total: its
  // incidents) and moves it to the step the address names.
  const ready = async (total) => {
    whole = total;
    range.disabled = false; btn.disabled = false;
    range.value = String(Math.max(0, Math.min(steps, Math.floor(start) || 0)));
    if (+range.value) await show().catch(fail);
    else out.textContent = `The whole period: ${fmt.int(whole)} incidents`;
  };
  return { el, ready };
}

// incidentPopup shows what the map knows of a point at once, and the
// place, type and sides once the incident is fetched; others counts the
// incidents drawn with it, at the same point.
function incidentPopup(p, others, signal) {
  const [id, , , day, verdict, severity, deaths] = p;
  const detail = h('span', { class: 'muted' }, 'Loading…');
  const el = h('div', { class: 'popup' },
    h('strong', {}, day), h('br'),
    `${fmt.label(verdict || 'not judged')}${severity ? ' (' + severity + ')' : ''}; ${fmt.int(deaths)} death${deaths === 1 ? '' : 's'}`, h('br'),
    detail, h('br'),
    h('a', { href: `/incidents/${id}` }, 'Details and rule trace'),
    others ? h('p', { class: 'muted small' }, `The gravest of ${fmt.int(others + 1)} incidents at this point in the period.`) : null);
  get(`/api/v1/incidents/${id}`, { signal }).then((r) => {
    const i = r.incident, j = (r.judgements || [])[0];
    clear(detail, `${i.place || i.admin2 || i.admin1 || ''}: ${i.sub_event_type || i.event_type}; ${i.side_a || '?'} vs ${i.side_b || '?'}${j && j.p_violation ? `; P ${fmt.num(j.p_violation.mid, 2)}` : ''}`);
    detail.classList.remove('muted');
  }).catch((e) => { if (e.name !== 'AbortError') clear(detail, `Details not loaded: ${e.message}`); });
  return el;
}

function legend(baseItems, STATUS_COLOURS) {
  return h('details', { class: 'legend map-legend', open: window.innerWidth > 760 },
    h('summary', {}, 'Legend'),
    h('ul', {}, baseItems,
      Object.entries(STATUS_COLOURS).map(([k]) => h('li', {}, h('span', { class: 'swatch', 'data-status': k }), 'zone ', fmt.label(k))),
      h('li', {}, h('span', { class: 'swatch outer' }), 'dashed outline: the worst status the uncertain inputs allow'),
      h('li', {}, h('span', { class: 'swatch buffer' }), 'pale band around a zone: its security buffer'),
      h('li', {}, h('span', { class: 'site post' }), 'observation post'),
      h('li', {}, h('span', { class: 'site checkpoint' }), 'checkpoint'),
      VERDICTS.map((v) => h('li', {}, h('span', { class: 'dot', 'data-verdict': v }), fmt.label(v))),
      h('li', { class: 'muted small' }, 'Point size: severity (grave > serious > minor), at the reported coordinates; see an incident for its precision. Incidents at one point are drawn as one, grown by their number and labelled with it. ',
        `With more than ${fmt.int(MAP_POINTS)} in view, the server counts them on a grid: a circle per cell, sized by its number of incidents, shared between their verdicts' colours; click it to zoom in.`)));
}

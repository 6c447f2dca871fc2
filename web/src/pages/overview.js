import { get, pages, qs, latestDay, addDays } from '../api.js';
import { attachPlaceSearch } from '../placesearch.js';
import { h, clear, fmt, gradedStatus, errorBox } from '../dom.js';
import { newMap, zonesLayer, PointsLayer, VERDICT_COLOURS, SEVERITY_RADIUS, STATUS_COLOURS, AGGREGATE_ABOVE, L, baseLayers, baseLegend } from '../map.js';
import { navigate } from '../main.js';
import { zones as zonesOf, agreementStart, periodOf, periodFields, withPeriod, daysIn } from '../period.js';

const VERDICTS = ['violation', 'probable_violation', 'possible_violation', 'probably_not', 'not_violation', 'undetermined'];
const SHOWN = ['violation', 'probable_violation', 'possible_violation', 'undetermined'];

export async function overviewPage(main, { query, signal }) {
  const zonesP = zonesOf(signal);
  const latest = await latestDay();
  const period = periodOf(query, { from: addDays(latest, -29), to: latest });
  const { from, to } = period;
  const shown = new Set((query.get('verdicts') || SHOWN.join(',')).split(',').filter(Boolean));
  const since = agreementStart(await zonesP);

  const checks = VERDICTS.map((v) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name: 'verdict', value: v, checked: shown.has(v) }),
    h('span', { class: 'dot', 'data-verdict': v }), fmt.label(v)));
  const verdictsOf = () => checks.map((c) => c.querySelector('input')).filter((i) => i.checked).map((i) => i.value).join(',');
  const apply = (p) => navigate('/' + qs({ from: p.from, to: p.to, verdicts: verdictsOf() }));
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
  const play = playback(period, (keep) => points.setFilter(keep));
  const zoneList = h('ul', { class: 'zonelist' });
  const mapEl = h('div', { class: 'map', id: 'map', role: 'region', 'aria-label': 'Map of zones and incidents' });
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

  const map = newMap(mapEl);
  map.setView([35, 38], 6);
  let found = null;
  attachPlaceSearch(findIn, (f) => {
    const [lon, lat] = f.geometry.coordinates;
    if (f.bbox) map.fitBounds([[f.bbox[1], f.bbox[0]], [f.bbox[3], f.bbox[2]]]); else map.setView([lat, lon], f.properties.kind === 'governorate' ? 8 : 11);
    const label = f.properties.name + (f.properties.name_ar ? ' · ' + f.properties.name_ar : '');
    // One marker, moved to each place found.
    if (found) { found.setLatLng([lat, lon]); found.setTooltipContent(label); return; }
    found = L.circleMarker([lat, lon], { radius: 9, color: '#0b62d6', weight: 3, fill: false, interactive: false, className: 'found-place' }).addTo(map);
    found.bindTooltip(label, { permanent: true, direction: 'top', className: 'place-label found' });
  });
  // The legend sits on the map, so it is in view with what it explains.
  const baseItems = h('li', { class: 'muted small' }, 'Loading borders and towns…');
  const legendCtl = L.control({ position: 'topright' });
  legendCtl.onAdd = () => {
    const el = legend(baseItems);
    L.DomEvent.disableClickPropagation(el);
    L.DomEvent.disableScrollPropagation(el);
    return el;
  };
  legendCtl.addTo(map);
  // The base layer (borders and towns) loads beside the zones; its legend
  // lines replace the placeholder when it is drawn.
  const baseP = baseLayers(map, get, signal).then((drawn) => baseItems.replaceWith(...baseLegend(h, drawn)))
    .catch((e) => { if (e.name !== 'AbortError') clear(baseItems, `Borders and towns not drawn: ${e.message}`); });
  const popup = L.popup({ maxWidth: 280 });
  const points = new PointsLayer((p) => {
    const [lon, lat, , , inc] = p;
    popup.setLatLng([lat, lon]).setContent(incidentPopup(inc)).openOn(map);
  }).addTo(map);

  // Zones and their status first: the meaningful paint.
  const [zones, status] = await Promise.all([
    zonesP,
    get('/api/v1/status' + qs({ date: to }), { signal }).catch((e) => ({ error: e, zones: [] })),
  ]);
  const st = new Map((status.zones || []).map((z) => [z.zone, z]));
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
  sizeBuffers();
  if (status.error) zoneList.append(h('li', {}, errorBox(status.error)));
  for (const f of zones.features) {
    const s = st.get(f.id);
    zoneList.append(h('li', {},
      h('a', { href: withPeriod(`/zones/${encodeURIComponent(f.id)}`, period) }, f.properties.name || f.id), ' ',
      gradedStatus(s),
      f.properties.buffer_km ? h('span', { class: 'muted small' }, ` · buffer ${f.properties.buffer_km} km`) : null,
      f.properties.approximate ? h('span', { class: 'muted small' }, ' · approximate boundary') : null));
  }

  // Then the incidents, a page at a time per verdict, drawn as they come.
  let n = 0, deaths = 0;
  const counts = {};
  const update = (done) => {
    count.textContent = `${fmt.int(n)} incident${n === 1 ? '' : 's'} (${VERDICTS.filter((v) => shown.has(v)).map((v) => `${fmt.int(counts[v] || 0)} ${fmt.label(v)}`).join(', ')}), ${fmt.int(deaths)} death${deaths === 1 ? '' : 's'}, ${from} to ${to}${done ? '' : ' — loading…'}`;
  };
  update(false);
  await Promise.all(VERDICTS.filter((v) => shown.has(v)).map((v) => pages({ from, to, verdict: v }, (items) => {
    const pts = [];
    for (const i of items) {
      if (i.lon === undefined) continue;
      pts.push([i.lon, i.lat, VERDICT_COLOURS[v], SEVERITY_RADIUS[i.severity || ''], i]);
      deaths += i.deaths_best || 0;
    }
    n += items.length;
    counts[v] = (counts[v] || 0) + items.length;
    points.addPoints(pts);
    update(false);
  }, signal)));
  update(true);
  play.ready(points);
  await baseP;
}

// playback is the map's time slider: a range over the period's weeks (days
// when the period is a month or less), 0 showing the whole period; Play
// steps through them. onFilter(keep) gets a predicate over drawn points
// (null for all).
function playback(period, onFilter) {
  const n = daysIn(period), step = n <= 31 ? 1 : 7, steps = Math.ceil(n / step), unit = step === 1 ? 'day' : 'week';
  const range = h('input', { type: 'range', id: 'f-play', min: 0, max: steps, step: 1, value: 0, disabled: true,
    'aria-describedby': 'f-play-out' });
  const out = h('output', { id: 'f-play-out', for: 'f-play', 'aria-live': 'polite' }, 'The whole period');
  const btn = h('button', { type: 'button', disabled: true }, 'Play');
  let pts = null, timer = 0;
  const show = () => {
    const k = +range.value;
    if (!k) { onFilter(null); out.textContent = `The whole period: ${fmt.int(pts ? pts._pts.length : 0)} incidents`; return; }
    const from = addDays(period.from, (k - 1) * step), last = addDays(from, step - 1), to = last < period.to ? last : period.to;
    const keep = (p) => p[4].date_start >= from && p[4].date_start <= to;
    onFilter(keep);
    const m = pts ? pts._pts.filter(keep).length : 0;
    out.textContent = `${unit === 'day' ? 'Day' : 'Week'} ${k} of ${steps}: ${from === to ? from : `${from} to ${to}`}, ${fmt.int(m)} incident${m === 1 ? '' : 's'}`;
  };
  const stop = () => { clearInterval(timer); timer = 0; btn.textContent = 'Play'; };
  range.addEventListener('input', () => { stop(); show(); });
  btn.addEventListener('click', () => {
    if (timer) { stop(); return; }
    btn.textContent = 'Pause';
    if (+range.value >= steps) range.value = 0;
    const tick = () => {
      if (+range.value >= steps) { stop(); return; }
      range.value = +range.value + 1;
      show();
    };
    tick();
    timer = setInterval(tick, 900);
  });
  const el = h('fieldset', { class: 'playback' }, h('legend', {}, 'Time slider'),
    h('label', { for: 'f-play' }, `Show one ${unit} at a time (0: the whole period)`), range, btn, out);
  return { el, ready: (layer) => { pts = layer; range.disabled = false; btn.disabled = false; show(); } };
}

function incidentPopup(i) {
  return h('div', { class: 'popup' },
    h('strong', {}, `${i.date_start} · ${i.place || i.admin2 || i.admin1 || ''}`), h('br'),
    `${i.sub_event_type || i.event_type}; ${fmt.label(i.verdict || 'not judged')}${i.p_violation ? ', P ' + fmt.num(i.p_violation.mid, 2) : ''}${i.severity ? ' (' + i.severity + ')' : ''}`, h('br'),
    `${i.side_a || '?'} vs ${i.side_b || '?'}; ${i.deaths_best} deaths`, h('br'),
    h('a', { href: `/incidents/${i.id}` }, 'Details and rule trace'));
}

function legend(baseItems) {
  return h('details', { class: 'legend map-legend', open: window.innerWidth > 760 },
    h('summary', {}, 'Legend'),
    h('ul', {}, baseItems,
      Object.entries(STATUS_COLOURS).map(([k]) => h('li', {}, h('span', { class: 'swatch', 'data-status': k }), 'zone ', fmt.label(k))),
      h('li', {}, h('span', { class: 'swatch outer' }), 'dashed outline: the worst status the uncertain inputs allow'),
      h('li', {}, h('span', { class: 'swatch buffer' }), 'pale band around a zone: its security buffer'),
      h('li', {}, h('span', { class: 'site post' }), 'observation post'),
      h('li', {}, h('span', { class: 'site checkpoint' }), 'checkpoint'),
      VERDICTS.map((v) => h('li', {}, h('span', { class: 'dot', 'data-verdict': v }), fmt.label(v))),
      h('li', { class: 'muted small' }, 'Point size: severity (grave > serious > minor), at the reported coordinates; see an incident for its precision. ',
        `With more than ${fmt.int(AGGREGATE_ABOVE)} in view, nearby points are grouped: a circle sized by their number, in the colour of the gravest; click it to zoom in.`)));
}

// The map: Leaflet without tiles by default (an optional online layer when
// the server is started with --tiles), zones as vectors, and incidents drawn
// on one canvas, as points or as the server's grid cells when a view holds
// more than a few thousand.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { h } from './dom.js';

export const VERDICT_COLOURS = {
  violation: '#c1121f', probable_violation: '#e85d04', possible_violation: '#d98a00', probably_not: '#8fa3b8',
  not_violation: '#5c7c99', undetermined: '#7b5ea7', '': '#8a8a8a',
};
export const SEVERITY_RADIUS = { grave: 7, serious: 5, minor: 3.5, '': 2.5 };
export const STATUS_COLOURS = {
  holding: '#2a9d8f', strained: '#e9c46a', breached: '#f4a261', collapsed: '#c1121f', 'no-coverage': '#9e9e9e', 'not-in-force': '#cfcfcf',
  ended: '#6d6d6d',
};

function meta(name) {
  const m = document.querySelector(`meta[name="${name}"]`);
  return m ? m.content : '';
}

export function newMap(el, opts = {}) {
  const map = L.map(el, { preferCanvas: true, zoomSnap: 0.25, worldCopyJump: false, attributionControl: true, ...opts });
  map.attributionControl.setPrefix('Leaflet');
  const tiles = meta('truce-tiles');
  if (tiles) L.tileLayer(tiles, { attribution: meta('truce-tiles-attribution'), maxZoom: 18 }).addTo(map);
  else el.classList.add('no-tiles');
  return map;
}

// zonesLayer fills each zone in the colour of its most likely status
// (statusOf(id) returns a zone of /api/v1/status, or nothing) and, when the
// uncertain inputs at their ends would make it worse, outlines it in a
// dashed line of the worst status: the uncertainty shows on the map, and
// never the best case alone.
export function zonesLayer(fc, statusOf) {
  return L.geoJSON(fc, {
    style: (f) => {
      const z = statusOf(f.id) || {};
      const c = STATUS_COLOURS[z.status] || '#666';
      const worse = z.worst && z.worst !== z.status ? STATUS_COLOURS[z.worst] : null;
      return worse ? { color: worse, weight: 3, dashArray: '6 4', fillColor: c, fillOpacity: 0.25 }
        : { color: c, weight: 2, fillColor: c, fillOpacity: 0.22 };
    },
  });
}

// gravity orders points for drawing and for the one a stack shows: by
// severity, then by verdict.
const GRAVITY = { violation: 6, probable_violation: 5, possible_violation: 4, undetermined: 3, probably_not: 2, not_violation: 1 };
const gravity = (p) => 10 * (SEVERITY_RADIUS[p[5] || ''] || 0) + (GRAVITY[p[4]] || 0);

// The verdicts in the order a cell's pie shows them, gravest first.
const PIE_ORDER = ['violation', 'probable_violation', 'possible_violation', 'undetermined', 'probably_not', 'not_violation', ''];

// IncidentLayer draws an answer of /api/v1/map on one canvas: points
// ([id, lon, lat, day, verdict, severity, deaths], coloured by verdict and
// sized by severity), or the grid cells the server counted when a view
// holds more, each a pie of its verdicts sized by its number of incidents
// with the number written on it. A click on a point calls onPoint; a click
// on a cell zooms to it, where the server sends smaller cells, then points.
export const IncidentLayer = L.Layer.extend({
  initialize(onPoint) { this._answer = { kind: 'points', points: [] }; this._onPoint = onPoint; },
  setAnswer(answer) { this._answer = answer; if (this._map) this._redraw(); },
  // grouped reports whether the layer draws cells rather than points.
  grouped() { return this._answer.kind === 'cells'; },
  onAdd(map) {
    this._canvas = L.DomUtil.create('canvas', 'leaflet-zoom-hide points-canvas');
    map.getPanes().overlayPane.appendChild(this._canvas);
    map.on('moveend zoomend resize', this._redraw, this);
    map.on('click', this._click, this);
    this._redraw();
  },
  onRemove(map) {
    this._canvas.remove();
    map.off('moveend zoomend resize', this._redraw, this);
    map.off('click', this._click, this);
  },
  _redraw() {
    const map = this._map;
    if (!map) return;
    const size = map.getSize(), ratio = window.devicePixelRatio || 1;
    L.DomUtil.setPosition(this._canvas, map.containerPointToLayerPoint([0, 0]));
    this._canvas.width = size.x * ratio;
    this._canvas.height = size.y * ratio;
    this._canvas.style.width = size.x + 'px';
    this._canvas.style.height = size.y + 'px';
    const ctx = this._canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, size.x, size.y);
    this._canvas.dataset.grouped = String(this.grouped());
    const b = map.getBounds().pad(0.05);
    const inView = (lon, lat) => !(lat < b.getSouth() || lat > b.getNorth() || lon < b.getWest() || lon > b.getEast());
    this._grid = null;
    this._cells = null;
    if (this.grouped()) { this._drawCells(ctx, (this._answer.cells || []).filter((c) => inView(c.lon, c.lat))); return; }
    // Sources often place many events at one point (a town's centre): such
    // points are drawn as one, grown by their number and labelled with it,
    // in the colour of the gravest. Small and harmless are drawn first, so
    // grave violations stay on top.
    const stacks = new Map();
    for (const p of (this._answer.points || [])) {
      if (!inView(p[1], p[2])) continue;
      const pt = map.latLngToContainerPoint([p[2], p[1]]);
      const k = Math.round(pt.x) + ':' + Math.round(pt.y);
      const st = stacks.get(k);
      if (!st) stacks.set(k, { x: pt.x, y: pt.y, top: p, n: 1, all: [p] });
      else {
        st.n++;
        st.all.push(p);
        if (gravity(p) > gravity(st.top)) st.top = p;
      }
    }
    const order = [...stacks.values()].sort((a, c) => gravity(a.top) - gravity(c.top));
    const cell = 16, grid = new Map();
    ctx.font = '600 10px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    for (const st of order) {
      const p = st.top, r = SEVERITY_RADIUS[p[5] || ''] + (st.n > 1 ? 2.2 * Math.sqrt(st.n - 1) : 0);
      ctx.beginPath();
      ctx.arc(st.x, st.y, r, 0, 2 * Math.PI);
      ctx.fillStyle = VERDICT_COLOURS[p[4]] || VERDICT_COLOURS[''];
      ctx.globalAlpha = 0.75;
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.lineWidth = 0.6;
      ctx.strokeStyle = '#ffffff';
      ctx.stroke();
      if (st.n > 1 && r >= 8) {
        ctx.lineWidth = 2.5;
        ctx.strokeStyle = 'rgba(0,0,0,0.55)';
        ctx.strokeText(String(st.n), st.x, st.y);
        ctx.fillStyle = '#ffffff';
        ctx.fillText(String(st.n), st.x, st.y);
      }
      const k = Math.floor(st.x / cell) + ':' + Math.floor(st.y / cell);
      let list = grid.get(k);
      if (!list) grid.set(k, (list = []));
      list.push([st.x, st.y, st, r]);
    }
    this._grid = grid;
  },
  _drawCells(ctx, cells) {
    const map = this._map;
    const max = cells.reduce((m, c) => Math.max(m, c.incidents), 1);
    ctx.font = '600 10px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    this._cells = [];
    for (const c of cells) {
      const { x, y } = map.latLngToContainerPoint([c.lat, c.lon]);
      const r = 5 + 11 * Math.sqrt(c.incidents / max);
      let a = -Math.PI / 2;
      for (const v of PIE_ORDER) {
        const n = c.verdicts[v] || 0;
        if (!n) continue;
        const a2 = a + 2 * Math.PI * n / c.incidents;
        ctx.beginPath();
        ctx.moveTo(x, y);
        ctx.arc(x, y, r, a, a2);
        ctx.closePath();
        ctx.fillStyle = VERDICT_COLOURS[v];
        ctx.globalAlpha = 0.85;
        ctx.fill();
        a = a2;
      }
      ctx.globalAlpha = 1;
      ctx.beginPath();
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 1.2;
      ctx.stroke();
      if (r >= 8) {
        const label = c.incidents >= 10000 ? Math.round(c.incidents / 1000) + 'k' : c.incidents >= 1000 ? (c.incidents / 1000).toFixed(1) + 'k' : String(c.incidents);
        ctx.lineWidth = 2.5;
        ctx.strokeStyle = 'rgba(0,0,0,0.55)';
        ctx.strokeText(label, x, y);
        ctx.fillStyle = '#ffffff';
        ctx.fillText(label, x, y);
      }
      this._cells.push([x, y, r, c]);
    }
  },
  _click(e) {
    const hit = this.hit(e.containerPoint);
    if (!hit) return;
    if (hit.cell) {
      const [w, s, east, n] = hit.cell.bbox;
      this._map.fitBounds([[s, w], [n, east]], { maxZoom: this._map.getZoom() + 3 });
      return;
    }
    if (this._onPoint) this._onPoint(hit.point, hit.others, e);
  },
  // hit returns what is drawn under a container point: {cell} or {point}.
  hit(cp) {
    const { x, y } = cp;
    if (this._cells) {
      const c = this._cells.find(([gx, gy, r]) => (gx - x) ** 2 + (gy - y) ** 2 <= (r + 2) ** 2);
      return c ? { cell: c[3] } : null;
    }
    if (!this._grid) return null;
    const cell = 16;
    let best = null, bestD = 100;
    for (let i = -1; i <= 1; i++) for (let j = -1; j <= 1; j++) {
      for (const [px, py, p, r] of this._grid.get((Math.floor(x / cell) + i) + ':' + (Math.floor(y / cell) + j)) || []) {
        const d = (px - x) ** 2 + (py - y) ** 2;
        if (d <= Math.max(36, (r + 3) ** 2) && d < bestD) { best = p; bestD = d; }
      }
    }
    return best ? { point: best.top, others: best.n - 1 } : null;
  },
});

// baseLayers draws the map's place in the world without any tile server:
// the stored governorates (and districts from zoom 8) as a light base under
// everything else, and the gazetteer's cities (and towns from zoom 9) as
// labelled dots. It resolves to what it drew: {governorates, districts,
// places}, counts of features, for the legend.
export async function baseLayers(map, get, signal) {
  const tiles = !!meta('truce-tiles');
  map.createPane('base');
  map.getPane('base').style.zIndex = 250;
  map.getPane('base').style.pointerEvents = 'none';
  const renderer = L.canvas({ pane: 'base' });
  const [adm1, adm2, places] = await Promise.all([
    get('/api/v1/boundaries.geojson?level=1', { signal }),
    get('/api/v1/boundaries.geojson?level=2', { signal }),
    get('/api/v1/places.geojson', { signal }),
  ]);
  const districts = L.geoJSON(adm2, { renderer, interactive: false,
    style: { color: '#a3adb8', weight: 0.6, dashArray: '3 3', fill: false } });
  L.geoJSON(adm1, { renderer, interactive: false,
    style: { color: '#7d8a97', weight: 1.2, fill: !tiles, fillColor: '#fbfaf6', fillOpacity: 1 } }).addTo(map);
  const cities = L.layerGroup(), towns = L.layerGroup();
  for (const f of places.features) {
    const [lon, lat] = f.geometry.coordinates, city = f.properties.rank === 1;
    L.circleMarker([lat, lon], { renderer, radius: city ? 2.5 : 1.8, color: '#4a5560', weight: 1, fillColor: '#4a5560', fillOpacity: 1, interactive: false })
      // An Arabic name (from a GeoNames file given to truce serve) is set
      // beside the English one, isolated right to left, as admin names are.
      .bindTooltip(h('span', {}, f.properties.name.replace(/ city$/, ''),
        f.properties.name_ar ? [' ', h('bdi', { dir: 'rtl', lang: 'ar' }, f.properties.name_ar)] : null), { permanent: true, direction: 'right', offset: [3, 0], className: 'place-label' + (city ? ' city' : ''), interactive: false })
      .addTo(city ? cities : towns);
  }
  const zoomed = () => {
    const z = map.getZoom();
    for (const [layer, from] of [[districts, 8], [cities, 6], [towns, 9]]) {
      if (z >= from && !map.hasLayer(layer)) layer.addTo(map);
      if (z < from && map.hasLayer(layer)) layer.remove();
    }
  };
  map.on('zoomend', zoomed);
  zoomed();
  return { governorates: adm1.features.length, districts: adm2.features.length, places: places.features.length,
    arabic: places.features.filter((f) => f.properties.name_ar).length };
}

// baseLegend says what the base layer shows, or, with no boundaries
// stored, that none are and how to load them.
export function baseLegend(drawn) {
  const items = [];
  if (drawn.governorates) items.push(h('li', {}, h('span', { class: 'line adm1' }), `governorate border (${drawn.governorates})`));
  if (drawn.districts) items.push(h('li', {}, h('span', { class: 'line adm2' }), `district border (${drawn.districts}; zoom in)`));
  if (!drawn.governorates && !drawn.districts) {
    items.push(h('li', { class: 'no-boundaries' }, 'No administrative boundaries are loaded, so only the zones are outlined. Load them with ',
      h('code', {}, 'truce boundaries load --adm1 FILE --adm2 FILE'), ' (OCHA COD-AB GeoJSON).'));
  }
  if (drawn.places) {
    items.push(h('li', {}, h('span', { class: 'site town' }),
      `city or town (${drawn.arabic ? `gazetteer, ${drawn.arabic} with Arabic names` : "Truce's gazetteer"}; towns when zoomed in)`));
  }
  return items;
}

export { L };

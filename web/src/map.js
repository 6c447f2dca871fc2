// The map: Leaflet without tiles by default (an optional online layer when
// the server is started with --tiles), zones as vectors, and incidents drawn
// on one canvas so that 100 000 points stay smooth.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

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

// Above this many points in view, PointsLayer groups them on a grid of
// AGG_CELL pixels: thousands of overlapping dots read as one solid mass.
export const AGGREGATE_ABOVE = 3000;
const AGG_CELL = 28;

// PointsLayer draws [lon, lat, colour, radius, id] points on a canvas and
// finds the point under a click with a grid index in screen space.
export const PointsLayer = L.Layer.extend({
  initialize(onClick) { this._pts = []; this._onClick = onClick; this._filter = null; },
  setPoints(pts) { this._pts = pts; if (this._map) this._redraw(); },
  // setFilter draws only the points keep(p) accepts (null: all of them).
  setFilter(keep) { this._filter = keep; if (this._map) this._redraw(); },
  addPoints(pts) { for (const p of pts) this._pts.push(p); if (this._map) this._schedule(); },
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
  _schedule() {
    if (this._pending) return;
    this._pending = requestAnimationFrame(() => { this._pending = 0; this._redraw(); });
  },
  _redraw() {
    const map = this._map;
    if (!map) return;
    const size = map.getSize(), ratio = window.devicePixelRatio || 1;
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    L.DomUtil.setPosition(this._canvas, topLeft);
    this._canvas.width = size.x * ratio;
    this._canvas.height = size.y * ratio;
    this._canvas.style.width = size.x + 'px';
    this._canvas.style.height = size.y + 'px';
    const ctx = this._canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, size.x, size.y);
    const cell = 16, grid = new Map();
    const b = map.getBounds().pad(0.05);
    const keep = this._filter;
    const inView = this._pts.filter((p) => (!keep || keep(p)) && !(p[1] < b.getSouth() || p[1] > b.getNorth() || p[0] < b.getWest() || p[0] > b.getEast()));
    this._agg = null;
    this._canvas.dataset.grouped = String(inView.length > AGGREGATE_ABOVE);
    if (inView.length > AGGREGATE_ABOVE) { this._aggregate(ctx, inView); this._grid = null; return; }
    // Draw small and harmless first, so grave violations stay on top.
    const order = inView.sort((a, b2) => a[3] - b2[3]);
    for (const p of order) {
      const pt = map.latLngToContainerPoint([p[1], p[0]]);
      ctx.beginPath();
      ctx.arc(pt.x, pt.y, p[3], 0, 2 * Math.PI);
      ctx.fillStyle = p[2];
      ctx.globalAlpha = 0.75;
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.lineWidth = 0.6;
      ctx.strokeStyle = '#ffffff';
      ctx.stroke();
      const k = Math.floor(pt.x / cell) + ':' + Math.floor(pt.y / cell);
      let list = grid.get(k);
      if (!list) grid.set(k, (list = []));
      list.push([pt.x, pt.y, p]);
    }
    this._grid = grid;
  },
  // _aggregate draws many points as squares of a screen grid, each sized
  // by its count and coloured as its most serious point, with the count.
  _aggregate(ctx, pts) {
    const map = this._map, cell = AGG_CELL, cells = new Map();
    for (const p of pts) {
      const pt = map.latLngToContainerPoint([p[1], p[0]]);
      const k = Math.floor(pt.x / cell) + ':' + Math.floor(pt.y / cell);
      let c = cells.get(k);
      if (!c) cells.set(k, (c = { n: 0, x: 0, y: 0, top: p }));
      c.n++; c.x += pt.x; c.y += pt.y;
      if (p[3] > c.top[3]) c.top = p;
    }
    const max = Math.max(...[...cells.values()].map((c) => c.n));
    ctx.font = '600 10px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    this._agg = [];
    for (const c of cells.values()) {
      const x = c.x / c.n, y = c.y / c.n, r = 4 + 10 * Math.sqrt(c.n / max);
      ctx.beginPath();
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.fillStyle = c.top[2];
      ctx.globalAlpha = 0.7;
      ctx.fill();
      ctx.globalAlpha = 1;
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 1;
      ctx.stroke();
      if (c.n > 1 && r >= 7) { ctx.fillStyle = '#ffffff'; ctx.fillText(String(c.n), x, y); }
      this._agg.push([x, y, r]);
    }
  },
  // aggregated reports whether the last drawing grouped the points.
  aggregated() { return !!this._agg; },
  _click(e) {
    if (this._agg) {
      // A group zooms in towards its points.
      const { x, y } = e.containerPoint;
      const g = this._agg.find(([gx, gy, r]) => (gx - x) ** 2 + (gy - y) ** 2 <= (r + 2) ** 2);
      if (g) this._map.setZoomAround(e.containerPoint, this._map.getZoom() + 2);
      return;
    }
    const best = this.hit(e.containerPoint);
    if (best && this._onClick) this._onClick(best, e);
  },
  // hit returns the point drawn under a container point, if any.
  hit(cp) {
    if (this._agg) {
      const { x, y } = cp;
      return this._agg.find(([gx, gy, r]) => (gx - x) ** 2 + (gy - y) ** 2 <= (r + 2) ** 2) || null;
    }
    if (!this._grid) return null;
    const { x, y } = cp, cell = 16;
    let best = null, bestD = 100;
    for (let i = -1; i <= 1; i++) for (let j = -1; j <= 1; j++) {
      for (const [px, py, p] of this._grid.get((Math.floor(x / cell) + i) + ':' + (Math.floor(y / cell) + j)) || []) {
        const d = (px - x) ** 2 + (py - y) ** 2;
        if (d <= Math.max(36, (p[3] + 3) ** 2) && d < bestD) { best = p; bestD = d; }
      }
    }
    return best;
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
      .bindTooltip(f.properties.name.replace(/ city$/, ''), { permanent: true, direction: 'right', offset: [3, 0], className: 'place-label' + (city ? ' city' : ''), interactive: false })
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
  return { governorates: adm1.features.length, districts: adm2.features.length, places: places.features.length };
}

// baseLegend says what the base layer shows, or, with no boundaries
// stored, that none are and how to load them.
export function baseLegend(h, drawn) {
  const items = [];
  if (drawn.governorates) items.push(h('li', {}, h('span', { class: 'line adm1' }), `governorate border (${drawn.governorates})`));
  if (drawn.districts) items.push(h('li', {}, h('span', { class: 'line adm2' }), `district border (${drawn.districts}; zoom in)`));
  if (!drawn.governorates && !drawn.districts) {
    items.push(h('li', { class: 'no-boundaries' }, 'No administrative boundaries are loaded, so only the zones are outlined. Load them with ',
      h('code', {}, 'truce boundaries load --adm1 FILE --adm2 FILE'), ' (OCHA COD-AB GeoJSON).'));
  }
  if (drawn.places) items.push(h('li', {}, h('span', { class: 'site town' }), `city or town (Truce's gazetteer; towns when zoomed in)`));
  return items;
}

export { L };

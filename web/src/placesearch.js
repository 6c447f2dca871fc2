// Place search: an input turned into an ARIA 1.2 combobox over
// GET /api/v1/places.geojson?q= (the gazetteer's places and the stored
// governorates and districts, English or Arabic names). Arrow keys move
// through the suggestions, Enter picks, Escape closes; a polite status
// says how many were found. Arabic names are isolated (bdi, dir="rtl") so
// they read right to left inside English text.
import { get, qs } from './api.js';
import { h, clear, fmt } from './dom.js';

let seq = 0;

// placeLabel writes a place's names: English, then Arabic when known.
export function placeNames(p) {
  return [h('bdi', {}, p.name), p.name_ar ? [' ', h('bdi', { dir: 'rtl', lang: 'ar' }, p.name_ar)] : null];
}

// attachPlaceSearch makes input a combobox; onPick(feature) runs when a
// suggestion is chosen (the input then holds the place's English name).
export function attachPlaceSearch(input, onPick) {
  const id = input.id || `place-${++seq}`;
  input.id = id;
  const list = h('ul', { id: id + '-list', role: 'listbox', class: 'place-list', hidden: true, 'aria-label': 'Places found' });
  const status = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  Object.entries({ role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': list.id, autocomplete: 'off', dir: 'auto' })
    .forEach(([k, v]) => input.setAttribute(k, v));
  let items = [], active = -1, timer = 0, ctl = null;
  const close = () => {
    list.hidden = true; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); active = -1;
  };
  const mark = (k) => {
    active = k;
    [...list.children].forEach((li, i) => li.setAttribute('aria-selected', i === k ? 'true' : 'false'));
    if (k >= 0) { input.setAttribute('aria-activedescendant', `${id}-opt-${k}`); list.children[k].scrollIntoView({ block: 'nearest' }); }
    else input.removeAttribute('aria-activedescendant');
  };
  const pick = (k) => {
    const f = items[k];
    if (!f) return;
    input.value = f.properties.name;
    close();
    clear(status, `${f.properties.name} chosen.`);
    onPick(f);
  };
  const search = async () => {
    const q = input.value.trim();
    if (ctl) ctl.abort();
    if (!q) { items = []; close(); clear(status); return; }
    ctl = new AbortController();
    let fc;
    try { fc = await get('/api/v1/places.geojson' + qs({ q, limit: 8 }), { signal: ctl.signal }); } catch (e) { if (e.name !== 'AbortError') clear(status, 'Place search failed: ' + e.message); return; }
    items = fc.features;
    clear(list, items.map((f, k) => {
      const p = f.properties;
      const where = [p.kind && fmt.label(p.kind), p.admin2, p.admin1].filter((x, i, a) => x && a.indexOf(x) === i && x !== p.name).join(', ');
      return h('li', { id: `${id}-opt-${k}`, role: 'option', 'aria-selected': 'false', class: 'place-opt',
        onmousedown: (e) => { e.preventDefault(); pick(k); } },
      placeNames(p), p.matched && p.matched !== p.name_ar ? h('span', { class: 'muted' }, ' (', h('bdi', {}, p.matched), ')') : null,
      where ? h('span', { class: 'small muted' }, ' — ' + where) : null);
    }));
    list.hidden = !items.length;
    input.setAttribute('aria-expanded', items.length ? 'true' : 'false');
    active = -1;
    clear(status, items.length ? `${items.length} place${items.length === 1 ? '' : 's'} found; arrow keys to choose, Enter to pick.` : 'No place found.');
  };
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(search, 150); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (list.hidden) { if (items.length) { list.hidden = false; input.setAttribute('aria-expanded', 'true'); } else return; }
      e.preventDefault();
      const n = items.length;
      mark(e.key === 'ArrowDown' ? (active + 1) % n : (active - 1 + n) % n);
    } else if (e.key === 'Enter' && !list.hidden && active >= 0) {
      e.preventDefault(); pick(active);
    } else if (e.key === 'Escape' && !list.hidden) {
      e.preventDefault(); close();
    }
  });
  input.addEventListener('blur', () => setTimeout(close, 100));
  const wrap = h('div', { class: 'combo' });
  input.replaceWith(wrap);
  wrap.append(input, list, status);
  return wrap;
}

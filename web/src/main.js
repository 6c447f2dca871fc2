// Truce dashboard: a small single-page app over the JSON API (/api/v1).
// History routing; every page fetches real data from the API.
// Every style is here: esbuild loads no CSS with a lazily loaded page
// (Leaflet's too, though the map's module loads after the first paint).
import 'uplot/dist/uPlot.min.css';
import './style.css';
import 'leaflet/dist/leaflet.css';
import { whoami, token } from './api.js';
import { h, clear, errorBox } from './dom.js';
import { overviewPage, warmOverview } from './pages/overview.js';
import { signinPage } from './pages/signin.js';
import { validDay } from './period.js';

// lazy loads a page's module when the page is first opened. The map is the
// first page most visits open, so its page is in the main bundle (Leaflet
// is not: the page runs it after its first paint); the others (and uPlot,
// which only their charts use) load on demand, so that the browser runs
// ~27 kB of script before the first paint instead of ~180 kB.
const lazy = (load, name) => async (...args) => (await load())[name](...args);
const statusPage = lazy(() => import('./pages/status.js'), 'statusPage');
const zonePage = lazy(() => import('./pages/zone.js'), 'zonePage');
const incidentPage = lazy(() => import('./pages/incident.js'), 'incidentPage');
const claimsPage = lazy(() => import('./pages/claims.js'), 'claimsPage');
const bulletinsPage = lazy(() => import('./pages/bulletins.js'), 'bulletinsPage');
const submitPage = lazy(() => import('./pages/submit.js'), 'submitPage');
const incidentsPage = lazy(() => import('./pages/incidents.js'), 'incidentsPage');
const incidentByKeyPage = lazy(() => import('./pages/incidents.js'), 'incidentByKeyPage');
const reportersPage = lazy(() => import('./pages/reporters.js'), 'reportersPage');

export const app = { me: null, can: (p) => !!(app.me && app.me.permissions && app.me.permissions.includes(p)) };

const routes = [
  [/^\/$/, overviewPage, 'Map', 'read'],
  [/^\/status$/, statusPage, 'Status', 'read'],
  [/^\/zones\/([^/]+)$/, zonePage, null, 'read'],
  [/^\/incidents$/, incidentsPage, 'Incidents', 'read'],
  [/^\/incidents\/(\d+)$/, incidentPage, null, 'read'],
  [/^\/incidents\/([A-Za-z0-9_.-]+):([^/]+)$/, incidentByKeyPage, null, 'read'],
  [/^\/claims$/, claimsPage, 'Claims', 'read'],
  [/^\/reporters$/, reportersPage, 'Reported counts', 'read'],
  [/^\/bulletins(?:\/(\d{4}-\d{2}-\d{2}))?$/, bulletinsPage, 'Bulletins', 'read'],
  [/^\/submit$/, submitPage, 'Submit report', 'submit'],
  [/^\/signin$/, signinPage, null, null],
];
const navItems = [['/', 'Map', 'read'], ['/status', 'Status', 'read'], ['/incidents', 'Incidents', 'read'], ['/claims', 'Claims', 'read'],
  ['/reporters', 'Reported counts', 'read'], ['/bulletins', 'Bulletins', 'read'], ['/submit', 'Submit report', 'submit']];

const PERM_TEXT = { read: 'read the record (it needs a viewer, analyst or admin token)', submit: 'submit reports (it needs a monitor token)' };

let current = null; // the page's AbortController

// PERIOD_PAGES take the period (?from=&to=); the menu carries it to them.
const PERIOD_PAGES = ['/', '/status', '/incidents', '/reporters', '/compare'];

function renderNav() {
  const path = location.pathname;
  const q = new URLSearchParams(location.search);
  const period = validDay(q.get('from')) && validDay(q.get('to')) ? `?from=${q.get('from')}&to=${q.get('to')}` : '';
  clear(document.getElementById('nav'), h('ul', {}, navItems.filter(([, , p]) => app.can(p)).map(([href, label]) => {
    const active = href === '/' ? path === '/' : path.startsWith(href);
    return h('li', {}, h('a', { href: href + (PERIOD_PAGES.includes(href) ? period : ''), 'aria-current': active ? 'page' : null }, label));
  })));
  const who = document.getElementById('who');
  if (!app.me || app.me.noAuth) clear(who);
  else if (app.me.anonymous) {
    clear(who, app.me.public ? h('span', { class: 'muted' }, 'Public view') : null, ' ',
      path === '/signin' ? null : h('a', { href: '/signin' + (path !== '/' ? '?next=' + encodeURIComponent(path + location.search) : '') }, 'Sign in'));
  }
  else clear(who, h('span', {}, app.me.name, ' ', h('span', { class: 'chip' }, app.me.role)), ' ',
    h('button', { type: 'button', class: 'link', onclick: signOut }, 'Sign out'));
  // A read replica takes no writes (whoami leaves out submit and check_claims, so no form is offered): say why.
  if (app.me && app.me.read_only) {
    who.prepend(h('span', { class: 'chip', title: 'This server only reads' + (app.me.primary ? '; submit at ' + app.me.primary : '') }, 'read replica'), ' ');
  }
}

export async function refreshMe() {
  try {
    app.me = await whoami();
  } catch (e) {
    if (e.status === 401) { token.clear(); app.me = null; } else throw e;
  }
  renderNav();
}

function signOut() {
  token.clear();
  sessionStorage.removeItem('truce-latest');
  app.me = null;
  refreshMe().then(() => navigate('/signin'));
}

export function navigate(path, replace) {
  if (replace) history.replaceState(null, '', path); else history.pushState(null, '', path);
  return route().then(focusMain);
}

async function route() {
  if (current) current.abort();
  current = new AbortController();
  const main = document.getElementById('main');
  const path = location.pathname.replace(/\/+$/, '') || '/';
  renderNav();
  for (const [re, page, , perm] of routes) {
    const m = path.match(re);
    if (!m) continue;
    if (perm && !app.can(perm)) {
      // An anonymous visitor is offered the sign-in form here, and comes
      // back to this page once signed in.
      if (!app.me || app.me.anonymous) {
        clear(main);
        await signinPage(main, { next: location.pathname + location.search, needed: perm });
        return;
      }
      clear(main, h('h1', {}, 'Not available'),
        h('p', {}, `You are signed in as ${app.me.name} with the ${app.me.role} role, which may not ${PERM_TEXT[perm] || perm}. `,
          h('a', { href: '/signin?next=' + encodeURIComponent(location.pathname + location.search) }, 'Sign in with another token'), '.'));
      return;
    }
    clear(main);
    try {
      await page(main, { params: m.slice(1), query: new URLSearchParams(location.search), signal: current.signal });
    } catch (e) {
      if (e.name === 'AbortError') return;
      if (e.status === 401) { token.clear(); app.me = null; return navigate('/signin', true); }
      main.append(errorBox(e));
    }
    const h1 = main.querySelector('h1');
    if (h1) document.title = h1.textContent + ' — Truce';
    return;
  }
  clear(main, h('h1', {}, 'Not found'), h('p', {}, 'No page here. ', h('a', { href: '/' }, 'Back to the map')));
}

document.addEventListener('click', (e) => {
  const a = e.target.closest('a');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/ogc')) return;
  // An anchor on this page (the bulletin's zone links) scrolls, as usual.
  if (url.hash && url.pathname === location.pathname && url.search === location.search) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener('popstate', route);

// The map's first requests leave with the one asking who is signed in,
// not after it: on the page most visits open first, that saves a round
// trip before the first paint. A visitor who may not read only wastes them.
if (location.pathname.replace(/\/+$/, '') === '') warmOverview(new URLSearchParams(location.search));

(async () => {
  try {
    await refreshMe();
  } catch (e) {
    clear(document.getElementById('main'), h('h1', {}, 'Truce'), errorBox(e));
    return;
  }
  await route();
})();

export function focusMain() {
  const h1 = document.querySelector('#main h1');
  if (h1) { h1.setAttribute('tabindex', '-1'); h1.focus({ preventScroll: true }); }
}

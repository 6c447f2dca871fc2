// The JSON API client: bearer token from sessionStorage, errors as ApiError.
const KEY = 'truce-token';

export const token = {
  get: () => sessionStorage.getItem(KEY) || '',
  set: (t) => sessionStorage.setItem(KEY, t),
  clear: () => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(status, code, message, fields) {
    super(message || `HTTP ${status}`);
    this.status = status;
    this.code = code || '';
    this.fields = fields || {};
  }
}

function headers(extra, tok) {
  const h = new Headers(extra || {});
  const t = tok === undefined ? token.get() : tok;
  if (t) h.set('Authorization', 'Bearer ' + t);
  return h;
}

async function fail(res) {
  let body = null;
  try { body = await res.json(); } catch { /* not JSON */ }
  const e = body && body.error;
  return new ApiError(res.status, e && e.code, (e && e.message) || `${res.status} ${res.statusText}`, e && e.fields);
}

// request performs one API call and returns the Response (ok only).
export async function request(path, opts = {}) {
  const res = await fetch(path, { ...opts, headers: headers(opts.headers, opts.token) });
  if (!res.ok) throw await fail(res);
  return res;
}

export async function get(path, opts) {
  return (await request(path, opts)).json();
}

export async function send(method, path, body, opts = {}) {
  const h = { 'Content-Type': 'application/json', ...(opts.headers || {}) };
  const res = await request(path, { method, body: JSON.stringify(body), headers: h, signal: opts.signal });
  return { status: res.status, headers: res.headers, body: await res.json() };
}

export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, v);
  const s = u.toString();
  return s ? '?' + s : '';
}

// pages fetches every page of /api/v1/incidents for params, calling onPage
// with each page's items; it stops early when signal aborts.
export async function pages(params, onPage, signal) {
  let cursor = '';
  for (;;) {
    const r = await get('/api/v1/incidents' + qs({ ...params, limit: 1000, cursor }), { signal });
    onPage(r.items);
    if (!r.next || (signal && signal.aborted)) return;
    cursor = r.next;
  }
}

// whoami returns who the token is: {name, role, anonymous, permissions}, or
// null when the server has no authentication yet (every reader may read).
export async function whoami(tok) {
  try {
    return await get('/api/v1/whoami', { token: tok });
  } catch (e) {
    if (e.status === 404 || e.status === 405) return { name: '', role: 'viewer', anonymous: true, permissions: ['read'], noAuth: true };
    throw e;
  }
}

// download fetches path with the token and saves it under name.
export async function download(path, name) {
  const blob = await (await request(path)).blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// latestDay finds the last day with an incident (the newest, in one
// request), so pages open on the data's present, not today's.
export async function latestDay() {
  const cached = sessionStorage.getItem('truce-latest');
  if (cached) return cached;
  const newest = await get('/api/v1/incidents?sort=-date&limit=1');
  const day = newest.items.length ? newest.items[0].date_start : isoDay(new Date());
  sessionStorage.setItem('truce-latest', day);
  return day;
}

export function isoDay(d) { return d.toISOString().slice(0, 10); }
export function addDays(day, n) { return isoDay(new Date(Date.parse(day) + n * 86400000)); }

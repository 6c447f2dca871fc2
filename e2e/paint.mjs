// Measures the dashboard's first paint in headless Chromium against a
// running server: the browser's first contentful paint, when the zones
// and their status are painted (the meaningful paint) and when the
// period's incidents are drawn, each on the page's clock (milliseconds
// since navigation started), for a first visit (nothing cached) and a
// second one in the same tab.
// Usage: node paint.mjs BASE_URL[,BASE_URL…] [PATH] [RUNS]   (default PATH "/", RUNS 5)
// With several servers (say, before and after a change), the runs take
// turns between them, so a busy machine slows each alike, and each
// server's medians are also given as a ratio to the first's.
import { chromium } from 'playwright-core';

const [bases, path = '/', runs = '5'] = process.argv.slice(2);
if (!bases) { console.error('usage: node paint.mjs BASE_URL[,BASE_URL…] [PATH] [RUNS]'); process.exit(2); }
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu'] });

// The page's own clock, read by fn in the animation frame in which what it
// waits for is first there (fn is polled every frame and returns
// performance.now() then), so each time is at most one frame late. Read in
// a second call instead, the clock would wait for whatever script runs
// after that frame (Leaflet building the map, once the zones are listed).
const when = (page, fn) => page.waitForFunction(fn, null, { timeout: 60000, polling: 'raf' }).then((t) => t.jsonValue());

// The zones' paint is the time the browser itself gives for painting the
// status chips of the zone list (Element Timing): their elements are
// marked as they are inserted, before any frame can show them, so the
// page needs no change for it, and a frame that takes long to lay out (a
// map built in the same task) counts in full.
const marks = () => {
  window.zonesPainted = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.identifier === 'zones' && !window.zonesPainted) window.zonesPainted = e.renderTime;
  }).observe({ type: 'element', buffered: true });
  new MutationObserver(() => {
    for (const el of document.querySelectorAll('.zonelist .chip:not([elementtiming])')) el.setAttribute('elementtiming', 'zones');
  }).observe(document, { subtree: true, childList: true });
};

const rows = [];
for (let i = 0; i < Number(runs); i++) for (const base of bases.split(',')) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await ctx.addInitScript(marks);
  const page = await ctx.newPage();
  for (const visit of ['first', 'second']) {
    await page.goto(base + path, { waitUntil: 'commit' });
    const zones = await when(page, () => window.zonesPainted);
    const incidents = await when(page, () => /^\d[\d,]* incidents? .*\d{4}-\d{2}-\d{2}$/.test(document.querySelector('.count')?.textContent || '') && performance.now());
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime || 0);
    const bytes = await page.evaluate(() => performance.getEntriesByType('resource').filter((r) => r.name.includes('/api/v1/')).reduce((n, r) => n + r.transferSize, 0));
    const count = await page.locator('.count').textContent();
    rows.push({ base, visit, fcp, zones, incidents, bytes, count });
  }
  await ctx.close();
}
await browser.close();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const first = {};
for (const base of bases.split(',')) {
  if (bases.includes(',')) console.log(base);
  for (const visit of ['first', 'second']) {
    const r = rows.filter((x) => x.base === base && x.visit === visit);
    const m = { zones: median(r.map((x) => x.zones)), incidents: median(r.map((x) => x.incidents)) };
    first[visit] ||= m;
    const ratio = first[visit] === m ? '' : `; ratio to the first server: zones ${(m.zones / first[visit].zones).toFixed(2)}, incidents ${(m.incidents / first[visit].incidents).toFixed(2)}`;
    console.log(`${visit} visit, median of ${r.length}: first contentful paint ${median(r.map((x) => x.fcp)).toFixed(0)} ms, zones and status ${m.zones.toFixed(0)} ms, incidents drawn ${m.incidents.toFixed(0)} ms, API bytes ${median(r.map((x) => x.bytes))}${ratio}`);
  }
  console.log(rows.find((x) => x.base === base).count);
}

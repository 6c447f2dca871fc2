// Measures the dashboard's first paint in headless Chromium against a
// running server: the browser's first contentful paint, when the zones
// and their status are on the map (the meaningful paint) and when the
// period's incidents are drawn, each as performance.now() in the page
// (milliseconds since navigation started), for a first visit (nothing
// cached) and a second one in the same tab.
// Usage: node paint.mjs BASE_URL [PATH] [RUNS]   (default PATH "/", RUNS 5)
import { chromium } from 'playwright-core';

const [base, path = '/', runs = '5'] = process.argv.slice(2);
if (!base) { console.error('usage: node paint.mjs BASE_URL [PATH] [RUNS]'); process.exit(2); }
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu'] });

// The page's own clock: polled every animation frame, so each time is at
// most one frame late.
const when = (page, fn) => page.waitForFunction(fn, null, { timeout: 60000, polling: 'raf' }).then(() => page.evaluate(() => performance.now()));

const rows = [];
for (let i = 0; i < Number(runs); i++) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  for (const visit of ['first', 'second']) {
    await page.goto(base + path, { waitUntil: 'commit' });
    const zones = await when(page, () => document.querySelector('.zonelist .chip'));
    const incidents = await when(page, () => /^\d[\d,]* incidents? .*\d{4}-\d{2}-\d{2}$/.test(document.querySelector('.count')?.textContent || ''));
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime || 0);
    const bytes = await page.evaluate(() => performance.getEntriesByType('resource').filter((r) => r.name.includes('/api/v1/')).reduce((n, r) => n + r.transferSize, 0));
    const count = await page.locator('.count').textContent();
    rows.push({ visit, fcp, zones, incidents, bytes, count });
  }
  await ctx.close();
}
await browser.close();
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
for (const visit of ['first', 'second']) {
  const r = rows.filter((x) => x.visit === visit);
  console.log(`${visit} visit, median of ${r.length}: first contentful paint ${median(r.map((x) => x.fcp)).toFixed(0)} ms, zones and status ${median(r.map((x) => x.zones)).toFixed(0)} ms, incidents drawn ${median(r.map((x) => x.incidents)).toFixed(0)} ms, API bytes ${median(r.map((x) => x.bytes))}`);
}
console.log(rows[0].count);

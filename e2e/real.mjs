// The dashboard over real data: a store of the UCDP GED Syria events
// (built by e2e_test.go from ../shared/data), checked and photographed for
// the README on Eastern Ghouta over November 2017 - May 2018, when the
// government's offensive (February - April 2018) ended the zone.
// Usage: node real.mjs BASE_URL   (env: TRUCE_SCREENSHOTS_DOCS=DIR to save
// the README's screenshots there). Exits non-zero on the first failed check.
import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const base = process.argv[2];
if (!base) { console.error('usage: node real.mjs BASE_URL'); process.exit(2); }
const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'out');
mkdirSync(out, { recursive: true });
const docs = process.env.TRUCE_SCREENSHOTS_DOCS || '';
const period = 'from=2017-11-01&to=2018-05-31';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
async function audit(page) {
  await page.evaluate(axeSource);
  const res = await page.evaluate(() => globalThis.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'], resultTypes: ['violations'] }));
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0].target.join(' ')}`);
}
function check(cond, what) { if (!cond) throw new Error('check failed: ' + what); }
const api = async (p) => (await fetch(base + p)).json();

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
let failed = 0;
async function step(name, fn) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.route('**/*', (r) => (r.request().url().startsWith(base) || r.request().url().startsWith('data:') ? r.continue() : (errors.push('external request: ' + r.request().url()), r.abort())));
  try {
    await fn(page);
    check(errors.length === 0, `no page errors (${errors.join(' | ')})`);
    const a11y = await audit(page);
    check(a11y.length === 0, `accessible (axe: ${a11y.join(' | ')})`);
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
    await page.screenshot({ path: path.join(out, `fail-real-${name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
  } finally {
    await page.close();
  }
}
async function shot(page, name, opts = {}) {
  await page.screenshot({ path: path.join(out, name + '.png'), ...opts });
  if (docs) await page.screenshot({ path: path.join(docs, name + '.png'), ...opts });
}

// The data first: Eastern Ghouta's incidents peak in February - April 2018.
const months = {};
let cursor = '';
for (;;) {
  const r = await api(`/api/v1/incidents?zone=eastern-ghouta&${period}&limit=1000${cursor}`);
  for (const i of r.items) months[i.date_start.slice(0, 7)] = (months[i.date_start.slice(0, 7)] || 0) + 1;
  if (!r.next) break;
  cursor = '&cursor=' + r.next;
}
const byCount = Object.entries(months).sort((a, b) => b[1] - a[1]);
console.log(`     Eastern Ghouta, incidents a month: ${Object.entries(months).sort().map(([m, n]) => `${m} ${n}`).join(', ')}`);

await step('Eastern Ghouta zone page, November 2017 - May 2018', async (page) => {
  check(['2018-02', '2018-03', '2018-04'].includes(byCount[0][0]), `the most incidents in February - April 2018 (${byCount[0].join(': ')})`);
  await page.goto(`${base}/zones/eastern-ghouta?${period}`);
  await page.locator('#h-series', { hasText: 'Weekly' }).waitFor({ timeout: 30000 });
  await page.locator('.charts .uplot').nth(1).waitFor({ timeout: 30000 });
  await page.locator('#h-hist ~ .tablewrap table').waitFor({ timeout: 30000 });
  const hist = await page.locator('#h-hist ~ .tablewrap table').textContent();
  check(/collapsed/.test(hist) && /ended/.test(hist), 'the status history shows the zone collapsed, then ended');
  // The README shows the heading, the period and the first two charts.
  const second = await page.locator('.charts .chart').nth(1).boundingBox();
  await shot(page, 'ucdp-eastern-ghouta', { fullPage: true, clip: { x: 0, y: 0, width: 1280, height: Math.ceil(second.y + second.height + 12) } });
});

await step('map of the zones, November 2017 - May 2018, at Eastern Ghouta', async (page) => {
  // ?map=ZOOM/LAT/LON: the enclave east of Damascus, its towns labelled.
  await page.goto(`${base}/?${period}&map=11.5/33.545/36.42`);
  await page.locator('.count', { hasText: /^\d[\d,]* incidents .*2018-05-31$/ }).waitFor({ timeout: 30000 });
  await page.locator('.leaflet-tooltip.place-label', { hasText: 'Douma' }).waitFor({ timeout: 10000 });
  await page.locator('.map-legend li', { hasText: 'governorate border (14)' }).waitFor({ timeout: 10000 });
  check(await page.locator('canvas.points-canvas[data-grouped="false"]').count() === 1, 'points, not cells, this close');
  // With GeoNames' towns, the map writes their Arabic names beside the
  // English ones, isolated right to left.
  const ar = (await api('/api/v1/places.geojson')).features.filter((f) => f.properties.name_ar);
  if (ar.length) {
    const douma = page.locator('.leaflet-tooltip.place-label', { hasText: 'Douma' }).locator('bdi[dir="rtl"][lang="ar"]');
    check(await douma.count() === 1 && (await douma.textContent()) === 'دوما', 'Douma labelled دوما');
    console.log(`     ${ar.length} towns with Arabic names`);
  } else console.log('     no Arabic town names: the gazetteer file is absent');
  await page.locator('.map-legend summary').click(); // folded, so that the map shows whole
  await page.waitForTimeout(300);
  await shot(page, 'ucdp-map');
});

await browser.close();
console.log(failed ? `${failed} failed` : 'all passed');
process.exit(failed ? 1 : 0);

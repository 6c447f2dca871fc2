// Builds the dashboard into dist/: one JS and one CSS bundle with content
// hashes in their names, and index.html pointing at them. Deterministic:
// the same sources and lockfile give the same bytes.
import * as esbuild from 'esbuild';
import { rm, mkdir, readFile, writeFile, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(dir, 'dist');
await rm(dist, { recursive: true, force: true });
await mkdir(path.join(dist, 'assets'), { recursive: true });

const result = await esbuild.build({
  entryPoints: [path.join(dir, 'src/main.js')],
  bundle: true,
  minify: true,
  format: 'esm',
  // Pages other than the map load when opened (main.js), in chunks.
  splitting: true,
  chunkNames: 'chunk-[hash]',
  target: ['es2020'],
  outdir: path.join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  loader: { '.png': 'file', '.svg': 'file' },
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});

// The page is the entry main.js; the outputs esbuild also marks as entry
// points are the chunks of lazily loaded pages.
const url = (out) => '/' + path.relative(dist, path.join(dir, out)).split(path.sep).join('/');
let js = '', css = '', preload = [];
for (const [out, meta] of Object.entries(result.metafile.outputs)) {
  if (meta.entryPoint !== 'src/main.js' || !out.endsWith('.js')) continue;
  js = url(out);
  if (meta.cssBundle) css = url(meta.cssBundle);
  // The chunks main.js imports outright are fetched with it, not after it.
  preload = meta.imports.filter((i) => i.kind === 'import-statement').map((i) => url(i.path));
}
// The map page loads the map's module (Leaflet) itself, after its first
// paint; it and the chunks it imports are fetched with main.js, so it is
// ready by then.
for (const [out, meta] of Object.entries(result.metafile.outputs)) {
  if (meta.entryPoint !== 'src/map.js') continue;
  for (const p of [out, ...meta.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path)]) {
    if (!preload.includes(url(p))) preload.push(url(p));
  }
}
// esbuild loads no CSS for a lazily loaded chunk: every style is imported
// by main.js, and the copies it writes beside chunks that import main.js
// are never linked, so they are removed.
for (const out of Object.keys(result.metafile.outputs)) {
  const rel = '/' + path.relative(dist, path.join(dir, out)).split(path.sep).join('/');
  if (out.endsWith('.css') && rel !== css) await rm(path.join(dir, out));
}
if (!js || !css) throw new Error('build: missing JS or CSS bundle');
const html = (await readFile(path.join(dir, 'src/index.html'), 'utf8'))
  .replace('{{JS}}', js).replace('{{CSS}}', css)
  .replace('{{PRELOAD}}', preload.map((p) => `<link rel="modulepreload" href="${p}">`).join('\n'));
await writeFile(path.join(dist, 'index.html'), html);
await copyFile(path.join(dir, 'src/favicon.svg'), path.join(dist, 'favicon.svg'));
console.log(`built ${js} ${css}`);

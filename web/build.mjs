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
  target: ['es2020'],
  outdir: path.join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  loader: { '.png': 'file', '.svg': 'file' },
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});

let js = '', css = '';
for (const [out, meta] of Object.entries(result.metafile.outputs)) {
  if (!meta.entryPoint) continue;
  const rel = '/' + path.relative(dist, path.join(dir, out)).split(path.sep).join('/');
  if (!out.endsWith('.js')) continue;
  js = rel;
  if (meta.cssBundle) css = '/' + path.relative(dist, path.join(dir, meta.cssBundle)).split(path.sep).join('/');
}
if (!js || !css) throw new Error('build: missing JS or CSS bundle');
const html = (await readFile(path.join(dir, 'src/index.html'), 'utf8'))
  .replace('{{JS}}', js).replace('{{CSS}}', css);
await writeFile(path.join(dist, 'index.html'), html);
await copyFile(path.join(dir, 'src/favicon.svg'), path.join(dist, 'favicon.svg'));
console.log(`built ${js} ${css}`);

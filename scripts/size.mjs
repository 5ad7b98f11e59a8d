#!/usr/bin/env node
// Prints the sizes of the bundle's files raw, gzip -9 and brotli -11, and the first-load total
// (everything a first visit downloads before the app runs). Usage:
//   node scripts/size.mjs [dist] [--budget KB]
// With --budget, exits 1 when the first load (brotli) is above KB: the test run uses it so that no
// change grows the bundle unseen.
//
// The first load is index.html, every file it names (stylesheet, scripts, wasm, manifest, the
// service worker it registers) and every module those scripts import statically. The rest — the
// pages' wasm that the app fetches when such a page first opens, and the icons only the manifest
// names — is listed apart; the service worker caches it in the background after the first load.
// tests/e2e/first-load.test.mjs checks this list against what the browser really fetches.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const args = process.argv.slice(2);
const budgetAt = args.indexOf('--budget');
const budget = budgetAt >= 0 ? Number(args.splice(budgetAt, 2)[1]) : null;
const dir = args[0] ?? 'dist';

const all = readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile())
  .map((e) => relative(dir, join(e.parentPath ?? e.path, e.name)).split(sep).join('/'))
  .sort();

/** The files a page or script names by a relative URL, resolved against its own folder. */
function named(file) {
  const text = readFileSync(join(dir, file), 'utf8');
  const patterns = file.endsWith('.html')
    ? /(?:href|src)="(\.?\/?[^"#?:]+)"|['"](\.\/[^'"]+)['"]/g
    : /(?:\bfrom|\bimport)\s*\(?\s*['"](\.\.?\/[^'"]+)['"]/g;
  return [...text.matchAll(patterns)]
    .map((m) => normalize(join(dirname(file), m[1] ?? m[2])).split(sep).join('/'))
    .filter((f) => all.includes(f));
}
const first = new Set(['index.html']);
for (const pending = ['index.html']; pending.length; ) {
  const file = pending.pop();
  if (!/\.(html|m?js)$/.test(file)) continue;
  for (const f of named(file)) if (!first.has(f)) first.add(f), pending.push(f);
}

const kb = (n) => (n / 1024).toFixed(1).padStart(8);
function table(title, files) {
  let total = [0, 0, 0];
  for (const f of files) {
    const raw = readFileSync(join(dir, f));
    const gz = gzipSync(raw, { level: 9 }).length;
    const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    total = [total[0] + raw.length, total[1] + gz, total[2] + br];
    console.log(`${f.padEnd(44)} ${kb(raw.length)} ${kb(gz)} ${kb(br)}`);
  }
  console.log(`${title.padEnd(44)} ${kb(total[0])} ${kb(total[1])} ${kb(total[2])}`);
  return total[2];
}
console.log(`${'file'.padEnd(44)} ${'raw KB'.padStart(8)} ${'gzip KB'.padStart(8)} ${'br KB'.padStart(8)}`);
const firstBr = table('first load', all.filter((f) => first.has(f)));
const later = all.filter((f) => !first.has(f));
if (later.length) {
  console.log('');
  const laterBr = table('after the first load (pages, icons)', later);
  console.log(`${'whole bundle'.padEnd(44)} ${' '.repeat(17)} ${kb(firstBr + laterBr)}`);
}
if (budget !== null) {
  const br = firstBr / 1024;
  if (!(br <= budget)) {
    console.error(`first load ${br.toFixed(1)} KB brotli is above the budget of ${budget} KB`);
    process.exit(1);
  }
  console.log(`first load ${br.toFixed(1)} KB brotli: within the budget of ${budget} KB`);
}

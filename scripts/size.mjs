#!/usr/bin/env node
// Prints the sizes of the bundle's files raw, gzip -9 and brotli -11, and the first-load total
// (everything a first visit downloads). Usage: node scripts/size.mjs [dist] [--budget KB]
// With --budget, exits 1 when the first load (brotli) is above KB: the test run uses it so that no
// change grows the bundle unseen.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const args = process.argv.slice(2);
const budgetAt = args.indexOf('--budget');
const budget = budgetAt >= 0 ? Number(args.splice(budgetAt, 2)[1]) : null;
const dir = args[0] ?? 'dist';
// The first load: index.html and every file it pulls in (stylesheet, scripts, wasm, manifest, the
// service worker it registers). Files only other files name (the manifest's icons) are listed apart.
const index = readFileSync(join(dir, 'index.html'), 'utf8');
const named = new Set(
  [...index.matchAll(/(?:href|src)="\.?\/?([^"#?:]+)"|['"]\.\/([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]),
);
const all = readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile());
const files = all.filter((f) => f === 'index.html' || named.has(f));
const others = all.filter((f) => !files.includes(f));
const kb = (n) => (n / 1024).toFixed(1).padStart(8);
let total = [0, 0, 0];
console.log(`${'file'.padEnd(40)} ${'raw KB'.padStart(8)} ${'gzip KB'.padStart(8)} ${'br KB'.padStart(8)}`);
for (const f of files.sort()) {
  const raw = readFileSync(join(dir, f));
  const gz = gzipSync(raw, { level: 9 }).length;
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  total = [total[0] + raw.length, total[1] + gz, total[2] + br];
  console.log(`${f.padEnd(40)} ${kb(raw.length)} ${kb(gz)} ${kb(br)}`);
}
console.log(`${'first load'.padEnd(40)} ${kb(total[0])} ${kb(total[1])} ${kb(total[2])}`);
if (others.length) console.log(`not loaded at start: ${others.join(', ')}`);
if (budget !== null) {
  const br = total[2] / 1024;
  if (!(br <= budget)) {
    console.error(`first load ${br.toFixed(1)} KB brotli is above the budget of ${budget} KB`);
    process.exit(1);
  }
  console.log(`first load ${br.toFixed(1)} KB brotli: within the budget of ${budget} KB`);
}

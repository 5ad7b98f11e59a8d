#!/usr/bin/env node
// Builds the deployable bundle in dist/ from the Rust crate, in the steps Trunk cannot do:
//
//  1. the release wasm with the `split` feature and relocations kept (`--emit-relocs`), which
//     wasm-split needs to move code between modules;
//  2. wasm-split cuts it at the split points of `ui::pages`: the main module (the app's frame and
//     its first page) and `split_pages.wasm` (every other page), which the app fetches the first
//     time such a page opens; `__wasm_split.js` is the loader between them;
//  3. wasm-bindgen writes the JS glue of the main module; wasm-opt -Oz shrinks every module (the
//     main one flattened and re-relooped first), terser the JS and `minifyCss` the stylesheet;
//  4. everything goes into dist/app-<hash of its content>/, so a new build is a new folder and no
//     browser or cache can mix files of two builds; index.html points at it, with the stylesheet
//     and the module preloads carrying their integrity hashes; the manifest and icons are copied;
//  5. the Content-Security-Policy (scripts/csp.mjs) and the service worker (scripts/offline.mjs).
//
// Usage: node scripts/bundle.mjs   (tools from scripts/setup on PATH; run by scripts/build)
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const work = join(root, 'target', 'bundle');
const dist = join(root, 'dist');
const run = (cmd, args, env = {}) =>
  execFileSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });

// 1. The wasm. `cargo rustc` passes the linker flag to the binary's link only, so the crates it
// depends on are the ones `cargo build` and the tests already compiled.
run('cargo', [
  'rustc', '--release', '--target', 'wasm32-unknown-unknown', '--bin', 'cchc', '--features', 'split',
  '--', '-Clink-args=--emit-relocs',
]);

// 2–3. Split, bind, shrink.
rmSync(work, { recursive: true, force: true });
const split = join(work, 'split');
const pkg = join(work, 'pkg');
mkdirSync(split, { recursive: true });
mkdirSync(pkg, { recursive: true });
run('wasm-split-cli', [join(root, 'target/wasm32-unknown-unknown/release/cchc.wasm'), split, '--out-name', 'cchc']);
run('wasm-bindgen', ['--target', 'web', '--keep-lld-exports', '--no-typescript', '--out-name', 'cchc', '--out-dir', pkg, join(split, 'cchc.wasm')]);
const features = [
  '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue',
];
const modules = readdirSync(split).filter((f) => f.endsWith('.wasm') && f !== 'cchc.wasm');
// The main module, the first load, is flattened and re-relooped, then -Os: 3.5 KB less brotli
// than -Oz alone (its raw bytes grow, but brotli finds more repeats), for some 30 s more of build.
for (const f of ['cchc_bg.wasm', ...modules]) {
  const main = f === 'cchc_bg.wasm';
  const passes = main ? ['--flatten', '--rereloop', '-Os', '--converge'] : ['-Oz', '--converge'];
  run('wasm-opt', [...passes, ...features, '--strip-debug', '--strip-producers', main ? join(pkg, f) : join(split, f), '-o', join(pkg, f)]);
}
for (const f of readdirSync(split).filter((f) => f.endsWith('.js'))) copyFileSync(join(split, f), join(pkg, f));
// The JS glue and the split loader, minified (−1.7 KB brotli of the first load): names of imports
// and exports are kept, which is all the modules share.
for (const f of readdirSync(pkg).filter((f) => f.endsWith('.js'))) {
  run('terser', [join(pkg, f), '--module', '--compress', '--mangle', '--output', join(pkg, f)]);
}
writeFileSync(join(pkg, 'main.css'), minifyCss(readFileSync(join(root, 'style/main.css'), 'utf8')));
if (!readFileSync(join(pkg, 'cchc.js'), 'utf8').includes('./__wasm_split.js')) {
  throw new Error('bundle: the JS glue does not import the split loader; was the wasm split?');
}

// 4. dist/
const files = readdirSync(pkg).sort();
const hash = createHash('sha256');
for (const f of files) hash.update(f).update(readFileSync(join(pkg, f)));
const app = `app-${hash.digest('hex').slice(0, 16)}`;
rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, app), { recursive: true });
for (const f of files) copyFileSync(join(pkg, f), join(dist, app, f));
for (const f of readdirSync(join(root, 'assets'))) copyFileSync(join(root, 'assets', f), join(dist, f));

const sri = (f) => `sha384-${createHash('sha384').update(readFileSync(join(dist, app, f))).digest('base64')}`;
const boot = [
  `<link rel="modulepreload" href="./${app}/cchc.js" crossorigin="anonymous" integrity="${sri('cchc.js')}">`,
  `<link rel="modulepreload" href="./${app}/__wasm_split.js" crossorigin="anonymous" integrity="${sri('__wasm_split.js')}">`,
  `<link rel="preload" href="./${app}/cchc_bg.wasm" crossorigin="anonymous" integrity="${sri('cchc_bg.wasm')}" as="fetch" type="application/wasm">`,
  `<script type="module">import init from './${app}/cchc.js'; init({ module_or_path: './${app}/cchc_bg.wasm' });</script>`,
].join('\n  ');
let html = readFileSync(join(root, 'index.html'), 'utf8');
const swaps = [
  ['<link data-trunk rel="css" href="style/main.css">', `<link rel="stylesheet" href="./${app}/main.css" integrity="${sri('main.css')}">`],
  ['<!-- bundle: the app -->', boot],
];
for (const [from, to] of swaps) {
  if (!html.includes(from)) throw new Error(`bundle: index.html has no ${from}`);
  html = html.replace(from, to);
}
// What only `trunk serve` reads (Trunk.toml): its comment and its other directives.
html = html.replace(/ *<!-- trunk serve:[^>]*-->\n/, '').replace(/ *<link data-trunk [^>]*>\n/g, '');
if (html.includes('data-trunk')) throw new Error('bundle: a data-trunk directive is left in index.html');
writeFileSync(join(dist, 'index.html'), html);

// 5.
run('node', ['scripts/csp.mjs', 'dist']);
run('node', ['scripts/offline.mjs', 'dist']);

/**
 * The stylesheet without its comments and layout (−1 KB brotli of the first load, and it blocks
 * the first paint): comments go, runs of white space become one space, and the space around
 * `{ } ; ,` goes — never inside a string. Nothing else is touched (a space before `:` or around
 * `+` can mean something). tests/e2e/style.test.mjs holds the result to the source: Chromium
 * parses both to the same rules.
 */
function minifyCss(css) {
  let out = '';
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (c === '"' || c === "'") {
      let end = i + 1;
      while (end < css.length && css[end] !== c) end += css[end] === '\\' ? 2 : 1;
      if (end >= css.length) throw new Error('bundle: unterminated string in main.css');
      out += css.slice(i, end + 1);
      i = end;
    } else if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      if (end < 0) throw new Error('bundle: unterminated comment in main.css');
      i = end + 1;
    } else if (/\s/.test(c)) {
      if (!/[\s{};,]$/.test(out) && out !== '') out += ' ';
    } else if ('{};,'.includes(c)) {
      out = out.replace(/ $/, '') + c;
    } else {
      out += c;
    }
  }
  return out.trim() + '\n';
}

#!/usr/bin/env node
// Adds a Content-Security-Policy meta tag to the built index.html: only what the app needs —
// its own files (the pages' wasm is fetched from the app's own folder: connect-src 'self'),
// WebAssembly compilation ('wasm-unsafe-eval'), the inline bootstrap scripts by their hash (they
// name the build's folder, hence this step after the build), data: images (the icon) and blob:
// downloads — no 'unsafe-inline' script, no inline handlers, nothing from elsewhere.
// Usage: node scripts/csp.mjs [dist]   (idempotent; run by scripts/bundle.mjs)
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const file = join(process.argv[2] ?? 'dist', 'index.html');
let html = readFileSync(file, 'utf8').replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
const hashes = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map(
  ([, body]) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`,
);
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
html = html.replace(/(<meta charset="utf-8">)/i, `$1\n  <meta http-equiv="Content-Security-Policy" content="${policy}">`);
if (!html.includes('Content-Security-Policy')) {
  console.error('csp: no <meta charset="utf-8"> to put the policy after');
  process.exit(1);
}
writeFileSync(file, html);
console.log(`csp: ${hashes.length} inline script(s) allowed by hash`);

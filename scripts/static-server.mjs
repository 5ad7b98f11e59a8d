#!/usr/bin/env node
// A tiny static file server, like any static host: no rewrites, no server logic. It serves a folder
// at a base path (e.g. /cchc/), with brotli or gzip when the browser accepts it, as real hosts do.
//
//   node scripts/static-server.mjs --dir dist --base /cchc/ --port 8080
//
// Used by `scripts/serve` (for people) and by the end-to-end tests (for machines).

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []),
);
const root = resolve(args.dir ?? 'dist');
const base = (args.base ?? '/').replace(/\/?$/, '/');
const port = Number(args.port ?? 8080);
const host = args.host ?? '127.0.0.1';

const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};
const compressible = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.svg', '.webmanifest']);
const cache = new Map();

async function body(path, encoding, mtime) {
  const key = `${path}|${encoding}|${mtime}`;
  if (cache.has(key)) return cache.get(key);
  const raw = await readFile(path);
  const out =
    encoding === 'br'
      ? brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
      : encoding === 'gzip'
        ? gzipSync(raw, { level: 9 })
        : raw;
  cache.set(key, out);
  return out;
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/' && base !== '/') {
      res.writeHead(302, { location: base }).end();
      return;
    }
    if (!url.pathname.startsWith(base)) {
      res.writeHead(404).end('not found');
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(base.length)) || 'index.html';
    const file = normalize(join(root, rel));
    if (!file.startsWith(root + sep) && file !== root) {
      res.writeHead(403).end();
      return;
    }
    let path = file;
    const info = await stat(path).catch(() => null);
    let mtime = info?.mtimeMs;
    if (info?.isDirectory()) {
      path = join(path, 'index.html');
      mtime = (await stat(path).catch(() => null))?.mtimeMs;
    } else if (!info) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const ext = extname(path);
    const accept = String(req.headers['accept-encoding'] ?? '');
    const encoding = compressible.has(ext) ? (accept.includes('br') ? 'br' : accept.includes('gzip') ? 'gzip' : null) : null;
    const data = await body(path, encoding, mtime);
    const headers = {
      'content-type': types[ext] ?? 'application/octet-stream',
      'content-length': data.length,
      'cache-control': ext === '.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
      vary: 'accept-encoding',
    };
    if (encoding) headers['content-encoding'] = encoding;
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : data);
  } catch (e) {
    res.writeHead(500).end(String(e));
  }
});

server.listen(port, host, () => {
  console.log(`Serving ${root} at http://${host}:${server.address().port}${base}`);
});

#!/usr/bin/env node
// Start-up time of the release bundle as a returning user sees it: from navigation to the first
// start screen (nothing stored) and to the overview's cards (the sample stored), through the
// service worker (after a first visit), in the system Chromium, unthrottled. Prints the median of
// 9 reloads each, and every run. A figure for docs/performance.md, not a timed test.
//
// Usage: node scripts/startup.mjs [dist-folder]   (after ./scripts/build)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chromium } from 'playwright-core';

const dir = process.argv[2] ?? 'dist';
const root = new URL('..', import.meta.url).pathname;
const server = spawn(process.execPath, [`${root}scripts/static-server.mjs`, '--dir', dir, '--base', '/cchc/', '--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let out = '';
while (!/http:\/\/\S+/.test(out)) out += (await once(server.stdout, 'data'))[0];
const url = out.match(/http:\/\/\S+/)[0];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
});
try {
  const page = await (await browser.newContext({ serviceWorkers: 'allow' })).newPage();
  await page.goto(url + '#/');
  await page.getByRole('button', { name: 'Bắt đầu' }).waitFor();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);

  /** Milliseconds from navigation until `selector` is on the page, for `n` reloads. */
  async function times(selector, n = 9) {
    const t = [];
    for (let i = 0; i < n; i++) {
      await page.reload();
      await page.waitForFunction((s) => document.querySelector(s) !== null, selector, { polling: 'raf' });
      t.push(Math.round(await page.evaluate(() => performance.now())));
    }
    return t.sort((a, b) => a - b);
  }
  const empty = await times('form.who');
  await page.getByText('Hoặc xem thử với dữ liệu mẫu').click();
  await page.getByText('ĐANG XEM DỮ LIỆU MẪU').waitFor();
  await page.waitForFunction(() => localStorage.getItem('cchc.sample.v1') !== null);
  const stored = await page.evaluate(() => localStorage.getItem('cchc.sample.v1').length);
  const withData = await times('main .card');
  const median = (a) => a[a.length >> 1];
  console.log(`first start screen, nothing stored:      median ${median(empty)} ms  (${empty.join(', ')})`);
  console.log(`overview, the sample stored (${(stored / 1024).toFixed(0)} K chars): median ${median(withData)} ms  (${withData.join(', ')})`);
} finally {
  await browser.close();
  server.kill();
}

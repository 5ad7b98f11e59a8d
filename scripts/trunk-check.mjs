#!/usr/bin/env node
// Checks that what `trunk build` wrote (the development build, unsplit) is an app that starts:
// serves the folder, opens it in the system Chromium, and waits for the first start screen with
// no error in the console. Usage: node scripts/trunk-check.mjs [dir]   (default target/trunk-dist)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chromium } from 'playwright-core';

const dir = process.argv[2] ?? 'target/trunk-dist';
const server = spawn(process.execPath, ['scripts/static-server.mjs', '--dir', dir, '--base', '/', '--port', '0'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let out = '';
while (!/http:\/\/\S+/.test(out)) out += (await once(server.stdout, 'data'))[0];
const url = out.match(/http:\/\/\S+/)[0];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
});
let failed = false;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    // The development build has no service worker: its registration failing is expected.
    const noWorker = /sw\.js|ServiceWorker|fetching the script/i.test(m.text()) || /sw\.js$/.test(m.location()?.url ?? '');
    if (m.type() === 'error' && !noWorker) errors.push(m.text());
  });
  await page.goto(url + '#/');
  await page.getByRole('button', { name: 'Bắt đầu' }).waitFor({ timeout: 30_000 });
  // Another page, drawn in place (no split module in this build).
  await page.goto(url + '#/ke-hoach');
  await page.locator('main h1').first().waitFor({ timeout: 30_000 });
  if (errors.length) throw new Error(errors.join('\n'));
  console.log(`trunk build: the app starts (${url})`);
} catch (e) {
  console.error(`trunk build: the app does not start: ${e.message}`);
  failed = true;
} finally {
  await browser.close();
  server.kill();
}
process.exit(failed ? 1 : 0);

// The Content-Security-Policy (issue 12): the built page carries it, and a crawl of every page
// with the sample data — charts, reports, the plan editor, a download — records no violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { go, openPage, openSample, suite } from './helpers.mjs';

const env = suite();

test('every page runs under the Content-Security-Policy with no violation', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true });
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const page = await openPage(context);
  const policy = await (await fetch(env.url)).text();
  assert.match(policy, /<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  assert.doesNotMatch(policy, /unsafe-inline/);
  await openSample(page, env.url);
  const pages = ['#/', '#/ke-hoach', '#/ke-hoach/nhiem-vu/3', '#/ke-hoach-cac-nam', '#/nhiem-vu', '#/nhiem-vu/2.1',
    '#/so-lieu/2024-09', '#/khao-sat', '#/chi-tieu', '#/chi-tieu/dung_han', '#/chi-tieu/hai_long_giao_duc/q3',
    '#/lich-bao-cao', '#/bao-cao/q3', '#/bao-cao/year', '#/don-vi', '#/du-lieu', '#/gui-nhan'];
  for (const hash of pages) {
    await go(page, env.url, hash);
    await page.waitForTimeout(100);
  }
  // A plan copied and opened in the editor, and a download through a Blob URL.
  await go(page, env.url, '#/ke-hoach-cac-nam');
  await page.getByRole('button', { name: 'Tạo kế hoạch năm 2025 từ kế hoạch này' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sửa kế hoạch năm 2025' }).waitFor();
  await go(page, env.url, '#/bao-cao/q3');
  await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải JSON' }).click()]);
  const violations = await page.evaluate(() => window.__cspViolations);
  assert.deepEqual(violations, []);
  assert.deepEqual(page.errors.filter((e) => /Content Security Policy/i.test(e)), []);
  assert.deepEqual(page.errors, []);
  await context.close();
});

#!/usr/bin/env node
// Screenshots of every page at 360 × 780 (a phone) and 1280 × 900, with the sample data, from the
// release build in dist/ served under /cchc/ — for looking at what users see before resolving a
// change. Usage: node scripts/screenshots.mjs [out-dir]   (after ./scripts/build)
import { mkdirSync } from 'node:fs';
import { serve, launch, openPage, openSample, go } from '../tests/e2e/helpers.mjs';

const out = process.argv[2] ?? 'screenshots';
mkdirSync(out, { recursive: true });
const pages = [
  '#/', '#/ke-hoach', '#/ke-hoach-cac-nam', '#/nhiem-vu', '#/nhiem-vu/2.1', '#/so-lieu/2024-09',
  '#/khao-sat', '#/chi-tieu', '#/chi-tieu/dung_han', '#/chi-tieu/hai_long_giao_duc', '#/lich-bao-cao', '#/bao-cao/q3',
  '#/don-vi', '#/du-lieu', '#/gui-nhan', '#/ke-hoach-moi',
];
const server = await serve();
const browser = await launch();
for (const [width, height] of [[360, 780], [1280, 900]]) {
  const context = await browser.newContext({ viewport: { width, height }, isMobile: width < 400, hasTouch: width < 400 });
  const page = await openPage(context);
  // The first start, before any data: who the user is, or making the unit's own plan.
  await go(page, server.url, '#/');
  await page.screenshot({ path: `${out}/bat-dau-${width}.png`, fullPage: true });
  await openSample(page, server.url);
  for (const hash of pages) {
    await go(page, server.url, hash);
    await page.waitForTimeout(200);
    const name = hash.replace(/^#\/?/, '').replace(/[^a-z0-9._-]+/gi, '_') || 'tong-quan';
    await page.screenshot({ path: `${out}/${name}-${width}.png`, fullPage: true });
  }
  // The import preview: a good file (a school the sample office does not know) and a bad one.
  await go(page, server.url, '#/gui-nhan');
  await page.locator('#receive-files').setInputFiles(['tests/hostile/valid.json', 'tests/hostile/stale-checksum.json']);
  await page.getByRole('button', { name: 'Áp dụng', exact: true }).waitFor();
  await page.screenshot({ path: `${out}/gui-nhan-xem-truoc-${width}.png`, fullPage: true });
  // The unit above's sample: its targets, one target by office and level, its exchange page.
  await page.locator('.banner-sample').getByRole('button', { name: 'Thoát dữ liệu mẫu' }).click();
  await page.locator('.banner-sample').waitFor({ state: 'detached' });
  await go(page, server.url, '#/');
  await page.getByLabel(/Đơn vị cấp trên, nhận tệp/).check();
  await page.getByRole('button', { name: 'Hoặc xem thử với dữ liệu mẫu' }).click();
  await page.locator('.banner-sample').waitFor();
  for (const hash of ['#/', '#/chi-tieu', '#/chi-tieu/van_ban_dien_tu', '#/gui-nhan', '#/don-vi', '#/bao-cao/q3']) {
    await go(page, server.url, hash);
    await page.waitForTimeout(200);
    const name = hash.replace(/^#\/?/, '').replace(/[^a-z0-9._-]+/gi, '_') || 'tong-quan';
    await page.screenshot({ path: `${out}/cap-tren-${name}-${width}.png`, fullPage: true });
  }
  if (page.errors.length) console.error(page.errors);
  await context.close();
}
await browser.close();
server.stop();
console.log(`${(pages.length + 8) * 2} screenshots in ${out}/`);

// Charts: entering figures changes the trend; a hostile school name shows as text and runs nothing;
// every chart has a title, a description and its numbers as a table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { go, openPage, openSample, startAsOffice, suite } from './helpers.mjs';

const env = suite();

const points = (page) => page.locator('figure.chart').first().locator('svg circle[fill="#0B4F8A"]').count();

async function enter(page, month, values) {
  await go(page, env.url, `#/so-lieu/${month}`);
  for (const [field, v] of Object.entries(values)) await page.locator(`#fig-${field}`).fill(String(v));
}

test('entering figures changes the trend chart', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  await startAsOffice(page, env.url);
  await enter(page, '2024-01', { hs_gq_dung_han: 50, hs_gq_qua_han: 0 });
  await go(page, env.url, '#/chi-tieu/dung_han');
  const chart = page.locator('figure.chart').first();
  assert.equal(await points(page), 1);
  const svg = chart.locator('svg');
  assert.equal(await svg.getAttribute('role'), 'img');
  assert.match(await svg.locator('title').textContent(), /Tỷ lệ giải quyết hồ sơ TTHC đúng hạn theo tháng năm 2024/);
  assert.match(await svg.locator('desc').textContent(), /Có số liệu 1 tháng/);

  await enter(page, '2024-03', { hs_gq_dung_han: 40, hs_gq_qua_han: 10 });
  await go(page, env.url, '#/chi-tieu/dung_han');
  assert.equal(await points(page), 2, 'March is a new point; February stays a gap');
  assert.match(await page.locator('figure.chart svg desc').first().textContent(), /Có số liệu 2 tháng; lũy kế đến Tháng 3\/2024: 90,00 %/);
  // The table alternative has the same numbers.
  await page.locator('figure.chart').first().getByText('Xem bảng số liệu').click();
  const table = await page.locator('figure.chart').first().locator('table').innerText();
  assert.match(table, /T1\s+100,00 % \(50 \/ 50\)/);
  assert.match(table, /T2\s+—/);
  assert.match(table, /T3\s+80,00 % \(40 \/ 50\)\s+90,00 % \(90 \/ 100\)/);

  // The dashboard draws a small trend for every target (with the charts' code, which comes after
  // the cards).
  await go(page, env.url, '#/');
  await page.locator('.target-card .spark svg').first().waitFor();
  assert.equal(await page.locator('.target-card .spark svg').count(), await page.locator('.target-card').count());
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a school named like markup shows as text and runs nothing', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  let dialogs = 0;
  page.on('dialog', async (d) => {
    dialogs += 1;
    await d.dismiss();
  });
  await page.addInitScript(() => {
    window.__pwned = false;
    window.alert = () => { window.__pwned = true; };
  });
  await startAsOffice(page, env.url);
  const evil = '"><svg onload=alert(1)><img src=x onerror=alert(2)>';
  await go(page, env.url, '#/don-vi');
  await page.locator('#new-name').fill(evil);
  await page.locator('#new-level').selectOption({ label: 'Tiểu học' });
  await page.getByRole('button', { name: 'Thêm trường' }).click();
  await page.locator('#new-name').fill('Trường Tiểu học Bình Thường');
  await page.locator('#new-level').selectOption({ label: 'Tiểu học' });
  await page.getByRole('button', { name: 'Thêm trường' }).click();

  // Figures for both schools, entered by the office on their behalf.
  for (const [name, total, electronic] of [[evil, 10, 8], ['Trường Tiểu học Bình Thường', 10, 10]]) {
    await go(page, env.url, '#/so-lieu/2024-02');
    await page.locator('#figures-unit').selectOption({ label: name });
    await page.locator('#fig-vb_tong').fill(String(total));
    await page.locator('#fig-vb_dien_tu').fill(String(electronic));
  }
  await go(page, env.url, '#/chi-tieu/van_ban_dien_tu');
  const compare = page.locator('figure.chart').nth(1);
  await compare.waitFor();
  assert.ok((await compare.locator('svg text').allTextContents()).some((t) => t.includes('"><svg onload=alert(1)>')));
  assert.equal(await compare.locator('svg svg, svg img, img').count(), 0, 'no element was created from the name');
  assert.ok((await compare.locator('svg').innerHTML()).includes('▼ dưới chỉ tiêu'));
  await page.waitForTimeout(300);
  assert.equal(dialogs, 0);
  assert.equal(await page.evaluate(() => window.__pwned), false);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('survey results are drawn as stacked bars with their table', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  await openSample(page, env.url);
  await go(page, env.url, '#/khao-sat/mau-thcs-cuu-long-ks-hs');
  const chart = page.locator('figure.chart', { hasText: 'Phân bố mức độ hài lòng' });
  await chart.waitFor();
  assert.match(await chart.locator('svg desc').textContent(), /Toàn bộ phiếu: \d+,\d\d % hài lòng/);
  assert.ok((await chart.locator('svg rect').count()) > 50);
  // The office's comparison of schools' satisfaction.
  await go(page, env.url, '#/khao-sat');
  assert.match(await page.locator('figure.chart svg title').first().textContent(), /So sánh các trường/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

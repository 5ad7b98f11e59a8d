// A school tallies a survey round, sees the rates, reloads and finds them; the office sees the
// schools' results summed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { go, openPage, openSample, startAsSchool, suite, waitSaved } from './helpers.mjs';

const env = suite();

/** A new school, and a new survey round of it, open on its tally grid. */
async function newRound(context) {
  const page = await openPage(context);
  await startAsSchool(page, env.url);
  await go(page, env.url, '#/khao-sat');
  await page.getByRole('button', { name: 'Tạo đợt khảo sát' }).click();
  await page.locator('table.tally').waitFor();
  return page;
}

const cell = (page, row, col) => page.locator('table.tally tbody tr:not(.group-row)').nth(row).locator('input').nth(col);

test('a school fills a tally grid, sees the rates, reloads and finds them', async () => {
  const context = await env.browser.newContext();
  const page = await newRound(context);
  await page.getByLabel('Số phiếu thu về').fill('10');

  // Row 1 typed with the keyboard: 0 0 1 4 5, no blank; Tab moves across the row.
  await cell(page, 0, 0).click();
  for (const v of ['0', '0', '1', '4', '5', '0']) {
    await page.keyboard.type(v);
    await page.keyboard.press('Tab');
  }
  // Row 2 pasted from a spreadsheet: one form missing from the count.
  await cell(page, 1, 0).focus();
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.setData('text', '1\t1\t2\t3\t2\t0\n');
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  });
  // Row 3 with Enter moving on: 0 0 0 0 10.
  await cell(page, 2, 0).click();
  for (const v of ['0', '0', '0', '0', '10', '0']) {
    await page.keyboard.type(v);
    await page.keyboard.press('Enter');
  }

  const rows = page.locator('table.tally tbody tr:not(.group-row)');
  assert.match(await rows.nth(0).innerText(), /10\s+✓ khớp/);
  assert.match(await rows.nth(1).innerText(), /9\s+−1/);
  assert.equal(await cell(page, 1, 3).inputValue(), '3');
  assert.match(await page.locator('main').innerText(), /1 hàng chưa khớp với số phiếu thu về/);

  const results = page.locator('table.survey-results');
  // Criterion 1: (4 + 5) / 10 = 90,00 %, mean (3 + 16 + 25) / 10 = 4,40.
  assert.match(await results.locator('tr', { hasText: 'Thông tin tuyển sinh' }).innerText(), /90,00 %\s+4,40/);
  // Criterion 2: (3 + 2) / 9 = 55,555… → 55,56 %, mean (1 + 2 + 6 + 12 + 10) / 9 = 3,44.
  assert.match(await results.locator('tr', { hasText: 'Thủ tục nhập học' }).innerText(), /55,56 %\s+3,44/);
  // The area sums its criteria: (9 + 5 + 10) / 29 = 82,758… → 82,76 %.
  assert.match(await results.locator('tr', { hasText: 'Tiếp cận dịch vụ giáo dục' }).innerText(), /29\s+82,76 %/);

  await waitSaved(page, '"tallies"');
  await page.waitForTimeout(600);
  await page.reload();
  await page.locator('table.tally').waitFor();
  assert.equal(await cell(page, 0, 4).inputValue(), '5');
  assert.equal(await cell(page, 1, 0).inputValue(), '1');
  assert.equal(await cell(page, 2, 4).inputValue(), '10');
  assert.match(await page.locator('table.survey-results tr', { hasText: 'Thông tin tuyển sinh' }).innerText(), /90,00 %/);

  // The dashboard's satisfaction target now has a rate from the survey.
  await go(page, env.url, '#/chi-tieu/hai_long_giao_duc');
  assert.match(await page.locator('main').innerText(), /24 \/ 29\s+82,76 %/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a cell that is not a whole number is flagged and not saved', async () => {
  const context = await env.browser.newContext();
  const page = await newRound(context);
  await cell(page, 0, 0).fill('2,5');
  assert.equal(await cell(page, 0, 0).getAttribute('aria-invalid'), 'true');
  await cell(page, 0, 1).fill('3');
  await page.waitForTimeout(700);
  const stored = await page.evaluate(() => localStorage.getItem('cchc.data.v1'));
  assert.match(stored, /"tc1":\[0,3,0,0,0,0,\d+\]/);
  await context.close();
});

test('the office sees results per school, per level and overall, summed', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  await openSample(page, env.url);
  await go(page, env.url, '#/khao-sat');
  const table = page.locator('table.office-survey');
  const text = await table.innerText();
  assert.match(text, /Trường Tiểu học Họa Mi \(mẫu\)[^\n]*Không đạt/);
  assert.match(text, /Toàn ngành/);
  assert.match(text, /Mầm non/);
  // The sector total equals the sum of the schools' answers.
  const numbers = await table.locator('tbody').first().locator('tr').evaluateAll((rows) =>
    rows.map((r) => Number(r.cells[1].innerText.replace(/\./g, ''))),
  );
  const total = Number((await table.locator('tbody.totals td').first().innerText()).replace(/\./g, ''));
  assert.equal(total, numbers.reduce((a, b) => a + b, 0));
  assert.deepEqual(page.errors, []);
  await context.close();
});

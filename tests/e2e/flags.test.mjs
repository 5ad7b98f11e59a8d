// Flags for a second look (issue 31, item 2): a figure ten times the median of the school's own
// months is flagged where it is typed and in the office's import preview, with its rule and its
// numbers; a flag never blocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  asFile, download, go, openPage, startAsOffice, startAsSchool, suite, typeMonth, waitFigure, waitSaved,
} from './helpers.mjs';

const env = suite();
const FLAG = 'Cần xem lại: 40 lớn hơn 3 lần trung vị (4,5) của 2 tháng gần nhất có số liệu.';

test('ten times the median is flagged on entry and in the preview, and nothing is blocked', async () => {
  const school = await env.browser.newContext({ acceptDownloads: true });
  const page = await openPage(school, { now: '2024-04-05T09:00:00+07:00' });
  await startAsSchool(page, env.url);
  await typeMonth(page, env.url, '2024-01', { vb_tong: 50, vb_dien_tu: 4 });
  await typeMonth(page, env.url, '2024-02', { vb_tong: 50, vb_dien_tu: 5 });
  await typeMonth(page, env.url, '2024-03', { vb_tong: 50, vb_dien_tu: 40 });
  await waitFigure(page, '2024-03', 'vb_dien_tu', 40);
  const flag = page.locator('#fig-vb_dien_tu').locator('xpath=ancestor::div[contains(@class, "figure")]').locator('.field-flag');
  const text = await flag.innerText();
  assert.ok(text.includes(FLAG), text);
  // The rate moved too: 10 % in February, 80 % in March.
  assert.match(text, /lệch 70,00 điểm % so với 10,00 % của tháng 02\/2024 \(quá 20 điểm\)/);
  // February, in line with January, is not flagged.
  await go(page, env.url, '#/so-lieu/2024-02');
  assert.equal(await page.locator('.field-flag:not(:empty)').count(), 0);

  // The school sends everything so far; the office's preview flags March.
  await go(page, env.url, '#/gui-nhan');
  await page.locator('#send-period').selectOption('all');
  const file = await download(page, () => page.getByRole('button', { name: 'Tải tệp gửi Phòng GD&ĐT' }).click());
  const office = await env.browser.newContext();
  const op = await openPage(office, { now: '2024-04-06T09:00:00+07:00' });
  await startAsOffice(op, env.url);
  await go(op, env.url, '#/gui-nhan');
  await op.locator('#receive-files').setInputFiles([asFile(file)]);
  const apply = op.getByRole('button', { name: 'Áp dụng', exact: true });
  await apply.waitFor();
  const flagged = op.locator('.import-file .flag');
  assert.equal(await flagged.count(), 1, 'only March is far from its months');
  assert.equal(await flagged.innerText(), FLAG);
  assert.equal(await apply.isDisabled(), false, 'a flag never blocks');
  await apply.click();
  await waitSaved(op, '"received"');

  // The office looks at the school's March and marks the flag as checked: it stays quiet, after a
  // reload too, until the figure changes.
  await go(op, env.url, '#/so-lieu/2024-03');
  await op.locator('#figures-unit').selectOption({ label: 'Trường Tiểu học Thử Nghiệm' });
  const field = op.locator('#fig-vb_dien_tu').locator('xpath=ancestor::div[contains(@class, "figure")]');
  assert.ok((await field.locator('.field-flag').innerText()).includes(FLAG));
  await field.getByRole('button', { name: 'Đã kiểm tra: số liệu đúng' }).click();
  await waitSaved(op, '"checked"');
  await op.reload();
  await op.locator('#figures-unit').selectOption({ label: 'Trường Tiểu học Thử Nghiệm' });
  await field.getByText(/Cảnh báo đã được đánh dấu kiểm tra lúc/).waitFor();
  assert.equal(await field.locator('.field-flag').count(), 0);
  await op.locator('#fig-vb_dien_tu').fill('41');
  await field.locator('.field-flag').waitFor();
  assert.deepEqual(page.errors, []);
  assert.deepEqual(op.errors, []);
  await school.close();
  await office.close();
});

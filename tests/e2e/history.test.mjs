// Where a value came from and what it was (issue 31, item 1): a school sends 40 electronic
// documents for March, the office imports the file; the school corrects 40 → 4 and sends its
// second revision; the office imports it. The office's history of the value shows 40 from the
// first file and 4 from the second, each file named with its revision; the totals use 4.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  asFile, download, go, openPage, startAsOffice, startAsSchool, suite, typeMonth, waitFigure, waitSaved,
} from './helpers.mjs';

const env = suite();

async function sendAll(page) {
  await go(page, env.url, '#/gui-nhan');
  await page.locator('#send-period').selectOption('all');
  return download(page, () => page.getByRole('button', { name: 'Tải tệp gửi Phòng GD&ĐT' }).click());
}

async function receive(op, file) {
  await go(op, env.url, '#/gui-nhan');
  await op.locator('#receive-files').setInputFiles([asFile(file)]);
  await op.getByRole('button', { name: 'Áp dụng', exact: true }).click();
  await op.waitForFunction((name) => localStorage.getItem('cchc.data.v1')?.includes(name), file.name);
}

test("a value's history names the file and revision that brought each value", async () => {
  const school = await env.browser.newContext({ acceptDownloads: true });
  const page = await openPage(school, { now: '2024-04-05T09:00:00+07:00' });
  await startAsSchool(page, env.url);
  await typeMonth(page, env.url, '2024-03', { vb_tong: 50, vb_dien_tu: 40 });
  await waitFigure(page, '2024-03', 'vb_dien_tu', 40);
  const first = await sendAll(page);
  assert.match(first.name, /-r1-/);

  const office = await env.browser.newContext();
  const op = await openPage(office, { now: '2024-04-06T09:00:00+07:00' });
  await startAsOffice(op, env.url);
  await receive(op, first);

  // The school corrects 40 → 4 and sends its second revision, a day later.
  await page.clock.setFixedTime(new Date('2024-04-07T09:00:00+07:00'));
  await typeMonth(page, env.url, '2024-03', { vb_dien_tu: 4 });
  await waitFigure(page, '2024-03', 'vb_dien_tu', 4);
  // The school's own history says it typed both.
  const own = page.locator('#fig-vb_dien_tu').locator('xpath=ancestor::div[contains(@class, "figure")]').locator('details.history');
  await own.locator('summary').click();
  assert.match(await own.innerText(), /40 — nhập tại đây[\s\S]*4 — nhập tại đây/);
  const second = await sendAll(page);
  assert.match(second.name, /-r2-/);

  await op.clock.setFixedTime(new Date('2024-04-08T09:00:00+07:00'));
  await receive(op, second);
  await op.reload();
  await go(op, env.url, '#/so-lieu/2024-03');
  await op.locator('#figures-unit').selectOption({ label: 'Trường Tiểu học Thử Nghiệm' });
  assert.equal(await op.locator('#fig-vb_dien_tu').inputValue(), '4');
  const history = op.locator('#fig-vb_dien_tu').locator('xpath=ancestor::div[contains(@class, "figure")]').locator('details.history');
  await history.locator('summary').click();
  const lines = await history.locator('li').allInnerTexts();
  assert.equal(lines.length, 2, lines.join('\n'));
  assert.match(lines[0], new RegExp(`^40 — tệp ${first.name.replace(/\./g, '\\.')} \\(lần 1\\)`));
  assert.match(lines[1], new RegExp(`^4 — tệp ${second.name.replace(/\./g, '\\.')} \\(lần 2\\)`));

  // The totals use 4: electronic documents 4 of 50 for the school (the office typed nothing).
  await go(op, env.url, '#/chi-tieu/van_ban_dien_tu');
  assert.match(await op.locator('main').innerText(), /4\s*\/\s*50/);
  await waitSaved(op, '"history"');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(op.errors, []);
  await school.close();
  await office.close();
});

// Sent periods (issue 31, item 4): after a school sends a period, a month of it says so where it
// is edited; an edit after sending makes the dashboard and the exchange page ask for the corrected
// file, with its revision, until it goes out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { download, go, openPage, startAsSchool, suite, typeMonth, waitFigure, waitSaved } from './helpers.mjs';

const env = suite();
const SEND = 'Tải tệp gửi Phòng GD&ĐT';

test('an edit to a sent month asks for the corrected file until it is sent', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true });
  const page = await openPage(context, { now: '2024-03-01T09:00:00+07:00' });
  await startAsSchool(page, env.url);
  await typeMonth(page, env.url, '2024-02', { vb_tong: 40, vb_dien_tu: 4 });
  await waitFigure(page, '2024-02', 'vb_dien_tu', 4);

  // Quý I (January and February) goes out as revision 1.
  await go(page, env.url, '#/gui-nhan');
  const first = await download(page, () => page.getByRole('button', { name: SEND }).click());
  assert.equal(JSON.parse(first.buffer.toString('utf8')).revision, 1);
  await waitSaved(page, '"sent"');
  await go(page, env.url, '#/');
  assert.doesNotMatch(await page.locator('main').innerText(), /đã sửa sau khi gửi/);

  // The February page says the month was sent; March's does not.
  await go(page, env.url, '#/so-lieu/2024-02');
  assert.match(await page.locator('main').innerText(), /Tháng này thuộc kỳ đã gửi cho Phòng GD&ĐT \(Quý I\/2024, bản r1\)/);
  await go(page, env.url, '#/so-lieu/2024-03');
  assert.doesNotMatch(await page.locator('main').innerText(), /Tháng này thuộc kỳ đã gửi/);

  // A day later the school corrects February: a corrected file must go out, as revision 2.
  await page.clock.setFixedTime(new Date('2024-03-02T09:00:00+07:00'));
  await typeMonth(page, env.url, '2024-02', { vb_dien_tu: 5 });
  await waitFigure(page, '2024-02', 'vb_dien_tu', 5);
  await go(page, env.url, '#/');
  const notice = page.locator('.resend');
  assert.match(await notice.innerText(), /Quý I\/2024: đã sửa sau khi gửi — cần gửi lại bản sửa r2\./);
  await notice.getByRole('link', { name: 'Gửi lại bản sửa' }).click();
  await page.getByRole('button', { name: SEND }).waitFor();
  assert.match(await page.locator('main').innerText(), /cần gửi lại bản sửa r2/);
  const second = await download(page, () => page.getByRole('button', { name: SEND }).click());
  const doc = JSON.parse(second.buffer.toString('utf8'));
  assert.equal(doc.revision, 2);
  assert.equal(doc.data.figures['2024-02'].vb_dien_tu, 5);
  await go(page, env.url, '#/');
  assert.equal(await page.locator('.resend').count(), 0, 'sent again: nothing more to ask');
  assert.deepEqual(page.errors, []);
  await context.close();
});

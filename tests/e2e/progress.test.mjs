// Tracking progress: figures and task statuses survive a reload, invalid values are refused beside
// their field, two tabs do not lose each other's edits, and sample data comes and goes cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { go, openPage, startAsOffice, storedFigure, suite, waitSaved } from './helpers.mjs';

const env = suite();

test('figures and task statuses are kept across a reload', async () => {
  const context = await env.browser.newContext();
  // 15/04/2024: the year so far is January–March, so March's in-progress dossiers count.
  const page = await openPage(context, { now: '2024-04-15T09:00:00+07:00' });
  await startAsOffice(page, env.url);

  await go(page, env.url, '#/so-lieu/2024-03');
  // Keyboard entry: type, Enter moves to the next field.
  await page.locator('#fig-hs_tiep_nhan').fill('120');
  await page.locator('#fig-hs_tiep_nhan').press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'fig-hs_gq_truoc_han');
  await page.keyboard.type('20');
  await page.locator('#fig-hs_gq_dung_han').fill('95');
  await page.locator('#fig-hs_gq_qua_han').fill('3');
  await page.locator('#fig-hs_dang_trong_han').fill('2');
  await page.locator('#fig-hs_dang_qua_han').fill('0');

  await go(page, env.url, '#/nhiem-vu');
  await page.getByLabel('Tình trạng 3.4').selectOption({ label: 'Đã hoàn thành' });
  await page.getByLabel('Tình trạng 1.2').selectOption({ label: 'Đang thực hiện' });
  await waitSaved(page, '"3.4"');

  await page.reload();
  await page.locator('main h1').waitFor();
  assert.equal(await page.getByLabel('Tình trạng 3.4').inputValue(), 'done');
  assert.equal(await page.getByLabel('Tình trạng 1.2').inputValue(), 'in_progress');
  await go(page, env.url, '#/so-lieu/2024-03');
  assert.equal(await page.locator('#fig-hs_tiep_nhan').inputValue(), '120');
  assert.equal(await page.locator('#fig-hs_gq_qua_han').inputValue(), '3');

  // The on-time rate follows from the figures: (20 + 95 + 2) / (20 + 95 + 3 + 2 + 0) = 97,50 %.
  await go(page, env.url, '#/chi-tieu/dung_han');
  const main = await page.locator('main').innerText();
  assert.match(main, /117 \/ 120/);
  assert.match(main, /97,50 %/);
  assert.match(main, /Không đạt/);
  assert.match(main, /Cần thêm 30 hồ sơ đúng hạn/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a task gets a day-first due date, evidence, and shows as overdue', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  await startAsOffice(page, env.url);
  await go(page, env.url, '#/nhiem-vu/2.1');
  await page.locator('#task-due').fill('31/02/2024');
  await page.locator('#task-due').press('Tab');
  assert.match(await page.locator('#task-due-error').innerText(), /Ngày không hợp lệ/);
  await page.locator('#task-due').fill('1/2/2024');
  await page.locator('#task-due').press('Tab');
  assert.equal(await page.locator('#task-due').inputValue(), '01/02/2024');
  assert.match(await page.locator('main').innerText(), /Quá hạn/);
  await page.locator('#ev-doc').fill('125/KH-GDĐT');
  await page.locator('#ev-date').fill('15/01/2024');
  await page.locator('#ev-link').fill('javascript:alert(1)');
  await page.getByRole('button', { name: 'Thêm tài liệu' }).click();
  assert.match(await page.locator('#ev-error').innerText(), /http/);
  await page.locator('#ev-link').fill('https://example.org/kh-125.pdf');
  await page.getByRole('button', { name: 'Thêm tài liệu' }).click();
  await page.locator('li.evidence').waitFor();
  assert.match(await page.locator('li.evidence').innerText(), /125\/KH-GDĐT\s+\(15\/01\/2024\)/);
  // The dashboard lists it as overdue.
  await go(page, env.url, '#/');
  assert.match(await page.locator('main').innerText(), /Nhiệm vụ 2\.1 quá hạn từ 01\/02\/2024/);
  // Deleting the evidence can be undone.
  await go(page, env.url, '#/nhiem-vu/2.1');
  await page.locator('li.evidence button').click();
  assert.equal(await page.locator('li.evidence').count(), 0);
  await page.locator('.toast').getByRole('button', { name: 'Hoàn tác' }).click();
  assert.equal(await page.locator('li.evidence').count(), 1);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('an invalid value is refused beside its field and never saved', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  await startAsOffice(page, env.url);
  await go(page, env.url, '#/so-lieu/2024-02');
  await page.locator('#fig-vb_tong').fill('40');
  await page.locator('#fig-vb_dien_tu').fill('41');
  assert.match(await page.locator('#fig-vb_dien_tu-error').innerText(), /Không được lớn hơn .*\(40\)/);
  await page.locator('#fig-hs_tiep_nhan').fill('-5');
  assert.match(await page.locator('#fig-hs_tiep_nhan-error').innerText(), /không được âm/i);
  await page.locator('#fig-hs_tiep_nhan').fill('abc');
  assert.match(await page.locator('#fig-hs_tiep_nhan-error').innerText(), /chữ số/);
  await waitSaved(page, '"vb_tong"');
  await page.waitForTimeout(700);
  const stored = await page.evaluate(() => localStorage.getItem('cchc.data.v1'));
  assert.ok(!stored.includes('"vb_dien_tu"'), 'the part above its whole was not saved');
  assert.ok(!stored.includes('"hs_tiep_nhan"'), 'the invalid count was not saved');
  await context.close();
});

test('two tabs editing at once lose neither edit', async () => {
  const context = await env.browser.newContext();
  const a = await openPage(context);
  await startAsOffice(a, env.url);
  await waitSaved(a);
  const b = await openPage(context);
  await go(b, env.url, '#/so-lieu/2024-05');
  await go(a, env.url, '#/so-lieu/2024-04');

  // Both type before either has heard of the other.
  await a.locator('#fig-vb_tong').fill('11');
  await b.locator('#fig-vb_tong').fill('22');
  await a.waitForTimeout(1000);

  // Each tab shows both edits, and so does storage.
  for (const [page, month] of [[a, '2024-05'], [b, '2024-04']]) {
    await go(page, env.url, `#/so-lieu/${month}`);
  }
  assert.equal(await a.locator('#fig-vb_tong').inputValue(), '22');
  assert.equal(await b.locator('#fig-vb_tong').inputValue(), '11');
  const stored = JSON.parse(await a.evaluate(() => localStorage.getItem('cchc.data.v1')));
  const unit = stored.data.me.v;
  assert.equal(storedFigure(stored, unit, '2024-04', 'vb_tong'), 11);
  assert.equal(storedFigure(stored, unit, '2024-05', 'vb_tong'), 22);

  // The same task edited in both tabs: each tab ends up with the later edit, no tab is stale.
  await go(a, env.url, '#/nhiem-vu/2.1');
  await go(b, env.url, '#/nhiem-vu/2.1');
  await a.locator('#task-assignee').fill('Nguyễn Văn An');
  await a.locator('#task-assignee').press('Tab');
  await a.waitForTimeout(700);
  assert.equal(await b.locator('#task-assignee').inputValue(), 'Nguyễn Văn An');
  await b.locator('#task-notes').fill('Đã gửi dự thảo');
  await b.locator('#task-notes').press('Tab');
  await b.waitForTimeout(700);
  assert.equal(await a.locator('#task-notes').inputValue(), 'Đã gửi dự thảo');
  assert.equal(await a.locator('#task-assignee').inputValue(), 'Nguyễn Văn An');
  assert.deepEqual([...a.errors, ...b.errors], []);
  await context.close();
});

test('closing the tab right after typing loses nothing', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  await startAsOffice(page, env.url);
  await go(page, env.url, '#/so-lieu/2024-06');
  await page.locator('#fig-vb_tong').fill('66');
  // Closed before the 400 ms debounce could fire: only the pagehide handler can have saved it.
  await page.close({ runBeforeUnload: true });
  // Chromium commits a closed page's localStorage to the browser process asynchronously.
  await new Promise((r) => setTimeout(r, 500));
  const again = await openPage(context);
  await go(again, env.url, '#/so-lieu/2024-06');
  assert.equal(await again.locator('#fig-vb_tong').inputValue(), '66');
  await context.close();
});

test('sample data shows every screen with data and leaves without a trace', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  await startAsOffice(page, env.url);
  await go(page, env.url, '#/so-lieu/2024-01');
  await page.locator('#fig-vb_tong').fill('5');
  await waitSaved(page, '"vb_tong"');
  const real = await page.evaluate(() => localStorage.getItem('cchc.data.v1'));

  await go(page, env.url, '#/du-lieu');
  await page.getByRole('button', { name: 'Xem dữ liệu mẫu' }).click();
  await page.getByText('ĐANG XEM DỮ LIỆU MẪU').waitFor();
  await go(page, env.url, '#/');
  const dash = await page.locator('main').innerText();
  assert.match(dash, /Phòng Giáo dục và Đào tạo Quận 6 \(mẫu\)/);
  assert.match(dash, /Không đạt/);
  await go(page, env.url, '#/nhiem-vu');
  assert.ok((await page.locator('.task-row').count()) > 50);
  await page.reload();
  await page.getByText('ĐANG XEM DỮ LIỆU MẪU').waitFor();

  await page.getByRole('button', { name: 'Thoát dữ liệu mẫu' }).click();
  await page.waitForFunction(() => !document.body.innerText.includes('ĐANG XEM DỮ LIỆU MẪU'));
  assert.equal(await page.evaluate(() => localStorage.getItem('cchc.sample.v1')), null);
  assert.equal(await page.evaluate(() => localStorage.getItem('cchc.data.v1')), real);
  await go(page, env.url, '#/so-lieu/2024-01');
  assert.equal(await page.locator('#fig-vb_tong').inputValue(), '5');
  assert.deepEqual(page.errors, []);
  await context.close();
});

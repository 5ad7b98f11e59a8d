// Backup and restore (part of issue 10): the backup downloaded from the Dữ liệu page restores the
// data it holds after a preview, as one step that can be undone; a newer or foreign file is
// refused and changes nothing; the dashboard reminds a user who has never backed up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { go, openPage, startAsOffice, suite, waitFigure, waitSaved } from './helpers.mjs';

const env = suite();

test('a backup restores what it holds, after a preview, and the restore can be undone', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true });
  const page = await openPage(context);
  await startAsOffice(page, env.url);
  await go(page, env.url, '#/so-lieu/2024-03');
  await page.locator('#fig-vb_tong').fill('12');
  await waitSaved(page, '"vb_tong"');
  await go(page, env.url, '#/');
  // Not minutes after the first start (issue 28)…
  assert.doesNotMatch(await page.locator('main').innerText(), /Đã lâu chưa sao lưu/);
  // …but a week on, with nothing backed up yet.
  await page.clock.setFixedTime(new Date('2024-10-23T09:00:00+07:00'));
  await page.reload();
  await page.locator('main h1').first().waitFor();
  assert.match(await page.locator('main').innerText(), /Đã lâu chưa sao lưu/);

  await go(page, env.url, '#/du-lieu');
  assert.match(await page.locator('main').innerText(), /Chưa tải bản sao lưu nào/);
  // How full the browser's storage is: a little data is 1 % (rounded up), no warning.
  assert.match(await page.locator('main').innerText(), /Dữ liệu đang chiếm khoảng 0,1 MB trong 10,0 MB bộ nhớ trình duyệt dành cho trang này \(1 %\)/);
  assert.doesNotMatch(await page.locator('main').innerText(), /sắp đầy/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('main').getByRole('button', { name: 'Tải bản sao lưu' }).click(),
  ]);
  const file = await download.path();
  assert.match(await page.locator('main').innerText(), /Bản sao lưu gần nhất: .* \(0 ngày trước\)/);
  await go(page, env.url, '#/');
  assert.doesNotMatch(await page.locator('main').innerText(), /Đã lâu chưa sao lưu/);

  // The figure changes after the backup…
  await go(page, env.url, '#/so-lieu/2024-03');
  await page.locator('#fig-vb_tong').fill('99');
  await waitFigure(page, '2024-03', 'vb_tong', 99);
  // …and the backup brings it back, once the preview is accepted.
  await go(page, env.url, '#/du-lieu');
  // The picker's button speaks Vietnamese whatever the browser's language (the input's own
  // "Choose File" does not); it opens the input's chooser, and the input keeps its label.
  assert.equal(await page.getByLabel('Tệp sao lưu (.json)').getAttribute('id'), 'restore-file');
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.locator('label.file-button[for="restore-file"]').filter({ hasText: 'Chọn tệp…' }).click(),
  ]);
  await chooser.setFiles(file);
  const preview = await page.getByRole('status').filter({ hasText: 'Tệp chứa' }).innerText();
  assert.match(preview, /Tệp chứa: 1 đơn vị, 1 số liệu/);
  assert.match(preview, /Sẽ thay thế toàn bộ dữ liệu hiện có: 1 đơn vị, 1 số liệu/);
  await page.getByRole('button', { name: 'Khôi phục', exact: true }).click();
  await go(page, env.url, '#/so-lieu/2024-03');
  assert.equal(await page.locator('#fig-vb_tong').inputValue(), '12');
  // Undo returns to what was there before the restore.
  await page.locator('.toast').getByRole('button', { name: 'Hoàn tác' }).click();
  assert.equal(await page.locator('#fig-vb_tong').inputValue(), '99');

  // A newer backup, or a plan file, is refused and changes nothing.
  await go(page, env.url, '#/du-lieu');
  await waitFigure(page, '2024-03', 'vb_tong', 99);
  await page.waitForTimeout(500);
  const before = await page.evaluate(() => localStorage.getItem('cchc.data.v1'));
  await page.locator('#restore-file').setInputFiles({
    name: 'moi-hon.json', mimeType: 'application/json',
    buffer: Buffer.from('{"format":"cchc-dataset","schema_version":99,"data":{}}'),
  });
  await page.locator('#restore-file ~ .field-error').filter({ hasText: 'moi-hon.json' }).waitFor();
  assert.match(await page.locator('#restore-file ~ .field-error').innerText(), /moi-hon\.json[\s\S]*mới hơn/);
  await page.waitForTimeout(600);
  assert.equal(await page.evaluate(() => localStorage.getItem('cchc.data.v1')), before);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the Dữ liệu page warns when the browser storage is nearly full', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  await go(page, env.url, '#/');
  // A stored dataset of about 3.8 million characters: 72 % of the 5 Mi UTF-16 units counted.
  const stored = {
    format: 'cchc-dataset', schema_version: 6, app_version: 'test', saved_at: 0,
    data: {
      me: { v: 'u-phong', t: 1 },
      units: { 'u-phong': { id: 'u-phong', kind: 'office', name: 'Phòng GD&ĐT', changed_at: 1 } },
      work: { 'pgddt-quan6-2024': { tasks: { 'u-phong': { '1.1': { status: 'in_progress', notes: 'x'.repeat(3_780_000), changed_at: 1 } } } } },
    },
  };
  await page.evaluate((raw) => localStorage.setItem('cchc.data.v1', raw), JSON.stringify(stored));
  await page.goto(env.url + '#/du-lieu');
  await page.reload();
  await page.locator('main h1').first().waitFor();
  const text = await page.locator('main').innerText();
  assert.match(text, /Dữ liệu đang chiếm khoảng 7,3 MB trong 10,0 MB .*\(73 %\)/);
  assert.match(text, /Bộ nhớ của trình duyệt sắp đầy/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the storage gauge counts what else the site stores, which shares the quota', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  await startAsOffice(page, env.url);
  // Another app served from the same origin (or anything else under it) takes 72 % of the quota.
  await page.evaluate(() => localStorage.setItem('ung-dung-khac', 'x'.repeat(3_790_000)));
  await page.reload();
  await go(page, env.url, '#/du-lieu');
  const text = await page.locator('main').innerText();
  assert.match(text, /Dữ liệu đang chiếm khoảng 7,3 MB trong 10,0 MB .*\(73 %\)/);
  assert.match(text, /Bộ nhớ của trình duyệt sắp đầy/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a past year is archived to a file, leaves the browser, and comes back', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true });
  const page = await openPage(context);
  await startAsOffice(page, env.url);
  await go(page, env.url, '#/so-lieu/2024-03');
  await page.locator('#fig-vb_tong').fill('12');
  await waitFigure(page, '2024-03', 'vb_tong', 12);
  await page.waitForTimeout(500);
  // A figure of 2023, as an earlier year's plan would have left it.
  await page.evaluate(() => {
    const doc = JSON.parse(localStorage.getItem('cchc.data.v1'));
    doc.data.figures[doc.data.me.v].vb_tong['2023'] = [null, null, null, null, [5, 1]];
    localStorage.setItem('cchc.data.v1', JSON.stringify(doc));
  });
  await page.reload();
  await go(page, env.url, '#/du-lieu');
  assert.equal(await page.getByRole('button', { name: 'Lưu trữ năm 2024 ra tệp' }).count(), 0, 'not the year in use');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Lưu trữ năm 2023 ra tệp' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'luu-tru-cchc-2023.json');
  const archived = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.equal(archived.format, 'cchc-archive');
  assert.equal(archived.year, 2023);
  assert.deepEqual(Object.values(archived.data.figures)[0], { vb_tong: { 2023: [null, null, null, null, [5, 1]] } });
  await page.waitForFunction(() => !localStorage.getItem('cchc.data.v1').includes('"2023":'));
  assert.ok((await page.evaluate(() => localStorage.getItem('cchc.data.v1'))).includes('"vb_tong":{"2024":[null,null,['));
  assert.match(await page.locator('main').innerText(), /Chưa có năm cũ nào để lưu trữ/);

  await page.locator('#archive-file').setInputFiles(await download.path());
  await page.getByText('Tệp lưu trữ năm 2023').waitFor();
  await page.getByRole('button', { name: 'Đưa trở lại' }).click();
  await page.waitForFunction(() => localStorage.getItem('cchc.data.v1').includes('"vb_tong":{"2023":[null,null,null,null,[5,1]],"2024":'));
  assert.deepEqual(page.errors, []);
  await context.close();
});

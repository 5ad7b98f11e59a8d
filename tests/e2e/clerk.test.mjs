// A clerk's day without traps (issue 28), in the exact scenarios of the issue: the office's own
// correction survives a school's later file that never touched it; a school is offered the late
// report first, in red; a school picks itself from the roster only on purpose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  addSchool, asFile, download, go, openPage, startAsOffice, startAsSchool, suite, typeMonth as typeMonthAt, waitFigure, waitSaved,
} from './helpers.mjs';

const env = suite();
const SCHOOL = 'Trường Tiểu học Thử Nghiệm';

/** Types figures for one month: { field: value }. */
const typeMonth = (page, month, values) => typeMonthAt(page, env.url, month, values);

/** The school's file for `report`. */
async function exportFor(page, report) {
  await go(page, env.url, '#/gui-nhan');
  await page.locator('#send-period').selectOption(report);
  return download(page, () => page.locator('main').getByRole('button', { name: 'Tải tệp gửi Phòng GD&ĐT' }).click());
}

async function choose(page, files) {
  await go(page, env.url, '#/gui-nhan');
  await page.locator('#receive-files').setInputFiles(files.map(asFile));
  await page.getByRole('button', { name: 'Áp dụng', exact: true }).waitFor();
}

test("the office's correction is not undone by a school's later file that never touched it", async () => {
  const school = await env.browser.newContext({ acceptDownloads: true });
  const sp = await openPage(school, { now: '2024-09-01T09:00:00+07:00' });
  await startAsSchool(sp, env.url);
  await typeMonth(sp, '2024-02', { vb_tong: 35, vb_dien_tu: 30 });
  await typeMonth(sp, '2024-03', { vb_tong: 20, vb_dien_tu: 20 });
  await waitFigure(sp, '2024-03', 'vb_dien_tu', 20);
  const r1 = await exportFor(sp, 'q3');

  const office = await env.browser.newContext();
  const op = await openPage(office, { now: '2024-09-02T09:00:00+07:00' });
  await startAsOffice(op, env.url);
  await choose(op, [r1]);
  await op.getByRole('button', { name: 'Áp dụng', exact: true }).click();
  await waitSaved(op, '"received"');
  // 07/09: the office corrects the school's February documents, 35 → 36.
  await op.clock.setFixedTime(new Date('2024-09-07T09:00:00+07:00'));
  await go(op, env.url, '#/so-lieu/2024-02');
  await op.locator('#figures-unit').selectOption({ label: SCHOOL });
  await op.locator('#fig-vb_tong').fill('36');
  await waitSaved(op, '"overridden"');

  // 09/09: the school changes only March and sends revision 2, which still carries 35.
  await sp.clock.setFixedTime(new Date('2024-09-09T09:00:00+07:00'));
  await typeMonth(sp, '2024-03', { vb_tong: 21 });
  await sp.waitForFunction(() => (localStorage.getItem('cchc.data.v1') || '').includes('21'));
  const r2 = await exportFor(sp, 'q3');
  assert.match(r2.name, /-r2-/);

  await op.clock.setFixedTime(new Date('2024-09-10T09:00:00+07:00'));
  await choose(op, [r2]);
  const card = op.locator('article.import-file');
  await card.getByRole('button', { name: 'Xem từng giá trị' }).click().catch(() => {});
  const row = card.locator('tr', { hasText: 'Bạn đã sửa thành 36' });
  assert.equal(await row.count(), 1, await card.innerText());
  assert.match(await row.innerText(), /35/);
  assert.equal(await row.locator('input[type=checkbox]').isChecked(), false, 'not ticked');
  await op.getByRole('button', { name: 'Áp dụng', exact: true }).click();
  await waitSaved(op, 'r2');
  await go(op, env.url, '#/so-lieu/2024-02');
  await op.locator('#figures-unit').selectOption({ label: SCHOOL });
  assert.equal(await op.locator('#fig-vb_tong').inputValue(), '36', 'the correction is kept');
  await go(op, env.url, '#/so-lieu/2024-03');
  await op.locator('#figures-unit').selectOption({ label: SCHOOL });
  assert.equal(await op.locator('#fig-vb_tong').inputValue(), '21', 'March is taken');
  assert.deepEqual(op.errors, []);
  await school.close();
  await office.close();
});

test('on 05/09 a school is offered the late quý III report first, in red, with how late it is', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true });
  const page = await openPage(context, { now: '2024-03-01T09:00:00+07:00' });
  await startAsSchool(page, env.url);
  await typeMonth(page, '2024-01', { vb_tong: 10, vb_dien_tu: 10 });
  await waitFigure(page, '2024-01', 'vb_dien_tu', 10);
  await exportFor(page, 'q1');
  await page.clock.setFixedTime(new Date('2024-06-01T09:00:00+07:00'));
  await exportFor(page, 'h1');

  await page.clock.setFixedTime(new Date('2024-09-05T09:00:00+07:00'));
  await page.reload();
  await go(page, env.url, '#/');
  const card = page.locator('.next-due');
  assert.match(await card.getAttribute('class'), /late/);
  const text = await card.innerText();
  assert.match(text, /Báo cáo chưa gửi, đã quá hạn/);
  assert.match(text, /quý III/i);
  assert.match(text, /Đã quá hạn 2 ngày/);
  assert.doesNotMatch(text, /còn 88 ngày/i);
  const color = await card.evaluate((e) => getComputedStyle(e).borderLeftColor);
  assert.equal(color, 'rgb(164, 14, 38)', 'red');
  await go(page, env.url, '#/gui-nhan');
  assert.equal(await page.locator('#send-period').inputValue(), 'q3', 'the late report is offered');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a school picks itself from the roster only on purpose, and sees its name and code first', async () => {
  const office = await env.browser.newContext({ acceptDownloads: true });
  const op = await openPage(office);
  await startAsOffice(op, env.url);
  for (const [name, code] of [['Trường Tiểu học An', 'TH01'], ['Trường Tiểu học Bình', 'TH02']]) {
    await addSchool(op, env.url, name, code);
  }
  await go(op, env.url, '#/gui-nhan');
  const roster = await download(op, () => op.getByRole('button', { name: 'Tải danh sách trường' }).click());

  const context = await env.browser.newContext();
  const page = await openPage(context);
  await go(page, env.url, '#/');
  const headings = await page.locator('main h2').allInnerTexts();
  assert.equal(new Set(headings).size, headings.length, `no heading twice: ${headings}`);
  await page.locator('#roster-file').setInputFiles({ name: roster.name, mimeType: 'application/json', buffer: roster.buffer });
  const use = page.getByRole('button', { name: 'Dùng trường này' });
  await use.waitFor();
  assert.equal(await page.locator('#roster-pick').inputValue(), '', 'nothing is picked');
  assert.equal(await use.isDisabled(), true);
  await page.locator('#roster-pick').selectOption({ label: 'TH02 Trường Tiểu học Bình' });
  assert.match(await page.locator('main').innerText(), /Bạn chọn: TH02 Trường Tiểu học Bình\./);
  await use.click();
  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  assert.match(await page.locator('header').innerText(), /Trường Tiểu học Bình/);
  assert.deepEqual(page.errors, []);
  await office.close();
  await context.close();
});

test('values carried from earlier months are shown as values, in full, on a 360 px phone', async () => {
  const context = await env.browser.newContext({ viewport: { width: 360, height: 780 } });
  const page = await openPage(context, { now: '2024-05-10T09:00:00+07:00' });
  await startAsSchool(page, env.url);
  await go(page, env.url, '#/so-lieu/2024-01');
  await page.locator('#fig-dv_ap_dung_ttdt').selectOption('1');
  await page.locator('#fig-cb_tong').fill('62');
  await waitFigure(page, '2024-01', 'cb_tong', 62);
  await go(page, env.url, '#/so-lieu/2024-04');
  const epay = page.locator('.field', { has: page.locator('#fig-dv_ap_dung_ttdt') }).locator('.carried');
  const staff = page.locator('.field', { has: page.locator('#fig-cb_tong') }).locator('.carried');
  assert.equal(await epay.innerText(), 'Đang giữ: Có — nhập từ tháng 01/2024, chưa nhập lại tháng này');
  assert.match(await staff.innerText(), /^Đang giữ: 62 — nhập từ tháng 01\/2024/);
  for (const note of [epay, staff]) {
    const fits = await note.evaluate((e) => e.scrollWidth <= e.clientWidth && e.getBoundingClientRect().right <= 360);
    assert.ok(fits, 'readable in full at 360 px');
  }
  // A month-flow field carries nothing.
  const flow = page.locator('.field', { has: page.locator('#fig-vb_tong') }).locator('.carried');
  assert.equal(await flow.count(), 0);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a file changed after export is refused in words that say what to do, and stays on record after "Áp dụng"', async () => {
  const school = await env.browser.newContext({ acceptDownloads: true });
  const sp = await openPage(school, { now: '2024-09-01T09:00:00+07:00' });
  await startAsSchool(sp, env.url);
  await typeMonth(sp, '2024-03', { vb_tong: 40, vb_dien_tu: 30 });
  await waitFigure(sp, '2024-03', 'vb_dien_tu', 30);
  const good = await exportFor(sp, 'q3');
  const text = good.buffer.toString('utf8');
  const edited = { name: 'sua-tay.json', buffer: Buffer.from(text.replace('"vb_dien_tu": 30', '"vb_dien_tu": 40')) };
  assert.notEqual(edited.buffer.toString(), text);

  const office = await env.browser.newContext();
  const op = await openPage(office, { now: '2024-09-02T09:00:00+07:00' });
  await startAsOffice(op, env.url);
  await choose(op, [good, edited]);
  const alert = await op.locator('main .notice.warning').innerText();
  assert.match(alert, /Tệp đã bị sửa sau khi trường xuất/);
  assert.match(alert, /Đề nghị trường xuất lại tệp/);
  assert.doesNotMatch(alert, /tại checksum/);
  await op.getByRole('button', { name: 'Áp dụng', exact: true }).click();
  await waitSaved(op, '"refused"');
  await go(op, env.url, '#/gui-nhan');
  const record = await op.locator('section.refused').innerText();
  assert.match(record, /sua-tay\.json — Trường Tiểu học Thử Nghiệm/);
  assert.match(record, /Tệp đã bị sửa sau khi trường xuất/);
  assert.deepEqual(op.errors, []);
  await school.close();
  await office.close();
});

test('report names come with their months wherever one is chosen', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context, { now: '2024-05-20T09:00:00+07:00' });
  await startAsSchool(page, env.url);
  await go(page, env.url, '#/gui-nhan');
  const options = await page.locator('#send-period option').allInnerTexts();
  assert.ok(options.includes('6 tháng đầu năm 2024 (tháng 01/2024 – 05/2024)'), options.join(' | '));
  assert.ok(options.includes('Quý III/2024 (tháng 01/2024 – 08/2024)'), options.join(' | '));
  await go(page, env.url, '#/lich-bao-cao');
  assert.match(await page.locator('main').innerText(), /Quý III\/2024 \(tháng 01\/2024 – 08\/2024\)/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('smaller traps: the first backup reminder, a survey named for its school year, the matrix states', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context, { now: '2024-10-15T09:00:00+07:00' });
  await startAsSchool(page, env.url);
  await typeMonth(page, '2024-09', { vb_tong: 3 });
  await waitFigure(page, '2024-09', 'vb_tong', 3);
  await go(page, env.url, '#/');
  assert.equal(await page.locator('.backup-reminder').count(), 0, 'not minutes after the first start');
  await page.clock.setFixedTime(new Date('2024-10-23T09:00:00+07:00'));
  await page.reload();
  await page.locator('.backup-reminder').waitFor();

  // A survey round of May 2024 belongs to the school year 2023-2024.
  await go(page, env.url, '#/khao-sat');
  await page.locator('#nr-month').selectOption('2024-05');
  assert.equal(await page.locator('#nr-name').inputValue(), 'Khảo sát năm học 2023-2024, đợt 1');
  await context.close();

  // The office's matrix on 10/04: Quý I overdue, the 6-month report not due yet.
  const office = await env.browser.newContext();
  const op = await openPage(office, { now: '2024-04-10T09:00:00+07:00' });
  await startAsOffice(op, env.url);
  await addSchool(op, env.url, 'Trường Tiểu học An');
  await go(op, env.url, '#/gui-nhan');
  const row = await op.locator('table.matrix tbody tr', { hasText: 'Trường Tiểu học An' }).innerText();
  assert.match(row, /Chưa nộp — quá hạn[\s\S]*Chưa đến hạn/);
  assert.deepEqual(op.errors, []);
  await office.close();
});

test('the import preview: one clear summary per file, the state of each choice, no contradiction', async () => {
  const school = await env.browser.newContext({ acceptDownloads: true });
  const sp = await openPage(school, { now: '2024-09-01T09:00:00+07:00' });
  await startAsSchool(sp, env.url);
  const files = [];
  for (const [i, n] of [[1, 10], [2, 11], [3, 12]]) {
    await sp.clock.setFixedTime(new Date(`2024-09-0${i}T10:00:00+07:00`));
    await typeMonth(sp, '2024-03', { vb_tong: n });
    await waitFigure(sp, '2024-03', 'vb_tong', n);
    files.push(await exportFor(sp, 'q3'));
  }
  const office = await env.browser.newContext();
  const op = await openPage(office, { now: '2024-09-05T09:00:00+07:00' });
  await startAsOffice(op, env.url);
  // Four files: the first three revisions and a copy of the last under another name.
  await choose(op, [...files, { ...files[2], name: 'ban-sao.json' }]);
  const cards = op.locator('article.import-file');
  assert.equal(await cards.count(), 4);
  const last = cards.nth(2);
  assert.match(await last.innerText(), /Không có xung đột/);
  assert.equal(await last.locator('.table-wrap').isVisible(), false, 'no empty table');
  assert.match(await last.locator('.choice-state').innerText(), /nhận cả tệp/);
  await last.getByRole('button', { name: 'Bỏ cả tệp' }).click();
  assert.match(await last.locator('.choice-state').innerText(), /bỏ cả tệp/);
  assert.equal(await last.getByRole('button', { name: 'Bỏ cả tệp' }).getAttribute('aria-pressed'), 'true');
  await last.getByRole('button', { name: 'Nhận cả tệp' }).click();
  await op.getByRole('button', { name: 'Áp dụng', exact: true }).click();
  await waitSaved(op, '"received"');
  // Revision 1 again: received before, nothing new — and no "conflicts" beside it.
  await choose(op, [files[0]]);
  const again = await op.locator('article.import-file').innerText();
  assert.match(again, /đã nhập trước đây — không có gì mới/);
  assert.doesNotMatch(again, /\d+ xung đột/);
  assert.deepEqual(op.errors, []);
  await school.close();
  await office.close();
});

test("a school sees its own tasks, the managing unit's folded and not counted", async () => {
  const context = await env.browser.newContext({ viewport: { width: 360, height: 800 } });
  const page = await openPage(context);
  await startAsSchool(page, env.url);
  await go(page, env.url, '#/nhiem-vu');
  // The plan gives the schools 6.3 (e-payment) and 8.2 (the survey at the schools).
  assert.equal(await page.locator('p.muted[role="status"]').innerText(), 'Đang hiện 2/2 nhiệm vụ');
  const own = page.locator('main > ul.task-list > li .num');
  assert.deepEqual(await own.allInnerTexts(), ['6.3', '8.2']);
  const folded = page.locator('details.other-tasks');
  assert.equal(await folded.locator('summary').innerText(), 'Nhiệm vụ của Phòng Giáo dục và Đào tạo Quận 6 (53)');
  assert.equal(await folded.getAttribute('open'), null, 'folded');
  assert.equal(await folded.locator('li.task-row').first().isVisible(), false);
  // Done 8.2: one of two, not one of 55.
  await page.locator('#st-8\\.2').selectOption('done');
  await page.locator('.overall').getByText(/1\s*\/\s*2/).first().waitFor();
  await go(page, env.url, '#/');
  assert.doesNotMatch(await page.locator('main').innerText(), /\/\s*55/);

  // The office still owns all 55.
  const office = await env.browser.newContext();
  const op = await openPage(office);
  await startAsOffice(op, env.url);
  await go(op, env.url, '#/nhiem-vu');
  assert.equal(await op.locator('p.muted[role="status"]').innerText(), 'Đang hiện 55/55 nhiệm vụ');
  assert.equal(await op.locator('details.other-tasks').count(), 0);
  assert.deepEqual([...page.errors, ...op.errors], []);
  await office.close();
  await context.close();
});

test('the last import and the last reset can be undone from the exchange and data pages after a reload, until the data changes', async () => {
  const school = await env.browser.newContext({ acceptDownloads: true });
  const sp = await openPage(school, { now: '2024-09-01T09:00:00+07:00' });
  await startAsSchool(sp, env.url);
  await typeMonth(sp, '2024-02', { vb_tong: 35, vb_dien_tu: 30 });
  await waitFigure(sp, '2024-02', 'vb_dien_tu', 30);
  const file = await exportFor(sp, 'q3');

  const office = await env.browser.newContext();
  const op = await openPage(office, { now: '2024-09-02T09:00:00+07:00' });
  await startAsOffice(op, env.url);
  await choose(op, [file]);
  await op.getByRole('button', { name: 'Áp dụng', exact: true }).click();
  await waitSaved(op, '"received"');
  await op.waitForFunction(() => localStorage.getItem('cchc.data.v1.last-action') !== null);

  // After a reload the toast is gone; the exchange and data pages still offer the undo.
  await op.reload();
  await go(op, env.url, '#/gui-nhan');
  const card = op.locator('section.last-action');
  await card.waitFor();
  assert.match(await card.innerText(), /Hoàn tác thay đổi lớn gần nhất[\s\S]*02\/09\/2024/);
  await go(op, env.url, '#/du-lieu');
  await card.waitFor();
  await card.getByRole('button', { name: 'Hoàn tác thay đổi này' }).click();
  await op.locator('.toast', { hasText: 'Đã hoàn tác.' }).waitFor();
  await op.waitForFunction((name) => !(localStorage.getItem('cchc.data.v1') || '').includes(name), SCHOOL);
  assert.equal(await card.count(), 0);
  assert.equal(await op.evaluate(() => localStorage.getItem('cchc.data.v1.last-action')), null, 'its copy is let go');

  // Imported again, then anything else changed: the undo is no longer offered.
  await choose(op, [file]);
  await op.getByRole('button', { name: 'Áp dụng', exact: true }).click();
  await waitSaved(op, '"received"');
  await op.reload();
  await go(op, env.url, '#/gui-nhan');
  await card.waitFor();
  await go(op, env.url, '#/so-lieu/2024-03');
  await op.locator('#fig-vb_tong').fill('12');
  await waitSaved(op, '12');
  await op.reload();
  await go(op, env.url, '#/gui-nhan');
  await op.locator('main h1').waitFor();
  await op.waitForTimeout(300);
  assert.equal(await card.count(), 0, 'a later edit ends the undo');

  // The reset, undone after a reload: everything comes back.
  await go(op, env.url, '#/du-lieu');
  op.once('dialog', (d) => d.accept());
  await op.getByRole('button', { name: 'Xóa toàn bộ dữ liệu' }).click();
  await op.waitForFunction((name) => !(localStorage.getItem('cchc.data.v1') || '').includes(name), SCHOOL);
  await op.reload();
  await op.locator('main h1').waitFor();
  await go(op, env.url, '#/du-lieu');
  await card.getByRole('button', { name: 'Hoàn tác thay đổi này' }).click();
  await waitSaved(op, SCHOOL);
  await go(op, env.url, '#/so-lieu/2024-03');
  assert.equal(await op.locator('#fig-vb_tong').inputValue(), '12');
  assert.deepEqual([...op.errors], []);
  await school.close();
  await office.close();
});

test('on a phone every destination of the menu is one tap away, named in full', async () => {
  const context = await env.browser.newContext({ viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });
  const page = await openPage(context);
  await startAsOffice(page, env.url);
  const toggle = page.locator('nav.nav button.nav-toggle');
  assert.equal(await toggle.innerText(), 'Các trang · Tổng quan');
  assert.equal(await toggle.evaluate((e) => getComputedStyle(e, '::before').content), '"☰ "');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.locator('#nav-list').isVisible(), false, 'folded: the heading stays near the top');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const links = page.locator('#nav-list a');
  assert.equal(await links.count(), 10);
  for (const link of await links.all()) {
    const box = await link.boundingBox();
    const name = await link.innerText();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 360 && box.y + box.height <= 780, `${name} in view: ${JSON.stringify(box)}`);
    assert.ok(!name.includes('…'), name);
    // Not cut: the text fits its box.
    assert.ok(await link.evaluate((e) => e.scrollWidth <= e.clientWidth + 1), `${name} in full`);
  }
  await page.locator('#nav-list').getByRole('link', { name: 'Gửi/nhận tệp' }).click();
  await page.getByRole('heading', { level: 1, name: 'Gửi/nhận tệp' }).waitFor();
  assert.equal(await page.locator('#nav-list').isVisible(), false, 'choosing a page folds the menu');
  assert.equal(await toggle.innerText(), 'Các trang · Gửi/nhận tệp');
  const h1 = await page.locator('main h1').first().boundingBox();
  assert.ok(h1.y <= 200, `h1 at ${h1.y}`);

  // On a wide screen the list is shown alone.
  await page.setViewportSize({ width: 1280, height: 800 });
  assert.equal(await toggle.isVisible(), false);
  assert.equal(await links.first().isVisible(), true);
  assert.deepEqual(page.errors, []);
  await context.close();
});

// Schools send, the office receives (issue 10). Three schools of different levels pick themselves
// from the office's roster, enter figures and a survey round, and export their Quý III file; one
// corrects a figure and exports again. The office imports every file plus a duplicate in one batch;
// another browser imports them in another order (and, not knowing the schools, adds them). Both
// show the same totals, computed here by hand; the matrix is right; undo returns to the state
// before the import. The exported files match the schema and their checksums are verified here,
// independently of the app (RFC 8785 reference code + Node's SHA-256). Then the hostile corpus:
// each file is refused with its message, nothing runs and the stored data stays byte-identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { checksum, expected } from '../hostile/make.mjs';
import { go, openPage, startAsOffice, startAsSchool, suite, waitFigure, waitSaved } from './helpers.mjs';

const env = suite();
const KEY = 'cchc.data.v1';

const SCHOOLS = [
  { name: 'Trường Mầm non Hoa Sen', level: 'Mầm non', code: 'MN01' },
  { name: 'Trường Tiểu học Bình Tiên', level: 'Tiểu học', code: 'TH07' },
  { name: 'Trường THCS Phạm Đình Hổ', level: 'Trung học cơ sở', code: 'THCS03' },
];
// Figures each school types for March and May 2024: [vb_tong, vb_dien_tu] per month.
const FIGURES = {
  MN01: { '2024-03': [20, 18], '2024-05': [10, 10] },
  TH07: { '2024-03': [30, 27], '2024-05': [12, 9] },
  THCS03: { '2024-03': [40, 30], '2024-05': [8, 8] },
};
// TH07 corrects May's electronic documents from 9 to 11 and sends again.
const CORRECTED = 11;
// One survey row each (overall question): levels 1..5, ten forms returned.
const TALLIES = { MN01: [0, 0, 1, 4, 5], TH07: [0, 1, 1, 3, 5], THCS03: [1, 1, 2, 3, 3] };

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(JSON.parse(readFileSync('schema/submission.v2.schema.json', 'utf8')));

async function addSchools(page) {
  await go(page, env.url, '#/don-vi');
  for (const s of SCHOOLS) {
    const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Thêm trường' }) });
    await form.getByLabel('Tên trường').fill(s.name);
    await form.getByLabel('Cấp học').selectOption({ label: s.level });
    await form.getByLabel('Mã trường').fill(s.code);
    await form.getByRole('button', { name: 'Thêm trường' }).click();
    await page.locator('main').getByText(s.name).first().waitFor();
  }
}

async function download(page, click) {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: d.suggestedFilename(), buffer: readFileSync(await d.path()) };
}

/** A school's whole journey: roster, figures, a survey round, the Quý III file. */
async function schoolSends(school, roster) {
  const context = await env.browser.newContext({ acceptDownloads: true });
  const page = await openPage(context, { now: '2024-09-01T10:00:00+07:00' });
  await go(page, env.url, '#/');
  await page.locator('#roster-file').setInputFiles({ name: roster.name, mimeType: 'application/json', buffer: roster.buffer });
  await page.getByLabel('Chọn trường của bạn trong danh sách').selectOption({ label: `${school.code} ${school.name}` });
  await page.getByRole('button', { name: 'Dùng trường này' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  assert.match(await page.locator('header').innerText(), new RegExp(school.name));

  for (const [month, [total, digital]] of Object.entries(FIGURES[school.code])) {
    await go(page, env.url, `#/so-lieu/${month}`);
    await page.locator('#fig-vb_tong').fill(String(total));
    await page.locator('#fig-vb_dien_tu').fill(String(digital));
    await waitFigure(page, month, 'vb_dien_tu', digital);
  }
  await go(page, env.url, '#/khao-sat');
  await page.getByRole('button', { name: 'Tạo đợt khảo sát' }).click();
  await page.locator('table.tally').waitFor();
  await page.getByLabel('Số phiếu thu về').fill('10');
  const overall = page.locator('table.tally tbody tr:not(.group-row)').last().locator('input');
  const row = TALLIES[school.code];
  for (let i = 0; i < 5; i++) await overall.nth(i).fill(String(row[i]));
  await overall.nth(5).fill('0');
  await waitSaved(page, '"tallies"');

  const file = await exportFile(page);
  return { context, page, file };
}

async function exportFile(page, { offered = 'q3' } = {}) {
  await go(page, env.url, '#/gui-nhan');
  assert.equal(await page.locator('#send-period').inputValue(), offered, 'the report to send now is offered first');
  // A correction of a report already sent is sent for that report.
  if (offered !== 'q3') await page.locator('#send-period').selectOption('q3');
  const main = page.locator('main');
  assert.doesNotMatch(await main.innerText(), /Phòng GD&ĐT sẽ không nhận tệp/);
  return download(page, () => main.getByRole('button', { name: 'Tải tệp gửi Phòng GD&ĐT' }).click());
}

function checkFile(file, code, revision) {
  const doc = JSON.parse(file.buffer.toString('utf8'));
  assert.ok(validate(doc), ajv.errorsText(validate.errors));
  assert.equal(doc.checksum, checksum(doc), 'the checksum, computed independently, matches');
  assert.equal(doc.unit.code, code);
  assert.equal(doc.revision, revision);
  assert.equal(doc.period.report, 'q3');
  assert.match(file.name, new RegExp(`^cchc-${code.toLowerCase()}-2024-q3-r${revision}-2024-09-0\\d\\.json$`));
  assert.doesNotMatch(file.buffer.toString('utf8'), /assignee/);
  return doc;
}

const asFile = (f) => ({ name: f.name, mimeType: 'application/json', buffer: f.buffer });

async function importFiles(page, files) {
  await go(page, env.url, '#/gui-nhan');
  await page.locator('#receive-files').setInputFiles(files.map(asFile));
  await page.getByRole('button', { name: 'Áp dụng', exact: true }).waitFor();
}

/** The office's totals as the targets page shows them, and the survey sums. */
async function totals(page) {
  await go(page, env.url, '#/chi-tieu/van_ban_dien_tu/q3');
  const docs = await page.locator('main').innerText();
  await go(page, env.url, '#/khao-sat');
  const surveys = await page.locator('main').innerText();
  return { docs, surveys };
}

test('three schools send, the office imports in any order and gets the same totals, the matrix and undo', async () => {
  const office = await env.browser.newContext({ acceptDownloads: true });
  const op = await openPage(office, { now: '2024-09-10T09:00:00+07:00' });
  await startAsOffice(op, env.url);
  await addSchools(op);
  await go(op, env.url, '#/gui-nhan');
  const roster = await download(op, () => op.getByRole('button', { name: 'Tải danh sách trường' }).click());
  const rosterDoc = JSON.parse(roster.buffer);
  const validateRoster = ajv.compile(JSON.parse(readFileSync('schema/roster.v1.schema.json', 'utf8')));
  assert.ok(validateRoster(rosterDoc), ajv.errorsText(validateRoster.errors));
  assert.equal(rosterDoc.schools.length, 3);

  const sent = [];
  for (const s of SCHOOLS) sent.push(await schoolSends(s, roster));
  const [mn, th, thcs] = sent;
  const files = sent.map((s, i) => checkFile(s.file, SCHOOLS[i].code, 1));
  assert.equal(files[0].data.figures['2024-03'].vb_tong, 20);
  assert.deepEqual(files[1].data.surveys[0].tallies.chung.n, TALLIES.TH07);

  // TH07 corrects May and sends again, four days later (after the deadline).
  await th.page.clock.setFixedTime(new Date('2024-09-05T10:00:00+07:00'));
  await go(th.page, env.url, '#/so-lieu/2024-05');
  await th.page.locator('#fig-vb_dien_tu').fill(String(CORRECTED));
  await waitFigure(th.page, '2024-05', 'vb_dien_tu', CORRECTED);
  const th2 = await exportFile(th.page);
  const doc2 = checkFile(th2, 'TH07', 2);
  assert.equal(doc2.data.figures['2024-05'].vb_dien_tu, CORRECTED);

  // The office: every file plus a duplicate of one, in one batch.
  const before = await op.evaluate((k) => localStorage.getItem(k), KEY);
  const batch = [mn.file, th.file, thcs.file, th2, { ...mn.file, name: 'ban-sao.json' }];
  await importFiles(op, batch);
  const main = op.locator('main');
  const text = await main.innerText();
  assert.match(text, /trùng với tệp .* đã chọn/);
  assert.match(text, /Xung đột: tệp cchc-th07-2024-q3-r2-2024-09-05\.json tạo sau có giá trị khác/);
  // A batch this large lists each file's conflicts only, until asked for every value.
  const first = main.locator('article.import-file').first();
  assert.equal(await first.locator('tbody tr').count(), 0);
  await first.getByRole('button', { name: 'Xem từng giá trị' }).click();
  assert.equal(await first.locator('tbody tr').count(), 6, '4 figures, a round and its tally row');
  // Nothing is stored before "Áp dụng".
  assert.equal(await op.evaluate((k) => localStorage.getItem(k), KEY), before);
  await main.getByRole('button', { name: 'Áp dụng', exact: true }).click();
  await waitSaved(op, '"received"');

  // By hand: Jan–Aug, documents sent electronically over all documents of the three schools.
  const total = 20 + 10 + 30 + 12 + 40 + 8; // 120
  const digital = 18 + 10 + 27 + CORRECTED + 30 + 8; // 104
  const a = await totals(op);
  assert.match(a.docs, new RegExp(`${digital}\\s*/\\s*${total}`), a.docs);
  // Satisfaction (levels 4 and 5) over valid answers: (9 + 8 + 6) / 30.
  assert.match(a.surveys, /23\s*\/\s*30|76,67 %/);

  // The matrix: MN01 and THCS03 on time, TH07 late (its second file), nothing for Quý I.
  await go(op, env.url, '#/gui-nhan');
  const rows = op.locator('table.matrix tbody tr');
  const row = async (code) => (await rows.filter({ hasText: SCHOOLS.find((s) => s.code === code).name }).innerText());
  // Quý I and the 6-month report were due before the schools started: overdue; the year not due yet.
  assert.match(await row('MN01'), /Chưa nộp — quá hạn\s+Chưa nộp — quá hạn\s+Đúng hạn\s+lần 1, tạo 01\/09\/2024, nhận 10\/09\/2024\s+Chưa đến hạn/);
  assert.match(await row('TH07'), /Trễ hạn\s+lần 2, tạo 05\/09\/2024.*thay thế 1 tệp trước/);
  assert.match(await row('THCS03'), /Đúng hạn/);

  // The same file again changes nothing, even when applied.
  const stored = await op.evaluate((k) => JSON.parse(localStorage.getItem(k)).data, KEY);
  await importFiles(op, [th2]);
  assert.match(await op.locator('main').innerText(), /đã nhập trước đây/);
  await op.locator('main').getByRole('button', { name: 'Áp dụng', exact: true }).click();
  await op.waitForTimeout(600);
  assert.deepEqual(await op.evaluate((k) => JSON.parse(localStorage.getItem(k)).data, KEY), stored);

  // Another browser, another order, schools not known yet (added as new). Undo first returns to
  // the state before the import; imported again, the totals are the same.
  const other = await env.browser.newContext();
  const op2 = await openPage(other, { now: '2024-09-10T09:00:00+07:00' });
  await startAsOffice(op2, env.url);
  await waitSaved(op2);
  await op2.waitForTimeout(600);
  const empty = await op2.evaluate((k) => localStorage.getItem(k), KEY);
  const reversed = [th2, thcs.file, mn.file, th.file];
  await importFiles(op2, reversed);
  assert.match(await op2.locator('main').innerText(), /Trường này chưa có trong danh sách/);
  await op2.locator('main').getByRole('button', { name: 'Áp dụng', exact: true }).click();
  await waitSaved(op2, '"received"');
  await op2.locator('.toast').getByRole('button', { name: 'Hoàn tác' }).click();
  await op2.waitForFunction((k) => !localStorage.getItem(k).includes('"received"'), KEY);
  const undone = JSON.parse(await op2.evaluate((k) => localStorage.getItem(k), KEY)).data;
  assert.deepEqual(undone, JSON.parse(empty).data);
  await importFiles(op2, reversed);
  await op2.locator('main').getByRole('button', { name: 'Áp dụng', exact: true }).click();
  await waitSaved(op2, '"received"');
  const b = await totals(op2);
  assert.match(b.docs, new RegExp(`${digital}\\s*/\\s*${total}`), b.docs);
  assert.match(b.surveys, /23\s*\/\s*30|76,67 %/);
  await go(op2, env.url, '#/gui-nhan');
  assert.match(await op2.locator('table.matrix').innerText(), /Trễ hạn\s+lần 2, tạo 05\/09\/2024/);

  for (const p of [op, op2, mn.page, th.page, thcs.page]) assert.deepEqual(p.errors, []);
  for (const c of [office, other, mn.context, th.context, thcs.context]) await c.close();
});

test('every hostile file is refused with its message; nothing runs and the stored data stays the same', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
  await startAsOffice(page, env.url);
  await go(page, env.url, '#/so-lieu/2024-03');
  await page.locator('#fig-vb_tong').fill('5');
  await waitSaved(page, '"vb_tong"');
  await page.waitForTimeout(500);
  const before = await page.evaluate((k) => localStorage.getItem(k), KEY);

  const names = Object.keys(expected).filter((n) => expected[n] !== null);
  const files = names.map((name) => `tests/hostile/${name}`);
  // 50 MB: written to a temporary file (Playwright passes large files by path).
  const big = join(mkdtempSync(join(tmpdir(), 'cchc-')), 'rat-lon.json');
  writeFileSync(big, Buffer.alloc(50 * 1024 * 1024, 0x20));
  files.push(big);
  await go(page, env.url, '#/gui-nhan');
  await page.locator('#receive-files').setInputFiles(files);
  const alert = page.locator('main .notice[role="alert"]');
  await alert.waitFor();
  const text = await alert.innerText();
  assert.match(text, new RegExp(`${files.length} tệp không nhận được`));
  const messages = {
    'empty.json': /tệp trống/,
    'not-json.json': /không phải JSON \(dòng 1/,
    'invalid-utf8.json': /không phải văn bản UTF-8/,
    'wrong-top-level.json': /không đúng loại tệp|array/,
    'truncated.json': /không phải JSON \(dòng \d+/,
    'newer-version.json': /tệp được tạo bởi phiên bản mới hơn/,
    'stale-checksum.json': /Tệp đã bị sửa sau khi trường xuất \(mã kiểm tra không khớp\)\. Đề nghị trường xuất lại tệp/,
    'duplicate-keys.json': /vb_tong.*\(dòng \d+, cột \d+\)/,
    'negative.json': /phải là số nguyên từ 0.*data\.figures\.2024-01\.vb_tong/,
    'fractional.json': /phải là số nguyên từ 0.*data\.figures\.2024-01\.vb_tong/,
    'huge-1e400.json': /phải là số nguyên từ 0.*\(dòng \d+/,
    'huge-2p64.json': /phải là số nguyên từ 0.*data\.figures\.2024-01\.vb_tong/,
    'part-above-whole.json': /\(26\) lớn hơn .*\(25\) tháng 2024-02/,
    'other-plan.json': /kế hoạch pgddt-quan1-2025/,
    'script-name.json': /ký tự không được phép.*unit\.name/,
    'deep-nesting.json': /lồng ngoặc quá sâu/,
    'tally-row-sum.json': /đếm 101 phiếu, khác số phiếu thu về \(100\)/,
    'unknown-field.json': /hs_tiep_nhan/,
    'rat-lon.json': /lớn hơn 5 MB/,
  };
  for (const [name, re] of Object.entries(messages)) {
    const block = text.slice(text.indexOf(`Tệp ${name}:`));
    assert.ok(text.includes(`Tệp ${name}:`), name);
    assert.match(block.split(/\nTệp \S+\.json:/)[0], re, name);
  }
  // Nothing to apply, nothing ran, nothing changed.
  assert.equal(await page.locator('main').getByRole('button', { name: 'Áp dụng', exact: true }).count(), 0);
  assert.equal(await page.evaluate(() => document.title.includes('pwned')), false);
  assert.equal(await page.locator('main img').count(), 0);
  assert.equal(dialogs, 0);
  await page.waitForTimeout(600);
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), KEY), before);
  assert.deepEqual(page.errors, []);
  assert.ok(readdirSync('tests/hostile').length > names.length);
  await context.close();
});

test('a school is told, in words, what the office would refuse before its file is offered', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context, { now: '2024-09-01T10:00:00+07:00' });
  await startAsSchool(page, env.url);
  await go(page, env.url, '#/khao-sat');
  await page.getByRole('button', { name: 'Tạo đợt khảo sát' }).click();
  await page.locator('table.tally').waitFor();
  await page.getByLabel('Số phiếu thu về').fill('10');
  const row = page.locator('table.tally tbody tr:not(.group-row)').first().locator('input');
  for (const [i, v] of ['0', '1', '1', '3', '4'].entries()) await row.nth(i).fill(v);
  await waitSaved(page, '"tallies"');
  await go(page, env.url, '#/gui-nhan');
  const alert = page.locator('main .notice[role="alert"]');
  await alert.waitFor();
  assert.match(await alert.innerText(), /Khảo sát năm học 2024-2025, đợt 1: Thông tin tuyển sinh .*: dòng này đếm 9 phiếu, khác số phiếu thu về \(10\)/);
  assert.equal(await page.getByRole('button', { name: 'Tải tệp gửi Phòng GD&ĐT' }).isDisabled(), true);
  assert.deepEqual(page.errors, []);
  await context.close();
});

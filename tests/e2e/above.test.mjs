// One level up (issue 30): two ward offices each make their 2026 plan in the app, send it and
// their roster to their schools and receive their files (one school sends, the other ward types
// its school's figures itself), then each sends its own period file — its counts and its schools'
// — to the Sở. The Sở starts as the unit above, imports both files in one batch, and its totals
// equal the sums of every school's and office's counts, computed here by hand; the per-office
// rows, the matrix office × report and the units page follow the tree. Importing again brings
// nothing; a school's file is refused at the Sở.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { checksum } from '../hostile/make.mjs';
import { addSchool, asFile, download, go, openPage, suite, waitFigure, waitSaved } from './helpers.mjs';

const env = suite();
const KEY = 'cchc.data.v1';
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate3 = ajv.compile(JSON.parse(readFileSync('schema/submission.v3.schema.json', 'utf8')));

const WARDS = {
  a: { issuer: 'Phòng Văn hóa - Xã hội phường Bình Tiên', parent: 'ỦY BAN NHÂN DÂN PHƯỜNG BÌNH TIÊN', place: 'Bình Tiên' },
  b: { issuer: 'Phòng Văn hóa - Xã hội xã Tân Lập', parent: 'ỦY BAN NHÂN DÂN XÃ TÂN LẬP', place: 'Tân Lập' },
};
// March 2026, documents [total, electronic]: each office's own and its school's.
const COUNTS = { officeA: [50, 45], schoolA: [30, 27], officeB: [20, 20], schoolB: [20, 18] };

/** A ward office makes its 2026 plan at first start (as `ward.test.mjs` walks it). */
async function makePlan(page, ward) {
  await go(page, env.url, '#/');
  await page.getByRole('link', { name: /Lập kế hoạch cho đơn vị/ }).click();
  await page.locator('#pn-issuer').fill(ward.issuer);
  await page.locator('#pn-short').fill('Phòng VH-XH');
  await page.locator('#pn-parent').fill(ward.parent);
  await page.locator('#pn-body').fill('PHÒNG VĂN HÓA - XÃ HỘI');
  await page.locator('#pn-place').fill(ward.place);
  await page.locator('#pn-symbol').fill('VHXH');
  await page.getByRole('button', { name: 'Lập kế hoạch và mở trình sửa' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sửa kế hoạch năm 2026' }).waitFor();
}

async function typeDocs(page, month, [total, digital], { own = true } = {}) {
  await page.locator('#fig-vb_tong').fill(String(total));
  await page.locator('#fig-vb_dien_tu').fill(String(digital));
  if (own) return waitFigure(page, month, 'vb_dien_tu', digital);
  // A school's figure typed at its office: saved under some unit other than the office.
  await page.waitForFunction(
    ([month, digital]) => {
      const doc = JSON.parse(localStorage.getItem('cchc.data.v1') || 'null');
      const [year, m] = month.split('-');
      return Object.entries(doc?.data?.figures ?? {}).some(([unit, fields]) => {
        const cell = fields?.vb_dien_tu?.[year]?.[Number(m) - 1];
        const v = cell == null ? undefined : Array.isArray(cell) ? cell[0] : cell;
        return unit !== doc.data.me.v && v === digital;
      });
    },
    [month, digital],
    { timeout: 5000 },
  );
}

/** The office's file of everything so far, to the unit above. */
async function sendUp(page) {
  await go(page, env.url, '#/gui-nhan');
  const main = page.locator('main');
  await main.getByRole('heading', { name: 'Gửi số liệu cho đơn vị cấp trên' }).waitFor();
  await page.locator('#send-period').selectOption('all');
  assert.match(await main.innerText(), /Kèm số liệu của 1 trường trực thuộc/);
  const file = await download(page, () => main.getByRole('button', { name: 'Tải tệp gửi đơn vị cấp trên' }).click());
  const doc = JSON.parse(file.buffer.toString('utf8'));
  assert.ok(validate3(doc), ajv.errorsText(validate3.errors));
  assert.equal(doc.checksum, checksum(doc), 'the checksum, computed independently, matches');
  assert.equal(doc.unit.kind, 'office');
  assert.equal(doc.members.length, 1);
  assert.doesNotMatch(file.buffer.toString('utf8'), /"rate"|%/);
  return { file, doc };
}

test('two wards send their periods to the Sở, whose totals are the sums of the schools\' and offices\' counts', async () => {
  // Ward A: its plan and roster go to its school, whose file comes back.
  const wardA = await env.browser.newContext({ acceptDownloads: true });
  const pa = await openPage(wardA, { now: '2026-04-02T09:00:00+07:00' });
  await makePlan(pa, WARDS.a);
  await addSchool(pa, env.url, 'Trường Tiểu học Bình Tiên', 'TH01');
  await go(pa, env.url, '#/gui-nhan');
  const roster = await download(pa, () => pa.getByRole('button', { name: 'Tải danh sách trường' }).click());
  await go(pa, env.url, '#/ke-hoach-cac-nam');
  const planA = await download(pa, () =>
    pa.locator('.plan-card.in-use').getByRole('button', { name: 'Tải tệp kế hoạch' }).click());

  const schoolA = await env.browser.newContext({ acceptDownloads: true });
  const sa = await openPage(schoolA, { now: '2026-04-03T09:00:00+07:00' });
  await go(sa, env.url, '#/');
  await sa.locator('#plan-file').setInputFiles(asFile(planA));
  await sa.getByText('Đang dùng kế hoạch năm 2026.').waitFor();
  await sa.locator('#roster-file').setInputFiles(asFile(roster));
  await sa.getByLabel('Chọn trường của bạn trong danh sách').selectOption({ label: 'TH01 Trường Tiểu học Bình Tiên' });
  await sa.getByRole('button', { name: 'Dùng trường này' }).click();
  await sa.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  await go(sa, env.url, '#/so-lieu/2026-03');
  await typeDocs(sa, '2026-03', COUNTS.schoolA);
  await go(sa, env.url, '#/gui-nhan');
  await sa.locator('#send-period').selectOption('all');
  const fromSchool = await download(sa, () =>
    sa.locator('main').getByRole('button', { name: 'Tải tệp gửi Phòng VH-XH' }).click());

  await pa.clock.setFixedTime(new Date('2026-04-05T09:00:00+07:00'));
  await go(pa, env.url, '#/gui-nhan');
  await pa.locator('#receive-files').setInputFiles([asFile(fromSchool)]);
  await pa.locator('main').getByRole('button', { name: 'Áp dụng', exact: true }).click();
  await waitSaved(pa, '"received"');
  await go(pa, env.url, '#/so-lieu/2026-03');
  await typeDocs(pa, '2026-03', COUNTS.officeA);
  const upA = await sendUp(pa);
  assert.equal(upA.doc.members[0].data.figures['2026-03'].vb_dien_tu, COUNTS.schoolA[1]);

  // Ward B: its own plan; it types its school's figures itself.
  const wardB = await env.browser.newContext({ acceptDownloads: true });
  const pb = await openPage(wardB, { now: '2026-04-06T09:00:00+07:00' });
  await makePlan(pb, WARDS.b);
  await addSchool(pb, env.url, 'Trường Tiểu học Tân Lập', 'TH01');
  await go(pb, env.url, '#/so-lieu/2026-03');
  await typeDocs(pb, '2026-03', COUNTS.officeB);
  await pb.locator('#figures-unit').selectOption({ label: 'Trường Tiểu học Tân Lập' });
  await typeDocs(pb, '2026-03', COUNTS.schoolB, { own: false });
  const upB = await sendUp(pb);
  assert.notEqual(upB.doc.plan.id, upA.doc.plan.id, 'each ward sends under its own plan');

  // The Sở: opens a ward's plan as the year's frame, starts as the unit above, imports both.
  const so = await env.browser.newContext({ acceptDownloads: true });
  const ps = await openPage(so, { now: '2026-04-10T09:00:00+07:00' });
  await go(ps, env.url, '#/');
  await ps.locator('#plan-file').setInputFiles(asFile(planA));
  await ps.getByText('Đang dùng kế hoạch năm 2026.').waitFor();
  await ps.getByLabel(/Đơn vị cấp trên, nhận tệp/).check();
  await ps.locator('#who-name').fill('Sở Giáo dục và Đào tạo (thử)');
  await ps.getByRole('button', { name: 'Bắt đầu' }).click();
  await ps.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();

  // A school's file does not belong at the Sở: refused, in words.
  await go(ps, env.url, '#/gui-nhan');
  await ps.locator('#receive-files').setInputFiles([asFile(fromSchool)]);
  await ps.locator('main .notice[role="alert"]').getByText(/tệp của một trường/).waitFor();
  await ps.locator('main').getByRole('button', { name: 'Hủy', exact: true }).click();

  await ps.locator('#receive-files').setInputFiles([asFile(upB.file), asFile(upA.file)]);
  await ps.locator('main').getByRole('button', { name: 'Áp dụng', exact: true }).click();
  await waitSaved(ps, '"received"');

  // By hand: electronic documents over all documents, every school and office of both wards.
  const total = COUNTS.officeA[0] + COUNTS.schoolA[0] + COUNTS.officeB[0] + COUNTS.schoolB[0]; // 120
  const digital = COUNTS.officeA[1] + COUNTS.schoolA[1] + COUNTS.officeB[1] + COUNTS.schoolB[1]; // 110
  await ps.reload();
  await go(ps, env.url, '#/chi-tieu/van_ban_dien_tu');
  const main = ps.locator('main');
  await main.getByRole('heading', { name: 'Theo đơn vị' }).waitFor();
  const text = await main.innerText();
  assert.match(text, new RegExp(`${digital}\\s*/\\s*${total}`), text);
  // One row per office, each the sum of its own counts and its school's.
  const rowOf = async (name) => ps.locator('table.results tbody tr').filter({ hasText: name }).innerText();
  assert.match(await rowOf(WARDS.a.issuer), /72\s*\/\s*80/);
  assert.match(await rowOf(WARDS.b.issuer), /38\s*\/\s*40/);

  // The matrix is office × report; the units page shows the tree.
  await go(ps, env.url, '#/gui-nhan');
  const matrix = await ps.locator('table.matrix').innerText();
  assert.match(matrix, /Phòng Văn hóa - Xã hội phường Bình Tiên/);
  assert.match(matrix, /Phòng Văn hóa - Xã hội xã Tân Lập/);
  assert.doesNotMatch(matrix, /Trường Tiểu học/);
  await go(ps, env.url, '#/don-vi');
  const units = await ps.locator('main').innerText();
  assert.match(units, /Các đơn vị quản lý/);
  assert.match(units, /phường Bình Tiên · 1 trường/);
  const stored = JSON.parse(await ps.evaluate((k) => localStorage.getItem(k), KEY)).data;
  const byName = (n) => Object.values(stored.units).find((u) => u.name === n);
  assert.equal(byName('Trường Tiểu học Tân Lập').parent, byName(WARDS.b.issuer).id);
  assert.equal(byName(WARDS.a.issuer).parent, stored.me.v);

  // The same files again bring nothing.
  await go(ps, env.url, '#/gui-nhan');
  await ps.locator('#receive-files').setInputFiles([asFile(upA.file)]);
  await ps.locator('main').getByText(/đã nhập trước đây/).first().waitFor();

  for (const p of [pa, sa, pb, ps]) assert.deepEqual(p.errors, []);
  for (const c of [wardA, schoolA, wardB, so]) await c.close();
});

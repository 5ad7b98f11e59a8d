// Right figures through the screens (issue 8): dossiers in progress are a month-end state, not a
// monthly flow; a stock part above its carried whole is refused at entry and, where stored, shown
// as a data error naming the months; missing data is judged per indicator ("Chưa có số liệu" is
// never "Không phát sinh") and the schools that have not answered are listed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { go, openPage, openSample, startAsOffice, suite, waitFigure, waitSaved } from './helpers.mjs';

const env = suite();

/** Types figures for one month: { field: value }. */
async function typeMonth(page, month, values) {
  await go(page, env.url, `#/so-lieu/${month}`);
  for (const [field, value] of Object.entries(values)) {
    await page.locator(`#fig-${field}`).fill(String(value));
  }
}

const mainText = (page) => page.locator('main').innerText();

/** The "Từ đầu năm" row of an indicator's by-period table. */
const yearRow = (page) =>
  page.getByRole('region', { name: 'Theo kỳ báo cáo' }).locator('tbody tr', { hasText: 'Từ đầu năm' });

test('a dossier in progress at a month end and resolved later is counted once', async () => {
  const context = await env.browser.newContext();
  // 10/03/2024: January and February are complete, the year so far is January–February.
  const page = await openPage(context, { now: '2024-03-10T09:00:00+07:00' });
  await startAsOffice(page, env.url);
  // January: 96 resolved on time, 2 still in progress within the deadline at the month's end.
  await typeMonth(page, '2024-01', {
    hs_gq_truoc_han: 0, hs_gq_dung_han: 96, hs_gq_qua_han: 0, hs_dang_trong_han: 2, hs_dang_qua_han: 0,
  });
  // February: those 2 resolved late; nothing in progress.
  await typeMonth(page, '2024-02', {
    hs_gq_truoc_han: 0, hs_gq_dung_han: 0, hs_gq_qua_han: 2, hs_dang_trong_han: 0, hs_dang_qua_han: 0,
  });
  await waitFigure(page, '2024-02', 'hs_dang_qua_han', 0);

  // (0 + 96 + 0) / (0 + 96 + 2 + 0 + 0) = 96 / 98 = 97,959… → 97,96 %: not met (summing would give 98 / 100).
  await go(page, env.url, '#/chi-tieu/dung_han');
  const detail = await mainText(page);
  assert.match(detail, /96 \/ 98/);
  assert.match(detail, /97,96 %/);
  assert.doesNotMatch(detail, /98 \/ 100/);
  assert.match(await yearRow(page).innerText(), /97,96 %[\s\S]*Không đạt/);

  // The targets table says the same.
  await go(page, env.url, '#/chi-tieu');
  const row = page.locator('table.results tbody tr', { hasText: 'Tỷ lệ giải quyết hồ sơ TTHC đúng hạn' });
  assert.match(await row.innerText(), /97,96 %[\s\S]*Không đạt/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a stock part above its carried whole is refused, and a stored one is a data error', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context, { now: '2024-04-10T09:00:00+07:00' });
  await startAsOffice(page, env.url);
  // January: 20 staff, 19 with digital signatures.
  await typeMonth(page, '2024-01', { cb_tong: 20, cb_chu_ky_so: 19, cb_thu_cong_vu: 20 });
  await waitSaved(page, '"cb_chu_ky_so"');
  // March: only the staff total, 18 — below the 19 signatures still holding from January.
  await typeMonth(page, '2024-03', { cb_tong: 18 });
  const error = await page.locator('#fig-cb_tong-error').innerText();
  assert.match(error, /Không được nhỏ hơn Số người sử dụng chữ ký số \(19/);
  assert.match(error, /01\/2024/);
  assert.match(error, /Chưa lưu/);
  assert.equal(await page.locator('#fig-cb_tong').getAttribute('aria-invalid'), 'true');
  await page.waitForTimeout(700);
  assert.ok(!(await page.evaluate(() => localStorage.getItem('cchc.data.v1'))).includes('"2024-03"'));

  // Data stored before this check existed (or merged from elsewhere) with the same breach:
  // the target shows no rate verdict, but a data error naming January and March.
  await page.evaluate(() => {
    const doc = JSON.parse(localStorage.getItem('cchc.data.v1'));
    const me = doc.data.me.v;
    const row = ((doc.data.figures[me].cb_tong ??= {})['2024'] ??= []);
    row[2] = [18, 1];
    localStorage.setItem('cchc.data.v1', JSON.stringify(doc));
  });
  await page.reload();
  await go(page, env.url, '#/chi-tieu/chu_ky_so');
  const detail = await mainText(page);
  assert.match(detail, /Số liệu cần kiểm tra/);
  assert.match(detail, /19 tháng 01\/2024/);
  assert.match(detail, /18 tháng 03\/2024/);
  const headline = await yearRow(page).innerText();
  assert.doesNotMatch(headline, /Không đạt|Không thể đạt/);
  await go(page, env.url, '#/');
  assert.match(await mainText(page), /Chỉ tiêu 7\.2: số liệu mâu thuẫn/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('missing figures are judged per indicator and never called "Không phát sinh"', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context, { now: '2024-04-10T09:00:00+07:00' });
  await startAsOffice(page, env.url);
  // March: only the documents.
  await typeMonth(page, '2024-03', { vb_tong: 40, vb_dien_tu: 40 });
  await waitSaved(page, '"vb_dien_tu"');
  await go(page, env.url, '#/chi-tieu');
  const onTime = page.locator('table.results tbody tr', { hasText: 'Tỷ lệ giải quyết hồ sơ TTHC đúng hạn' });
  assert.match(await onTime.innerText(), /Chưa có số liệu/);
  assert.doesNotMatch(await onTime.innerText(), /Không phát sinh/);

  // January and February with no dossiers at all (zeros typed): "Không phát sinh", and March —
  // where only documents were typed — is listed as missing for this indicator.
  for (const month of ['2024-01', '2024-02']) {
    await typeMonth(page, month, {
      hs_gq_truoc_han: 0, hs_gq_dung_han: 0, hs_gq_qua_han: 0, hs_dang_trong_han: 0, hs_dang_qua_han: 0,
    });
  }
  await waitFigure(page, '2024-02', 'hs_dang_qua_han', 0);
  await go(page, env.url, '#/chi-tieu/dung_han');
  const detail = await mainText(page);
  assert.match(await yearRow(page).innerText(), /Không phát sinh/);
  assert.match(detail, /Thiếu số liệu: [^\n]*\(T3\)/);
  assert.doesNotMatch(detail, /\(T1|T2\)/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the schools that have not answered the e-payment question are listed', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  await openSample(page, env.url);
  await go(page, env.url, '#/chi-tieu/don_vi_ttdt');
  const detail = await mainText(page);
  assert.match(detail, /Thiếu số liệu: Trường Tiểu học Ánh Dương \(mẫu\) \(T1, T2, T3, T4, T5, T6, T7, T8, T9\)/);
  // Of the six schools that answered, five apply e-payment: the seventh is missing, not a "no".
  assert.match(detail, /5 \/ 6/);
  // And survey goal 8.2 shows its coverage.
  await go(page, env.url, '#/chi-tieu/hai_long_giao_duc');
  assert.match(await mainText(page), /Số trường đã khảo sát trong kỳ: \d+\/7/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

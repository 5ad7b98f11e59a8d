// Survey answers from an online form (issue 32, item 3): a responses file shaped exactly like a
// Google Forms export — a timestamp, one column per row of a grid question "Mức độ hài lòng
// [Tiêu chí]", two text answers — with 120 respondents, answers as words and as numbers, a few
// blanks and two answers no one can read. The school opens it on a survey round: the columns are
// matched to the criteria, the unreadable answers are listed by row and column, and the tally
// grid is filled with the counts computed here, independently of the app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { go, openPage, startAsSchool, suite, waitSaved } from './helpers.mjs';

const env = suite();
const WORDS = ['Rất không hài lòng', 'Không hài lòng', 'Bình thường', 'Hài lòng', 'Rất hài lòng'];

/** The default primary-school questionnaire's criteria in grid order (areas, then overall). */
function criteria() {
  const all = JSON.parse(readFileSync('plans/questionnaires.json', 'utf8')).questionnaires;
  const q = all.find((x) => x.id === 'mac-dinh-tieu_hoc');
  return [...q.areas.flatMap((a) => a.criteria.filter((c) => !c.hidden)), q.overall];
}

/** The responses file and, per criterion, the counts [n1..n5, blank] it holds. */
function responses(list) {
  const quote = (s) => `"${String(s).replace(/"/g, '""')}"`;
  const header = ['Dấu thời gian', ...list.map((c) => `Mức độ hài lòng của quý phụ huynh [${c.text}]`),
    'Ý kiến khác', 'Địa chỉ email'];
  const counts = list.map(() => [0, 0, 0, 0, 0, 0]);
  const lines = [header.map(quote).join(',')];
  const unreadable = [];
  for (let r = 0; r < 120; r++) {
    const cells = [`2024/11/${String(1 + (r % 28)).padStart(2, '0')} 8:${String(r % 60).padStart(2, '0')}:00 SA GMT+7`];
    list.forEach((_, k) => {
      if ((r + k) % 41 === 0) {
        counts[k][5] += 1;
        cells.push('');
      } else if (r === 17 && k === 3) {
        unreadable.push({ row: r + 2, column: String.fromCharCode(65 + k + 1), text: 'Tốt' });
        cells.push('Tốt');
      } else if (r === 90 && k === 10) {
        unreadable.push({ row: r + 2, column: String.fromCharCode(65 + k + 1), text: '7' });
        cells.push('7');
      } else {
        const level = [5, 4, 4, 5, 3, 4, 5, 2, 4, 1][(r * 7 + k * 3) % 10];
        counts[k][level - 1] += 1;
        cells.push(r % 2 ? String(level) : WORDS[level - 1]);
      }
    });
    cells.push(r % 6 === 0 ? 'Cô giáo rất "tận tâm", cảm ơn nhà trường' : '');
    cells.push(r % 4 === 0 ? `phuhuynh${r}@example.org` : '');
    lines.push(cells.map(quote).join(','));
  }
  return { csv: '\ufeff' + lines.join('\r\n') + '\r\n', counts, unreadable };
}

const cell = (page, row, col) => page.locator('table.tally tbody tr:not(.group-row)').nth(row).locator('input').nth(col);

test('a 120-row Google Forms export fills the tally grid with the right counts, unreadable answers listed', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  await startAsSchool(page, env.url);
  await go(page, env.url, '#/khao-sat');
  await page.getByRole('button', { name: 'Tạo đợt khảo sát' }).click();
  await page.locator('table.tally').waitFor();

  const list = criteria();
  const { csv, counts, unreadable } = responses(list);
  await page.getByText('Điền từ biểu mẫu trực tuyến').click();
  await page.locator('#form-file').setInputFiles({ name: 'cau-tra-loi.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const main = page.locator('main');
  await main.getByText(`Tệp cau-tra-loi.csv: 120 phiếu; ${list.length} tiêu chí đã ghép với một cột.`).waitFor();
  const listed = await page.locator('.form-import .notice li').allInnerTexts();
  assert.deepEqual(listed, unreadable.map((u) => `Dòng ${u.row}, cột ${u.column}: “${u.text}”`));
  // The timestamp and the two text answers are matched to nothing.
  assert.equal(await page.locator('#fm-col-0').inputValue(), '');
  assert.equal(await page.locator(`#fm-col-${list.length + 1}`).inputValue(), '');
  assert.equal(await page.locator(`#fm-col-${list.length + 2}`).inputValue(), '');
  // Nothing is saved before the grid is filled.
  assert.equal(await cell(page, 0, 4).inputValue(), '');

  await main.getByRole('button', { name: 'Điền vào bảng kiểm đếm' }).click();
  await waitSaved(page, '"tallies"');
  assert.equal(await page.getByLabel('Số phiếu thu về').inputValue(), '120');
  for (let k = 0; k < list.length; k++) {
    for (let c = 0; c < 6; c++) {
      assert.equal(await cell(page, k, c).inputValue(), String(counts[k][c]), `${list[k].id}, column ${c + 1}`);
    }
  }
  // The two rows with an unreadable answer do not add up until they are mended.
  assert.match(await main.innerText(), /2 hàng chưa khớp với số phiếu thu về/);

  // A choice the user makes is remembered for the next file of the same form: the first
  // criterion's column left unused in a second round stays unused in a third.
  const openIn = async () => {
    await go(page, env.url, '#/khao-sat');
    await page.getByRole('button', { name: 'Tạo đợt khảo sát' }).click();
    await page.locator('table.tally').waitFor();
    await page.getByText('Điền từ biểu mẫu trực tuyến').click();
    await page.locator('#form-file').setInputFiles({ name: 'cau-tra-loi.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.locator('#fm-col-1').waitFor();
  };
  await openIn();
  assert.equal(await page.locator('#fm-col-1').inputValue(), list[0].id);
  await page.locator('#fm-col-1').selectOption('');
  await main.getByRole('button', { name: 'Điền vào bảng kiểm đếm' }).click();
  await page.waitForTimeout(200);
  await openIn();
  assert.equal(await page.locator('#fm-col-1').inputValue(), '');
  assert.equal(await page.locator('#fm-col-2').inputValue(), list[1].id);
  assert.deepEqual(page.errors, []);
  await context.close();
});

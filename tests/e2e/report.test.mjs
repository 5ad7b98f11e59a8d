// Period reports (issue 11): the office opens a period's report from the calendar; the letterhead
// is laid out as Nghị định 30/2020/NĐ-CP sets; its totals are the targets page's; the text
// sections are saved with it; it prints on A4 with nothing wider than the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { go, openPage, openSample, startAsSchool, suite, waitFigure, waitSaved } from './helpers.mjs';

const env = suite();

test('the quý III report: letterhead, totals as on the targets page, sections kept, A4 print', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openPage(context);
  await openSample(page, env.url);

  // The targets page's figures for quý III.
  await go(page, env.url, '#/chi-tieu/dung_han/q3');
  const q3 = await page.getByRole('region', { name: 'Theo kỳ báo cáo' }).locator('tbody tr', { hasText: 'Quý III/2024' }).innerText();
  const [, fraction, rate] = q3.match(/([\d.]+ \/ [\d.]+)\s+([\d,]+ %)/);

  // From the calendar to the report.
  await go(page, env.url, '#/lich-bao-cao');
  await page.locator('table.calendar tbody tr', { hasText: 'Quý III/2024' }).getByRole('link', { name: 'Mở báo cáo' }).click();
  await page.locator('article.report-doc').waitFor();

  // Letterhead: issuing body top left, national title and motto top right, number and place-date.
  const left = await page.locator('.lh-left').boundingBox();
  const right = await page.locator('.lh-right').boundingBox();
  assert.ok(left.x < right.x, 'issuing body left of the motto');
  assert.equal(await page.locator('.lh-parent').innerText(), 'ỦY BAN NHÂN DÂN QUẬN 6');
  assert.equal(await page.locator('.lh-body').innerText(), 'PHÒNG GIÁO DỤC VÀ ĐÀO TẠO');
  assert.equal(await page.locator('.lh-nation').innerText(), 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  assert.equal(await page.locator('.lh-motto').innerText(), 'Độc lập - Tự do - Hạnh phúc');
  assert.match(await page.locator('.lh-number').innerText(), /^Số: …\/BC-GDĐT$/);
  assert.match(await page.locator('.lh-date').innerText(), /^Quận 6, ngày … tháng … năm …$/);
  assert.equal(await page.locator('.rp-title').innerText(), 'BÁO CÁO');
  assert.match(await page.locator('.rp-summary').innerText(), /quý III năm 2024/);
  // Recipients and signer from the plan.
  assert.match(await page.locator('.recipients').innerText(), /Nơi nhận:[\s\S]*Phòng Nội vụ;/);
  assert.match(await page.locator('.signer').innerText(), /TRƯỞNG PHÒNG[\s\S]*Lưu Hồng Uyên/);

  // The totals are the targets page's.
  const line = await page.locator('.report-doc table.report-table').first().locator('tbody tr', { hasText: 'Tỷ lệ giải quyết hồ sơ TTHC đúng hạn' }).innerText();
  assert.ok(line.includes(fraction) && line.includes(rate), `${line} vs ${fraction} ${rate}`);

  // Number, date and a section are saved with the report.
  await page.locator('#rp-number').fill('87/BC-GDĐT');
  await page.locator('#rp-number').press('Tab');
  await page.locator('#rp-date').fill('02/09/2024');
  await page.locator('#rp-date').press('Tab');
  await page.locator('#rp-section-0').fill('Hoàn thành đúng hạn 45 nhiệm vụ.');
  await page.locator('#rp-section-0').press('Tab');
  await waitSaved(page, 'Hoàn thành đúng hạn 45', { sample: true });
  await page.reload();
  await page.locator('article.report-doc').waitFor();
  assert.equal(await page.locator('#rp-section-0').inputValue(), 'Hoàn thành đúng hạn 45 nhiệm vụ.');
  assert.equal(await page.locator('.lh-number').innerText(), 'Số: 87/BC-GDĐT');
  assert.equal(await page.locator('.lh-date').innerText(), 'Quận 6, ngày 02 tháng 9 năm 2024');

  // Printed: the controls disappear, the section's text is printed, nothing is wider than the
  // A4 page's text width (210 mm − 30 mm − 20 mm = 160 mm ≈ 605 CSS px).
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 605, height: 900 });
  assert.equal(await page.locator('#rp-section-0').isVisible(), false);
  assert.match(await page.locator('.rp-text').first().innerText(), /Hoàn thành đúng hạn 45 nhiệm vụ\./);
  const widest = await page.evaluate(() => {
    let max = 0;
    for (const e of document.querySelectorAll('article.report-doc *')) {
      const r = e.getBoundingClientRect();
      if (r.width > 0) max = Math.max(max, r.right);
    }
    return { max, scroll: document.documentElement.scrollWidth };
  });
  assert.ok(widest.max <= 605 + 1 && widest.scroll <= 605 + 1, JSON.stringify(widest));
  await page.emulateMedia({ media: 'screen' });
  const pdf = join(tmpdir(), `bao-cao-q3-${process.pid}.pdf`);
  writeFileSync(pdf, await page.pdf({ format: 'A4', preferCSSPageSize: true }));
  assert.ok(statSync(pdf).size > 20_000, 'a PDF was printed');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a school has its own report, and exports it as JSON and CSV', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true });
  const page = await openPage(context, { now: '2024-07-10T09:00:00+07:00' });
  await startAsSchool(page, env.url);
  // January to May: 30 documents a month, 27 of them electronic: 135 / 150 = 90,00 %.
  for (let m = 1; m <= 5; m++) {
    await go(page, env.url, `#/so-lieu/2024-0${m}`);
    await page.locator('#fig-vb_tong').fill('30');
    await page.locator('#fig-vb_dien_tu').fill('27');
  }
  await waitFigure(page, '2024-05', 'vb_dien_tu', 27);
  await go(page, env.url, '#/bao-cao/h1');
  // The school's letterhead: the office above, the school below; its head signs.
  assert.equal(await page.locator('.lh-parent').innerText(), 'PHÒNG GIÁO DỤC VÀ ĐÀO TẠO');
  assert.equal(await page.locator('.lh-body').innerText(), 'TRƯỜNG TIỂU HỌC THỬ NGHIỆM');
  assert.match(await page.locator('.signer').innerText(), /HIỆU TRƯỞNG/);
  const docs = await page.locator('.report-doc table.report-table').first().locator('tbody tr', { hasText: 'Tỷ lệ văn bản trao đổi' }).innerText();
  assert.match(docs, /90,00 %/);
  assert.match(docs, /135 \/ 150/);
  assert.doesNotMatch(await page.locator('.report-doc').innerText(), /Tỷ lệ giải quyết hồ sơ TTHC đúng hạn/);

  const read = async (d) => Buffer.concat(await (await d.createReadStream()).toArray()).toString('utf8');
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải JSON' }).click()]);
  const doc = JSON.parse(await read(json));
  assert.equal(doc.format, 'cchc-report');
  assert.equal(doc.report, 'h1');
  assert.equal(doc.unit.kind, 'school');
  assert.deepEqual(doc.window, { from: '2024-01', to: '2024-05' });
  const line = doc.targets.find((t) => t.indicator === 'van_ban_dien_tu');
  assert.deepEqual([line.numerator, line.denominator, line.rate_bp, line.status], [135, 150, 9000, 'NotMet']);
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync('schema/report.v1.schema.json', 'utf8')));
  assert.ok(validate(doc), ajv.errorsText(validate.errors));

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải bảng chỉ tiêu (CSV)' }).click()]);
  const text = await read(csv);
  assert.ok(text.startsWith('\uFEFFSố chỉ tiêu,'), text.slice(0, 40));
  assert.match(text, /\r\n7\.1,Tỷ lệ văn bản trao đổi trên môi trường điện tử,= 100 %,135,150,"90,00 %",Không đạt,\r\n/);
  // One table a file: the targets alone; the tasks by area in a file of their own.
  assert.doesNotMatch(text, /Lĩnh vực/);
  const [tasks] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Tải bảng nhiệm vụ (CSV)' }).click()]);
  assert.match(tasks.suggestedFilename(), /-nhiem-vu\.csv$/);
  assert.ok((await read(tasks)).startsWith('\uFEFFLĩnh vực,Đã hoàn thành,'));
  assert.deepEqual(page.errors, []);
  await context.close();
});

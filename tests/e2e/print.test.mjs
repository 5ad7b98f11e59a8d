// The printed report against Nghị định 30/2020/NĐ-CP (issue 28, item 12), read from the PDF
// Chromium prints — its text, where each word lies on which page, and its fonts — with poppler's
// pdftotext and pdffonts (installed by scripts/setup).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { go, openPage, openSample, suite, waitSaved } from './helpers.mjs';

const env = suite();
const MM = 72 / 25.4; // PDF points per millimetre

/** The pages of a PDF: each a list of lines, each line its words with their boxes (points). */
function readPdf(file) {
  const xml = execFileSync('pdftotext', ['-bbox-layout', file, '-'], { encoding: 'utf8' });
  const unescape = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return xml.split(/<page /).slice(1).map((page) => {
    const width = Number(page.match(/width="([\d.]+)"/)[1]);
    const lines = page.split(/<line /).slice(1).map((line) => [...line.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)]
      .map(([, x0, y0, x1, y1, text]) => ({ x0: +x0, y0: +y0, x1: +x1, y1: +y1, text: unescape(text) })));
    return { width, lines: lines.filter((l) => l.length) };
  });
}
const lineText = (line) => line.map((w) => w.text).join(' ');

/** The page that holds the signer's title also holds lines of the report above the signature. */
function assertSignatureNotAlone(pages, top) {
  const body = pages.map((p) => p.lines.filter((l) => l.every((w) => w.y1 > top + 2)));
  const signPage = body.findIndex((ls) => ls.some((l) => /TRƯỞNG PHÒNG/.test(lineText(l))));
  assert.ok(signPage >= 0, 'the signer is printed');
  const signTop = Math.min(...body[signPage].filter((l) => /Nơi nhận:|TRƯỞNG PHÒNG/.test(lineText(l))).map((l) => l[0].y0));
  const above = body[signPage].filter((l) => l[0].y1 < signTop);
  assert.ok(above.length >= 1, `page ${signPage + 1} of ${pages.length} holds only the signature`);
}

test('the printed quý III report keeps the decree: page numbers, dates, recipients, whole words, one typeface, no lone signature', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await openPage(context);
  await openSample(page, env.url);
  await go(page, env.url, '#/bao-cao/q3');
  await page.locator('article.report-doc').waitFor();
  // As the sample stands, its sections empty: the signature does not stand alone either.
  const first = join(tmpdir(), `bao-cao-q3-empty-${process.pid}.pdf`);
  writeFileSync(first, await page.pdf({ preferCSSPageSize: true }));
  assertSignatureNotAlone(readPdf(first), 20 * MM);
  await page.locator('#rp-number').fill('87/BC-GDĐT');
  await page.locator('#rp-number').press('Tab');
  await page.locator('#rp-date').fill('05/09/2024');
  await page.locator('#rp-date').press('Tab');
  // A last section long enough that the signature could be pushed onto a page of its own.
  const last = Array.from({ length: 9 }, (_, i) => `Kiến nghị thứ ${i + 1}: tiếp tục bồi dưỡng công chức, viên chức về cải cách hành chính và chuyển đổi số.`).join('\n');
  await page.locator('#rp-section-3').fill(last);
  await page.locator('#rp-section-3').press('Tab');
  await waitSaved(page, 'Kiến nghị thứ 9', { sample: true });

  // The survey table is by school where its heading says "Trường".
  const surveys = page.locator('.report-doc table.report-table', { has: page.locator('th', { hasText: /^Trường$/ }) });
  const schoolRows = await surveys.locator('tbody tr:not(.subtotals) th').allInnerTexts();
  assert.ok(schoolRows.length >= 2 && schoolRows.every((n) => /^Trường /.test(n)), schoolRows.join(' | '));
  assert.match(await surveys.locator('tbody tr').last().innerText(), /^Toàn ngành/);

  // What the report says, word by word, as printed; verdicts as plain words, not badges.
  await page.emulateMedia({ media: 'print' });
  const badge = await page.locator('.report-doc .badge').first().evaluate((e) => {
    const c = getComputedStyle(e);
    return [c.borderTopWidth, c.borderRadius, c.backgroundColor, c.paddingLeft];
  });
  assert.deepEqual(badge, ['0px', '0px', 'rgba(0, 0, 0, 0)', '0px']);
  const words = new Set((await page.locator('article.report-doc').innerText()).split(/\s+/).filter(Boolean));
  const file = join(tmpdir(), `bao-cao-q3-nd30-${process.pid}.pdf`);
  writeFileSync(file, await page.pdf({ preferCSSPageSize: true }));
  const pages = readPdf(file);
  assert.ok(pages.length >= 2, `${pages.length} pages`);

  // Page numbers: none on the first page; on the others the number alone, in the top margin,
  // at the centre of the text's width (left margin 30 mm, right 20 mm).
  const top = 20 * MM;
  const centre = (30 + (210 - 30 - 20) / 2) * MM;
  pages.forEach((p, i) => {
    const inMargin = p.lines.flat().filter((w) => w.y1 <= top + 2);
    if (i === 0) {
      assert.deepEqual(inMargin.map((w) => w.text), [], 'nothing above the first page');
    } else {
      assert.deepEqual(inMargin.map((w) => w.text), [String(i + 1)], `page ${i + 1}'s number`);
      const mid = (inMargin[0].x0 + inMargin[0].x1) / 2;
      assert.ok(Math.abs(mid - centre) < 6 * MM, `page ${i + 1}: number at ${mid}, centre ${centre}`);
    }
  });
  const body = pages.map((p) => p.lines.filter((l) => l.every((w) => w.y1 > top + 2)));
  const text = body.flat().map(lineText).join('\n');

  // Dates as the decree writes them: a zero before days under 10, none before September.
  assert.match(text, /Quận 6, ngày 05 tháng 9 năm 2024/);
  assert.match(text, /Số: 87\/BC-GDĐT/);

  // "Nơi nhận": each recipient on a line of its own that begins with "-".
  const lines = body.flat().map(lineText);
  const from = lines.findIndex((l) => /Nơi nhận:/.test(l));
  assert.ok(from >= 0, 'Nơi nhận is printed');
  const recipients = lines.slice(from + 1).filter((l) => /^- |Phòng Nội vụ|Lưu: VT/.test(l));
  assert.ok(recipients.length >= 3, recipients.join(' | '));
  for (const l of recipients) assert.match(l, /^- /, l);

  // No word broken across lines, letter by letter or otherwise: every printed word is one of
  // the report's words.
  const broken = [...new Set(body.flat().flat().map((w) => w.text))].filter((w) => !words.has(w));
  assert.deepEqual(broken, [], 'words the PDF holds that the report does not');

  // The signature shares its page with the report's text above it.
  assertSignatureNotAlone(pages, top);

  // One typeface: Times New Roman, or where it is not installed its metric twin (Liberation
  // Serif, Tinos) — never another font standing in for a missing glyph.
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean).map((l) => l.split(/\s+/)[0]);
  assert.ok(fonts.length > 0, 'fonts are listed');
  for (const f of fonts) assert.match(f, /TimesNewRoman|Times-|LiberationSerif|Tinos/, `font ${f}`);

  assert.deepEqual(page.errors, []);
  await context.close();
});

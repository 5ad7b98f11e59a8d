// A school on a phone (issue 13), at 360 × 780: each row's verdict is on screen without sideways
// scrolling, the tally grid keeps the criterion in view while level 5 is typed, chart text is
// 11 px or more, and every page's first heading starts within the first 200 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { go, openPage, openSample, startAsOffice, startAsSchool, suite } from './helpers.mjs';

const env = suite();
const PHONE = { viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true };

/** Every box of `selector` lies inside the 360 px viewport horizontally (after scrolling it into view vertically). */
async function insideWidth(page, selector) {
  const boxes = await page.locator(selector).evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { left: r.left, right: r.right, text: e.textContent.trim().slice(0, 40) };
    }),
  );
  assert.ok(boxes.length > 0, `no ${selector}`);
  for (const b of boxes) {
    assert.ok(b.left >= 0 && b.right <= 360, `${selector} "${b.text}" spans ${b.left}–${b.right}`);
  }
  return boxes.length;
}

test('verdicts of targets, reports and surveys are on screen at 360 px', async () => {
  const context = await env.browser.newContext(PHONE);
  const page = await openPage(context);
  await openSample(page, env.url);
  await go(page, env.url, '#/chi-tieu');
  const n = await insideWidth(page, 'table.results tbody td.verdict');
  assert.ok(n >= 10, `${n} targets`);
  await go(page, env.url, '#/chi-tieu/dung_han');
  await insideWidth(page, 'table.results.cards tbody td.verdict');
  await go(page, env.url, '#/lich-bao-cao');
  assert.equal(await insideWidth(page, 'table.calendar tbody td.verdict'), 4);
  await go(page, env.url, '#/khao-sat');
  await insideWidth(page, 'table.office-survey tbody td.verdict');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('chart text is 11 px or more on a phone', async () => {
  const context = await env.browser.newContext(PHONE);
  const page = await openPage(context);
  await openSample(page, env.url);
  for (const hash of ['#/chi-tieu/dung_han', '#/chi-tieu/van_ban_dien_tu', '#/khao-sat', '#/']) {
    await go(page, env.url, hash);
    const sizes = await page.locator('svg text').evaluateAll((els) =>
      els.map((t) => {
        const svg = t.ownerSVGElement;
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return { px: parseFloat(t.getAttribute('font-size')) * scale, text: t.textContent.trim() };
      }),
    );
    assert.ok(sizes.length > 0, `${hash}: no chart text`);
    for (const s of sizes) assert.ok(s.px >= 11, `${hash}: "${s.text}" at ${s.px.toFixed(1)} px`);
  }
  assert.deepEqual(page.errors, []);
  await context.close();
});

test("the tally grid shows one criterion's five levels, blanks and difference on screen together", async () => {
  const context = await env.browser.newContext(PHONE);
  const page = await openPage(context);
  await startAsSchool(page, env.url);
  await go(page, env.url, '#/khao-sat');
  await page.getByRole('button', { name: 'Tạo đợt khảo sát' }).click();
  await page.locator('table.tally').waitFor();
  // The headline result comes before the grid.
  const headline = await page.locator('section.headline').boundingBox();
  const grid = await page.locator('table.tally').boundingBox();
  assert.ok(headline.y < grid.y, 'headline first');
  const rows = page.locator('table.tally tbody tr:not(.group-row)');
  for (const i of [0, 3]) {
    const row = rows.nth(i);
    const level5 = row.locator('input').nth(4);
    await level5.focus();
    await level5.fill('7');
    // The criterion above its row of cells: the five levels, the blanks, the total and the
    // difference, all within the 360 px and on screen at once, without scrolling sideways.
    const boxes = [await row.locator('th[scope="row"]').boundingBox()];
    for (let k = 0; k < 6; k++) boxes.push(await row.locator('input').nth(k).boundingBox());
    boxes.push(await row.locator('td.diff').boundingBox());
    for (const b of boxes) assert.ok(b.x >= 0 && b.x + b.width <= 361, `inside 360 px: ${JSON.stringify(b)}`);
    const top = Math.min(...boxes.map((b) => b.y));
    const bottom = Math.max(...boxes.map((b) => b.y + b.height));
    assert.ok(bottom - top < 300, `together on screen: ${top}–${bottom}`);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 360, 'no sideways scrolling');
    // Each cell names its column, the header row being out of view on a phone.
    const label = await row.locator('td').nth(4).evaluate((e) => getComputedStyle(e, '::before').content);
    assert.equal(label, '"5"');
    assert.equal(await level5.getAttribute('inputmode'), 'numeric');
  }
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('every page starts its first heading within the first 200 px, and the header names the unit', async () => {
  const context = await env.browser.newContext(PHONE);
  const page = await openPage(context);
  await startAsOffice(page, env.url);
  const pages = ['#/', '#/ke-hoach', '#/ke-hoach-cac-nam', '#/nhiem-vu', '#/nhiem-vu/1.1', '#/so-lieu/2024-03',
    '#/khao-sat', '#/chi-tieu', '#/chi-tieu/dung_han', '#/lich-bao-cao', '#/bao-cao/q1', '#/don-vi', '#/du-lieu', '#/gui-nhan'];
  for (const hash of pages) {
    await go(page, env.url, hash);
    const box = await page.locator('main h1').first().boundingBox();
    assert.ok(box.y <= 200, `${hash}: h1 at ${box.y}`);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `${hash}: the page is ${width} px wide`);
  }
  assert.match(await page.locator('.brand-org').innerText(), /Phòng Giáo dục và Đào tạo Quận 6/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('task filters are kept in the address and survive a visit to a task', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  await startAsOffice(page, env.url);
  await go(page, env.url, '#/nhiem-vu');
  await page.locator('#f-area').selectOption('2');
  await page.locator('#f-status').selectOption('not_started');
  await page.waitForFunction(() => location.hash.includes('linh-vuc=2'));
  assert.equal(await page.evaluate(() => location.hash), '#/nhiem-vu?trang-thai=not_started&linh-vuc=2');
  await page.locator('.task-row a').first().click();
  await page.getByRole('link', { name: 'Về danh sách nhiệm vụ' }).first().click();
  await page.locator('.task-row').first().waitFor();
  assert.equal(await page.locator('#f-area').inputValue(), '2');
  assert.equal(await page.locator('#f-status').inputValue(), 'not_started');
  const numbers = await page.locator('.task-row .num').allInnerTexts();
  assert.ok(numbers.length > 0 && numbers.every((n) => n.startsWith('2.')), numbers.join(' '));
  // A reload keeps them too, and no separator is left dangling.
  await page.reload();
  await page.locator('.task-row').first().waitFor();
  assert.equal(await page.locator('#f-area').inputValue(), '2');
  for (const line of await page.locator('.task-row p').allInnerTexts()) {
    assert.doesNotMatch(line, /^\s*·|·\s*·|·\s*$/, line);
  }
  // A task marked done without evidence says so.
  await go(page, env.url, '#/nhiem-vu/2.1');
  await page.locator('#task-status').selectOption('done');
  await page.getByText('chưa có tài liệu kiểm chứng', { exact: false }).first().waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});

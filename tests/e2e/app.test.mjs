// The foundation: the release build loads from a sub-path with no console errors, shows the whole
// plan, navigates between pages, and a deep link survives a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { go, openPage, suite } from './helpers.mjs';

const env = suite();

const plan = JSON.parse(readFileSync('plans/2024-pgddt-quan6.plan.json', 'utf8'));

test('the page loads from a sub-path without console errors', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  const response = await page.goto(env.url);
  assert.equal(response.status(), 200);
  await page.locator('main h1').waitFor();
  assert.equal(await page.locator('h1').count(), 1, 'one h1');
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the plan page shows the whole plan', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  await go(page, env.url, '#/ke-hoach');
  const text = await page.locator('main').innerText();
  for (const o of plan.objectives) assert.ok(text.includes(o.text.slice(0, 60)), `objective ${o.number}`);
  // Every target is a row of the table, with its threshold.
  const rows = await page.locator('table.targets tbody tr').count();
  const targetCount = plan.targets.reduce((n, t) => n + 1 + (t.items?.length ?? 0), 0);
  assert.equal(rows, targetCount);
  assert.ok(text.includes('≥ 98 %'));
  // All areas are there, closed; expanding shows every task.
  assert.equal(await page.locator('details.area').count(), plan.task_areas.length);
  await page.getByRole('button', { name: 'Mở tất cả' }).click();
  const tasks = plan.task_areas.flatMap((a) => a.tasks);
  assert.equal(await page.locator('li.task:visible').count(), tasks.length);
  const opened = await page.locator('main').innerText();
  for (const t of tasks) assert.ok(opened.includes(`${t.number}.`), `task ${t.number}`);
  assert.ok(opened.includes(plan.signer.name));
  assert.ok(opened.includes(plan.footnotes[5].text.slice(0, 50)));
  await page.getByRole('button', { name: 'Thu gọn tất cả' }).click();
  assert.equal(await page.locator('li.task:visible').count(), 0);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('navigation between pages works with the keyboard and the mouse', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  await go(page, env.url, '#/ke-hoach');
  const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
  for (const [link, heading] of [
    ['Lịch báo cáo', 'Lịch báo cáo'],
    ['Nhiệm vụ', 'Theo dõi nhiệm vụ'],
    ['Chỉ tiêu', 'Kết quả thực hiện chỉ tiêu'],
    ['Dữ liệu', 'Dữ liệu'],
    ['Kế hoạch', 'KẾ HOẠCH'],
  ]) {
    await nav.getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    assert.equal(await nav.locator('[aria-current=page]').innerText(), link);
  }
  // On a fresh load, the first Tab reaches the skip link, which moves focus to the main region.
  await page.reload();
  await page.locator('main h1').waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a deep link survives a reload', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  await go(page, env.url, '#/ke-hoach/nhiem-vu/3');
  const area = page.locator('details#linh-vuc-3');
  assert.equal(await area.getAttribute('open'), '');
  await page.reload();
  await page.locator('main h1').waitFor();
  assert.equal(await page.locator('details#linh-vuc-3').getAttribute('open'), '');
  assert.equal(await page.locator('details#linh-vuc-2').getAttribute('open'), null);
  assert.ok(page.url().endsWith('#/ke-hoach/nhiem-vu/3'));
  // Another page, reloaded.
  await go(page, env.url, '#/lich-bao-cao');
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Lịch báo cáo' }).waitFor();
  // An unknown address says so.
  await go(page, env.url, '#/khong-co-trang-nay');
  assert.equal(await page.locator('h1').innerText(), 'Không tìm thấy trang');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the reporting calendar counts the days to the next report', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context, { now: '2024-05-20T09:00:00+07:00' });
  await go(page, env.url, '#/lich-bao-cao');
  const card = await page.locator('.next-due').innerText();
  assert.match(card, /6 tháng đầu năm 2024/);
  assert.match(card, /trước ngày 03\/06\/2024/);
  assert.match(card, /Còn 13 ngày/); // last day on time is 02/06
  assert.match(card, /Tháng 1\/2024 đến Tháng 5\/2024/);
  await context.close();
});

test('the interface switches to English and back', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context);
  await go(page, env.url, '#/lich-bao-cao');
  await page.getByRole('button', { name: 'Switch the interface to English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Reporting calendar' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Reporting calendar' }).waitFor();
  await page.getByRole('button', { name: 'Chuyển giao diện sang tiếng Việt' }).click();
  await page.getByRole('heading', { level: 1, name: 'Lịch báo cáo' }).waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a 360-px phone shows the page without sideways scrolling', async () => {
  const context = await env.browser.newContext({ viewport: { width: 360, height: 800 } });
  const page = await openPage(context);
  for (const hash of ['#/', '#/ke-hoach', '#/lich-bao-cao', '#/chi-tieu']) {
    await go(page, env.url, hash);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${hash} overflows by ${overflow}px`);
  }
  await context.close();
});

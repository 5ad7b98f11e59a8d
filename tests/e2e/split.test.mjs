// The first load (issue 12): a first visit downloads the app's frame and its first page only; the
// other pages' code comes when one of them first opens, once, and a page whose code cannot come
// says so and can be tried again. The readers of the files the first start screen offers (a
// roster, a plan) come when a file is chosen, and the code that reads and writes stored data (the
// decoder, the encoder, the cross-tab merge) at the first edit, or before the first paint when
// data is stored. The service worker is blocked here, so that only the page's
// own requests are seen (its background caching is tested in offline.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openPage, startAsOffice, suite } from './helpers.mjs';

const env = suite();

/** The bundle's files the page requested, by name inside the build's folder (or at the root). */
function recordRequests(page) {
  const seen = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (!path.endsWith('/')) seen.push(path.split('/').pop());
  });
  return seen;
}

/** A new browser context without the service worker, its page, and the files that page requests. */
async function freshPage() {
  const context = await env.browser.newContext({ serviceWorkers: 'block' });
  const page = await openPage(context);
  return { context, page, seen: recordRequests(page) };
}

/** The first start screen of a browser with nothing stored. */
async function atFirstStart(page) {
  await page.goto(env.url + '#/');
  await page.getByRole('button', { name: 'Bắt đầu' }).waitFor();
}

/** Stores a golden dataset file, blocks a split module, and reloads; returns the stored text. */
async function reloadWith(context, page, golden, blocked) {
  const raw = readFileSync(golden, 'utf8');
  await page.evaluate((text) => localStorage.setItem('cchc.data.v1', text), raw);
  await context.route(`**/${blocked}`, (route) => route.abort('internetdisconnected'));
  await page.reload();
  return raw;
}

/** The page's errors but those of the fetches a test blocked. */
const unexpected = (page) => page.errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e));

/** A link of the main menu. */
const nav = (page, name) =>
  page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name, exact: true });

test('a first visit fetches the first-load files only; another page brings its code once', async () => {
  const { context, page, seen } = await freshPage();
  await atFirstStart(page);
  assert.ok(!seen.includes('split_saving.wasm'), 'the code that saves comes with the first edit, not before');
  await startAsOffice(page, env.url);
  // What scripts/size.mjs counts as the first load is what the browser fetched.
  const index = readFileSync('dist/index.html', 'utf8');
  for (const name of ['cchc.js', '__wasm_split.js', 'cchc_bg.wasm', 'main.css']) {
    assert.ok(seen.includes(name), `${name} is fetched at the first visit`);
    assert.ok(name === '__wasm_split.js' || index.includes(name), `index.html names ${name}`);
  }
  assert.ok(!seen.includes('split_pages.wasm'), 'the other pages are not fetched at the first visit');
  assert.ok(!seen.includes('split_opening.wasm'), 'the file readers are not fetched at the first visit');

  await nav(page, 'Kế hoạch').click();
  await page.getByRole('heading', { level: 1, name: 'KẾ HOẠCH' }).waitFor();
  // The heading came after the navigation, with the module: it still gets the focus.
  await page.waitForFunction(() => document.activeElement?.matches('main h1'), null, { timeout: 5000 });
  await nav(page, 'Nhiệm vụ').click();
  await page.getByRole('heading', { level: 1, name: 'Nhiệm vụ' }).waitFor();
  assert.equal(seen.filter((f) => f === 'split_pages.wasm').length, 1);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a page whose code cannot be fetched says so, and opens once the connection is back', async () => {
  const { context, page } = await freshPage();
  await startAsOffice(page, env.url);
  await context.route('**/split_pages.wasm', (route) => route.abort('internetdisconnected'));
  await nav(page, 'Kế hoạch').click();
  await page.getByText('Chưa tải được trang này').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Tải lại trang' }).count(), 1);
  // The app is still alive: the first page works, and the next try fetches the code again.
  await context.unroute('**/split_pages.wasm');
  await nav(page, 'Nhiệm vụ').click();
  await page.getByRole('heading', { level: 1, name: 'Nhiệm vụ' }).waitFor();
  await nav(page, 'Kế hoạch').click();
  await page.getByRole('heading', { level: 1, name: 'KẾ HOẠCH' }).waitFor();
  await context.close();
});

test('English is fetched when first chosen; when it cannot come, the app says so and stays in Vietnamese', async () => {
  const { context, page, seen } = await freshPage();
  await startAsOffice(page, env.url);
  assert.ok(!seen.includes('split_english.wasm'), 'English is not fetched by a Vietnamese first visit');
  await context.route('**/split_english.wasm', (route) => route.abort('internetdisconnected'));
  await page.getByRole('button', { name: 'Switch the interface to English' }).click();
  await page.getByText('Chưa tải được bản tiếng Anh').waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');
  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();

  await context.unroute('**/split_english.wasm');
  await page.getByRole('button', { name: 'Switch the interface to English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await context.close();
});

test('the first start screen reads a file, or makes the sample, with code fetched then; without it, it says so', async () => {
  const { context, page, seen } = await freshPage();
  await atFirstStart(page);
  const plan = { name: 'ke-hoach-2024.json', mimeType: 'application/json', buffer: readFileSync('plans/2024-pgddt-quan6.plan.json') };
  await context.route('**/split_opening.wasm', (route) => route.abort('internetdisconnected'));
  await page.locator('#roster-file').setInputFiles(plan);
  await page.getByText('Chưa tải được phần đọc tệp của ứng dụng').waitFor();
  await page.locator('#plan-file').setInputFiles(plan);
  await page.locator('.plan-errors').getByText('Chưa tải được phần đọc tệp của ứng dụng').waitFor();
  // The sample's generator comes the same way: without it, the user is told and stays here.
  await page.getByRole('button', { name: 'Hoặc xem thử với dữ liệu mẫu' }).click();
  await page.locator('.toast').getByText('Chưa tải được dữ liệu mẫu').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Bắt đầu' }).count(), 1);
  // Nothing was started or stored; with the connection back, the same file opens.
  assert.equal(await page.evaluate(() => localStorage.getItem('cchc.data.v1')), null);
  await context.unroute('**/split_opening.wasm');
  await page.locator('#plan-file').setInputFiles(plan);
  await page.getByText('Đã mở và chuyển sang kế hoạch năm 2024.').waitFor();
  assert.equal(await page.locator('.plan-errors li').count(), 0);
  assert.ok(seen.includes('split_opening.wasm'));
  assert.ok(!seen.includes('split_pages.wasm'), 'opening a file does not need the other pages');
  await page.getByRole('button', { name: 'Hoặc xem thử với dữ liệu mẫu' }).click();
  await page.getByText('ĐANG XEM DỮ LIỆU MẪU').waitFor();
  await context.close();
});

test('stored data of an older schema is converted by code fetched before the first paint; without it, nothing is written', async () => {
  const { context, page, seen } = await freshPage();
  await atFirstStart(page);
  assert.ok(!seen.includes('split_migrations.wasm'), 'no stored data, no migrations fetched');
  const v6 = await reloadWith(context, page, 'tests/golden/dataset-v6.json', 'split_migrations.wasm');
  await page.getByText('Chưa đọc được dữ liệu đã lưu').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Bắt đầu' }).count(), 0, 'no new start that could not be saved');
  await page.waitForTimeout(700);
  assert.equal(await page.evaluate(() => localStorage.getItem('cchc.data.v1')), v6, 'kept byte for byte');

  await context.unroute('**/split_migrations.wasm');
  await page.getByRole('button', { name: 'Tải lại trang' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  assert.match(await page.locator('header').innerText(), /Phòng Giáo dục và Đào tạo Quận 6/);
  assert.equal(await page.getByText('Chưa đọc được dữ liệu đã lưu').count(), 0);
  assert.ok(seen.includes('split_migrations.wasm'));
  assert.deepEqual(unexpected(page), []);
  await context.close();
});

test('stored data is read by code fetched before the first paint; without it, nothing is read over or written', async () => {
  const { context, page, seen } = await freshPage();
  await atFirstStart(page);
  // The golden file of the current schema: no migrations, only the code that reads.
  const stored = await reloadWith(context, page, 'tests/golden/dataset-v12.json', 'split_saving.wasm');
  await page.getByText('Chưa đọc được dữ liệu đã lưu').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Bắt đầu' }).count(), 0, 'no new start that could not be saved');
  await page.waitForTimeout(700);
  assert.equal(await page.evaluate(() => localStorage.getItem('cchc.data.v1')), stored, 'kept byte for byte');
  // The backup offered meanwhile is the stored data as it is, not the empty page.
  await page.goto(env.url + '#/du-lieu');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('main').getByRole('button', { name: 'Tải bản sao lưu' }).click(),
  ]);
  assert.equal(readFileSync(await download.path(), 'utf8'), stored, 'the backup is the stored text');
  await page.goto(env.url + '#/');

  await context.unroute('**/split_saving.wasm');
  const before = seen.length;
  await page.getByRole('button', { name: 'Tải lại trang' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  assert.match(await page.locator('header').innerText(), /Kế hoạch CCHC 2025/);
  assert.equal(await page.getByText('Chưa đọc được dữ liệu đã lưu').count(), 0);
  assert.ok(seen.slice(before).includes('split_saving.wasm'), 'fetched before the first paint');
  assert.ok(!seen.slice(before).includes('split_migrations.wasm'), 'current data needs no migrations');
  assert.deepEqual(unexpected(page), []);
  await context.close();
});

test('a tab without the code that reads takes in what another tab saved once that code comes', async () => {
  const { context, page, seen } = await freshPage();
  await atFirstStart(page);
  assert.ok(!seen.includes('split_saving.wasm'), 'nothing stored, nothing read or written yet');
  // Another tab starts as the office and saves; the first tab, still at its first start
  // screen, fetches the code that reads and shows the office's data.
  const other = await openPage(context);
  await startAsOffice(other, env.url);
  await other.waitForFunction(() => localStorage.getItem('cchc.data.v1') !== null);
  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Bắt đầu' }).count(), 0);
  assert.ok(seen.includes('split_saving.wasm'));
  assert.deepEqual(unexpected(page), []);
  await context.close();
});

test('the code that saves comes at the first edit; when it cannot, the edit stays on the page and is saved on Try again', async () => {
  const { context, page, seen } = await freshPage();
  await atFirstStart(page);
  await context.route('**/split_saving.wasm', (route) => route.abort('internetdisconnected'));
  await page.getByRole('button', { name: 'Bắt đầu' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  await page.getByText('Chưa lưu được: trình duyệt chưa tải được phần mã dùng để lưu').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('cchc.data.v1')), null, 'nothing written');
  // Every save tries to fetch the code again, and the start may bring a second save a moment
  // later: let it fail too while the code is still blocked, so that the button is what fetches it.
  await page.waitForTimeout(1000);
  assert.equal(await page.evaluate(() => localStorage.getItem('cchc.data.v1')), null, 'still nothing written');

  await context.unroute('**/split_saving.wasm');
  await page.getByRole('button', { name: 'Thử lại' }).click();
  await page.waitForFunction(() => localStorage.getItem('cchc.data.v1') !== null);
  assert.equal(await page.getByText('Chưa lưu được').count(), 0, 'the banner is gone');
  assert.ok(seen.includes('split_saving.wasm'));
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Bắt đầu' }).count(), 0, 'the start was saved');
  assert.deepEqual(unexpected(page), []);
  await context.close();
});

test('a plan of its own in use brings the checks of plans before the first paint; without them, the built-in plan and a notice', async () => {
  const { context, page, seen } = await freshPage();
  await atFirstStart(page);
  assert.ok(!seen.includes('split_plan_checks.wasm'), 'no plan of its own, no checks fetched');
  // The golden v10 dataset uses its own 2025 plan.
  const stored = await reloadWith(context, page, 'tests/golden/dataset-v12.json', 'split_plan_checks.wasm');
  assert.ok(stored.includes('"plan":{"v":"pgddt-quan6-2025"'));
  await page.locator('.toast').getByText('Chưa tải được phần mã kiểm tra kế hoạch đang dùng').waitFor();
  assert.match(await page.locator('header').innerText(), /Kế hoạch CCHC 2024/);
  await page.waitForTimeout(700);
  assert.equal(await page.evaluate(() => localStorage.getItem('cchc.data.v1')), stored, 'nothing written');

  await context.unroute('**/split_plan_checks.wasm');
  const before = seen.length;
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  // The first paint already shows the plan in use.
  assert.match(await page.locator('header').innerText(), /Kế hoạch CCHC 2025/);
  assert.ok(seen.slice(before).includes('split_plan_checks.wasm'));
  assert.deepEqual(unexpected(page), []);
  await context.close();
});

// Shared set-up of the end-to-end tests: serve dist/ under a sub-path (/cchc/) with the project's
// static server, and drive the system Chromium with Playwright. Never downloads a browser.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const BASE_PATH = '/cchc/';
const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic',
];

/** Starts the static server on a free port; resolves to { url, stop }. */
export async function serve() {
  const child = spawn(process.execPath, ['scripts/static-server.mjs', '--dir', 'dist', '--base', BASE_PATH, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  while (!/http:\/\/\S+/.test(out)) {
    const [chunk] = await once(child.stdout, 'data');
    out += chunk;
  }
  const url = out.match(/http:\/\/\S+/)[0];
  return { url, stop: () => child.kill() };
}

export async function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: FLAGS });
}

/**
 * A page that records console errors and uncaught exceptions, with the clock set to a day inside
 * the plan's year (15/10/2024, Vietnam time) unless `now` says otherwise.
 */
export async function openPage(context, { now = '2024-10-15T09:00:00+07:00' } = {}) {
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') page.errors.push(m.text());
  });
  page.on('pageerror', (e) => page.errors.push(String(e)));
  if (now) await page.clock.setFixedTime(new Date(now));
  return page;
}

/** Goes to a hash route of the app and waits for its heading. */
export async function go(page, url, hash = '#/') {
  await page.goto(url + hash);
  await page.locator('main h1').first().waitFor();
}

/** Completes the first start as the office. */
export async function startAsOffice(page, url) {
  await go(page, url, '#/');
  await page.getByRole('button', { name: 'Bắt đầu' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
}

/** Completes the first start as a primary school named "Trường Tiểu học Thử Nghiệm". */
export async function startAsSchool(page, url) {
  await go(page, url, '#/');
  await page.getByLabel('Một trường trực thuộc').check();
  await page.getByLabel('Tên trường').fill('Trường Tiểu học Thử Nghiệm');
  await page.getByLabel('Cấp học').selectOption({ label: 'Tiểu học' });
  await page.getByRole('button', { name: 'Bắt đầu' }).click();
  await page.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
}

/**
 * A figure as stored (dataset schema v7 and later: unit → field → year → the months' cells, a cell being
 * null, a count, or [count, stamp]): its count, or undefined.
 */
export function storedFigure(doc, unit, month, field) {
  const [year, m] = month.split('-');
  const cell = doc?.data?.figures?.[unit]?.[field]?.[year]?.[Number(m) - 1];
  if (cell == null) return undefined;
  return Array.isArray(cell) ? cell[0] : cell;
}

/** Waits until the saved data holds a figure (`value`, or any) for the user's own unit. */
export async function waitFigure(page, month, field, value) {
  await page.waitForFunction(
    // The page's CSP allows no eval: `storedFigure` is repeated here rather than passed as source.
    ([month, field, value]) => {
      const doc = JSON.parse(localStorage.getItem('cchc.data.v1') || 'null');
      const [year, m] = month.split('-');
      const cell = doc?.data?.figures?.[doc?.data?.me?.v]?.[field]?.[year]?.[Number(m) - 1];
      const v = cell == null ? undefined : Array.isArray(cell) ? cell[0] : cell;
      return value === null ? v !== undefined : v === value;
    },
    [month, field, value ?? null],
    { timeout: 5000 },
  );
}

/** Waits until the debounced save has reached localStorage (the sample's own key with `sample`). */
export async function waitSaved(page, predicate = '', { sample = false } = {}) {
  await page.waitForFunction(
    ([p, key]) => {
      const raw = localStorage.getItem(key);
      return raw && (!p || raw.includes(p));
    },
    [predicate, sample ? 'cchc.sample.v1' : 'cchc.data.v1'],
    { timeout: 5000 },
  );
}

/**
 * Starts one server and one browser for a test file (stopped after it); returns an object whose
 * `url` and `browser` are set once the file's tests run.
 */
export function suite() {
  const ctx = { url: '', browser: null, server: null };
  before(async () => {
    ctx.server = await serve();
    ctx.url = ctx.server.url;
    ctx.browser = await launch();
  });
  after(async () => {
    await ctx.browser?.close();
    ctx.server?.stop();
  });
  return ctx;
}

/** Opens the sample workspace from the first-start screen. */
export async function openSample(page, url) {
  await go(page, url, '#/');
  await page.getByText('Hoặc xem thử với dữ liệu mẫu').click();
  await page.getByText('ĐANG XEM DỮ LIỆU MẪU').waitFor();
}

/** A download the click starts: its suggested name and its bytes. */
export async function download(page, click) {
  const [d] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: d.suggestedFilename(), buffer: readFileSync(await d.path()) };
}

/** A downloaded file as `setInputFiles` takes it. */
export const asFile = (f) => ({ name: f.name, mimeType: 'application/json', buffer: f.buffer });

/** Types figures for one month of the unit on the figures page: { field: value }. */
export async function typeMonth(page, url, month, values) {
  await go(page, url, `#/so-lieu/${month}`);
  for (const [field, value] of Object.entries(values)) {
    await page.locator(`#fig-${field}`).fill(String(value));
  }
}

/** At the office: adds a primary school on the units page. */
export async function addSchool(page, url, name, code) {
  await go(page, url, '#/don-vi');
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Thêm trường' }) });
  await form.getByLabel('Tên trường').fill(name);
  await form.getByLabel('Cấp học').selectOption({ label: 'Tiểu học' });
  if (code) await form.getByLabel('Mã trường').fill(code);
  await form.getByRole('button', { name: 'Thêm trường' }).click();
  await page.locator('main').getByText(name).first().waitFor();
}

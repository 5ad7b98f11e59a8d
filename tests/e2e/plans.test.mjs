// Plans of any year (issue 9): the office makes next year's plan from this year's, edits it,
// exports it; a school opens that file at first start and works on it; the office switches back
// and finds this year's figures as they were.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { go, openPage, startAsOffice, suite, waitFigure, waitSaved } from './helpers.mjs';

const env = suite();
const mainText = (page) => page.locator('main').innerText();

test('the office copies 2024 to 2025, edits and exports it; a school opens it', async () => {
  const office = await env.browser.newContext({ acceptDownloads: true });
  const page = await openPage(office, { now: '2024-11-20T09:00:00+07:00' });
  await startAsOffice(page, env.url);
  // A 2024 figure, to find again later.
  await go(page, env.url, '#/so-lieu/2024-03');
  await page.locator('#fig-vb_tong').fill('40');
  await page.locator('#fig-vb_dien_tu').fill('39');
  await waitSaved(page, '"vb_dien_tu"');

  await go(page, env.url, '#/ke-hoach-cac-nam');
  await page.getByRole('button', { name: 'Tạo kế hoạch năm 2025 từ kế hoạch này' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sửa kế hoạch năm 2025' }).waitFor();

  // One threshold: 2.1 from 98 % to 99 %, with its words; 150 % is refused where it is typed.
  await page.locator('#t-2-1-threshold').fill('150');
  assert.match(await page.locator('#t-2-1-threshold-error').innerText(), /\S/);
  assert.equal(await page.getByRole('button', { name: 'Lưu kế hoạch' }).isDisabled(), true);
  await page.locator('#t-2-1-threshold').fill('99');
  await page.locator('#pe-t-2-1').fill('Tỷ lệ giải quyết hồ sơ TTHC đúng hạn từ 99% trở lên.');
  // One task: 1.1, new words.
  await page.locator('details.area-edit summary').first().click();
  await page.locator('#pe-k-1-1').fill('Xây dựng và ban hành kế hoạch CCHC năm 2025 của Phòng (sửa cho năm 2025).');
  // A new task in area 1 (after 1.9): the plan is not valid until its words are written.
  await page.locator('details.area-edit').first().getByRole('button', { name: 'Thêm nhiệm vụ' }).click();
  await page.locator('#pe-k-1-10').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Lưu kế hoạch' }).isDisabled(), true);
  await page.locator('#pe-k-1-10').fill('Tổ chức tập huấn nghiệp vụ CCHC cho viên chức các trường.');
  await page.getByRole('button', { name: 'Lưu kế hoạch' }).click();
  await page.getByText('Kế hoạch hợp lệ, đã lưu.').waitFor();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Tải tệp kế hoạch' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'ke-hoach-cchc-2025-pgddt-quan6-2025.plan.json');
  const file = await download.path();
  // The exported file matches the plan schema, checked by an independent validator.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync('schema/plan.schema.json', 'utf8')));
  const exported = JSON.parse(readFileSync(file, 'utf8'));
  assert.ok(validate(exported), ajv.errorsText(validate.errors));
  assert.equal(exported.year, 2025);
  assert.equal(exported.reporting[0].due_before, '2025-03-03');

  // The office puts 2025 in use: its calendar has the 2025 deadlines, and the 2024 figures are
  // not 2025's.
  await page.getByRole('button', { name: 'Dùng kế hoạch này' }).click();
  await page.getByText('Kế hoạch CCHC 2025').first().waitFor();
  await go(page, env.url, '#/lich-bao-cao');
  assert.match(await mainText(page), /03\/03\/2025/);

  // A second browser: a school opens the file at first start.
  const school = await env.browser.newContext();
  const sp = await openPage(school, { now: '2025-02-10T09:00:00+07:00' });
  await go(sp, env.url, '#/');
  await sp.locator('#plan-file').setInputFiles(file);
  await sp.getByText('Đang dùng kế hoạch năm 2025.').waitFor();
  await sp.getByLabel('Một trường trực thuộc').check();
  await sp.locator('#who-name').fill('Trường Tiểu học Thử Nghiệm');
  await sp.locator('#who-level').selectOption({ label: 'Tiểu học' });
  await sp.getByRole('button', { name: 'Bắt đầu' }).click();
  await sp.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  await go(sp, env.url, '#/ke-hoach');
  const plan = await mainText(sp);
  assert.match(plan, /Quận 6 năm 2025/);
  assert.match(plan, /từ 99% trở lên/);
  assert.match(plan, /2\.1\t[^\n]*\t≥ 99 %/);
  await go(sp, env.url, '#/ke-hoach/nhiem-vu/1');
  assert.match(await mainText(sp), /\(sửa cho năm 2025\)/);
  assert.match(await mainText(sp), /1\.10\.?\s*Tổ chức tập huấn nghiệp vụ CCHC cho viên chức các trường\./);
  await go(sp, env.url, '#/lich-bao-cao');
  const cal = await mainText(sp);
  assert.match(cal, /03\/03\/2025/);
  assert.match(cal, /03\/12\/2025/);
  assert.doesNotMatch(cal, /2024/);
  // The school's unit list is its own: only itself.
  await waitSaved(sp, 'Thử Nghiệm');
  const units = await sp.evaluate(() => Object.values(JSON.parse(localStorage.getItem('cchc.data.v1')).data.units));
  assert.deepEqual(units.map((u) => u.name), ['Trường Tiểu học Thử Nghiệm']);

  // A broken file changes nothing and says where it is wrong.
  await go(sp, env.url, '#/ke-hoach-cac-nam');
  const before = await sp.evaluate(() => localStorage.getItem('cchc.data.v1'));
  await sp.locator('#plan-file').setInputFiles({
    name: 'hong.json', mimeType: 'application/json',
    buffer: Buffer.from('{"format":"cchc-plan","schema_version":9}'),
  });
  await sp.getByText('Không dùng được tệp hong.json').waitFor();
  assert.match(await sp.locator('.plan-errors').innerText(), /mới hơn|newer/i);
  await sp.waitForTimeout(600);
  assert.equal(await sp.evaluate(() => localStorage.getItem('cchc.data.v1')), before);

  // Years side by side: in April 2025 the office types March 2025; the targets page shows the
  // same months of 2024 beside it (40 documents, 39 electronic: 97,50 %).
  await page.clock.setFixedTime(new Date('2025-04-10T09:00:00+07:00'));
  await page.reload();
  await go(page, env.url, '#/so-lieu/2025-03');
  await page.locator('#fig-vb_tong').fill('20');
  await page.locator('#fig-vb_dien_tu').fill('20');
  await waitFigure(page, '2025-03', 'vb_dien_tu', 20);
  await go(page, env.url, '#/chi-tieu');
  assert.match(await page.locator('table.results thead').innerText(), /Cùng kỳ 2024/);
  const docs = page.locator('table.results tbody tr', { hasText: 'Tỷ lệ văn bản trao đổi' });
  assert.match(await docs.innerText(), /100,00 %\s+97,50 %/);
  await go(page, env.url, '#/chi-tieu/van_ban_dien_tu');
  assert.match(await mainText(page), /Năm 2024 \(từng tháng\)/);

  // Back in the office: switch to 2024, the 2024 figures are as they were.
  await go(page, env.url, '#/ke-hoach-cac-nam');
  await page.locator('li.plan-card', { hasText: 'Kế hoạch năm 2024' }).getByRole('button', { name: 'Dùng kế hoạch này' }).click();
  await page.getByText('Kế hoạch CCHC 2024').first().waitFor();
  await go(page, env.url, '#/so-lieu/2024-03');
  assert.equal(await page.locator('#fig-vb_tong').inputValue(), '40');
  assert.equal(await page.locator('#fig-vb_dien_tu').inputValue(), '39');
  assert.deepEqual(page.errors, []);
  assert.deepEqual(sp.errors, []);
  await office.close();
  await school.close();
});

// Any managing unit (issue 30): a ward's culture and society office starts in 2026 by making its
// own plan from the built-in one, in the app alone; from then on no page, file or printed report
// names the built-in plan's office, and the report heads itself with the ward's letterhead. A
// school of the ward opens the plan file and is told to send its files to the ward's office.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { asFile, download, go, openPage, suite } from './helpers.mjs';

const env = suite();
const OLD_NAMES = /Phòng Giáo dục và Đào tạo Quận 6|Phòng GD&ĐT|PHÒNG GIÁO DỤC|District 6/;

test('a ward office makes its 2026 plan at first start, and no page names the old office', async () => {
  const context = await env.browser.newContext({ acceptDownloads: true });
  const page = await openPage(context, { now: '2026-02-10T09:00:00+07:00' });
  await go(page, env.url, '#/');
  await page.getByRole('link', { name: /Lập kế hoạch cho đơn vị/ }).click();
  await page.getByRole('heading', { level: 1, name: 'Lập kế hoạch cho đơn vị của bạn' }).waitFor();
  assert.equal(await page.locator('#pn-year').inputValue(), '2026', "this year's plan by default");

  // Nothing is made while the unit or its letterhead is missing.
  await page.getByRole('button', { name: 'Lập kế hoạch và mở trình sửa' }).click();
  assert.match(await page.locator('#pn-issuer-error').innerText(), /\S/);
  assert.match(await page.locator('#pn-place-error').innerText(), /\S/);
  assert.equal(await page.evaluate(() => localStorage.getItem('cchc.data.v1')), null);

  await page.locator('#pn-issuer').fill('Phòng Văn hóa - Xã hội phường Bình Tiên');
  await page.locator('#pn-short').fill('Phòng VH-XH');
  await page.locator('#pn-parent').fill('ỦY BAN NHÂN DÂN PHƯỜNG BÌNH TIÊN');
  await page.locator('#pn-body').fill('PHÒNG VĂN HÓA - XÃ HỘI');
  await page.locator('#pn-place').fill('Bình Tiên');
  await page.locator('#pn-symbol').fill('VHXH');
  await page.getByRole('button', { name: 'Lập kế hoạch và mở trình sửa' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sửa kế hoạch năm 2026' }).waitFor();
  assert.equal(await page.locator('#pe-issuer').inputValue(), 'Phòng Văn hóa - Xã hội phường Bình Tiên');
  assert.equal(await page.locator('#pe-lh-place').inputValue(), 'Bình Tiên');
  // The ward names its signer in the editor.
  await page.locator('#pe-signer-name').fill('Nguyễn Văn Thử');
  await page.getByRole('button', { name: 'Lưu kế hoạch' }).click();
  await page.getByText('Kế hoạch hợp lệ, đã lưu.').waitFor();

  // The header names the ward's office; the user is that office.
  assert.match(await page.locator('.brand-org').innerText(), /Phòng Văn hóa - Xã hội phường Bình Tiên/);
  assert.match(await page.locator('.brand-name').innerText(), /2026/);

  // Every page of the office: the old office is named nowhere (the plans page, which lists the
  // built-in plan among those the app holds, is left out).
  for (const hash of ['#/', '#/ke-hoach', '#/ke-hoach/nhiem-vu/1', '#/lich-bao-cao', '#/nhiem-vu',
    '#/so-lieu', '#/chi-tieu', '#/khao-sat', '#/don-vi', '#/gui-nhan', '#/du-lieu', '#/bao-cao/q1']) {
    await go(page, env.url, hash);
    const text = await page.locator('body').innerText();
    assert.doesNotMatch(text, OLD_NAMES, `${hash} names the old office`);
    assert.doesNotMatch(await page.title(), OLD_NAMES, `${hash}: the title`);
  }

  // The printed report heads itself with the ward's letterhead.
  await go(page, env.url, '#/bao-cao/q1');
  const letterhead = await page.locator('.letterhead').innerText();
  assert.match(letterhead, /ỦY BAN NHÂN DÂN PHƯỜNG BÌNH TIÊN/);
  assert.match(letterhead, /PHÒNG VĂN HÓA - XÃ HỘI/);
  assert.match(letterhead, /…\/BC-VHXH/);
  assert.match(await page.locator('.lh-date').innerText(), /^Bình Tiên, ngày … tháng … năm …$/);
  assert.match(await page.locator('main').innerText(), /Nguyễn Văn Thử/);

  // The plan file: valid against the schema, issued by the ward, naming the old office only
  // where its legal basis cites other bodies' documents.
  await go(page, env.url, '#/ke-hoach-cac-nam');
  const planFile = await download(page, () =>
    page.locator('.plan-card.in-use').getByRole('button', { name: 'Tải tệp kế hoạch' }).click());
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(JSON.parse(readFileSync('schema/plan.schema.json', 'utf8')));
  const plan = JSON.parse(planFile.buffer.toString('utf8'));
  assert.equal(planFile.name, 'ke-hoach-cchc-2026-phong-van-hoa-xa-hoi-phuong-binh-tien-2026.plan.json');
  assert.ok(validate(plan), ajv.errorsText(validate.errors));
  assert.equal(plan.year, 2026);
  assert.equal(plan.issuer, 'Phòng Văn hóa - Xã hội phường Bình Tiên');
  assert.equal(plan.letterhead.parent, 'ỦY BAN NHÂN DÂN PHƯỜNG BÌNH TIÊN');
  assert.match(plan.subtitle, /tại Phòng Văn hóa - Xã hội phường Bình Tiên năm 2026/);
  const { legal_basis: _cited, ...own } = plan;
  assert.doesNotMatch(JSON.stringify(own), OLD_NAMES);

  // A school of the ward opens the plan at first start: it is told to send to the ward's office.
  const school = await env.browser.newContext({ acceptDownloads: true });
  const sp = await openPage(school, { now: '2026-04-02T09:00:00+07:00' });
  await go(sp, env.url, '#/');
  await sp.locator('#plan-file').setInputFiles(asFile(planFile));
  await sp.getByText('Đang dùng kế hoạch năm 2026.').waitFor();
  await sp.getByLabel('Một trường trực thuộc').check();
  await sp.locator('#who-name').fill('Trường Tiểu học Bình Tiên');
  await sp.locator('#who-level').selectOption({ label: 'Tiểu học' });
  await sp.getByRole('button', { name: 'Bắt đầu' }).click();
  await sp.getByRole('heading', { level: 1, name: 'Tổng quan' }).waitFor();
  await go(sp, env.url, '#/gui-nhan');
  const exchange = await sp.locator('main').innerText();
  assert.match(exchange, /Gửi số liệu cho Phòng VH-XH/);
  assert.doesNotMatch(exchange, OLD_NAMES);
  assert.ok(await sp.getByRole('button', { name: 'Tải tệp gửi Phòng VH-XH' }).isVisible());
  await school.close();
  await context.close();
});

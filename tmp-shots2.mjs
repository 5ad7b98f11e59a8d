import { serve, launch, openPage, startAsOffice, go } from './tests/e2e/helpers.mjs';
const server = await serve();
const browser = await launch();
for (const width of [360, 1280]) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await openPage(context);
  await startAsOffice(page, server.url);
  await go(page, server.url, '#/ke-hoach-cac-nam');
  await page.screenshot({ path: `/tmp/shots/plans-${width}.png`, fullPage: true });
  await page.getByRole('button', { name: 'Tạo kế hoạch năm 2025 từ kế hoạch này' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sửa kế hoạch năm 2025' }).waitFor();
  await page.locator('#t-2-1-threshold').fill('150');
  await page.screenshot({ path: `/tmp/shots/edit-${width}.png`, fullPage: false });
  await go(page, server.url, '#/ke-hoach-cac-nam');
  await page.screenshot({ path: `/tmp/shots/plans2-${width}.png`, fullPage: true });
  await go(page, server.url, '#/');
  await page.screenshot({ path: `/tmp/shots/dash-${width}.png`, fullPage: false });
  console.log(page.errors);
  await context.close();
}
const c = await browser.newContext({ viewport: { width: 360, height: 900 } });
const p = await openPage(c);
await go(p, server.url, '#/');
await p.screenshot({ path: `/tmp/shots/first-360.png`, fullPage: true });
await browser.close();
server.stop();

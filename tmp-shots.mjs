import { serve, launch, openPage, openSample, go } from './tests/e2e/helpers.mjs';
const server = await serve();
const browser = await launch();
const pages = process.argv.slice(2);
for (const width of [360, 1280]) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await openPage(context);
  await openSample(page, server.url);
  for (const hash of pages) {
    await go(page, server.url, hash);
    await page.waitForTimeout(300);
    const name = hash.replace(/[#\/]+/g, '_') || 'home';
    await page.screenshot({ path: `/tmp/shots/${name}-${width}.png`, fullPage: width > 400 });
  }
  console.log(page.errors);
  await context.close();
}
await browser.close();
server.stop();

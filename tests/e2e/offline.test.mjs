// Offline and installable (issue 12): after a first visit the app opens with no connection, from
// the sub-path it is served under, with the data entered before; the manifest makes it installable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { go, openPage, startAsOffice, suite, waitSaved } from './helpers.mjs';

const env = suite();

/** Waits until the service worker has cached the app shell and controls the page, then cuts
 * the connection and reloads. */
async function reloadOffline(context, page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await context.setOffline(true);
  await page.reload();
  await page.locator('main h1').waitFor();
}

test('a school opens the app with no connection after its first visit', async () => {
  const context = await env.browser.newContext({ serviceWorkers: 'allow' });
  const page = await openPage(context);
  await startAsOffice(page, env.url);
  await go(page, env.url, '#/so-lieu/2024-03');
  await page.locator('#fig-vb_tong').fill('12');
  await waitSaved(page, '"vb_tong"');
  await reloadOffline(context, page);
  await go(page, env.url, '#/so-lieu/2024-03');
  assert.equal(await page.locator('#fig-vb_tong').inputValue(), '12');
  // And the manifest says how to install it.
  await context.setOffline(false);
  const manifest = await page.evaluate(async () => {
    const href = document.querySelector('link[rel="manifest"]').href;
    return (await fetch(href)).json();
  });
  assert.equal(manifest.start_url, './');
  assert.deepEqual(manifest.icons.map((i) => i.sizes), ['192x192', '512x512']);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a page never opened before opens with no connection: its code was cached at install', async () => {
  const context = await env.browser.newContext({ serviceWorkers: 'allow' });
  const page = await openPage(context);
  await startAsOffice(page, env.url);
  await reloadOffline(context, page);
  await go(page, env.url, '#/lich-bao-cao');
  assert.match(await page.locator('main h1').first().innerText(), /Lịch báo cáo/i);
  assert.equal(await page.getByText('Chưa tải được trang này').count(), 0);
  assert.deepEqual(page.errors, []);
  await context.close();
});

// Today follows the clock: a page left open overnight, or shown again after a night in the
// background, moves to the new day without a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { go, openPage, startAsSchool, suite } from './helpers.mjs';

const env = suite();

test('a page shown again the next morning moves to the new day', async () => {
  const context = await env.browser.newContext();
  const page = await openPage(context, { now: '2024-03-01T23:58:00+07:00' });
  await startAsSchool(page, env.url);
  await go(page, env.url, '#/');
  await page.getByText('Hôm nay: 01/03/2024').waitFor();
  await page.clock.setFixedTime(new Date('2024-03-02T07:30:00+07:00'));
  // The tab comes back to the front.
  await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
  await page.getByText('Hôm nay: 02/03/2024').waitFor();
  assert.deepEqual(page.errors, []);
  await context.close();
});

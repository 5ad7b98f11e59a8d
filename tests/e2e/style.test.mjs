// The stylesheet the bundle ships is style/main.css without its comments and layout
// (scripts/bundle.mjs, `minifyCss`): Chromium must parse both to the same rules, so that the
// minifying can never change how a page looks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { suite } from './helpers.mjs';

const env = suite();

test('the shipped stylesheet parses to the same rules as style/main.css', async () => {
  const app = readdirSync('dist').find((f) => f.startsWith('app-'));
  const shipped = readFileSync(`dist/${app}/main.css`, 'utf8');
  const source = readFileSync('style/main.css', 'utf8');
  assert.ok(shipped.length < source.length * 0.9, 'comments and layout are gone');
  const page = await env.browser.newPage();
  const rules = (css) =>
    page.evaluate((text) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(text);
      return [...sheet.cssRules].map((r) => r.cssText);
    }, css);
  const expected = await rules(source);
  assert.ok(expected.length > 100, 'the source parsed');
  assert.deepEqual(await rules(shipped), expected);
  await page.close();
});

// Accessibility: axe-core finds no violations on any page, with sample data so that every part of
// every page is drawn; each page has one h1 and headings that do not skip levels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { go, openPage, openSample, suite } from './helpers.mjs';

const axe = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
const env = suite();

const PAGES = [
  '#/', '#/ke-hoach', '#/lich-bao-cao', '#/nhiem-vu', '#/nhiem-vu/3.4', '#/so-lieu/2024-03', '#/khao-sat',
  '#/khao-sat/mau-th-binh-minh-ks-cmhs', '#/chi-tieu', '#/chi-tieu/dung_han', '#/don-vi', '#/du-lieu', '#/gui-nhan', '#/ke-hoach-cac-nam', '#/bao-cao/q3',
];

for (const width of [360, 1280]) {
  test(`no axe violations and ordered headings at ${width} px`, async () => {
    // axe-core is injected as an inline script, which the app's Content-Security-Policy would
    // (rightly) block: the checking tool, not the app, is let through.
    const context = await env.browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
    const page = await openPage(context);
    await openSample(page, env.url);
    const problems = [];
    for (const hash of PAGES) {
      await go(page, env.url, hash);
      await page.addScriptTag({ content: axe });
      const result = await page.evaluate(async () => {
        // Open every disclosure so that its content is checked too.
        document.querySelectorAll('details').forEach((d) => (d.open = true));
        const r = await window.axe.run(document, { resultTypes: ['violations'] });
        return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
      });
      problems.push(...result.map((r) => `${hash} ${r}`));
      const levels = await page.$$eval('h1, h2, h3, h4', (hs) => hs.map((h) => Number(h.tagName[1])));
      if (levels.filter((l) => l === 1).length !== 1) problems.push(`${hash}: ${levels.filter((l) => l === 1).length} h1`);
      for (let i = 1; i < levels.length; i++) {
        if (levels[i] > levels[i - 1] + 1) problems.push(`${hash}: heading h${levels[i]} after h${levels[i - 1]}`);
      }
    }
    assert.deepEqual(problems, []);
    await context.close();
  });
}

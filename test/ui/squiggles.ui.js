#!/usr/bin/env node
// UI test in headless chromium against a real code-server workbench (started WITHOUT the smoke-test driver, with
// the extension installed): open a Carbon master-datasources.xml on an Aurora endpoint, wait for the squiggles,
// open the lightbulb on the 30000 ms validationInterval, apply the preferred fix, check the text changed.
// Screenshots: .test-output/ui-lightbulb.png (menu open) and .test-output/ui-after-fix.png; with
// AURORA_GUARD_SCREENSHOT=1 the first one is also written to media/screenshot-squiggles.png for the README.
//   node test/ui/squiggles.ui.js --server http://127.0.0.1:PORT --folder /abs/workspace --out /abs/.test-output
// Env: PWC (playwright-core path), CHROMIUM (default /usr/bin/chromium).
'use strict';
const { launchChromium, parseArgs } = require('../../scripts/vscode-host/browser');
const { chromium } = require(process.env.PWC || 'playwright-core');
const fs = require('node:fs');
const path = require('node:path');

const args = parseArgs();
const REL = 'apim-2.6/repository/conf/datasources/master-datasources.xml';
const ROOT = path.resolve(__dirname, '..', '..');
const out = path.resolve(args.out || path.join(ROOT, '.test-output'));
fs.mkdirSync(out, { recursive: true });
const t0 = Date.now();
const step = (msg) => console.log(`[ui ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

// Where the squiggle to fix is: the WSO2AM_DB datasource's <validationInterval>30000 (1-based line, column of the value).
const text = fs.readFileSync(path.join(args.folder, REL), 'utf8');
const lines = text.split('\n');
const amStart = lines.findIndex((l) => l.includes('<name>WSO2AM_DB</name>'));
const viLine = lines.findIndex((l, i) => i > amStart && l.includes('<validationInterval>30000<'));
const viCol = lines[viLine].indexOf('30000') + 1;

(async () => {
  const browser = await launchChromium(chromium);
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 860 } })).newPage();
  const fail = async (e) => {
    await page.screenshot({ path: path.join(out, 'ui-failure.png') }).catch(() => {});
    throw e;
  };
  try {
    await page.goto(`${args.server}/?folder=${encodeURIComponent(args.folder)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    step('workbench ready');

    // Open the file with Quick Open (Ctrl+P).
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10_000 });
    await page.keyboard.type(REL);
    await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 20_000 });
    await page.keyboard.press('Enter');
    await page.waitForSelector('.editor-instance .view-lines', { timeout: 20_000 });
    step('editor open');

    // Squiggles from the extension (it activates for *-datasources.xml).
    await page.waitForSelector('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning', { timeout: 30_000 });
    step('squiggles visible');

    // Problems panel, so the screenshot shows what the squiggles are.
    await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 20_000 });
    step(`problems panel: ${await page.locator('.markers-panel .monaco-list-row').count()} rows`);

    // The failover forecast: a code lens above the datasource, and the hover on its <name> (every scenario now and
    // after fix-all, "modelled, not measured"). Screenshot: .test-output/ui-forecast-hover.png.
    await page.click('.editor-instance .view-lines');
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10_000 });
    // (on the <name> tag, off the squiggle on the name: VS Code's own problem hover would come first)
    await page.keyboard.type(`${amStart + 1}:${lines[amStart].indexOf('<name>') + 3}`);
    await page.keyboard.press('Enter');
    const lensLocator = page.locator('.monaco-editor .codelens-decoration', { hasText: 'Failover: pinned' });
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.monaco-editor .codelens-decoration')].some(
          (e) => /Failover: pinned/.test(e.textContent) && e.getBoundingClientRect().height > 0,
        ),
      null,
      { timeout: 30_000 },
    );
    const lens = (await lensLocator.first().textContent()).trim();
    if (!/Failover: pinned in \d+\/24 timings.* → after fixes/.test(lens)) throw new Error(`forecast code lens: ${lens}`);
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await page.waitForSelector('.monaco-hover:not(.hidden) >> text=Failover forecast', { timeout: 15_000 });
    await page.waitForSelector('.monaco-hover:not(.hidden) >> text=/modelled, not measured/', { timeout: 5_000 });
    await page.screenshot({ path: path.join(out, 'ui-forecast-hover.png') });
    step(`forecast code lens "${lens}" and hover shown`);
    await page.keyboard.press('Escape');

    // Cursor onto the validationInterval value (Go to Line accepts line:column), then the lightbulb menu (Ctrl+.).
    await page.click('.editor-instance .view-lines');
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10_000 });
    await page.keyboard.type(`${viLine + 1}:${viCol + 1}`);
    await page.keyboard.press('Enter');
    await page
      .waitForSelector('.lightBulbWidget, .codicon-light-bulb, .codicon-lightbulb', { timeout: 15_000 })
      .catch(() => step('(no lightbulb glyph seen; opening the menu anyway)'));

    // The hover on the flagged value (Ctrl+K Ctrl+I = Show Hover): rule title, why, value in effect, docs link.
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await page.waitForSelector('.monaco-hover:not(.hidden) >> text=Why it matters', { timeout: 15_000 });
    await page.waitForSelector('.monaco-hover:not(.hidden) >> text=Value in effect', { timeout: 5_000 });
    await page.screenshot({ path: path.join(out, 'ui-hover.png') });
    step('hover shows the rule, why it matters and the value in effect');
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 5); // keep the pointer off the menu: hovering an item would focus it
    await page.keyboard.press('Control+.');
    await page.waitForSelector('.action-widget .monaco-list-row', { timeout: 15_000 });
    const items = await page.$$eval('.action-widget .monaco-list-row', (els) => els.map((e) => e.textContent.trim()).filter(Boolean));
    step(`lightbulb menu: ${JSON.stringify(items)}`);
    // First, for a pool whose failover forecast fails: the one entry that applies every change the forecast needs.
    const first = items.find((i) => i !== 'Quick Fix'); // (the menu's group header)
    if (!/^Make this pool failover-safe: failover pinned \d+\/24 → /.test(first ?? ''))
      throw new Error(`the lightbulb's first item is not the failover-safe fix: ${first}`);
    for (const want of [
      'Fix all pool/validation-interval problems in this file',
      'Disable pool/validation-interval for this line',
      'Disable pool/validation-interval for this file',
      'Show documentation for pool/validation-interval',
    ]) {
      if (!items.some((i) => i.includes(want))) throw new Error(`lightbulb menu lacks "${want}"`);
    }
    await page.screenshot({ path: path.join(out, 'ui-lightbulb.png') });
    if (process.env.AURORA_GUARD_SCREENSHOT === '1') {
      fs.copyFileSync(path.join(out, 'ui-lightbulb.png'), path.join(ROOT, 'media', 'screenshot-squiggles.png'));
      step('wrote media/screenshot-squiggles.png');
    }

    // Apply this finding's preferred fix (the item after the failover-safe one) and check the editor text changed.
    const before = lines[viLine].trim();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      (n) => {
        const l = [...document.querySelectorAll('.editor-instance .view-lines .view-line')].map((e) =>
          e.textContent.replace(/\u00a0/g, ' '),
        );
        return l.some(
          (x) =>
            /<validationInterval>(\d+)<\/validationInterval>/.test(x) &&
            !x.includes('30000') &&
            Number(/<validationInterval>(\d+)</.exec(x)[1]) <= n,
        );
      },
      3000,
      { timeout: 15_000 },
    );
    step(`fix applied to "${before}"`);
    // …and its problem leaves the Problems panel
    await page.waitForFunction(
      (ln) =>
        ![...document.querySelectorAll('.markers-panel .monaco-list-row')].some(
          (r) => r.textContent.includes('validationInterval is 30000') && r.textContent.includes(`Ln ${ln},`),
        ),
      viLine + 1,
      { timeout: 15_000 },
    );
    step('problem gone from the Problems panel');
    await page.screenshot({ path: path.join(out, 'ui-after-fix.png') });
    step(`screenshots in ${path.relative(ROOT, out) || out}`);
  } catch (e) {
    await fail(e);
  } finally {
    await browser.close().catch(() => {});
  }
})().catch((e) => {
  console.error('UI test failed:', e.message || e);
  process.exit(1);
});

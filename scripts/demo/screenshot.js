#!/usr/bin/env node
// Screenshot of the running `npm start` demo (headless chromium via the VS Code host's playwright-core):
// opens the demo's deployment.toml, waits for the squiggles, shows the Problems panel and the lightbulb menu
// on `validationInterval = 30000`, and writes media/screenshot-demo.png.
//   node scripts/demo/screenshot.js --url 'http://127.0.0.1:13380/?folder=/tmp/aurora-guard-demo-…/workspace' [--out FILE]
// Env: PWC (playwright-core path; default: the VS Code host's), CHROMIUM (default /usr/bin/chromium).
'use strict';
const { launchChromium, parseArgs } = require('../vscode-host/browser');
const path = require('node:path');
const fs = require('node:fs');

const ROOT = path.resolve(__dirname, '..', '..');
const args = parseArgs();
if (!args.url) {
  console.error('usage: screenshot.js --url URL_PRINTED_BY_NPM_START [--out FILE]');
  process.exit(2);
}
const out = path.resolve(args.out || path.join(ROOT, 'media', 'screenshot-demo.png'));
const pwc =
  process.env.PWC || path.join(process.env.AURORA_GUARD_VSH || path.join(ROOT, '.vscode-host'), 'drive', 'node_modules', 'playwright-core');
const { chromium } = require(pwc);
const REL = 'apim-4.2/repository/conf/deployment.toml';
const folder = new URL(args.url).searchParams.get('folder');
const lines = fs.readFileSync(path.join(folder, REL), 'utf8').split('\n');
const viLine = lines.findIndex((l) => /^validationInterval = 30000/.test(l));
const t0 = Date.now();
const step = (m) => console.log(`[screenshot ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);

(async () => {
  const browser = await launchChromium(chromium);
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 860 } })).newPage();
  try {
    await page.goto(args.url);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    step('workbench ready');
    // The workspace opens its README (workbench.startupEditor = readme): let it open first, so it does not take
    // the focus from the file opened next.
    await page.waitForSelector('.tabs-container .tab >> text=README.md', { timeout: 15_000 }).catch(() => step('(no README tab)'));
    await page.waitForSelector('iframe.webview.ready', { timeout: 15_000 }).catch(() => step('(README preview not seen)'));
    await page.waitForTimeout(1000);
    // Quick Open; retried, because the preview (a webview) can take the focus while it loads and close the picker.
    for (let attempt = 1; ; attempt++) {
      await page.click('.explorer-folders-view'); // keyboard focus back on the workbench
      await page.keyboard.press('Control+P');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10_000 });
      await page.keyboard.type(REL);
      await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 20_000 });
      await page.keyboard.press('Enter');
      const opened = await page.waitForSelector('.editor-instance .view-lines', { timeout: 5_000 }).then(
        () => true,
        () => false,
      );
      if (opened) break;
      if (attempt === 3) throw new Error('could not open ' + REL);
      step(`quick open attempt ${attempt} did not open the file; retrying`);
      await page.keyboard.press('Escape');
    }
    await page.waitForSelector('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning', { timeout: 30_000 });
    step('squiggles visible');
    await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector('.markers-panel .monaco-list-row', { timeout: 20_000 });
    step(`problems panel: ${await page.locator('.markers-panel .monaco-list-row').count()} rows`);
    await page.click('.editor-instance .view-lines');
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10_000 });
    await page.keyboard.type(`${viLine + 1}:22`);
    await page.keyboard.press('Enter');
    await page.mouse.move(5, 5);
    await page.waitForTimeout(500);
    await page.keyboard.press('Control+.');
    await page.waitForSelector('.action-widget .monaco-list-row', { timeout: 15_000 });
    step(
      `lightbulb menu: ${(await page.$$eval('.action-widget .monaco-list-row', (els) => els.map((e) => e.textContent.trim()).filter(Boolean))).slice(0, 3).join(' | ')} …`,
    );
    await page.waitForTimeout(300);
    await page.screenshot({ path: out });
    step(`wrote ${path.relative(ROOT, out)}`);
  } catch (e) {
    await page.screenshot({ path: out.replace(/\.png$/, '-failure.png') }).catch(() => {});
    throw e;
  } finally {
    await browser.close().catch(() => {});
  }
})().catch((e) => {
  console.error('screenshot failed:', e.message || e);
  process.exit(1);
});

#!/usr/bin/env node
// UI test of the Probes panel in headless chromium against a real code-server workbench (extension installed,
// no smoke-test driver), with the loopback MariaDB test servers running (scripts/db/db.sh up): open the fixture
// deployment.toml, run "Probe Aurora" from the command palette, type the password into VS Code's password box,
// wait for the server identity and the validation-query lab in the panel, start a watch from the panel, kill the
// probe's connections once (KILL USER as dba) so the chart shows event markers, and take a screenshot.
// Screenshot: .test-output/ui-probe.png; with AURORA_GUARD_SCREENSHOT=1 also media/screenshot-probe.png.
//   node test/ui/probe.ui.js --server http://127.0.0.1:PORT --folder /abs/workspace --out /abs/.test-output
'use strict';
const { launchChromium, parseArgs } = require('../../scripts/vscode-host/browser');
const { chromium } = require(process.env.PWC || 'playwright-core');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const args = parseArgs();
const REL = 'probe-local/repository/conf/deployment.toml';
const ROOT = path.resolve(__dirname, '..', '..');
const out = path.resolve(args.out || path.join(ROOT, '.test-output'));
fs.mkdirSync(out, { recursive: true });
const t0 = Date.now();
const step = (msg) => console.log(`[ui-probe ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
const lines = fs.readFileSync(path.join(args.folder, REL), 'utf8').split('\n');
const urlLine = lines.findIndex((l) => l.startsWith('url = "jdbc:mysql://127.0.0.1:13306'));

/** The frame of the Probes webview (VS Code nests it: iframe.webview → iframe#active-frame). */
async function probesFrame(page, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (const f of page.frames()) if (await f.$('#ep').catch(() => null)) return f;
    await page.waitForTimeout(250);
  }
  throw new Error('the Probes webview did not appear');
}

(async () => {
  const browser = await launchChromium(chromium);
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  try {
    await page.goto(`${args.server}/?folder=${encodeURIComponent(args.folder)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    step('workbench ready');

    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10_000 });
    await page.keyboard.type(REL);
    await page.waitForSelector('.quick-input-list .monaco-list-row', { timeout: 20_000 });
    await page.keyboard.press('Enter');
    await page.waitForSelector('.editor-instance .view-lines', { timeout: 20_000 });
    await page.click('.editor-instance .view-lines');
    await page.keyboard.press('Control+G');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10_000 });
    await page.keyboard.type(`${urlLine + 1}:10`);
    await page.keyboard.press('Enter');
    step('editor open, cursor on the apim_db URL');

    // Probe Aurora from the command palette; the password goes into VS Code's password input box.
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10_000 });
    await page.keyboard.type('Aurora Guard: Probe Aurora');
    await page.waitForSelector('.quick-input-list .monaco-list-row >> text=Probe Aurora', { timeout: 20_000 });
    await page.keyboard.press('Enter');
    await page.waitForSelector('.quick-input-widget input[type="password"]', { state: 'visible', timeout: 20_000 });
    await page.keyboard.type('probepw');
    await page.keyboard.press('Enter');
    step('password entered');

    const frame = await probesFrame(page, 30_000);
    await frame.waitForSelector('#identity >> text=mariadb', { timeout: 30_000 });
    await frame.waitForSelector('#lab table tbody tr', { timeout: 30_000 });
    step('identity and lab shown');

    // Widen the side bar so the panel is readable in the screenshot.
    const sb = await page.locator('.part.sidebar').boundingBox();
    if (sb) {
      const x = sb.x + sb.width;
      await page.mouse.move(x, sb.y + 200);
      await page.mouse.down();
      await page.mouse.move(x + 320, sb.y + 200, { steps: 8 });
      await page.mouse.up();
    }

    // A short watch with one disruption: the probe's connections are killed after ~3 s.
    await frame.fill('#interval', '100');
    await frame.fill('#duration', '9');
    await frame.click('#watch');
    await frame.waitForSelector('#timeline li', { timeout: 15_000 });
    await page.waitForTimeout(3000);
    execFileSync('mariadb', ['--no-defaults', '-h127.0.0.1', '-P13306', '-udba', '-pdbapw', '-e', 'KILL USER probe'], { stdio: 'ignore' });
    step('killed the probe connections');
    await frame.waitForSelector('#watch >> text=Start watch', { timeout: 30_000 });
    await frame.waitForFunction(() => document.querySelectorAll('#timeline li.lost').length > 0, null, { timeout: 10_000 });
    step(`watch done: ${await frame.locator('#timeline li').count()} events`);
    await frame.evaluate(() => document.getElementById('status').scrollIntoView());
    await page.waitForTimeout(500);
    const shot = path.join(out, 'ui-probe.png');
    await page.screenshot({ path: shot });
    if (process.env.AURORA_GUARD_SCREENSHOT === '1') fs.copyFileSync(shot, path.join(ROOT, 'media', 'screenshot-probe.png'));
    step(`screenshot ${path.relative(ROOT, shot)}`);
  } catch (e) {
    await page.screenshot({ path: path.join(out, 'ui-probe-failure.png') }).catch(() => {});
    throw e;
  } finally {
    await browser.close().catch(() => {});
  }
})().catch((e) => {
  console.error('UI probe test failed:', e.message || e);
  process.exit(1);
});

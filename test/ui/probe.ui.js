#!/usr/bin/env node
// UI test of the Probes panel in headless chromium against a real code-server workbench (extension installed,
// no smoke-test driver), with the loopback MariaDB test servers running (scripts/db/db.sh up): open the fixture
// deployment.toml, run "Probe Aurora" from the command palette, type the password into VS Code's password box,
// check the page's CSP and nonces, wait for the server identity and the validation-query lab in the panel, start
// a watch from the panel, kill the probe's connections once (KILL USER as dba) so the chart shows event markers,
// check the chart was drawn and the timeline filled, hide and show the view (its state must come back), check
// that choosing IAM auth turns TLS on, that no CSP violation or component warning was logged, and take a screenshot.
// The panel's controls are @vscode-elements/elements web components: Playwright's CSS selectors pierce their open
// shadow roots (`#interval input` is the <input> inside <vscode-textfield id="interval">).
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

/** The frame of the Probes webview (VS Code nests it: iframe.webview → iframe#active-frame), other than `not`. */
async function probesFrame(page, timeoutMs, not) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (const f of page.frames()) if (f !== not && !f.isDetached() && (await f.$('#ep').catch(() => null))) return f;
    await page.waitForTimeout(250);
  }
  throw new Error('the Probes webview did not appear');
}

function check(ok, msg) {
  if (!ok) throw new Error(msg);
}

/** What the panel shows, read from its DOM (the web components' light DOM) and its chart's canvas. */
function panelState(frame) {
  return frame.evaluate(() => {
    const rows = (id) =>
      [...document.querySelectorAll(`#${id} vscode-table-row`)].map((r) =>
        [...r.querySelectorAll('vscode-table-cell')].map((c) => c.textContent.trim()),
      );
    const canvas = document.querySelector('#chart canvas');
    let inked = 0;
    if (canvas && canvas.width > 0 && canvas.height > 0) {
      const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 3; i < px.length; i += 4) if (px[i] > 0) inked++;
    }
    return {
      identity: rows('identityBody'),
      lab: rows('labBody'),
      timeline: rows('timelineBody'),
      lost: document.querySelectorAll('#timelineBody vscode-table-row.lost').length,
      chart: canvas ? { width: canvas.width, height: canvas.height, inked } : null,
      legend: [...document.querySelectorAll('#markerLegend .marker')].map((m) => m.textContent.trim()),
      verdict: document.getElementById('verdict').textContent.trim(),
      status: document.getElementById('statusText').textContent.trim(),
      interval: document.getElementById('interval').value,
    };
  });
}

(async () => {
  const browser = await launchChromium(chromium);
  const page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  // Console messages of every frame, the webview's included.
  const cspViolations = [];
  const componentWarnings = [];
  page.on('console', (m) => {
    const t = m.text();
    if (/Content Security Policy/i.test(t)) cspViolations.push(t.slice(0, 300));
    // vscode-elements' own warnings (misuse of a component), lit's dev-mode notice, or anything the view's script logs
    else if (/\[VSCode Elements\]|Lit is in dev mode/.test(t) || /\/dist\/webview\//.test(m.location()?.url ?? ''))
      componentWarnings.push(`${m.type()}: ${t.slice(0, 300)}`);
  });
  try {
    await page.goto(`${args.server}/?folder=${encodeURIComponent(args.folder)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
    step('workbench ready');

    // The view before any probe: empty states; then a run from its form against a port nobody listens on must end in
    // a visible error (the password is typed into VS Code's box, never into the view).
    await page.click('.activitybar [aria-label^="Aurora Guard"]');
    let frame = await probesFrame(page, 30_000);
    await frame.waitForFunction(() => !!customElements.get('vscode-table'), null, { timeout: 15_000 }).catch(() => {});
    const empty = await frame.evaluate(() => ({
      status: document.getElementById('statusText').textContent,
      shown: ['identityEmpty', 'labEmpty', 'timelineEmpty', 'chartEmpty'].filter(
        (id) => !document.getElementById(id).hidden && document.getElementById(id).textContent.trim(),
      ),
      tables: ['identity', 'lab', 'timeline'].filter((id) => !document.getElementById(id).hidden),
      exportDisabled: document.getElementById('exportJson').disabled && document.getElementById('exportMd').disabled,
    }));
    check(
      /No probe run yet/.test(empty.status) && empty.shown.length === 4 && empty.tables.length === 0 && empty.exportDisabled,
      `empty state: ${JSON.stringify(empty)}`,
    );
    await frame.locator('#host input').fill('127.0.0.1');
    await frame.locator('#port input').fill('13399');
    await frame.locator('#user input').fill('probe');
    await frame.click('#run');
    await page.waitForSelector('.quick-input-widget input[type="password"]', { state: 'visible', timeout: 20_000 });
    await page.keyboard.type('wrong-port-pw');
    await page.keyboard.press('Enter');
    await frame.waitForSelector('#status.error', { timeout: 30_000 });
    const failed = await frame.evaluate(() => ({ text: document.getElementById('statusText').textContent, all: document.body.innerText }));
    check(failed.text.trim().length > 0 && !failed.all.includes('wrong-port-pw'), `error status: ${JSON.stringify(failed.text)}`);
    await page.locator('.part.sidebar').screenshot({ path: path.join(out, 'ui-probe-error.png') });
    step(`empty states shown; a run against a closed port shows the error: ${failed.text.trim().slice(0, 80)}`);

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
    await page.keyboard.type('Aurora Failover Guard: Probe Aurora');
    await page.waitForSelector('.quick-input-list .monaco-list-row >> text=Probe Aurora', { timeout: 20_000 });
    await page.keyboard.press('Enter');
    await page.waitForSelector('.quick-input-widget input[type="password"]', { state: 'visible', timeout: 20_000 });
    await page.keyboard.type('probepw');
    await page.keyboard.press('Enter');
    step('password entered');

    frame = await probesFrame(page, 30_000);
    // The page's CSP: nothing by default, scripts only with this page's nonce, no inline styles or eval, nothing remote.
    const page1 = await frame.evaluate(() => ({
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
      // every script of the page, except the acquireVsCodeApi script VS Code's webview host injects itself
      scripts: [...document.querySelectorAll('script:not(#_vscodeApiScript)')].map((s) => ({ src: s.getAttribute('src'), nonce: s.nonce })),
      links: [...document.querySelectorAll('link[href], img[src]')].map((l) => l.getAttribute('href') ?? l.getAttribute('src')),
      components: ['vscode-textfield', 'vscode-single-select', 'vscode-button', 'vscode-collapsible', 'vscode-table'].filter(
        (t) => !customElements.get(t),
      ),
    }));
    check(page1.csp, 'the webview has no CSP meta tag');
    const directives = Object.fromEntries(
      page1.csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v]),
    );
    check(directives['default-src']?.join(' ') === "'none'", `CSP default-src is not 'none': ${page1.csp}`);
    const nonce = (directives['script-src'] ?? []).map((v) => /^'nonce-(.+)'$/.exec(v)?.[1]).find(Boolean);
    check(nonce && nonce.length >= 16, `CSP script-src has no nonce: ${page1.csp}`);
    check(directives['script-src'].length === 1, `script-src allows more than its nonce: ${page1.csp}`);
    // Allowed sources: none, the webview's own resource origin (webview.cspSource: 'self' and VS Code's webview CDN
    // name for local files), data: images, and the nonce. Never 'unsafe-inline', 'unsafe-eval', a wildcard or a web origin.
    const ownOrigin = (v) => v === "'self'" || /^https:\/\/\*\.vscode-cdn\.net$/.test(v) || /^vscode-(webview|resource):/.test(v);
    for (const [k, vs] of Object.entries(directives)) {
      const bad = vs.filter(
        (v) => !(v === "'none'" || ownOrigin(v) || (k === 'img-src' && v === 'data:') || (k === 'script-src' && v === `'nonce-${nonce}'`)),
      );
      check(bad.length === 0, `CSP ${k} allows ${bad.join(' ')}: ${page1.csp}`);
    }
    check(
      page1.scripts.length > 0 && page1.scripts.every((s) => s.nonce === nonce && s.src),
      `a script without the page's nonce: ${JSON.stringify(page1.scripts)}`,
    );
    check(
      [...page1.scripts.map((s) => s.src), ...page1.links].every(
        (u) => !/^(https?:)?\/\//.test(u) || /vscode-(resource|cdn)|vscode-webview/.test(u),
      ),
      `a remote resource: ${JSON.stringify(page1.links)}`,
    );
    check(page1.components.length === 0, `web components not defined: ${page1.components.join(', ')}`);
    step(`CSP ${page1.csp.replace(/nonce-[^']+/, 'nonce-…')}; ${page1.scripts.length} script(s), all with the nonce`);

    await frame.waitForSelector('#identityBody >> text=mariadb', { timeout: 30_000 });
    await frame.waitForSelector('#labBody vscode-table-row', { timeout: 30_000 });
    let st = await panelState(frame);
    const idRow = (k) => st.identity.find((r) => r[0] === k)?.[1];
    check(
      /^\d+\.\d+/.test(idRow('version') ?? '') && idRow('flavor') === 'mariadb' && idRow('role') === 'writer',
      `identity: ${JSON.stringify(st.identity)}`,
    );
    check(
      /^\d+$/.test(idRow('server id') ?? '') && /^\d+$/.test(idRow('max_connections') ?? '') && /\(writer\)/.test(idRow('instances') ?? ''),
      `identity: ${JSON.stringify(st.identity)}`,
    );
    check(
      st.lab.length >= 5 &&
        st.lab.every(
          (r) =>
            r.length === 6 &&
            /^(writer|reader)$/.test(r[1]) &&
            /^(passes|raises \S+)$/.test(r[2]) &&
            r.slice(3).every((n) => /^\d+\.\d\d$/.test(n)),
        ),
      `lab table: ${JSON.stringify(st.lab)}`,
    );
    check(
      st.lab.some((r) => r[0].startsWith('SELECT 1 FROM DUAL') && /from the file/.test(r[0])),
      `the file's validationQuery is not in the lab table: ${JSON.stringify(st.lab)}`,
    );
    check(/Validation query:/.test(st.verdict), `no verdict: ${st.verdict}`);
    step(`identity and lab shown (${st.lab.length} lab rows)`);

    await page.locator('.part.sidebar').screenshot({ path: path.join(out, 'ui-probe-narrow.png') });
    // Widen the side bar so the panel is readable in the screenshot.
    const sb = await page.locator('.part.sidebar').boundingBox();
    if (sb) {
      const x = sb.x + sb.width;
      await page.mouse.move(x, sb.y + 200);
      await page.mouse.down();
      await page.mouse.move(x + 330, sb.y + 200, { steps: 8 });
      await page.mouse.up();
    }

    // A short watch with one disruption: the probe's connections are killed after ~3 s.
    await frame.locator('#interval input').fill('100');
    await frame.locator('#duration input').fill('9');
    await frame.click('#watch');
    await frame.waitForSelector('#watch >> text=Stop watch', { timeout: 15_000 });
    check(
      await frame.evaluate(() => document.getElementById('status').className === 'busy' && !document.getElementById('busy').hidden),
      'no busy status while the watch runs',
    );
    await frame.waitForSelector('#timelineBody vscode-table-row', { timeout: 15_000 });
    await page.waitForTimeout(3000);
    execFileSync('mariadb', ['--no-defaults', '-h127.0.0.1', '-P13306', '-udba', '-pdbapw', '-e', 'KILL USER probe'], { stdio: 'ignore' });
    step('killed the probe connections');
    await frame.waitForSelector('#watch >> text=Start watch', { timeout: 30_000 });
    await frame.waitForFunction(() => document.querySelectorAll('#timelineBody vscode-table-row.lost').length > 0, null, {
      timeout: 10_000,
    });
    st = await panelState(frame);
    check(
      st.timeline.length >= 3 && st.timeline.every((r) => r.length === 4 && /^\d+\.\d{3}$/.test(r[0]) && /^(pooled|fresh)$/.test(r[1])),
      `timeline: ${JSON.stringify(st.timeline)}`,
    );
    check(
      st.timeline.some((r) => r[2] === 'connection-lost') && st.timeline.some((r) => r[2] === 'connected'),
      `timeline has no lost + connected: ${JSON.stringify(st.timeline)}`,
    );
    check(st.chart && st.chart.width > 200 && st.chart.inked > 2000, `the chart canvas was not drawn: ${JSON.stringify(st.chart)}`);
    check(st.legend.includes('connection-lost'), `no marker legend for connection-lost: ${JSON.stringify(st.legend)}`);
    check(/Watch:/.test(st.verdict) && /Downtime \d+ ms/.test(st.verdict), `no watch verdict: ${st.verdict}`);
    // The watch started from the datasource (Probe Aurora on its URL): its failover forecast beside what was observed.
    check(
      /Forecast: deployment\.toml › WSO2AM_DB/.test(st.verdict) &&
        /failover: /.test(st.verdict) &&
        /modelled, not measured/.test(st.verdict),
      `no forecast beside the watch: ${st.verdict}`,
    );
    step(
      `watch done: ${st.timeline.length} events, ${st.lost} lost, chart ${st.chart.width}x${st.chart.height} with ${st.chart.inked} inked pixels`,
    );

    // Hide the view (Explorer) and show it again: the webview is rebuilt and must come back with the same content.
    await page.keyboard.press('Control+Shift+E');
    await page.waitForTimeout(800);
    await page.click('.activitybar [aria-label^="Aurora Guard"]');
    const old = frame;
    frame = await probesFrame(page, 20_000, old);
    await frame.waitForSelector('#timelineBody vscode-table-row.lost', { timeout: 15_000 });
    const back = await panelState(frame);
    check(
      back.lab.length === st.lab.length && back.timeline.length === st.timeline.length && back.identity.length === st.identity.length,
      `state not restored: ${JSON.stringify({ lab: back.lab.length, timeline: back.timeline.length })}`,
    );
    check(back.interval === '100', `the form draft was not restored (interval ${back.interval})`);
    await frame.waitForFunction(() => (document.querySelector('#chart canvas')?.width ?? 0) > 200, null, { timeout: 10_000 });
    step('view hidden and shown: content, chart and form restored');

    // IAM auth needs TLS: choosing it with TLS off switches TLS to required and says so; back to password after.
    check((await frame.evaluate(() => document.getElementById('tls').value)) === 'off', 'TLS is not off before the IAM check');
    await frame.click('#auth');
    await frame.locator('#auth [role="option"]', { hasText: 'IAM token' }).click();
    await frame.waitForFunction(() => document.getElementById('tls').value === 'required', null, { timeout: 5000 });
    const iam = await frame.evaluate(() => ({
      msg: document.getElementById('formMessage').textContent,
      region: document.getElementById('region').disabled,
      note: document.getElementById('authNote').textContent,
    }));
    check(
      /IAM auth token is only sent over TLS/.test(iam.msg) && iam.region === false && /IAM auth token/.test(iam.note),
      `IAM: ${JSON.stringify(iam)}`,
    );
    await frame.click('#tls');
    await frame.locator('#tls [role="option"]', { hasText: 'off' }).first().click();
    await frame.waitForFunction(() => /needs TLS/.test(document.getElementById('formMessage').textContent), null, { timeout: 5000 });
    await frame.click('#auth');
    await frame.locator('#auth [role="option"]', { hasText: 'password' }).click();
    await frame.waitForFunction(
      () => document.getElementById('formMessage').textContent === '' && document.getElementById('region').disabled,
      null,
      { timeout: 5000 },
    );
    step('IAM auth: TLS switched on with a message; TLS off with IAM is refused');

    // A theme switch redraws the chart in the new theme's colours (and back to the dark theme for the screenshot).
    const setTheme = async (name) => {
      // the theme picker (Ctrl+K Ctrl+T) from the editor: the webview keeps keyboard chords to itself
      await page.click('.editor-instance .view-lines');
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+T');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible', timeout: 10_000 });
      await page.keyboard.type(name);
      await page.waitForSelector(`.quick-input-list .monaco-list-row >> text="${name}"`, { timeout: 10_000 });
      await page.keyboard.press('Enter');
    };
    await frame.evaluate(() => {
      document.querySelector('#chart canvas').dataset.before = '1';
    });
    await setTheme('Light Modern');
    await frame.waitForFunction(
      () => document.body.classList.contains('vscode-light') && !!document.querySelector('#chart canvas:not([data-before])'),
      null,
      { timeout: 10_000 },
    );
    const light = await panelState(frame);
    check(
      light.chart && light.chart.inked > 2000 && light.timeline.length === st.timeline.length,
      `the chart was not redrawn in the light theme: ${JSON.stringify(light.chart)}`,
    );
    await page.locator('.part.sidebar').screenshot({ path: path.join(out, 'ui-probe-light.png') });
    await setTheme('Dark Modern');
    await frame.waitForFunction(() => document.body.classList.contains('vscode-dark'), null, { timeout: 10_000 });
    step('theme switch: the chart was redrawn in Light Modern, then back to Dark Modern');

    // Nothing the page did was refused by its CSP, and no component complained (checked against a deliberate violation).
    check(cspViolations.length === 0, `CSP violations: ${cspViolations.join(' | ')}`);
    check(componentWarnings.length === 0, `the view's script or its components logged: ${componentWarnings.join(' | ')}`);
    await frame.evaluate(() => document.body.setAttribute('style', 'outline: 0'));
    await page.waitForTimeout(300);
    check(cspViolations.length > 0, 'a deliberate inline style was not reported: the CSP check sees nothing');
    cspViolations.length = 0;
    step('no CSP violation, no component warning');

    // The screenshot shows the whole panel: the window is made as tall as the panel's content (nothing cut off).
    await frame.evaluate(() => window.scrollTo(0, 0));
    const contentHeight = await frame.evaluate(() => document.documentElement.scrollHeight);
    const viewHeight = await frame.evaluate(() => window.innerHeight);
    await page.setViewportSize({ width: 1400, height: Math.min(2400, 1000 + Math.max(0, contentHeight - viewHeight) + 8) });
    await page.mouse.move(5, 500);
    await page.waitForTimeout(800);
    check(
      (await frame.evaluate(() => document.documentElement.scrollHeight - window.innerHeight)) <= 0,
      'the panel still scrolls: part of it is not in the screenshot',
    );
    const shot = path.join(out, 'ui-probe.png');
    await page.screenshot({ path: shot });
    if (process.env.AURORA_GUARD_SCREENSHOT === '1') fs.copyFileSync(shot, path.join(ROOT, 'media', 'screenshot-probe.png'));
    await page.locator('.part.sidebar').screenshot({ path: path.join(out, 'ui-probe-panel.png') });
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

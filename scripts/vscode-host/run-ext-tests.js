#!/usr/bin/env node
// Runs the extension's mocha suite inside code-server's real (Node, server-side) extension host, the way
// @vscode/test-web does it: open the workbench with a `payload` query that carries extensionDevelopmentPath and
// extensionTestsPath, relay the extension host's console (mocha's reporter) and wait for
// window.codeAutomationExit(code). Needs a code-server started with the smoke-test driver (code-server.sh --smoke).
//   node run-ext-tests.js --server http://127.0.0.1:PORT --ext /abs/ext --tests /abs/ext/out/.../index.js
//                         --folder /abs/workspace [--timeout 600] [--env '{"K":"V"}']
// Env: PWC (path of playwright-core), CHROMIUM (default /usr/bin/chromium), VERBOSE=1 (all workbench log lines),
//      RAWLOG=file (every log call as JSON).
'use strict';
const { launchChromium, parseArgs } = require('./browser');
const { chromium } = require(process.env.PWC || 'playwright-core');
const util = require('node:util');
const fs = require('node:fs');
const path = require('node:path');

const args = parseArgs();
const server = new URL(args.server || 'http://127.0.0.1:8080');
const remote = (p) => `vscode-remote://${server.host}${path.resolve(p)}`; // code-server's remote authority = host:port
const payload = [
  ['extensionDevelopmentPath', remote(args.ext)],
  ['extensionTestsPath', remote(args.tests)],
];
if (args.env) payload.push(['extensionEnvironment', args.env]);
const folder = args.folder ? `folder=${encodeURIComponent(path.resolve(args.folder))}&` : 'ew=true&';
const url = `${server.origin}/?${folder}payload=${encodeURIComponent(JSON.stringify(payload))}`;
const timeoutS = Number(args.timeout || 600);

// Workbench log lines that are not the suite's: the offline gallery, telemetry, cancelled RPCs at shutdown …
const NOISE = [
  /ENOTFOUND|EAI_AGAIN|getaddrinfo|open-vsx\.org|marketplace|gallery/i,
  /^(Resolv|Creating a socket|Updating additional builtin|\[Extension Host\] (Debugger|Started))/,
  /\[(AgentHost|AccountPolicyGate|Service Worker|reconnection-grace-time|perf)/,
  /\/static\/out\/vs\/(code|workbench)\//,
  /Canceled|Extension host .* (terminated|exited)|Disposed|Error: Channel has been closed/,
  /^Creation of workbench contribution/,
  // suite/index.ts rejects with this after mocha printed its summary: don't print it (and its stack) again
  /^Error: \d+ test\(s\) failed/,
];

(async () => {
  const browser = await launchChromium(chromium);
  let finish;
  const exited = new Promise((r) => (finish = r));
  const page = await browser.newPage();
  await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
    const line = util.format(...(Array.isArray(logArgs) ? logArgs : [logArgs]));
    if (process.env.RAWLOG) fs.appendFileSync(process.env.RAWLOG, JSON.stringify([type, logArgs]) + '\n');
    if (!process.env.VERBOSE && NOISE.some((re) => re.test(line))) return;
    process.stdout.write(line.endsWith('\n') ? line : line + '\n');
  });
  await page.exposeFunction('codeAutomationExit', (code) => finish(code));
  page.on('pageerror', (e) => process.env.VERBOSE && console.error('[pageerror]', e.message));
  if (process.env.VERBOSE) console.error('opening', url);
  await page.goto(url);
  const timer = new Promise((r) => setTimeout(() => r('timeout'), timeoutS * 1000));
  const code = await Promise.race([exited, timer]);
  await browser.close().catch(() => {});
  if (code === 'timeout') {
    console.error(`TIMEOUT after ${timeoutS}s waiting for the extension tests to finish`);
    process.exit(2);
  }
  process.exit(Number(code) || 0);
})().catch((e) => {
  console.error('driver error:', e);
  process.exit(3);
});

// Shared by the extension-host runner, the UI tests and the demo screenshot: headless Debian chromium with the
// flags this closed network needs (no background networking, no component updates), and --key value arguments.
'use strict';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Launch headless chromium through the given playwright-core `chromium` (env CHROMIUM overrides /usr/bin/chromium). */
function launchChromium(chromium) {
  return chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

/** `--name value` pairs from argv (after the script) into an object. */
function parseArgs(argv = process.argv.slice(2)) {
  const args = {};
  for (let i = 0; i < argv.length; i += 2) args[argv[i].replace(/^--/, '')] = argv[i + 1];
  return args;
}

module.exports = { launchChromium, parseArgs, CHROMIUM_ARGS };

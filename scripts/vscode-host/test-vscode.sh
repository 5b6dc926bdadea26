#!/usr/bin/env bash
# npm run test:vscode — the extension's suite inside a real VS Code extension host, offline:
#   1. build the extension bundle (webpack) and compile the suite (tsc -p test/vscode → out/test/vscode)
#   2. set up the VS Code host if it is missing (setup.sh: chromium, Node 24, code-server, playwright-core)
#   3. the UI test (headless chromium against code-server: squiggle, lightbulb, fix, screenshot)
#      unless AURORA_GUARD_UI_TEST=0
#   4. the mocha suite in the extension host; the output ends with mocha's "N passing / N failing" summary
# The loopback MariaDB test servers (scripts/db/db.sh: writer 13306, read-only 13307) are started before the UI
# test and the suite ("Probe Aurora" probes them) and always stopped afterwards, also on failure or Ctrl-C.
# Env: MOCHA_GREP (only matching tests), AURORA_GUARD_VSH (host cache, default .vscode-host/),
#      AURORA_GUARD_SCREENSHOT=1 (also write media/screenshot-squiggles.png for the README).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
cd "$VSH_REPO"
t0=$SECONDS
echo "[test:vscode] build"
npm run --silent build
node_modules/.bin/tsc -p test/vscode
if ! vsh_ready; then
  echo "[test:vscode] setting up the VS Code host in $VSH (first time: ~2 min)"
  bash "$HERE/setup.sh"
fi
# Servers someone else already runs (npm start demo, another test run) are used and left running; servers
# started here are stopped on exit.
if bash "$VSH_REPO/scripts/db/db.sh" status 2>/dev/null | grep -q 'writer .* ready'; then
  echo "[test:vscode] MariaDB test servers already running: using them (not stopped afterwards)"
else
  echo "[test:vscode] MariaDB test servers up"
  db_down() { echo "[test:vscode] MariaDB test servers down"; bash "$VSH_REPO/scripts/db/db.sh" down >/dev/null 2>&1 || true; }
  trap db_down EXIT
  trap 'exit 130' INT TERM
  bash "$VSH_REPO/scripts/db/db.sh" up
fi
export AURORA_GUARD_REQUIRE_DB=1
if [ "${AURORA_GUARD_UI_TEST:-1}" != 0 ] && [ -z "${MOCHA_GREP:-}" ]; then
  echo "[test:vscode] UI test (headless chromium)"
  bash "$HERE/run-ui-test.sh"
fi
echo "[test:vscode] extension-host suite ($(( SECONDS - t0 ))s so far)"
bash "$HERE/run-ext-tests.sh"

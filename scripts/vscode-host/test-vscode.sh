#!/usr/bin/env bash
# npm run test:vscode — the extension's suite inside a real VS Code extension host, offline:
#   1. build the extension bundle (webpack) and compile the suite (tsc -p test/vscode → out/test/vscode)
#   2. set up the VS Code host if it is missing (setup.sh: chromium, Node 24, code-server, playwright-core)
#   3. the UI test (headless chromium against code-server: squiggle, lightbulb, fix, screenshot)
#      unless AURORA_GUARD_UI_TEST=0
#   4. the mocha suite in the extension host; the output ends with mocha's "N passing / N failing" summary
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
if [ "${AURORA_GUARD_UI_TEST:-1}" != 0 ] && [ -z "${MOCHA_GREP:-}" ]; then
  echo "[test:vscode] UI test (headless chromium)"
  bash "$HERE/run-ui-test.sh"
fi
echo "[test:vscode] extension-host suite ($(( SECONDS - t0 ))s so far)"
exec bash "$HERE/run-ext-tests.sh"

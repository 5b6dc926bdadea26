#!/usr/bin/env bash
# Runs the extension-host mocha suite offline: a private code-server with the smoke-test driver, the payload opened
# in headless chromium (run-ext-tests.js), mocha's output relayed, exit code = the suite's. code-server's whole
# process group is always stopped, also on failure or Ctrl-C.
#   run-ext-tests.sh [TESTS_ENTRY_JS] [WORKSPACE_DIR]
# Defaults: out/test/vscode/suite/index.js, and a fresh copy of test/vscode/fixtures/workspace (tests edit and save files).
# Env: MOCHA_GREP (run only matching tests), TEST_TIMEOUT (s, default 600), VERBOSE=1, KEEP=1 (keep temp dirs),
#      WORKSPACE_TRUST=1 (workspace trust on: the folder opens untrusted, see code-server.sh --trust).
# The suite sees AURORA_GUARD_TEST_WORKSPACE, AURORA_GUARD_HOST_DATA (code-server's data dir: user settings, logs)
# and, when set, MOCHA_GREP, AURORA_GUARD_REQUIRE_DB, AG_DB_WRITER_PORT, AG_DB_READER_PORT, AURORA_GUARD_RELIABILITY_OUT.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
vsh_ready || { echo "VS Code host missing: run scripts/vscode-host/setup.sh" >&2; exit 2; }
EXT=$VSH_REPO
TESTS=$(realpath "${1:-$VSH_REPO/out/test/vscode/suite/index.js}")
[ -f "$TESTS" ] || { echo "no compiled suite at $TESTS (run the build first)" >&2; exit 2; }
RUN=$(mktemp -d "${TMPDIR:-/tmp}/aurora-guard-vsh-XXXXXX")
if [ -n "${2:-}" ]; then WS=$(realpath "$2"); else WS=$RUN/workspace; cp -r "$VSH_REPO/test/vscode/fixtures/workspace" "$WS"; fi
cleanup() {
  "$HERE/code-server.sh" stop "$RUN/cs"
  [ "${KEEP:-0}" = 1 ] && echo "kept $RUN" >&2 || rm -rf "$RUN"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
TRUST=(); [ "${WORKSPACE_TRUST:-0}" = 1 ] && TRUST=(--trust)
"$HERE/code-server.sh" start "$RUN/cs" "$PORT" --smoke "${TRUST[@]}" || exit 1
ENVJSON=$(node -e 'const e={AURORA_GUARD_TEST_WORKSPACE:process.argv[1],AURORA_GUARD_HOST_DATA:process.argv[2]};for(const k of ["MOCHA_GREP","AURORA_GUARD_REQUIRE_DB","AG_DB_WRITER_PORT","AG_DB_READER_PORT","AURORA_GUARD_RELIABILITY_OUT"])if(process.env[k])e[k]=process.env[k];console.log(JSON.stringify(e))' "$WS" "$RUN/cs")
PWC="$VSH_PWC" CHROMIUM="$VSH_CHROMIUM" node "$HERE/run-ext-tests.js" --server "http://127.0.0.1:$PORT" \
  --ext "$EXT" --tests "$TESTS" --folder "$WS" --timeout "${TEST_TIMEOUT:-600}" --env "$ENVJSON"
rc=$?
if [ $rc -ne 0 ] && [ $rc -ne 1 ]; then echo "--- code-server log (tail) ---" >&2; tail -30 "$RUN/cs/server.log" >&2; fi
exit $rc

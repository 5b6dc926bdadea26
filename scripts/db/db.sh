#!/usr/bin/env bash
# Throw-away MariaDB instances on 127.0.0.1 for the probe tests, without systemd.
#   writer  port $AG_DB_WRITER_PORT (13306), server-id 1
#   reader  port $AG_DB_READER_PORT (13307), server-id 2, --read-only=1 --innodb-read-only=1
#           (reports @@innodb_read_only = 1 like an Aurora reader)
# Users (mysql_native_password): probe/probepw (SELECT… on probe_db), dba/dbapw (ALL).
# Data lives in <repo>/.db (gitignored; $AG_DB_BASE elsewhere), one datadir + tmpdir per instance.
# AG_DB_TLS=1: both also offer TLS with a self-signed certificate made once in $BASE/tls (openssl), so a
# probe with tls required (an IAM token needs it) completes; without it the servers have no TLS.
#
#   db.sh install          install mariadb-server/-client from Debian if missing (root)
#   db.sh up               install, init (if needed) and start both instances in parallel, wait until ready
#   db.sh down             stop both
#   db.sh start NAME       start one (after a test SIGKILLed it); no-op if it is running
#   db.sh stop NAME        SIGCONT (a test may have SIGSTOPped it), SIGTERM, wait, SIGKILL after 10 s
#   db.sh init NAME        fresh datadir
#   db.sh pid NAME         print the server's pid
#   db.sh status
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BASE=${AG_DB_BASE:-$ROOT/.db}
RUN=$BASE/run
WRITER_PORT=${AG_DB_WRITER_PORT:-13306}
READER_PORT=${AG_DB_READER_PORT:-13307}

port_of() { case $1 in writer) echo "$WRITER_PORT" ;; reader) echo "$READER_PORT" ;; *) echo "unknown instance '$1' (writer|reader)" >&2; exit 2 ;; esac; }
sid_of() { case $1 in writer) echo 1 ;; reader) echo 2 ;; esac; }
extra_of() { case $1 in reader) echo "--read-only=1 --innodb-read-only=1 $(tls_args)" ;; *) tls_args ;; esac; }

tls_args() {
  [ "${AG_DB_TLS:-0}" = 1 ] || return 0
  local d=$BASE/tls
  if [ ! -s "$d/cert.pem" ] || [ ! -s "$d/key.pem" ]; then
    mkdir -p "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=127.0.0.1" -keyout "$d/key.pem" -out "$d/cert.pem" >/dev/null 2>&1 \
      || { echo "openssl could not make a test certificate in $d" >&2; exit 1; }
  fi
  echo "--ssl-cert=$d/cert.pem --ssl-key=$d/key.pem"
}

# The datadir is reused while init.sql is unchanged: re-initialising costs ~1-2 s per run.
stamp() { sha1sum "$HERE/init.sql" | cut -c1-16; }

# pid of a running mariadbd we started (guards against a stale pid file and pid reuse)
live_pid() {
  local f="$RUN/$1.pid" pid
  [ -f "$f" ] || return 1
  pid=$(cat "$f")
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q "mariadbd.*--datadir=$BASE/$1 " || return 1
  echo "$pid"
}

ping_ok() { mariadb-admin --no-defaults --connect-timeout=1 -h127.0.0.1 -P"$1" -udba -pdbapw ping >/dev/null 2>&1; }

cmd_install() {
  if command -v mariadbd >/dev/null 2>&1 && command -v mariadb-install-db >/dev/null 2>&1 && command -v mariadb-admin >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" != 0 ]; then
    echo "MariaDB is not installed and this is not root: run as root, or" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends mariadb-server mariadb-client" >&2
    exit 1
  fi
  echo "installing MariaDB from Debian…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  # policy-rc.d 101: keep the package's own systemd/init service from starting (we run our own instances)
  local prc=/usr/sbin/policy-rc.d had=0
  [ -e "$prc" ] && had=1
  [ $had = 1 ] || { printf '#!/bin/sh\nexit 101\n' > "$prc"; chmod +x "$prc"; }
  apt-get install -y -qq --no-install-recommends mariadb-server mariadb-client >/dev/null || { [ $had = 1 ] || rm -f "$prc"; exit 1; }
  [ $had = 1 ] || rm -f "$prc"
}

cmd_init() {
  local n=$1
  mkdir -p "$RUN"
  rm -rf "${BASE:?}/$n" "${BASE:?}/$n.tmp"; mkdir -p "$BASE/$n" "$BASE/$n.tmp"
  # own --tmpdir per instance: parallel bootstraps sharing /tmp occasionally fail (ERROR 1051 mysql.tmp_user_sys)
  mariadb-install-db --no-defaults --user=root --datadir="$BASE/$n" --tmpdir="$BASE/$n.tmp" --skip-test-db \
    --auth-root-authentication-method=normal --skip-name-resolve --innodb-log-file-size=16M \
    --extra-file="$HERE/init.sql" > "$RUN/$n.install.log" 2>&1 \
    || { echo "mariadb-install-db failed for $n:" >&2; tail -30 "$RUN/$n.install.log" >&2; exit 1; }
  stamp > "$BASE/$n/.aurora-guard-stamp"
}

cmd_start() {
  local n=$1 port sid pid
  port=$(port_of "$n"); sid=$(sid_of "$n")
  mkdir -p "$RUN"
  if pid=$(live_pid "$n"); then
    kill -CONT "$pid" 2>/dev/null || true
    ping_ok "$port" && return 0
  elif [ "$(cat "$BASE/$n/.aurora-guard-stamp" 2>/dev/null)" != "$(stamp)" ]; then
    cmd_init "$n"
  fi
  if ! pid=$(live_pid "$n"); then
    # shellcheck disable=SC2046
    setsid mariadbd --no-defaults --user=root --bind-address=127.0.0.1 --skip-name-resolve \
      --innodb-buffer-pool-size=64M --innodb-log-file-size=16M --innodb-flush-log-at-trx-commit=2 \
      --innodb-doublewrite=0 --skip-log-bin --character-set-server=utf8mb4 --max-connections=200 \
      --datadir="$BASE/$n" --tmpdir="$BASE/$n.tmp" --port="$port" --server-id="$sid" \
      --socket="$RUN/$n.sock" --pid-file="$RUN/$n.server.pid" --log-error="$RUN/$n.err" \
      $(extra_of "$n") </dev/null >/dev/null 2>&1 &
    echo $! > "$RUN/$n.pid"
    pid=$!
  fi
  for _ in $(seq 1 400); do
    ping_ok "$port" && return 0
    kill -0 "$pid" 2>/dev/null || { echo "$n (port $port) exited during start:" >&2; tail -20 "$RUN/$n.err" >&2; exit 1; }
    sleep 0.05
  done
  echo "$n on port $port not ready after 20 s; see $RUN/$n.err" >&2; exit 1
}

cmd_stop() {
  local n=$1 pid
  pid=$(live_pid "$n") || { rm -f "$RUN/$n.pid"; return 0; }
  kill -CONT "$pid" 2>/dev/null || true   # a SIGSTOPped server cannot act on SIGTERM
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$RUN/$n.pid"
}

both() { # run "$@" NAME for both instances in parallel; fail if either fails
  local a b ra=0 rb=0
  "$@" writer & a=$!
  "$@" reader & b=$!
  wait $a || ra=$?; wait $b || rb=$?
  [ $ra = 0 ] && [ $rb = 0 ]
}

case "${1:-}" in
  install) cmd_install ;;
  up) cmd_install; t0=$(date +%s%N); both cmd_start
      echo "MariaDB writer 127.0.0.1:$WRITER_PORT, reader 127.0.0.1:$READER_PORT ready in $(( ($(date +%s%N) - t0) / 1000000 )) ms" >&2 ;;
  down) both cmd_stop ;;
  init) cmd_init "$(port_of "$2" >/dev/null; echo "$2")" ;;
  start) port_of "$2" >/dev/null; cmd_start "$2" ;;
  stop) port_of "$2" >/dev/null; cmd_stop "$2" ;;
  pid) port_of "$2" >/dev/null; live_pid "$2" ;;
  status) for n in writer reader; do
            if pid=$(live_pid $n); then echo "$n pid $pid port $(port_of $n) $(ping_ok "$(port_of $n)" && echo ready || echo not-answering)"; else echo "$n stopped"; fi
          done ;;
  *) sed -n '2,20p' "$0" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# The probe suite on its own (`npm run test:probe`): installs MariaDB if missing, starts the loopback writer
# (13306) and read-only instance (13307), runs the compiled probe tests (out/test/probe, after `tsc -p .`),
# and always stops the servers. Exit code = the tests'.
set -uo pipefail
cd "$(dirname "$0")/.."
if ! ls out/test/probe/*.test.js >/dev/null 2>&1; then
  echo "no compiled probe tests in out/test/probe: run 'npx tsc -p .' first" >&2
  exit 1
fi
trap 'bash scripts/db/db.sh down' EXIT
bash scripts/db/db.sh up || exit 1
# one file at a time: the fault tests SIGKILL/SIGSTOP the shared servers
timeout 600 node --test --test-concurrency=1 --test-timeout=120000 --test-reporter=spec out/test/probe/*.test.js
status=$?
exit $status

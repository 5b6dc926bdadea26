#!/usr/bin/env bash
# Reliability suite (issue 6): the guarantees, measured. Prints the node:test / mocha reports, then a summary with
# counts, e.g.
#   fuzz: 21420 inputs, 0 crashes, …; fixes: 21000 applied, 0 corruptions, …; cli: 49 bad inputs, 0 stack traces, 0 hangs;
#   drills: 5 faults × 5, 0 hangs, 0 leaked connections, 0 wrong events; secrets: 0 leaks in 45 outputs;
#   webview: 476 malformed messages, 0 acted on, CSP ok; untrusted: lint ok, 0 probes, 0 connections
# and exits non-zero on any failure (a failing test, a non-zero bad count, or a part that ran but reported nothing).
#
#   scripts/test-reliability.sh                 every part
#   scripts/test-reliability.sh fuzz drills     only some parts: fuzz, big, fixes, cli, regressions (plain Node),
#                                               drills, secrets (MariaDB), webview, untrusted (VS Code host)
# Parts:
#   1 fuzz, big   the core under mutated, synthetic and huge inputs          2 fixes   every fix checked
#   7 cli         bad input to the CLI                                      regressions  every bug found, replayed
#   3 drills      probe faults (SIGKILL, SIGSTOP, KILL <id>, switch to the read-only instance, blackhole) × N on real
#                 MariaDB: hangs, cancel within 1 s, leaked connections, event classes. Runs alone (timing-sensitive).
#   4 secrets     a sentinel password and IAM token through the CLI, the core and the extension, and probe --iam / auth
#                 iam against the simulated Aurora with sentinel AWS secret keys and session tokens (the extension
#                 host gets fake AWS credentials in its environment, this run only); every output searched, also for
#                 each token the sim received
#   5 webview     the Probes view's CSP/nonce/URLs as served, and fuzzed malformed messages: ignored, logged, not acted on
#   6 untrusted   a code-server with workspace trust on and the folder untrusted: lint works, probing refuses, 0 connections
# This script starts its own MariaDB pair (writer $AG_DB_WRITER_PORT, default 16306; read-only $AG_DB_READER_PORT,
# default 16307; data in .db/reliability; TLS on) and stops it on exit, so it never meets the probe suite's 13306/13307.
# The VS Code parts run through scripts/vscode-host/run-ext-tests.sh (the untrusted one with WORKSPACE_TRUST=1).
#
# Settings (environment):
#   AURORA_GUARD_FUZZ_SEED=<n>       seed of every property (default fixed, printed first); replays a failure
#   AURORA_GUARD_FUZZ_RUNS=<n>       mutated inputs for the fuzz property (default 20000)
#   AURORA_GUARD_FUZZ_BIG_RUNS=<n>   mutated inputs with a 1 MB single-line value (default 24)
#   AURORA_GUARD_FIX_RUNS=<n>        mutated inputs whose every fix is checked (default 1000)
#   AURORA_GUARD_SYNTH_RUNS=<n>      synthetic documents (assembled from rule-relevant lines) linted (default 5000)
#   AURORA_GUARD_SYNTH_FIX_RUNS=<n>  synthetic documents whose every fix is checked (default 1000)
#   AURORA_GUARD_10MB_BOUND_MS=<n>   bound for linting one 10 MB input (default 30000; 1 MB inputs get 1/10)
#   AURORA_GUARD_REDUCE_MS=<n>       time to shrink each distinct bug to a small reproduction (default 3000, at most 6 per part; 0 = off)
#   AURORA_GUARD_CORPUS=<dir>        corpus folder (default ../shared/corpus; without it, fixtures only — said in the output)
#   AURORA_GUARD_DRILL_RUNS=<n>      runs of each drill fault (default 5)
#   AURORA_GUARD_WEBVIEW_RUNS=<n>    fuzzed malformed webview messages, besides the hand-picked ones (default 400)
#   AURORA_GUARD_RELIABILITY_OUT=<dir>  counts and reproductions as JSON (default .test-output/reliability)
#   AURORA_GUARD_VSH=<dir>           the VS Code host cache (default .vscode-host; set up when missing)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export AG_DB_WRITER_PORT=${AG_DB_WRITER_PORT:-16306} AG_DB_READER_PORT=${AG_DB_READER_PORT:-16307}
export AG_DB_BASE=${AG_DB_BASE:-$ROOT/.db/reliability} AG_DB_TLS=1
export AURORA_GUARD_RELIABILITY_OUT=${AURORA_GUARD_RELIABILITY_OUT:-$ROOT/.test-output/reliability}

parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(drills big fixes fuzz regressions cli secrets webview untrusted)
node_files=() drills=0 trusted_grep=() untrusted=0 db=0
for p in "${parts[@]}"; do
  case $p in
    drills) drills=1 db=1 ;;
    secrets) node_files+=("out/test/reliability/secrets.test.js"); trusted_grep+=("secrets in the extension"); db=1 ;;
    webview) trusted_grep+=("the Probes webview") ;;
    untrusted) untrusted=1 ;;
    fuzz|big|fixes|cli|regressions) node_files+=("out/test/reliability/$p.test.js") ;;
    *) echo "reliability: unknown part '$p' (fuzz, big, fixes, cli, regressions, drills, secrets, webview, untrusted)" >&2; exit 2 ;;
  esac
done
host=$([ ${#trusted_grep[@]} -gt 0 ] || [ $untrusted = 1 ] && echo 1 || echo 0)

# the whole project (tsc -p .), not only test/reliability: the cli part runs the compiled CLI, out/src/cli/main.js,
# which no test imports (so a build of test/reliability alone would not emit it: "Cannot find module …/main.js")
echo "=== reliability: compile (tsc -p .) ==="
if ! npx tsc -p .; then echo "reliability: the TypeScript build failed" >&2; exit 1; fi
# the CLI secrets flows run dist/cli.js; the host parts load dist/extension.js: build when src changed since
newer=$(find src media package.json -newer dist/extension.js -type f 2>/dev/null | head -1)
if { [ $host = 1 ] || [[ " ${parts[*]} " == *" secrets "* ]]; } && { [ ! -f dist/cli.js ] || [ ! -f dist/extension.js ] || [ -n "$newer" ]; }; then
  echo "=== reliability: build (webpack) ==="
  npm run --silent build || { echo "reliability: the build failed" >&2; exit 1; }
fi
if [ $host = 1 ]; then
  npx tsc -p test/vscode || { echo "reliability: the TypeScript build of test/vscode failed" >&2; exit 1; }
  . scripts/vscode-host/env.sh
  vsh_ready || bash scripts/vscode-host/setup.sh || { echo "reliability: VS Code host setup failed" >&2; exit 1; }
fi

node out/test/reliability/summary.js --start
rc=0
if [ $db = 1 ]; then
  trap 'bash scripts/db/db.sh down' EXIT
  bash scripts/db/db.sh up || { echo "reliability: MariaDB did not start" >&2; exit 1; }
fi
if [ $drills = 1 ]; then
  echo "=== reliability: drills (alone: timing-sensitive) ==="
  node --test --test-concurrency=1 --test-reporter=spec out/test/reliability/drills.test.js || rc=1
fi
if [ ${#node_files[@]} -gt 0 ]; then
  echo "=== reliability: ${#node_files[@]} plain-Node parts, two at a time ==="
  node --test --test-concurrency=2 --test-reporter=spec "${node_files[@]}" || rc=1
fi
if [ ${#trusted_grep[@]} -gt 0 ]; then
  echo "=== reliability: extension host (secrets, webview) ==="
  # The secrets part's IAM flows: code-server (so the extension host, its child) starts with fake AWS credentials
  # whose secret key and session token are fresh sentinels, and none of the caller's AWS_* settings; this run only.
  host_env=()
  if [[ " ${parts[*]} " == *" secrets "* ]]; then
    aws_dir=$(mktemp -d "${TMPDIR:-/tmp}/aurora-guard-reliability-aws-XXXXXX")
    : > "$aws_dir/config"; : > "$aws_dir/credentials"
    sentinel() { node -p "require('./out/test/reliability/lib/sentinel').makeSentinel('$1')"; }
    for v in $(compgen -e | grep '^AWS_'); do host_env+=(-u "$v"); done
    host_env+=(AURORA_GUARD_FAKE_AWS=1 AWS_ACCESS_KEY_ID=AKIAAGRELIABILITYEXT "AWS_SECRET_ACCESS_KEY=$(sentinel AwsSecret)" "AWS_SESSION_TOKEN=$(sentinel AwsSession)"
      "AWS_CONFIG_FILE=$aws_dir/config" "AWS_SHARED_CREDENTIALS_FILE=$aws_dir/credentials" AWS_EC2_METADATA_DISABLED=true)
  fi
  env "${host_env[@]}" MOCHA_GREP="/($(IFS='|'; echo "${trusted_grep[*]}"))/" bash scripts/vscode-host/run-ext-tests.sh out/test/vscode/reliability/trusted.js || rc=1
  [ -n "${aws_dir:-}" ] && rm -rf "$aws_dir"
fi
if [ $untrusted = 1 ]; then
  echo "=== reliability: extension host, workspace trust on, folder untrusted ==="
  WORKSPACE_TRUST=1 bash scripts/vscode-host/run-ext-tests.sh out/test/vscode/reliability/untrusted.js || rc=1
fi

node out/test/reliability/summary.js --expect "$(IFS=,; echo "${parts[*]}")"
summary_rc=$?

if [ $rc -ne 0 ] || [ $summary_rc -ne 0 ]; then
  echo "reliability: FAILED (tests exit $rc, summary exit $summary_rc; details in $AURORA_GUARD_RELIABILITY_OUT/*.json)" >&2
  exit 1
fi
echo "reliability: passed"

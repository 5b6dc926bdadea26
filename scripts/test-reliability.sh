#!/usr/bin/env bash
# Reliability suite (issue 6, parts 1, 2 and 7): fuzzing the core, fix safety, bad input to the CLI.
# Prints the node:test report, then a summary with counts, e.g.
#   fuzz: 21420 inputs, 0 crashes, 0 out of range, 0 too slow; fixes: 21000 applied, 0 corruptions, …; cli: 49 bad inputs, 0 stack traces, 0 hangs
# and exits non-zero on any failure (a failing test or a non-zero count).
#
#   scripts/test-reliability.sh                 every part
#   scripts/test-reliability.sh fuzz cli        only some parts: fuzz, big, fixes, cli, regressions
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
#   AURORA_GUARD_RELIABILITY_OUT=<dir>  counts and reproductions as JSON (default .test-output/reliability)
set -uo pipefail
cd "$(dirname "$0")/.."

echo "=== reliability: compile (tsc -p test/reliability) ==="
if ! npx tsc -p test/reliability; then
  echo "reliability: the TypeScript build failed" >&2
  exit 1
fi

node out/test/reliability/summary.js --start

parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(big fixes fuzz regressions cli) # longest first: two run at a time
files=()
for p in "${parts[@]}"; do
  f="out/test/reliability/$p.test.js"
  [ -f "$f" ] || { echo "reliability: unknown part '$p' (fuzz, big, fixes, cli, regressions)" >&2; exit 2; }
  files+=("$f")
done

node --test --test-concurrency=2 --test-reporter=spec "${files[@]}"
tests_rc=$?

node out/test/reliability/summary.js --expect "$(IFS=,; echo "${parts[*]}")"
summary_rc=$?

if [ $tests_rc -ne 0 ] || [ $summary_rc -ne 0 ]; then
  echo "reliability: FAILED (tests exit $tests_rc, summary exit $summary_rc; details in ${AURORA_GUARD_RELIABILITY_OUT:-.test-output/reliability}/*.json)" >&2
  exit 1
fi
echo "reliability: passed"

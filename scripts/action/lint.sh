#!/usr/bin/env bash
# GitHub Action step 2 (action.yml): lint, the findings as text in the job log, a SARIF report for code scanning.
#   INPUT_PATHS (spaces/new lines), INPUT_TARGET, INPUT_CONFIG, INPUT_FAIL_ON (error|warning|none),
#   INPUT_MAX_WARNINGS (-1 = no limit), INPUT_SARIF (path; empty = none), AURORA_GUARD_BIN (from the install step)
# Outputs: sarif, errors, warnings. Exit: 1 when the findings fail the job (fail-on / max-warnings), 2 for usage errors.
set -uo pipefail
: "${AURORA_GUARD_BIN:?run by action.yml}" "${GITHUB_OUTPUT:?run by action.yml}"
cd "${GITHUB_WORKSPACE:-.}"
read -r -d '' -a paths <<< "${INPUT_PATHS:-.}"
[ ${#paths[@]} -gt 0 ] || paths=(.)
common=()
[ -n "${INPUT_TARGET:-}" ] && common+=(--target "$INPUT_TARGET")
[ -n "${INPUT_CONFIG:-}" ] && common+=(--config "$INPUT_CONFIG")
case "${INPUT_FAIL_ON:-error}" in
  error|warning|none) ;;
  *) echo "::error::fail-on must be error, warning or none (got '${INPUT_FAIL_ON}')"; exit 2 ;;
esac
max=${INPUT_MAX_WARNINGS:--1}
[[ "$max" =~ ^-?[0-9]+$ ]] || { echo "::error::max-warnings must be an integer (got '$max')"; exit 2; }
[ "${INPUT_FAIL_ON:-error}" = warning ] && max=0

sarif=${INPUT_SARIF:-}
if [ -n "$sarif" ]; then
  # the SARIF report first: written whatever the findings (exit 1 = findings, not a failure of this step yet)
  "$AURORA_GUARD_BIN" lint --format sarif --output-file "$sarif" "${common[@]}" -- "${paths[@]}"
  rc=$?
  [ $rc -le 1 ] || exit $rc
  echo "sarif=$sarif" >> "$GITHUB_OUTPUT"
else
  echo "sarif=" >> "$GITHUB_OUTPUT"
fi

# the job log: text findings; the counts from the JSON report
json=$(mktemp "${RUNNER_TEMP:-/tmp}/aurora-guard-XXXXXX.json")
"$AURORA_GUARD_BIN" lint --format json --output-file "$json" "${common[@]}" -- "${paths[@]}"
rc=$?
[ $rc -le 1 ] || exit $rc
node -e '
  const r = require(process.argv[1]);
  const n = (s) => r.reduce((k, f) => k + f.findings.filter((x) => x.severity === s).length, 0);
  require("fs").appendFileSync(process.env.GITHUB_OUTPUT, `errors=${n("error")}\nwarnings=${n("warning")}\n`);
' "$json"
rm -f "$json"
"$AURORA_GUARD_BIN" lint --max-warnings "$max" "${common[@]}" -- "${paths[@]}"
rc=$?
if [ $rc -eq 1 ] && [ "${INPUT_FAIL_ON:-error}" = none ]; then
  echo "aurora-guard: findings reported; fail-on is none, so the job does not fail on them"
  rc=0
fi
exit $rc

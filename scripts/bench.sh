#!/usr/bin/env bash
# npm run bench [-- --json | --json-out FILE | --quick | --only lint,activation,probe | --cap-ms N]
# Compiles the benchmark (bench/tsconfig.json → out/bench/) and runs it. Compiler messages go to stderr, so with
# --json stdout carries exactly one JSON object (use `npm run -s bench -- --json`: without -s npm prints a banner).
set -euo pipefail
cd "$(dirname "$0")/.."
node_modules/.bin/tsc -p bench/tsconfig.json 1>&2
exec node out/bench/bench/run.js "$@"

#!/usr/bin/env bash
# npm run bench [-- --json | --json-out FILE | --quick | --only lint,activation,probe | --cap-ms N | --no-host]
# Compiles the benchmark (bench/tsconfig.json → out/bench/) and runs it. Compiler messages go to stderr, so with
# --json stdout carries exactly one JSON object (use `npm run -s bench -- --json`: without -s npm prints a banner).
# Stands alone on a fresh clone (after npm ci): when the activation section runs, it builds dist/ if it is missing or
# older than src/ and sets up the VS Code host (scripts/vscode-host/setup.sh, as npm run test:vscode does) if it is
# not set up, so activation is measured in the real host instead of being reported as null. Their logs go to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
activation=1 host=1 prev=
for a in "$@"; do
  case $a in
    --no-host) host=0 ;;
    --only=*) [[ ",${a#--only=}," == *,activation,* ]] || activation=0 ;;
  esac
  [ "$prev" = --only ] && { [[ ",$a," == *,activation,* ]] || activation=0; }
  prev=$a
done
if [ $activation = 1 ]; then
  newer=$( [ -f dist/extension.js ] && find src package.json webpack.config.js -newer dist/extension.js -type f 2>/dev/null | head -1 || echo missing)
  if [ -n "$newer" ]; then
    echo "[bench] dist/ is missing or older than the sources: npm run build" >&2
    npm run --silent build 1>&2
  fi
  if [ $host = 1 ]; then
    . scripts/vscode-host/env.sh
    if ! vsh_ready; then
      echo "[bench] setting up the VS Code host in $VSH for the activation measurement (first time: ~2 min)" >&2
      bash scripts/vscode-host/setup.sh 1>&2
    fi
  fi
fi
node_modules/.bin/tsc -p bench/tsconfig.json 1>&2
exec node out/bench/bench/run.js "$@"

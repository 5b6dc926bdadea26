#!/usr/bin/env bash
# npm run bench [-- --json | --json-out FILE | --quick | --only lint,activation,probe,cli | --cap-ms N | --no-host]
# Compiles the benchmark (bench/tsconfig.json → out/bench/) and runs it. Compiler messages go to stderr, so with
# --json stdout carries exactly one JSON object (use `npm run -s bench -- --json`: without -s npm prints a banner).
# Stands alone on a fresh clone (after npm ci): when the activation or cli section runs, it builds dist/ if it is
# missing or older than src/; for activation it also sets up the VS Code host (scripts/vscode-host/setup.sh, as npm run test:vscode does) if it is
# not set up, so activation is measured in the real host instead of being reported as null. Their logs go to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
sections=lint,activation,probe,cli host=1 prev=
for a in "$@"; do
  case $a in
    --no-host) host=0 ;;
    --only=*) sections=${a#--only=} ;;
  esac
  [ "$prev" = --only ] && sections=$a
  prev=$a
done
has() { [[ ",$sections," == *,$1,* ]]; }
if has activation || has cli; then
  # the marker: webpack leaves an unchanged bundle's mtime alone, but every build rewrites dist/third-party/*.json
  stamp=dist/third-party/cli.json
  newer=$( [ -f dist/extension.js ] && [ -f dist/cli.js ] && [ -f $stamp ] && find src package.json webpack.config.js -newer $stamp -type f 2>/dev/null | head -1 || echo missing)
  if [ -n "$newer" ]; then
    echo "[bench] dist/ is missing or older than the sources: npm run build" >&2
    npm run --silent build 1>&2
  fi
  if has activation && [ $host = 1 ]; then
    . scripts/vscode-host/env.sh
    if ! vsh_ready; then
      echo "[bench] setting up the VS Code host in $VSH for the activation measurement (first time: ~2 min)" >&2
      bash scripts/vscode-host/setup.sh 1>&2
    fi
  fi
fi
node_modules/.bin/tsc -p bench/tsconfig.json 1>&2
exec node out/bench/bench/run.js "$@"

#!/usr/bin/env bash
# GitHub Action step 1 (action.yml): install the aurora-failover-guard npm package into the runner's temp folder
# (not the user's workspace: their package.json and lock file stay untouched). Output `bin`: the CLI to run.
#   INPUT_VERSION   a version, range or tarball path; empty = the version of the action (its package.json)
set -euo pipefail
: "${GITHUB_ACTION_PATH:?run by action.yml}" "${RUNNER_TEMP:?run by action.yml}" "${GITHUB_OUTPUT:?run by action.yml}"
name=$(node -p "require(process.argv[1]).name" "$GITHUB_ACTION_PATH/package.json")
spec=${INPUT_VERSION:-}
if [ -z "$spec" ]; then
  spec="$name@$(node -p "require(process.argv[1]).version" "$GITHUB_ACTION_PATH/package.json")"
elif [ -f "$spec" ]; then
  spec=$(realpath "$spec")
elif [[ "$spec" != "$name@"* ]]; then
  spec="$name@$spec"
fi
dir="$RUNNER_TEMP/aurora-guard"
mkdir -p "$dir"
[ -f "$dir/package.json" ] || echo '{"name":"aurora-guard-action","private":true}' > "$dir/package.json"
echo "aurora-guard: installing $spec"
npm install --prefix "$dir" --no-audit --no-fund --no-save --loglevel=error "$spec"
bin="$dir/node_modules/.bin/aurora-guard"
[ -x "$bin" ] || { echo "::error::aurora-guard was not installed from $spec"; exit 2; }
"$bin" --version
echo "bin=$bin" >> "$GITHUB_OUTPUT"

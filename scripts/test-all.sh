#!/usr/bin/env bash
# The one test command (`npm test`): installs what it needs on a fresh machine, builds, and runs every suite.
#   npm packages: npm ci (skipped when node_modules matches package-lock.json and CI is not set)
#   Debian packages: MariaDB (probe suite), chromium (VS Code host suite), installed by the suites' own setup scripts
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n=== %s ===\n' "$*"; }
t0=$(date +%s)

# npm ci on CI and whenever package-lock.json changed since the last install
if [ "${CI:-}" = "true" ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund
fi

step "build"
npm run --silent build

step "lint (ESLint and Prettier over the project's own code)"
npm run --silent lint

step "unit tests (plain Node)"
npm run --silent test:unit

step "npm package (npm pack, installed offline into a fresh project, run through npx) and GitHub Action / pre-commit hook"
AURORA_GUARD_SKIP_BUILD=1 node --test --test-reporter=spec test/package/npm.test.js test/package/action.test.js

step "probe suite (MariaDB on 127.0.0.1)"
npm run --silent test:probe

step "VS Code extension host suite (code-server + chromium, offline)"
npm run --silent test:vscode

step "reliability (fuzzing, fix safety, CLI bad input, probe drills, secrets, webview, untrusted workspace)"
npm run --silent test:reliability

printf '\nall suites passed in %ss\n' "$(( $(date +%s) - t0 ))"

#!/usr/bin/env bash
# npm run package — builds the extension (webpack, production) and writes dist/aurora-failover-guard.vsix
# offline with @vscode/vsce (a pinned devDependency; no network, no publisher login, no signing).
#   - .vscodeignore is an allowlist: dist/extension.js (+ lazy chunks), docs/rules/**, syntaxes/**, the icon and
#     walkthrough media, package.json, README, CHANGELOG, LICENSE
#   - --no-dependencies: webpack bundles every dependency, so no node_modules goes into the package
# Then checks the package (test/package/vsix.test.js) and prints its path, size and contents.
# Env: AURORA_GUARD_SKIP_BUILD=1 (package the dist/ that is there), AURORA_GUARD_VSIX (output path).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${AURORA_GUARD_VSIX:-dist/aurora-failover-guard.vsix}
t0=$(date +%s%N)
if [ "${AURORA_GUARD_SKIP_BUILD:-0}" != 1 ]; then
  echo "[package] webpack (production)"
  npm run --silent build
fi
[ -f dist/extension.js ] || { echo "[package] dist/extension.js missing: the build did not produce it" >&2; exit 1; }
mkdir -p "$(dirname "$OUT")"
rm -f "$OUT"
OUT_ABS=$(realpath "$OUT")
# vsce lists every file under its working directory and matches each against every .vscodeignore pattern:
# ~12 s here, because of the VS Code host cache (.vscode-host, 12k files) and the like. So it runs in a staging
# copy of the tree without the folders that never ship (dependencies, caches, build output, sources, tests);
# .vscodeignore still decides what goes in, and test/package checks the result.
STAGE=$(mktemp -d "${TMPDIR:-/tmp}/aurora-guard-package-XXXXXX")
trap 'rm -rf "$STAGE"' EXIT
tar -C . -cf - --exclude=./node_modules --exclude=./.vscode-host --exclude=./.db --exclude=./.git --exclude=./out \
  --exclude=./.test-output --exclude=./bench --exclude=./src --exclude=./test --exclude='./*.vsix' --exclude='./dist/*.vsix' . | tar -C "$STAGE" -xf -
# package.json "files" is the npm package's allowlist (CLI included); vsce refuses it next to .vscodeignore, which
# decides what goes into the .vsix, so the staged manifest goes without it
node -e 'const f=process.argv[1],fs=require("fs"),p=JSON.parse(fs.readFileSync(f,"utf8"));delete p.files;fs.writeFileSync(f,JSON.stringify(p,null,2)+"\n")' "$STAGE/package.json"
echo "[package] vsce package --no-dependencies"
# vsce asks nothing when package.json has a repository, a LICENSE exists and the README is not the template.
( cd "$STAGE" && node "$OLDPWD/node_modules/@vscode/vsce/vsce" package --no-dependencies --out "$OUT_ABS" </dev/null ) | sed 's/^/[vsce] /'
[ -f "$OUT" ] || { echo "[package] vsce wrote no $OUT" >&2; exit 1; }
echo "[package] checking the package"
AURORA_GUARD_VSIX=$OUT node --test --test-reporter=dot test/package/vsix.test.js
bytes=$(stat -c %s "$OUT")
echo "[package] contents:"
node test/package/zip.js list "$OUT" | sed 's/^/  /'
printf '[package] wrote %s (%s bytes, %s KiB) in %s ms\n' "$(realpath "$OUT")" "$bytes" "$(( (bytes + 1023) / 1024 ))" "$(( ($(date +%s%N) - t0) / 1000000 ))"

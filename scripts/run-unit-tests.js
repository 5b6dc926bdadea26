#!/usr/bin/env node
// Run every compiled unit test (out/test/unit/**/*.test.js) with Node's own test runner.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const root = path.resolve(__dirname, '..', 'out', 'test', 'unit');
const walk = (d) =>
  fs
    .readdirSync(d, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.test.js') ? [path.join(d, e.name)] : []));
const files = fs.existsSync(root) ? walk(root).sort() : [];
if (files.length === 0) {
  console.error('no unit tests found under out/test/unit (did tsc run?)');
  process.exit(1);
}
const filter = process.argv.slice(2);
const chosen = filter.length ? files.filter((f) => filter.some((x) => f.includes(x))) : files;
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...chosen], { stdio: 'inherit' });
process.exit(r.status ?? 1);

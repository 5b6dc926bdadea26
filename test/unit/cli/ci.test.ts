// The CLI in CI (issue 13): --quiet and --max-warnings as ESLint has them, -o, SARIF paths under %SRCROOT%, the
// aurora-guard.json schema's messages, named files that are not datasource files, binary content, the file-size
// limit, and a closed stdout (a real process writing into `| head -1`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { run } from '../../../src/cli/main';
import { ROOT } from '../helpers';

async function cli(...args: string[]) {
  let out = '';
  let err = '';
  const code = await run(args, { out: (s) => (out += s), err: (s) => (err += s), color: false });
  return { code, out, err };
}

const MAIN = path.join(ROOT, 'out', 'src', 'cli', 'main.js');
// warnings only (no error): a MySQL datasource with the usual risky pool settings
const TOML = `[database.apim_db]
type = "mysql"
url = "jdbc:mysql://db.example.com:3306/apim"
username = "apim"
password = "secret"
`;

function workspace(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aurora-guard-ci-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

test('--max-warnings: more warnings than N is exit 1 with ESLint\'s message; N or fewer is exit 0; -1 is no limit', async () => {
  const dir = workspace({ 'deployment.toml': TOML });
  const base = await cli('lint', '-f', 'json', dir);
  const warnings = JSON.parse(base.out)[0].findings.filter((f: { severity: string }) => f.severity === 'warning').length;
  const errors = JSON.parse(base.out)[0].findings.filter((f: { severity: string }) => f.severity === 'error').length;
  assert.ok(warnings >= 2 && errors === 0, `fixture: ${warnings} warnings, ${errors} errors`);
  assert.equal(base.code, 0);
  const over = await cli('lint', '--max-warnings', String(warnings - 1), dir);
  assert.equal(over.code, 1);
  assert.match(over.err, new RegExp(`aurora-guard found too many warnings \\(maximum: ${warnings - 1}\\)\\.`));
  assert.equal((await cli('lint', '--max-warnings', String(warnings), dir)).code, 0);
  assert.equal((await cli('lint', '--max-warnings', '-1', dir)).code, 0);
  const bad = await cli('lint', '--max-warnings', 'many', dir);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--max-warnings must be an integer/);
  // --quiet hides warnings, they still count
  const quiet = await cli('lint', '--quiet', '--max-warnings', '0', dir);
  assert.equal(quiet.code, 1);
  assert.doesNotMatch(quiet.out, /\bwarning\b {2}/);
  assert.match(quiet.out, new RegExp(`\\(${warnings} warnings, \\d+ info not shown: --quiet\\)\\.`));
});

test('--quiet reports errors only, in every format', async () => {
  const dir = workspace({ 'deployment.toml': TOML + '\n[database.shared_db]\ntype = "mysql"\nurl = "jdbc:mysql://apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:3306/shared"\npool_options.maxWait = -1\n' });
  const all = JSON.parse((await cli('lint', '-f', 'json', dir)).out)[0].findings as { severity: string }[];
  assert.ok(all.some((f) => f.severity === 'error') && all.some((f) => f.severity !== 'error'));
  const quiet = await cli('lint', '-f', 'json', '--quiet', dir);
  const shown = JSON.parse(quiet.out)[0].findings as { severity: string }[];
  assert.deepEqual(shown.map((f) => f.severity), all.filter((f) => f.severity === 'error').map((f) => f.severity));
  assert.equal(quiet.code, 1);
  const sarif = JSON.parse((await cli('lint', '-f', 'sarif', '--quiet', dir)).out);
  assert.ok(sarif.runs[0].results.every((r: { level: string }) => r.level === 'error'));
});

test('-o writes the report to a file; SARIF paths are relative to the working directory under %SRCROOT%', async () => {
  const dir = workspace({ 'conf/deployment.toml': TOML });
  const out = path.join(dir, 'reports', 'aurora-guard.sarif');
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    const r = await cli('lint', '-f', 'sarif', '-o', out, path.join(dir, 'conf'));
    assert.equal(r.code, 0);
    assert.equal(r.out, '');
  } finally {
    process.chdir(cwd);
  }
  const log = JSON.parse(fs.readFileSync(out, 'utf8'));
  const loc = log.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
  assert.deepEqual(loc, { uri: 'conf/deployment.toml', uriBaseId: '%SRCROOT%' });
  assert.equal(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri, pathToFileURL(fs.realpathSync(dir) + path.sep).href);
  // helpUri: the docs of this version (the tag v<version>), each naming a docs page that exists
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  for (const rule of log.runs[0].tool.driver.rules) {
    const m = new RegExp(`/blob/v${pkg.version.replace(/\./g, '\\.')}/(docs/rules/.+\\.md)$`).exec(rule.helpUri);
    assert.ok(m, rule.helpUri);
    assert.ok(fs.existsSync(path.join(ROOT, m[1])), `${rule.helpUri}: no ${m[1]}`);
  }
});

test('aurora-guard.json: a misspelled rule id is exit 2 with a suggestion', async () => {
  const dir = workspace({ 'deployment.toml': TOML, 'aurora-guard.json': '{"rules": {"pool/validaton-interval": "off"}}' });
  const r = await cli('lint', dir);
  assert.equal(r.code, 2);
  assert.match(r.err, /aurora-guard\.json: unknown rule 'pool\/validaton-interval' \(did you mean 'pool\/validation-interval'\?\)/);
  assert.doesNotMatch(r.err, /\n\s+at /);
});

test('a file named explicitly that is not a datasource file is skipped and counted; a binary one that claims the format is a parse error', async () => {
  const dir = workspace({ 'README.md': '# notes\n', 'deployment.toml': TOML, 'conf/master-datasources.xml': Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 8, 0, 0xff, 0xfe, 0, 1]) });
  const r = await cli('lint', path.join(dir, 'README.md'), path.join(dir, 'deployment.toml'));
  assert.match(r.err, /README\.md: not a WSO2 datasource file, skipped/);
  assert.match(r.out, /in 1 file[^s].*; 1 file skipped \(not a WSO2 datasource file\)\.\n$/);
  const fix = await cli('fix', '--dry-run', path.join(dir, 'README.md'));
  assert.match(fix.err, /README\.md: not a WSO2 datasource file, skipped/);
  assert.equal(fix.code, 0);
  const alone = await cli('lint', path.join(dir, 'README.md'));
  assert.equal(alone.code, 0);
  assert.match(alone.out, /^No problems found in 0 files; 1 file skipped/);
  // a folder search never picks README.md, so it says nothing about it
  assert.doesNotMatch((await cli('lint', dir)).err, /README/);
  const bin = await cli('lint', '-f', 'json', path.join(dir, 'conf', 'master-datasources.xml'));
  assert.equal(bin.code, 1);
  const f = JSON.parse(bin.out)[0].findings;
  assert.equal(f.length, 1);
  assert.equal(f[0].ruleId, 'syntax/parse-error');
  assert.match(f[0].message, /not a text file: binary content/);
});

test('a file over --max-file-size (or AURORA_GUARD_MAX_FILE_SIZE) stops the run before any output: exit 2, the limit and how to set it', async () => {
  const dir = workspace({ 'deployment.toml': TOML + '#'.repeat(200_000) + '\n' });
  const r = await cli('lint', '--max-file-size', '0.1', dir);
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.match(r.err, /deployment\.toml: file too large \(0\.2 MB; limit 0\.1 MB, set with --max-file-size <MB> or AURORA_GUARD_MAX_FILE_SIZE\)/);
  process.env.AURORA_GUARD_MAX_FILE_SIZE = '0.1';
  try {
    assert.equal((await cli('lint', dir)).code, 2);
    assert.equal((await cli('fix', '--dry-run', dir)).code, 2);
    assert.equal((await cli('lint', '--max-file-size', '1', dir)).code, 0);
  } finally {
    delete process.env.AURORA_GUARD_MAX_FILE_SIZE;
  }
});

/** Run the CLI as a process whose stdout is a pipe the reader closes after its first chunk (`| head -c 1`). */
function runIntoClosedPipe(args: string[]): Promise<{ code: number | null; err: string; got: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let got = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.once('data', (d) => {
      got = String(d).slice(0, 20);
      child.stdout.destroy();
    });
    child.on('close', (code) => resolve({ code, err, got }));
  });
}

test('a closed stdout (| head) ends the run quietly with the exit code of a full run', async () => {
  assert.ok(fs.existsSync(MAIN), `${MAIN} missing: tsc -p . builds it`);
  // enough output that the pipe closes while the CLI still writes: many files with findings
  const files: Record<string, string> = {};
  for (let i = 0; i < 120; i++) files[`n${i}/deployment.toml`] = TOML + '\n[database.shared_db]\ntype = "mysql"\nurl = "jdbc:mysql://apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:3306/shared"\npool_options.maxWait = -1\n';
  const dir = workspace(files);
  for (const args of [['lint', dir], ['lint', '-f', 'json', dir], ['lint', '-f', 'sarif', dir], ['fix', '--dry-run', dir], ['lint', '--max-warnings', '0', dir]]) {
    const full = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    assert.ok(full.stdout.length > 256 * 1024, `${args.join(' ')}: ${full.stdout.length} bytes of output, want more than a pipe buffer`);
    const r = await runIntoClosedPipe(args);
    assert.ok(r.got.length > 0, `${args.join(' ')}: no output before the pipe closed`);
    assert.equal(r.err, args.includes('--max-warnings') ? full.stderr : '', `${args.join(' ')}: ${r.err}`);
    assert.equal(r.code, full.status, `${args.join(' ')}: exit ${r.code}, a full run exits ${full.status}`);
  }
  assert.equal(spawnSync(process.execPath, [MAIN, 'lint', dir], { maxBuffer: 256 * 1024 * 1024 }).status, 1, 'the fixture has errors');
});

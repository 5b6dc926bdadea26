// The GitHub Action (action.yml) and the pre-commit hook (.pre-commit-hooks.yaml), tested as far as this machine
// allows (no GitHub runner, no pre-commit): the action's definition is checked, then its `run:` steps are executed
// with bash as a runner would — inputs as INPUT_* environment variables (the step's `env:`), GITHUB_ACTION_PATH,
// GITHUB_WORKSPACE, RUNNER_TEMP, GITHUB_OUTPUT, earlier steps' outputs — against a fixture repository, installing the
// packed npm package offline; the hook's entry runs from the installed package on the files its `files` regex picks.
//   node --test test/package/action.test.js     (part of npm test; needs dist/: npm run build)
//   AURORA_GUARD_NPM_TGZ=<file>                 use that tarball instead of packing dist/ (npm pack --ignore-scripts)
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync, spawnSync } = require('node:child_process');
const YAML = require('yaml');

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const action = YAML.parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8'));
const hooks = YAML.parse(fs.readFileSync(path.join(ROOT, '.pre-commit-hooks.yaml'), 'utf8'));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'aurora-guard-action-'));
test.after(() => fs.rmSync(work, { recursive: true, force: true }));

function tarball() {
  if (process.env.AURORA_GUARD_NPM_TGZ) return path.resolve(process.env.AURORA_GUARD_NPM_TGZ);
  assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli.js')), 'dist/cli.js missing: npm run build');
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return path.join(work, JSON.parse(out.slice(out.indexOf('[')))[0].filename);
}

/** A repository as a user has it: datasource files with warnings (pool) and errors (an Aurora cluster), a README. */
function fixtureRepo(name, { errors }) {
  const dir = path.join(work, name);
  fs.mkdirSync(path.join(dir, 'conf'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'legacy'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'README.md'), '# deployment\n');
  fs.writeFileSync(
    path.join(dir, 'conf', 'deployment.toml'),
    `[database.apim_db]\ntype = "mysql"\nurl = "jdbc:mysql://db.example.com:3306/apim"\nusername = "apim"\npassword = "x"\n`,
  );
  const host = errors ? 'apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com' : 'db.example.com';
  fs.copyFileSync(
    path.join(ROOT, 'test', 'fixtures', 'rules', 'pool', 'max-wait', 'valid-master-datasources.xml'),
    path.join(dir, 'legacy', 'master-datasources.xml'),
  );
  if (errors)
    fs.appendFileSync(
      path.join(dir, 'conf', 'deployment.toml'),
      `\n[database.shared_db]\ntype = "mysql"\nurl = "jdbc:mysql://${host}:3306/shared"\npool_options.maxWait = -1\n`,
    );
  return dir;
}

test('action.yml: a composite action on actions/setup-node with the CI inputs; inputs reach the shell only as environment variables', () => {
  assert.equal(action.runs.using, 'composite');
  assert.match(action.runs.steps[0].uses, /^actions\/setup-node@v\d+$/);
  for (const i of ['paths', 'target', 'config', 'fail-on', 'max-warnings', 'sarif']) assert.ok(action.inputs[i]?.description, `input ${i}`);
  assert.equal(action.inputs.sarif.default, 'aurora-guard.sarif');
  for (const s of action.runs.steps.filter((x) => x.run)) {
    assert.equal(s.shell, 'bash');
    assert.doesNotMatch(s.run, /\$\{\{/, `step ${s.id}: an expression inside run: is a script injection`);
    for (const v of Object.values(s.env ?? {})) {
      const m = /^\$\{\{ (inputs|steps)\.([\w-]+)(?:\.outputs\.(\w+))? \}\}$/.exec(v);
      assert.ok(m, `step ${s.id}: env ${v}`);
      if (m[1] === 'inputs') assert.ok(action.inputs[m[2]], `step ${s.id} uses an undeclared input ${m[2]}`);
    }
    for (const f of s.run.match(/\$GITHUB_ACTION_PATH\/[\w/.-]+/g) ?? [])
      assert.ok(fs.existsSync(f.replace('$GITHUB_ACTION_PATH', ROOT)), `${f} missing`);
  }
  for (const o of Object.values(action.outputs)) assert.match(o.value, /^\$\{\{ steps\.lint\.outputs\.\w+ \}\}$/);
});

let tgz;
/** Run the action's run: steps as a runner does; returns the last step's exit code, the log and the outputs. */
function runAction(repo, inputs) {
  tgz ??= tarball();
  const values = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']));
  Object.assign(values, { version: tgz }, inputs);
  const temp = fs.mkdtempSync(path.join(work, 'runner-'));
  const outputs = {};
  let log = '';
  for (const step of action.runs.steps) {
    if (!step.run) continue; // uses: actions/setup-node — the Node running this test stands in for it
    const outFile = path.join(temp, `${step.id}.out`);
    fs.writeFileSync(outFile, '');
    const env = {
      ...process.env,
      GITHUB_ACTION_PATH: ROOT,
      GITHUB_WORKSPACE: repo,
      RUNNER_TEMP: temp,
      GITHUB_OUTPUT: outFile,
      npm_config_offline: 'true',
      npm_config_update_notifier: 'false',
      NO_COLOR: '1',
    };
    for (const [k, v] of Object.entries(step.env ?? {})) {
      env[k] = v
        .replace(/\$\{\{ inputs\.([\w-]+) \}\}/g, (_m, n) => values[n])
        .replace(/\$\{\{ steps\.([\w-]+)\.outputs\.(\w+) \}\}/g, (_m, s, n) => outputs[s]?.[n] ?? '');
    }
    const r = spawnSync('bash', ['-e', '-c', step.run], { cwd: repo, env, encoding: 'utf8' });
    log += r.stdout + r.stderr;
    outputs[step.id] = Object.fromEntries(
      fs
        .readFileSync(outFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    if (r.status !== 0) return { code: r.status, log, outputs };
  }
  return { code: 0, log, outputs };
}

test('the action on a repository with warnings: passes by default, writes SARIF with repository-relative paths, counts in its outputs', () => {
  const repo = fixtureRepo('warnings', { errors: false });
  const r = runAction(repo, {});
  assert.equal(r.code, 0, r.log);
  assert.match(r.log, new RegExp(`installing ${path.basename(tgz).replace(/\./g, '\\.')}|installing .*\\.tgz`));
  assert.match(r.log, /conf\/deployment\.toml:\d+:\d+ +warning/);
  assert.equal(r.outputs.lint.sarif, 'aurora-guard.sarif');
  assert.equal(r.outputs.lint.errors, '0');
  assert.ok(Number(r.outputs.lint.warnings) >= 2, r.outputs.lint.warnings);
  const log = JSON.parse(fs.readFileSync(path.join(repo, 'aurora-guard.sarif'), 'utf8'));
  const uris = new Set(
    log.runs[0].results.map(
      (x) => `${x.locations[0].physicalLocation.artifactLocation.uriBaseId} ${x.locations[0].physicalLocation.artifactLocation.uri}`,
    ),
  );
  assert.ok(uris.has('%SRCROOT% conf/deployment.toml'), [...uris].join(', '));
  // fail-on warning, and max-warnings below the count, fail the job
  assert.equal(runAction(repo, { 'fail-on': 'warning' }).code, 1);
  const strict = runAction(repo, { 'max-warnings': String(Number(r.outputs.lint.warnings) - 1) });
  assert.equal(strict.code, 1);
  assert.match(strict.log, /too many warnings/);
  assert.equal(runAction(repo, { 'max-warnings': r.outputs.lint.warnings }).code, 0);
});

test('the action on a repository with errors fails, unless fail-on is none; paths, target and config inputs are passed; bad inputs exit 2', () => {
  const repo = fixtureRepo('errors', { errors: true });
  const r = runAction(repo, { sarif: 'reports/ag.sarif' });
  assert.equal(r.code, 1, r.log);
  assert.ok(Number(r.outputs.lint.errors) >= 1);
  assert.ok(fs.existsSync(path.join(repo, 'reports', 'ag.sarif')), 'the SARIF is written even when the job fails');
  assert.equal(runAction(repo, { 'fail-on': 'none' }).code, 0);
  // only the legacy folder (no errors there), two paths on two lines
  const only = runAction(repo, { paths: 'legacy\nlegacy/master-datasources.xml', sarif: '' });
  assert.equal(only.code, 0, only.log);
  assert.equal(only.outputs.lint.sarif, '');
  assert.doesNotMatch(only.log, /conf\/deployment\.toml/);
  // target mysql: the Aurora rules do not apply
  assert.match(r.log, /jdbc\/aws-wrapper/);
  const mysql = runAction(repo, { target: 'mysql', sarif: '' });
  assert.doesNotMatch(mysql.log, /jdbc\/aws-wrapper/);
  assert.ok(
    Number(mysql.outputs.lint.warnings) < Number(r.outputs.lint.warnings),
    `${mysql.outputs.lint.warnings} vs ${r.outputs.lint.warnings}`,
  );
  fs.writeFileSync(path.join(repo, 'ag.json'), JSON.stringify({ rules: { 'pool/max-wait': 'off' } }));
  const cfg = runAction(repo, { config: 'ag.json', sarif: '' });
  assert.equal(cfg.code, 0, cfg.log);
  assert.doesNotMatch(cfg.log, /pool\/max-wait/);
  fs.writeFileSync(path.join(repo, 'bad.json'), JSON.stringify({ rules: { 'pool/validaton-interval': 'off' } }));
  const bad = runAction(repo, { config: 'bad.json' });
  assert.equal(bad.code, 2);
  assert.match(bad.log, /did you mean 'pool\/validation-interval'/);
  assert.equal(runAction(repo, { 'fail-on': 'sometimes' }).code, 2);
  assert.equal(runAction(repo, { 'max-warnings': 'few' }).code, 2);
});

test('.pre-commit-hooks.yaml: the hook runs aurora-guard from the installed package on the files it selects', () => {
  assert.equal(hooks.length, 1);
  const hook = hooks[0];
  assert.equal(hook.language, 'node');
  assert.equal(hook.id, 'aurora-guard');
  const [bin, ...args] = hook.entry.split(' ');
  assert.ok(pkg.bin[bin], `entry ${bin} is not a bin of the package`);
  // pre-commit installs a node hook as: npm install (in the clone, devDependencies included), npm pack (its stdout is
  // taken as the tarball's name), npm install -g <tarball>, all with NODE_VIRTUAL_ENV set. The build runs in the first
  // step (postinstall, only there: NODE_VIRTUAL_ENV and a source tree); nothing runs on pack (npm.test.js checks
  // that npm pack prints only the name); the installed package has no source tree, so its postinstall does nothing.
  const cond = pkg.scripts.postinstall.split(' || ')[0];
  const check = (cwd, env) => spawnSync('sh', ['-c', cond], { cwd, env: { ...process.env, NODE_VIRTUAL_ENV: env } }).status;
  assert.equal(check(ROOT, path.join(work, 'node_env')), 1, 'in the clone under pre-commit: build');
  assert.equal(check(ROOT, ''), 0, 'npm ci / npm install of a developer: no build');
  assert.match(pkg.scripts.postinstall, /\|\| npm run --silent build$/);
  // what pre-commit does for language: node (after npm pack): npm install -g <tarball> into the hook's environment
  tgz ??= tarball();
  const env = path.join(work, 'node_env');
  execFileSync('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', env, tgz], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // files: a Python regex; (?i) at the start is JavaScript's i flag
  const files = new RegExp(hook.files.replace(/^\(\?i\)/, ''), hook.files.startsWith('(?i)') ? 'i' : '');
  const repo = fixtureRepo('hook', { errors: true });
  const all = ['README.md', 'conf/deployment.toml', 'legacy/master-datasources.xml'];
  const picked = all.filter((f) => files.test(f));
  assert.deepEqual(picked, ['conf/deployment.toml', 'legacy/master-datasources.xml']);
  assert.equal(check(path.join(env, 'lib', 'node_modules', pkg.name), path.join(work, 'node_env')), 0, 'the installed package: no build');
  for (const f of ['deployment.toml.j2', 'a/b/Master-Datasources.xml.erb', 'x/conf/deployment.toml']) assert.ok(files.test(f), f);
  for (const f of ['deployment.toml.bak', 'datasources.xml', 'notes/deployment.md']) assert.ok(!files.test(f), f);
  const r = spawnSync(path.join(env, 'bin', bin), [...args, ...picked], {
    cwd: repo,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /conf\/deployment\.toml:\d+:\d+ +error/);
  // a commit that touches only clean files passes
  const clean = spawnSync(path.join(env, 'bin', bin), [...args, 'legacy/master-datasources.xml'], { cwd: repo, encoding: 'utf8' });
  assert.equal(clean.status, 0, clean.stdout + clean.stderr);
});

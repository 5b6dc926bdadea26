// Part 7 of issue 6: bad input to the CLI. Every case runs the compiled CLI (out/src/cli/main.js) as a
// user does, in a child process with a hard time limit: unreadable paths (a directory where a file is
// expected, dangling and looping symlinks, FIFOs, devices), folders without configs, unknown flags and
// commands, missing arguments, invalid configuration files. Expected: exit code 2, a message on stderr
// that names the problem, no stack trace, no "internal error", no hang.
// Running as root, permission bits do not stop reads, so chmod 000 is only tried when not root.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT, writeStats } from './lib/env';

const CLI = path.join(ROOT, 'out', 'src', 'cli', 'main.js');
const LIMIT_MS = 8000;
const STACK = /^\s+at .+(\(.*:\d+:\d+\)|:\d+:\d+)$/m;

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<datasources-configuration>
  <datasources>
    <datasource>
      <name>WSO2AM_DB</name>
      <definition type="RDBMS">
        <configuration>
          <url>jdbc:mysql://apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:3306/apim?useSSL=true</url>
          <driverClassName>com.mysql.cj.jdbc.Driver</driverClassName>
          <maxActive>50</maxActive>
        </configuration>
      </definition>
    </datasource>
  </datasources>
</datasources-configuration>
`;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aurora-guard-reliability-cli-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

let seq = 0;
/** A fresh folder with these files (a value of null makes a folder). */
function ws(files: Record<string, string | null> = {}): string {
  const dir = path.join(tmp, `ws${seq++}`);
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    if (text === null) fs.mkdirSync(p, { recursive: true });
    else fs.writeFileSync(p, text);
  }
  return dir;
}

function mkfifo(p: string): boolean {
  return spawnSync('mkfifo', [p]).status === 0;
}

interface Case {
  name: string;
  /** Arguments, built when the case runs (so its files exist). Null: the case cannot run here (reason in skip). */
  args: () => string[] | null;
  /** Exit code expected (2 for every bad input; 0/1 for inputs that are fine to lint). */
  code: number | number[];
  /** What stderr must say. */
  message?: RegExp;
  skip?: string;
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

const CASES: Case[] = [
  {
    name: 'a path that does not exist',
    args: () => ['lint', path.join(ws(), 'missing-datasources.xml')],
    code: 2,
    message: /cannot read .*missing-datasources\.xml: no such file/,
  },
  {
    name: 'a folder without configs',
    args: () => ['lint', ws({ 'README.md': 'nothing', 'conf/other.xml': '<a/>' })],
    code: 2,
    message: /no deployment\.toml or \*-datasources\.xml files found/,
  },
  { name: 'an empty folder', args: () => ['lint', ws()], code: 2, message: /no deployment\.toml or \*-datasources\.xml files found/ },
  {
    name: 'fix: a folder without configs',
    args: () => ['fix', '--dry-run', ws({ 'notes.txt': 'x' })],
    code: 2,
    message: /no deployment\.toml or \*-datasources\.xml files found/,
  },
  {
    name: 'a directory where a file is expected (--config)',
    args: () => {
      const d = ws({ 'master-datasources.xml': XML, 'cfg.json': null });
      return ['lint', '--config', path.join(d, 'cfg.json'), d];
    },
    code: 2,
    message: /cfg\.json/,
  },
  {
    name: 'a directory named aurora-guard.json found next to the files',
    args: () => ['lint', ws({ 'master-datasources.xml': XML, 'aurora-guard.json': null })],
    code: 2,
    message: /aurora-guard\.json/,
  },
  {
    name: 'a dangling symlink given as the path',
    args: () => {
      const d = ws();
      fs.symlinkSync(path.join(d, 'gone.xml'), path.join(d, 'master-datasources.xml'));
      return ['lint', path.join(d, 'master-datasources.xml')];
    },
    code: 2,
    message: /cannot read .*master-datasources\.xml/,
  },
  {
    name: 'a folder whose only config is a dangling symlink',
    args: () => {
      const d = ws();
      fs.symlinkSync(path.join(d, 'gone.xml'), path.join(d, 'master-datasources.xml'));
      return ['lint', d];
    },
    code: 2,
    message: /no deployment\.toml or \*-datasources\.xml files found/,
  },
  {
    name: 'a symlink loop given as the path',
    args: () => {
      const d = ws();
      fs.symlinkSync(path.join(d, 'b-datasources.xml'), path.join(d, 'a-datasources.xml'));
      fs.symlinkSync(path.join(d, 'a-datasources.xml'), path.join(d, 'b-datasources.xml'));
      return ['lint', path.join(d, 'a-datasources.xml')];
    },
    code: 2,
    message: /cannot read .*a-datasources\.xml/,
  },
  {
    name: 'a FIFO given as the path',
    args: () => {
      const d = ws();
      return mkfifo(path.join(d, 'master-datasources.xml')) ? ['lint', path.join(d, 'master-datasources.xml')] : null;
    },
    code: 2,
    message: /cannot read .*master-datasources\.xml: not a file/,
    skip: 'mkfifo not available',
  },
  {
    name: 'a FIFO given as --config',
    args: () => {
      const d = ws({ 'master-datasources.xml': XML });
      return mkfifo(path.join(d, 'cfg.json')) ? ['lint', '--config', path.join(d, 'cfg.json'), d] : null;
    },
    code: 2,
    message: /cfg\.json/,
    skip: 'mkfifo not available',
  },
  {
    name: 'a FIFO named aurora-guard.json found next to the files',
    args: () => {
      const d = ws({ 'master-datasources.xml': XML });
      return mkfifo(path.join(d, 'aurora-guard.json')) ? ['lint', d] : null;
    },
    code: 2,
    message: /aurora-guard\.json/,
    skip: 'mkfifo not available',
  },
  {
    name: 'a character device given as the path (/dev/null)',
    args: () => (fs.existsSync('/dev/null') ? ['lint', '/dev/null'] : null),
    code: 2,
    message: /cannot read \/dev\/null/,
    skip: 'no /dev/null',
  },
  {
    name: 'a path too long for the file system',
    args: () => ['lint', path.join(tmp, 'x'.repeat(5000) + '-datasources.xml')],
    code: 2,
    message: /cannot read /,
  },
  {
    name: 'an unreadable file (chmod 000)',
    args: () => {
      if (isRoot) return null;
      const d = ws({ 'master-datasources.xml': XML });
      fs.chmodSync(path.join(d, 'master-datasources.xml'), 0o000);
      return ['lint', path.join(d, 'master-datasources.xml')];
    },
    code: 2,
    message: /permission denied/,
    skip: 'running as root: permission bits do not block reads (covered by the directory, symlink and FIFO cases)',
  },
  {
    name: 'an unreadable folder (chmod 000)',
    args: () => {
      if (isRoot) return null;
      const d = ws({ 'sub/master-datasources.xml': XML });
      fs.chmodSync(path.join(d, 'sub'), 0o000);
      return ['lint', d];
    },
    code: 2,
    message: /cannot read directory/,
    skip: 'running as root: permission bits do not block reads',
  },
  {
    name: 'an unknown flag',
    args: () => ['lint', '--bogus', ws({ 'master-datasources.xml': XML })],
    code: 2,
    message: /unknown option '--bogus'/,
  },
  { name: 'an unknown top-level flag', args: () => ['--frobnicate'], code: 2, message: /unknown option '--frobnicate'/ },
  { name: 'an unknown command', args: () => ['frobnicate', 'x'], code: 2, message: /unknown command 'frobnicate'/ },
  { name: 'a missing argument (lint without paths)', args: () => ['lint'], code: 2, message: /missing required argument/ },
  {
    name: 'a flag without its value (--config last)',
    args: () => ['lint', ws({ 'master-datasources.xml': XML }), '--config'],
    code: 2,
    message: /argument missing/,
  },
  {
    name: 'an invalid --format',
    args: () => ['lint', '--format', 'yaml', ws({ 'master-datasources.xml': XML })],
    code: 2,
    message: /argument 'yaml' is invalid/,
  },
  {
    name: 'an invalid --target',
    args: () => ['lint', '--target', 'aurora', ws({ 'master-datasources.xml': XML })],
    code: 2,
    message: /argument 'aurora' is invalid/,
  },
  {
    name: 'fix with a misspelt flag',
    args: () => ['fix', '--dry-runn', ws({ 'master-datasources.xml': XML })],
    code: 2,
    message: /unknown option '--dry-runn'/,
  },
  {
    name: '--config pointing at a missing file',
    args: () => ['lint', '--config', path.join(tmp, 'nope.json'), ws({ 'master-datasources.xml': XML })],
    code: 2,
    message: /nope\.json/,
  },
  ...(
    [
      ['not JSON', '{ target: mysql', /not valid JSON/],
      ['an empty file', '', /not valid JSON/],
      ['a JSON array', '[1, 2]', /must be a JSON object/],
      ['JSON null', 'null', /must be a JSON object/],
      ['an unknown key', '{"targett": "mysql"}', /unknown key "targett"/],
      ['a bad target', '{"target": "aurora"}', /"target" must be one of/],
      ['a negative cluster number', '{"cluster": {"minAcu": -1}}', /"cluster\.minAcu" must be a non-negative number/],
      ['a string for a number', '{"cluster": {"apimNodes": "3"}}', /"cluster\.apimNodes" must be a non-negative integer/],
      ['an unknown cluster key', '{"cluster": {"acu": 1}}', /unknown key "cluster\.acu"/],
      ['a bad severity', '{"rules": {"pool/max-age": "fatal"}}', /"rules\.pool\/max-age" must be one of/],
      ['rules as an array', '{"rules": ["pool/max-age"]}', /"rules" must be an object/],
      ['a bad apimVersion', '{"apimVersion": "four"}', /"apimVersion" must be a version/],
      ['binary garbage', '\u0000\u0001\u00ff\ufffd{', /not valid JSON/],
    ] as [string, string, RegExp][]
  ).flatMap(([what, json, message]): Case[] => [
    {
      name: `aurora-guard.json with ${what}`,
      args: () => ['lint', ws({ 'master-datasources.xml': XML, 'aurora-guard.json': json })],
      code: 2,
      message,
    },
    {
      name: `--config file with ${what}`,
      args: () => {
        const d = ws({ 'master-datasources.xml': XML, 'my-config.json': json });
        return ['lint', '--config', path.join(d, 'my-config.json'), d];
      },
      code: 2,
      message,
    },
  ]),
  // not usage errors, but the CLI must still not crash on them: findings (exit 1) or none (exit 0)
  {
    name: 'a config file that is binary garbage',
    args: () => ['lint', ws({ 'master-datasources.xml': '\u0000\u0001<\u00ff\ufffd<<>>\u0000' })],
    code: [0, 1],
  },
  { name: 'a config file that is empty', args: () => ['lint', ws({ 'master-datasources.xml': '' })], code: [0, 1] },
  {
    name: 'fix --dry-run on a file that is not well-formed',
    args: () => ['fix', '--dry-run', ws({ 'master-datasources.xml': XML.slice(0, 300) })],
    code: [0, 1],
  },
];

interface Outcome {
  name: string;
  args: string;
  code: number | null;
  ms: number;
  problems: string[];
  stderr: string;
}

const stats = { badInputs: 0, ran: 0, skipped: 0, stackTraces: 0, wrongExit: 0, unclear: 0, hangs: 0, outcomes: [] as Outcome[] };

function runCli(args: string[]): { code: number | null; stdout: string; stderr: string; ms: number; timedOut: boolean } {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    timeout: LIMIT_MS,
    killSignal: 'SIGKILL',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 << 20,
  });
  const timedOut = r.error !== undefined && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ms: Date.now() - t0, timedOut };
}

test('cli: the compiled CLI exists', () => {
  assert.ok(fs.existsSync(CLI), `${CLI} is missing: compile first (npx tsc -p test/reliability)`);
});

for (const c of CASES) {
  test(`cli: ${c.name}`, (t) => {
    const args = c.args();
    if (args === null) {
      stats.skipped++;
      t.skip(c.skip ?? 'cannot run here');
      return;
    }
    stats.ran++;
    const expected = Array.isArray(c.code) ? c.code : [c.code];
    if (expected.includes(2)) stats.badInputs++;
    const r = runCli(args);
    const problems: string[] = [];
    const both = r.stdout + r.stderr;
    if (r.timedOut) {
      stats.hangs++;
      problems.push(`no exit within ${LIMIT_MS} ms (killed)`);
    } else if (!expected.includes(r.code ?? -1)) {
      stats.wrongExit++;
      problems.push(`exit code ${r.code}, expected ${expected.join(' or ')}`);
    }
    if (STACK.test(both)) {
      stats.stackTraces++;
      problems.push('a stack trace was printed');
    }
    if (!r.timedOut && expected.includes(2)) {
      const clear = c.message ? c.message.test(r.stderr) : r.stderr.trim().length > 0;
      if (!clear || /internal error|undefined|\[object /i.test(r.stderr)) {
        stats.unclear++;
        problems.push(`unclear message: ${JSON.stringify(r.stderr.slice(0, 300))}${c.message ? ` (expected ${c.message})` : ''}`);
      }
    }
    const shownArgs = args
      .map((a) => (a.startsWith(tmp) ? '<tmp>' + a.slice(tmp.length) : a))
      .map((a) => (a.length > 80 ? a.slice(0, 40) + '…' : a))
      .join(' ');
    stats.outcomes.push({ name: c.name, args: shownArgs, code: r.code, ms: r.ms, problems, stderr: r.stderr.slice(0, 400) });
    writeStats('cli', stats);
    assert.deepEqual(problems, [], `aurora-guard ${shownArgs}\nstderr: ${r.stderr.slice(0, 600)}`);
  });
}

// Fix safety through the CLI: `aurora-guard fix` on a symlinked config writes a temp file and renames it over
// the path given, which replaces the symlink with a regular file and leaves the real config unfixed.
test('cli: fix through a symlink fixes the target and keeps the link', () => {
  const d = ws({ 'real/master-datasources.xml': XML });
  const link = path.join(d, 'link-datasources.xml');
  fs.symlinkSync(path.join(d, 'real', 'master-datasources.xml'), link);
  const r = runCli(['fix', link]);
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
  assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the symlink was replaced by a regular file');
  assert.notEqual(fs.readFileSync(path.join(d, 'real', 'master-datasources.xml'), 'utf8'), XML, 'the real file was not fixed');
});

// A crash path of `fix`: a fix whose edits overlap makes fixAll throw; the CLI turns it into "internal error".
test('cli: fix on a deployment.toml without a final newline does not fail with an internal error', () => {
  const d = ws({ 'deployment.toml': '[database.apim_db]\ntype = "h2"\nurl = "jdbc:h2:./x"\npool_options.maxWait = 1000\nmaxActive = 50' });
  const r = runCli(['fix', path.join(d, 'deployment.toml')]);
  assert.doesNotMatch(r.stderr, /internal error/, r.stderr);
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
});

// A config the CLI cannot read as text must not pass silently: a UTF-16 master-datasources.xml (Windows editors
// save that) is read as UTF-8, is not recognised as XML, and the CLI says "No problems found" with exit 0.
test('cli: a UTF-16 encoded config is not reported as "No problems found"', () => {
  const d = ws();
  fs.writeFileSync(path.join(d, 'master-datasources.xml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(XML, 'utf16le')]));
  const r = runCli(['lint', path.join(d, 'master-datasources.xml')]);
  assert.doesNotMatch(r.stdout, /No problems found/, 'a file that could not be read passed silently');
  assert.ok(r.code === 1 || r.code === 2, `exit ${r.code}`);
  assert.doesNotMatch(r.stdout + r.stderr, STACK);
});

// Decided: a UTF-8 BOM in aurora-guard.json is accepted; no command at all is a usage error.
test('cli: an aurora-guard.json saved with a UTF-8 BOM (Windows editors) is read', () => {
  const r = runCli(['lint', ws({ 'master-datasources.xml': XML, 'aurora-guard.json': '\ufeff{"target": "mysql"}' })]);
  assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
});

test('cli: no command at all is a usage error (exit 2)', () => {
  const r = runCli([]);
  assert.equal(r.code, 2);
});

test('cli: summary', () => {
  writeStats('cli', stats);
  console.log(
    `[cli] ${stats.badInputs} bad inputs (${stats.ran} cases run, ${stats.skipped} skipped): ${stats.stackTraces} stack traces, ${stats.wrongExit} wrong exit codes, ${stats.unclear} unclear messages, ${stats.hangs} hangs`,
  );
});

// Part 4 of issue 6 (terminal side): a unique sentinel password and a sentinel IAM token go through every probe
// flow of the CLI (`node dist/cli.js probe …` as a user runs it: --password-env, right and wrong passwords,
// unreachable hosts, --format text/json, --watch, --from a file) and of the core API with `auth: 'iam-token'`
// (identify, validation lab, watch over TLS; the token supplier is the seam the RDS signer plugs into), and
// `lint` / `fix` run on files that contain the password (text, JSON and SARIF reports, the --dry-run diff).
// Real IAM: `probe --iam` against a SIMULATED Aurora (test/probe/auroraSim.ts: TLS, tokens checked like RDS) with
// fake AWS credentials whose secret access keys and session tokens are sentinels — from the environment and from
// a profile in temporary shared config/credentials files — one-shot and --watch, text and json, and refused
// (a key the sim does not know, an expired token; the sim echoes the token it refuses), unreachable. The tokens
// the sim received and their X-Amz-Signature values are searched for too, in every output (also the earlier ones).
// Every output is searched for the sentinels as written, base64, URL-encoded and hex (lib/sentinel.ts): CLI
// stdout and stderr per flow, each report, the core's errors, events, summaries and results (also through
// util.inspect), and the MariaDB servers' own logs. The counts go to secrets-cli.json; the extension host's part
// (test/vscode/reliability/secrets.test.ts) writes secrets-vscode.json and the summary adds them up.
// The servers need TLS (AG_DB_TLS=1 scripts/db/db.sh up, as scripts/test-reliability.sh starts them) for the token
// flows to authenticate; without it they end at the TLS handshake and this is said in the counts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { identify } from '../../src/core/probe/identify';
import { runValidationLab } from '../../src/core/probe/validationLab';
import { runWatch } from '../../src/core/probe/watch';
import { jsonLine } from '../../src/core/probe/json';
import type { EndpointOptions } from '../../src/core/probe/endpoint';
import { HOST, READER_PORT, WRITER_PORT, admin } from '../probe/helpers';
import { ROOT, writeStats } from './lib/env';
import { AuroraSim } from '../probe/auroraSim';
import { selfSignedCert } from '../probe/helpers';
import { LeakSearch, makeSentinel, searchIamTokens } from './lib/sentinel';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const PW = makeSentinel('Pw');
const TOKEN = makeSentinel('Iam');
// fake AWS credentials (nothing here talks to AWS): the secret parts are sentinels, the key ids are not secret
const AWS = {
  keyId: 'AKIAAGRELIABILITYENV',
  secret: makeSentinel('AwsSecret'),
  session: makeSentinel('AwsSession'),
  profileKeyId: 'AKIAAGRELIABILITYPRF',
  profileSecret: makeSentinel('AwsProfileSecret'),
  profileSession: makeSentinel('AwsProfileSession'),
  /** A profile whose secret the simulated IAM does not know: its tokens are refused. */
  wrongSecret: makeSentinel('AwsWrongSecret'),
};
const REGION = 'eu-west-1';
const SIM_IAM_USER = 'iam_apim';
const search = new LeakSearch({
  password: PW,
  'iam token (sentinel, core API)': TOKEN,
  'aws secret access key': AWS.secret,
  'aws session token': AWS.session,
  'aws secret access key (profile)': AWS.profileSecret,
  'aws session token (profile)': AWS.profileSession,
  'aws secret access key (wrong)': AWS.wrongSecret,
});
const PW_USER = 'ag_secret_pw';
const IAM_USER = 'ag_secret_iam';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aurora-guard-reliability-secrets-'));
const notes: string[] = [];
let flows = 0;
let tlsOnServers = false;
let sim: AuroraSim;
/** The sim's clock is 16 minutes ahead: every token is expired there. */
let simExpired: AuroraSim;

function save(): void {
  writeStats('secrets-cli', { ...search.toJSON(), flows, tlsOnServers, notes });
}

async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** Run the built CLI as a user does; stdout and stderr are searched as channels named after `kind`. */
function cli(
  kind: string,
  args: string[],
  env: Record<string, string | undefined> = {},
  timeoutMs = 20000,
): Promise<{ code: number | null; out: string; err: string }> {
  const childEnv: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...env };
  for (const [k, v] of Object.entries(childEnv)) if (v === undefined) delete childEnv[k];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => (out += b));
    child.stderr.on('data', (b) => (err += b));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      flows++;
      search.check(`cli ${kind}: stdout`, out);
      search.check(`cli ${kind}: stderr`, err);
      resolve({ code, out, err });
    });
  });
}

/** Everything a log line or a report could show of a value. */
function surfaces(x: unknown): string {
  return [String(x), inspect(x, { depth: 12, showHidden: true }), safeJson(x), x instanceof Error ? `${x.message}\n${x.stack}` : ''].join(
    '\n',
  );
}
function safeJson(x: unknown): string {
  try {
    return JSON.stringify(x) ?? '';
  } catch {
    return '';
  }
}
async function outcome(p: Promise<unknown>): Promise<unknown> {
  try {
    return await p;
  } catch (e) {
    return e;
  }
}

before(async () => {
  for (const port of [WRITER_PORT, READER_PORT]) {
    for (const [user, secret] of [
      [PW_USER, PW],
      [IAM_USER, TOKEN],
    ]) {
      await admin(port, `CREATE OR REPLACE USER '${user}'@'%' IDENTIFIED BY '${secret}'`);
      await admin(port, `GRANT SELECT ON probe_db.* TO '${user}'@'%'`);
    }
  }
  const rows = await admin<{ Value: string }[]>(WRITER_PORT, "SHOW VARIABLES LIKE 'have_ssl'");
  tlsOnServers = rows[0]?.Value === 'YES';
  if (!tlsOnServers) notes.push('the servers offer no TLS (start them with AG_DB_TLS=1): IAM-token flows end at the TLS handshake');
  const iam = {
    users: [SIM_IAM_USER],
    keys: { [AWS.keyId]: AWS.secret, [AWS.profileKeyId]: AWS.profileSecret },
    region: REGION,
    echoToken: true,
  };
  const cert = selfSignedCert(['localhost', '127.0.0.1']);
  sim = await AuroraSim.start({ tls: cert, iam });
  simExpired = await AuroraSim.start({ tls: cert, iam: { ...iam, now: () => Date.now() + 16 * 60_000 } });
});

after(async () => {
  for (const port of [WRITER_PORT, READER_PORT])
    for (const user of [PW_USER, IAM_USER]) await admin(port, `DROP USER IF EXISTS '${user}'@'%'`).catch(() => undefined);
  // the servers' own logs, after every flow
  const run = path.join(process.env.AG_DB_BASE ?? path.join(ROOT, '.db'), 'run');
  if (fs.existsSync(run)) search.checkTree(run, (rel) => (rel.endsWith('.err') || rel.endsWith('.log') ? 'MariaDB server logs' : null));
  await sim?.close();
  await simExpired?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
  save();
});

test('secrets: the search itself finds a sentinel raw, inside base64 at any alignment, URL-encoded and hex', () => {
  const s = new LeakSearch({ probe: PW });
  for (const [i, text] of [
    `x ${PW} y`,
    ...[0, 1, 2].map((k) => Buffer.from(`${'p'.repeat(k)}{"password":"${PW}"}`).toString('base64')),
    Buffer.from(`ab${PW}cd`).toString('base64url'),
    `u=${encodeURIComponent(PW)}&v`,
    Buffer.from(PW).toString('hex'),
  ].entries())
    assert.ok(s.check(`self-test ${i}`, text).length > 0, text);
  assert.equal(s.check('self-test clean', `x ${PW.slice(0, -2)} y ${Buffer.from('unrelated').toString('base64')}`).length, 0);
});

const base = (user: string) => [
  'probe',
  '--host',
  HOST,
  '--port',
  String(WRITER_PORT),
  '--user',
  user,
  '--database',
  'probe_db',
  '--password-env',
  'AG_SECRET',
  '--connect-timeout',
  '1500',
  '--query-timeout',
  '1500',
];

test(
  'secrets: CLI probe one-shot with the sentinel password (right and wrong, text and json) shows it nowhere',
  { timeout: 60000 },
  async () => {
    const ok = await cli('probe', [...base(PW_USER), '--reader-host', `${HOST}:${READER_PORT}`, '--runs', '2'], { AG_SECRET: PW });
    assert.equal(ok.code, 0, ok.err);
    assert.match(ok.out, /mariadb .*writer/);
    const okJson = await cli(
      'probe --format json',
      [...base(PW_USER), '--reader-host', `${HOST}:${READER_PORT}`, '--runs', '2', '--format', 'json'],
      { AG_SECRET: PW },
    );
    assert.equal(JSON.parse(okJson.out).server.role, 'writer');
    const wrong = await cli('probe', [...base('probe')], { AG_SECRET: PW });
    assert.equal(wrong.code, 1);
    assert.match(wrong.err, /Access denied|rejected/);
    const wrongJson = await cli('probe --format json', [...base('probe'), '--format', 'json'], { AG_SECRET: PW });
    assert.equal(wrongJson.code, 1);
    // the password given where the variable's name belongs
    const misuse = await cli('probe', ['probe', '--host', HOST, '--port', String(WRITER_PORT), '--user', 'probe', '--password-env', PW]);
    assert.equal(misuse.code, 2);
    assert.match(misuse.err, /takes the NAME of an environment variable/);
    assert.deepEqual(search.leaks, []);
  },
);

test(
  'secrets: CLI probe against unreachable endpoints (closed port, unresolvable name, hung listener) shows it nowhere',
  { timeout: 60000 },
  async () => {
    const port = await closedPort();
    const refused = await cli(
      'probe',
      ['probe', '--host', HOST, '--port', String(port), '--user', PW_USER, '--password-env', 'AG_SECRET'],
      { AG_SECRET: PW },
    );
    assert.equal(refused.code, 1);
    assert.match(refused.err, /ECONNREFUSED|nothing is listening/);
    const dns = await cli(
      'probe',
      ['probe', '--host', 'no-such-cluster.invalid', '--user', PW_USER, '--password-env', 'AG_SECRET', '--connect-timeout', '2000'],
      { AG_SECRET: PW },
    );
    assert.equal(dns.code, 1);
    // a listener that accepts and never answers: the connect timeout
    const hung = net.createServer(() => undefined);
    await new Promise<void>((r) => hung.listen(0, '127.0.0.1', () => r()));
    try {
      const r = await cli(
        'probe --format json',
        [
          'probe',
          '--host',
          HOST,
          '--port',
          String((hung.address() as net.AddressInfo).port),
          '--user',
          PW_USER,
          '--password-env',
          'AG_SECRET',
          '--connect-timeout',
          '500',
          '--format',
          'json',
        ],
        { AG_SECRET: PW },
      );
      assert.equal(r.code, 1);
      assert.match(r.err, /timed out|no MySQL handshake/);
    } finally {
      hung.close();
    }
    assert.deepEqual(search.leaks, []);
  },
);

test(
  'secrets: CLI probe --watch (text and json, right password, wrong password, --from a file that holds the password)',
  { timeout: 60000 },
  async () => {
    const w = await cli('probe --watch', [...base(PW_USER), '--watch', '--interval', '100', '--duration', '2'], { AG_SECRET: PW });
    assert.match(w.out, /watching .* every 100 ms/);
    const wj = await cli(
      'probe --watch --format json',
      [...base(PW_USER), '--watch', '--interval', '100', '--duration', '2', '--format', 'json'],
      { AG_SECRET: PW },
    );
    assert.ok(
      wj.out
        .trim()
        .split('\n')
        .every((l) => JSON.parse(l)),
      'JSON lines',
    );
    const bad = await cli(
      'probe --watch --format json',
      [...base('probe'), '--watch', '--interval', '100', '--duration', '1', '--format', 'json'],
      { AG_SECRET: PW },
    );
    assert.match(bad.out, /ER_ACCESS_DENIED_ERROR/);
    const file = path.join(tmp, 'from', 'repository', 'conf', 'deployment.toml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      `[database.apim_db]\ntype = "mysql"\nurl = "jdbc:mysql://${HOST}:${WRITER_PORT}/probe_db?useSSL=false"\nusername = "${PW_USER}"\npassword = "${PW}"\n`,
    );
    const from = await cli(
      'probe --watch --from',
      ['probe', '--from', `${file}#apim_db`, '--password-env', 'AG_SECRET', '--watch', '--interval', '100', '--duration', '2'],
      { AG_SECRET: PW },
    );
    assert.match(from.out, /pool|verdict|writes/i, from.err);
    const fromOne = await cli('probe --from', ['probe', '--from', `${file}#apim_db`, '--password-env', 'AG_SECRET', '--runs', '1'], {
      AG_SECRET: PW,
    });
    assert.equal(fromOne.code, 0, fromOne.err);
    assert.deepEqual(search.leaks, []);
  },
);

test(
  'secrets: lint and fix of files that hold the password (text, JSON, SARIF reports, the --dry-run diff, fix output)',
  { timeout: 60000 },
  async () => {
    const dir = path.join(tmp, 'lint', 'repository', 'conf');
    fs.mkdirSync(path.join(dir, 'datasources'), { recursive: true });
    // the password next to settings that get findings and fixes (so a fix's edit or a diff's context touches it)
    fs.writeFileSync(
      path.join(dir, 'deployment.toml'),
      `[database.apim_db]\ntype = "mysql"\nurl = "jdbc:mysql://apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:3306/apim?autoReconnect=true&password=${encodeURIComponent(PW)}"\nusername = "apim"\npassword = "${PW}"\n\n[database.apim_db.pool_options]\nvalidationInterval = 30000\npassword = "${PW}"\n`,
    );
    fs.writeFileSync(
      path.join(dir, 'datasources', 'master-datasources.xml'),
      `<datasources-configuration>\n <datasources>\n  <datasource>\n   <name>WSO2AM_DB</name>\n   <definition type="RDBMS">\n    <configuration>\n     <url>jdbc:mysql://apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:3306/apim?password=${encodeURIComponent(PW)}</url>\n     <username>apim</username>\n     <password>${PW}</password>\n     <validationQuery>SELECT 1</validationQuery>\n     <maxActive>50</maxActive>\n    </configuration>\n   </definition>\n  </datasource>\n </datasources>\n</datasources-configuration>\n`,
    );
    const root = path.join(tmp, 'lint');
    for (const format of ['text', 'json', 'sarif']) {
      const r = await cli(`lint --format ${format} (report)`, ['lint', '--format', format, root]);
      assert.ok(r.code === 0 || r.code === 1, r.err);
      assert.ok(r.out.length > 100, `a ${format} report`);
    }
    const diff = await cli('fix --dry-run (diff)', ['fix', '--dry-run', root]);
    assert.match(diff.out, /^[-+]{3} /m, 'a unified diff');
    assert.match(diff.out, /^ password = "\*\*\*"$/m, 'the password line is in the diff, masked');
    const fix = await cli('fix', ['fix', root]);
    assert.ok(fix.code === 0 || fix.code === 1, fix.err);
    assert.deepEqual(search.leaks, []);
  },
);

test(
  'secrets: core API with an IAM-token supplier (auth iam-token over TLS) and with the password: results, errors, events, summaries',
  { timeout: 60000 },
  async () => {
    const iam: EndpointOptions = {
      host: HOST,
      port: WRITER_PORT,
      user: IAM_USER,
      database: 'probe_db',
      auth: 'iam-token',
      tls: 'required',
      password: () => TOKEN,
      connectTimeoutMs: 2000,
      queryTimeoutMs: 2000,
    };
    const iamReader: EndpointOptions = { ...iam, port: READER_PORT };
    const wrongIam: EndpointOptions = { ...iam, user: 'probe' };
    const pw: EndpointOptions = {
      host: HOST,
      port: WRITER_PORT,
      user: 'probe',
      database: 'probe_db',
      password: () => PW,
      connectTimeoutMs: 2000,
      queryTimeoutMs: 2000,
    };
    const port = await closedPort();
    const results: [string, unknown][] = [
      ['identify (iam token)', await outcome(identify(iam))],
      ['validation lab (iam token)', await outcome(runValidationLab({ writer: iam, reader: iamReader, runs: 2 }))],
      ['identify (wrong user for the token)', await outcome(identify(wrongIam))],
      ['identify (token, unreachable)', await outcome(identify({ ...iam, port }))],
      ['identify (token, TLS off: refused before connecting)', await outcome(identify({ ...iam, tls: 'off' }))],
      ['identify (wrong password)', await outcome(identify(pw))],
      ['validation lab (wrong password)', await outcome(runValidationLab({ writer: pw, runs: 1 }))],
    ];
    for (const [what, r] of results) search.check(`core API: results and errors`, `${what}: ${surfaces(r)}`);
    flows += results.length;
    if (tlsOnServers) {
      const id = results[0][1] as { role?: string };
      assert.equal(id.role, 'writer', `the token authenticated over TLS: ${surfaces(results[0][1]).slice(0, 300)}`);
    } else notes.push(`identify with the token: ${surfaces(results[0][1]).slice(0, 200)}`);
    for (const [label, ep] of [
      ['iam token', iam],
      ['wrong password', pw],
    ] as const) {
      const events: string[] = [];
      const w = await runWatch({
        endpoint: ep,
        intervalMs: 100,
        durationMs: 1200,
        reconnect: { baseDelayMs: 200 },
        onEvent: (e) => events.push(jsonLine(e)),
      });
      flows++;
      search.check(
        'core API: watch events and summaries',
        [...events, ...w.events.map(jsonLine), jsonLine(w.summary), surfaces(w)].join('\n'),
      );
      if (label === 'iam token' && tlsOnServers)
        assert.ok(
          w.events.some((e) => e.type === 'connected'),
          events.join('\n'),
        );
    }
    // the endpoint objects themselves (a log line of the options)
    search.check('core API: results and errors', surfaces([iam, pw]));
    assert.deepEqual(search.leaks, []);
  },
);

/** The AWS environment of an `--iam` run: none of the caller's AWS_* variables, temporary shared files, no instance metadata. */
function awsEnv(vars: Record<string, string>): Record<string, string | undefined> {
  const dir = path.join(tmp, 'aws');
  if (!fs.existsSync(dir)) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'config'), `[profile ag-profile]\nregion = ${REGION}\n\n[profile ag-wrong]\nregion = ${REGION}\n`);
    fs.writeFileSync(
      path.join(dir, 'credentials'),
      [
        '[ag-profile]',
        `aws_access_key_id = ${AWS.profileKeyId}`,
        `aws_secret_access_key = ${AWS.profileSecret}`,
        `aws_session_token = ${AWS.profileSession}`,
        '',
        '[ag-wrong]',
        `aws_access_key_id = ${AWS.keyId}`,
        `aws_secret_access_key = ${AWS.wrongSecret}`,
        '',
      ].join('\n'),
    );
  }
  const cleared = Object.fromEntries(
    Object.keys(process.env)
      .filter((k) => k.startsWith('AWS_'))
      .map((k) => [k, undefined]),
  );
  return {
    ...cleared,
    AWS_CONFIG_FILE: path.join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...vars,
  };
}
const envCreds = () => awsEnv({ AWS_ACCESS_KEY_ID: AWS.keyId, AWS_SECRET_ACCESS_KEY: AWS.secret, AWS_SESSION_TOKEN: AWS.session });
const iamArgs = (s: AuroraSim, id = 'aurora-sim-1') => [
  'probe',
  '--host',
  '127.0.0.1',
  '--port',
  String(s.port(id)),
  '--user',
  SIM_IAM_USER,
  '--iam',
  '--tls',
  'required',
  '--connect-timeout',
  '1500',
  '--query-timeout',
  '1500',
];

test(
  'secrets: CLI probe --iam (simulated Aurora over TLS) with credentials from the environment: one-shot and --watch, text and json',
  { timeout: 90000 },
  async () => {
    const from = sim.iamLogins.length;
    const reader = ['--reader-host', `127.0.0.1:${sim.port('aurora-sim-2')}`, '--runs', '2', '--region', REGION];
    const text = await cli('probe --iam', [...iamArgs(sim), ...reader], envCreds());
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /authenticating as iam_apim with an IAM auth token \(region eu-west-1, from --region\)/);
    assert.match(text.out, /aurora .*writer/);
    const json = await cli('probe --iam --format json', [...iamArgs(sim), ...reader, '--format', 'json'], envCreds());
    assert.equal(json.code, 0, json.err);
    assert.equal(JSON.parse(json.out).server.flavor, 'aurora');
    const watch = await cli(
      'probe --iam --watch',
      [...iamArgs(sim), '--region', REGION, '--watch', '--interval', '100', '--duration', '2'],
      envCreds(),
    );
    assert.match(watch.out, /watching .* every 100 ms/);
    assert.match(watch.out, /connected/);
    const watchJson = await cli(
      'probe --iam --watch --format json',
      [...iamArgs(sim), '--region', REGION, '--watch', '--interval', '100', '--duration', '2', '--format', 'json'],
      envCreds(),
    );
    const lines = watchJson.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    assert.ok(
      lines.some((l) => l.type === 'connected'),
      watchJson.out.slice(0, 400),
    );
    const logins = sim.iamLogins.slice(from);
    assert.ok(logins.length >= 6 && logins.every((l) => l.result.ok && l.tls), JSON.stringify(logins.map((l) => l.result)));
    // the tokens carried the session token: the sim received exactly the sentinel
    assert.ok(
      logins.every((l) => l.token!.includes(`X-Amz-Security-Token=${encodeURIComponent(AWS.session)}`)),
      'the session token went into the tokens',
    );
    assert.deepEqual(search.leaks, []);
  },
);

test(
  'secrets: CLI probe --iam with a profile from the shared config/credentials files (region from the profile), one-shot and --watch json',
  { timeout: 60000 },
  async () => {
    const from = sim.iamLogins.length;
    const env = awsEnv({});
    const one = await cli('probe --iam --aws-profile', [...iamArgs(sim), '--aws-profile', 'ag-profile', '--runs', '2'], env);
    assert.equal(one.code, 0, one.err);
    assert.match(one.out, /region eu-west-1|region of the profile/);
    const watch = await cli(
      'probe --iam --aws-profile --watch --format json',
      [...iamArgs(sim), '--aws-profile', 'ag-profile', '--watch', '--interval', '100', '--duration', '2', '--format', 'json'],
      env,
    );
    assert.ok(
      watch.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string })
        .some((l) => l.type === 'connected'),
      watch.out.slice(0, 400) + watch.err,
    );
    const logins = sim.iamLogins.slice(from);
    assert.ok(
      logins.length >= 2 && logins.every((l) => l.result.ok && l.result.accessKeyId === AWS.profileKeyId),
      JSON.stringify(logins.map((l) => l.result)),
    );
    assert.ok(logins.every((l) => l.token!.includes(`X-Amz-Security-Token=${encodeURIComponent(AWS.profileSession)}`)));
    assert.deepEqual(search.leaks, []);
  },
);

test(
  'secrets: CLI probe --iam refused (a key the sim does not know, an expired token; the sim echoes the token) and unreachable',
  { timeout: 90000 },
  async () => {
    const wrongFrom = sim.iamLogins.length;
    const wrong = await cli('probe --iam --aws-profile (refused)', [...iamArgs(sim), '--aws-profile', 'ag-wrong'], awsEnv({}));
    assert.equal(wrong.code, 1, wrong.out + wrong.err);
    assert.match(wrong.err, /Access denied .*\[token '\*\*\*'\].* the IAM auth token was rejected/);
    const wrongWatch = await cli(
      'probe --iam --aws-profile --watch --format json (refused)',
      [...iamArgs(sim), '--aws-profile', 'ag-wrong', '--watch', '--interval', '100', '--duration', '1', '--format', 'json'],
      awsEnv({}),
    );
    assert.match(wrongWatch.out, /ER_ACCESS_DENIED_ERROR/);
    assert.ok(
      sim.iamLogins.length > wrongFrom &&
        sim.iamLogins.slice(wrongFrom).every((l) => !l.result.ok && l.result.reason === 'signature does not match'),
      JSON.stringify(sim.iamLogins.slice(wrongFrom).map((l) => l.result)),
    );
    const expired = await cli('probe --iam (expired)', [...iamArgs(simExpired), '--region', REGION], envCreds());
    assert.equal(expired.code, 1);
    assert.match(expired.err, /the IAM auth token was rejected: expired or clock skew/);
    const expiredJson = await cli(
      'probe --iam --format json (expired)',
      [...iamArgs(simExpired), '--region', REGION, '--format', 'json'],
      envCreds(),
    );
    assert.equal(expiredJson.code, 1);
    const expiredWatch = await cli(
      'probe --iam --watch (expired)',
      [...iamArgs(simExpired), '--region', REGION, '--watch', '--interval', '100', '--duration', '1'],
      envCreds(),
    );
    assert.match(expiredWatch.out, /ER_ACCESS_DENIED_ERROR|Access denied/);
    assert.ok(
      simExpired.iamLogins.length >= 3 && simExpired.iamLogins.every((l) => !l.result.ok && l.result.reason === 'token expired'),
      JSON.stringify(simExpired.iamLogins.map((l) => l.result)),
    );
    const port = await closedPort();
    const refused = await cli(
      'probe --iam (unreachable)',
      ['probe', '--host', '127.0.0.1', '--port', String(port), '--user', SIM_IAM_USER, '--iam', '--tls', 'required', '--region', REGION],
      envCreds(),
    );
    assert.equal(refused.code, 1);
    assert.match(refused.err, /ECONNREFUSED|nothing is listening/);
    const dns = await cli(
      'probe --iam --format json (unresolvable)',
      [
        'probe',
        '--host',
        'no-such-cluster.invalid',
        '--user',
        SIM_IAM_USER,
        '--iam',
        '--tls',
        'verify',
        '--region',
        REGION,
        '--connect-timeout',
        '2000',
        '--format',
        'json',
      ],
      envCreds(),
    );
    assert.equal(dns.code, 1);
    assert.deepEqual(search.leaks, []);
  },
);

test('secrets: every IAM token the simulated servers received, and its signature, appears in no output (searched in all of them)', () => {
  const tokens = [...sim.iamLogins, ...simExpired.iamLogins].map((l) => l.token).filter((t): t is string => !!t);
  assert.ok(tokens.length >= 10, `${tokens.length} tokens received`);
  const n = searchIamTokens(search, tokens);
  notes.push(`${n} distinct IAM tokens generated by the CLI (rds-signer, fake credentials) searched for with their signatures`);
  assert.deepEqual(search.leaks, []);
});

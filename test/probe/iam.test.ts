// IAM auth tokens end to end against a SIMULATED Aurora cluster (auroraSim.ts): the sim speaks TLS (a throw-away
// self-signed certificate), switches IAM users to mysql_clear_password and checks the token the way RDS would
// (rdsToken.ts: SigV4 signature with the test's fake keys, region, rds-db, DBUser = login user, expiry). The
// tokens are generated locally by @aws-sdk/rds-signer from fake static credentials. Nothing here talks to AWS,
// and it shows nothing about how real RDS judges a token beyond what the SigV4 presigned-URL rules say.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as mysql from 'mysql2/promise';
import { identify } from '../../src/core/probe/identify';
import { runWatch } from '../../src/core/probe/watch';
import { ProbeError } from '../../src/core/probe/errors';
import { iamTokenSupplier, type StaticAwsCredentials } from '../../src/core/probe/iamToken';
import type { EndpointOptions } from '../../src/core/probe/endpoint';
import { jsonLine } from '../../src/core/probe/json';
import { AuroraSim } from './auroraSim';
import { parseToken } from './rdsToken';
import { selfSignedCert } from './helpers';
import { rejection, runCli as cli, surfaces } from './outcomes';

const CREDS: StaticAwsCredentials = { accessKeyId: 'AKIAFAKESIMULATED001', secretAccessKey: 'sim-secret-key-not-real' };
const REGION = 'eu-west-1';
const USER = 'iam_apim';
const CERT = selfSignedCert(['localhost', '127.0.0.1']);

async function startSim(iam: { now?: () => number; echoToken?: boolean } = {}): Promise<AuroraSim> {
  return AuroraSim.start({
    tls: CERT,
    iam: { users: [USER], keys: { [CREDS.accessKeyId]: CREDS.secretAccessKey }, region: REGION, ...iam },
  });
}

/** The endpoint a user probing with --iam --tls required builds, with tokens for `creds` and a record of what was generated. */
function iamEndpoint(
  port: number,
  creds: StaticAwsCredentials = CREDS,
  region = REGION,
  host = '127.0.0.1',
): { ep: EndpointOptions; tokens: string[] } {
  const tokens: string[] = [];
  const supply = iamTokenSupplier({ host, port, user: USER, region, credentials: creds });
  const ep: EndpointOptions = {
    host,
    port,
    user: USER,
    auth: 'iam-token',
    tls: 'required',
    connectTimeoutMs: 1500,
    queryTimeoutMs: 1000,
    password: async () => {
      const t = await supply();
      tokens.push(t);
      return t;
    },
  };
  return { ep, tokens };
}

test('simulated Aurora + IAM over TLS: identify logs in with a locally generated token, which the sim verified like RDS', async () => {
  const sim = await startSim();
  try {
    const port = sim.port('aurora-sim-1');
    const { ep, tokens } = iamEndpoint(port);
    const id = await identify(ep);
    assert.equal(id.flavor, 'aurora');
    assert.equal(id.role, 'writer');
    assert.equal(sim.iamLogins.length, 1);
    const login = sim.iamLogins[0];
    assert.equal(login.tls, true);
    assert.ok(login.result.ok, JSON.stringify(login.result));
    assert.equal(login.result.ok && login.result.hostPort, `127.0.0.1:${port}`);
    assert.equal(parseToken(tokens[0])!.params.DBUser, USER);
    assert.ok(!surfaces(id).includes(tokens[0]));
  } finally {
    await sim.close();
  }
});

test(
  'simulated Aurora + IAM: a watch authenticates every connection with a (cached) token and shows it nowhere',
  { timeout: 15000 },
  async () => {
    const sim = await startSim();
    try {
      const port = sim.port('aurora-sim-1');
      // a host name the watch resolves itself and connects to the address: TLS and the token still name the host
      const { ep, tokens } = iamEndpoint(port, CREDS, REGION, 'localhost');
      const r = await runWatch({
        endpoint: ep,
        intervalMs: 100,
        durationMs: 800,
        resolve: async () => ({ addresses: ['127.0.0.1'], cname: null }),
      });
      assert.deepEqual(
        r.events
          .filter((e) => e.type === 'connected')
          .map((e) => [e.channel, e.address])
          .sort(),
        [
          ['fresh', '127.0.0.1'],
          ['pooled', '127.0.0.1'],
        ],
      );
      assert.ok(!r.events.some((e) => e.type === 'connect-failed'), r.events.map(jsonLine).join('\n'));
      assert.ok(sim.iamLogins.length >= 5, `${sim.iamLogins.length} logins`);
      assert.ok(
        sim.iamLogins.every((l) => l.result.ok && l.result.hostPort === `localhost:${port}` && l.servername === 'localhost'),
        JSON.stringify(sim.iamLogins[0]),
      );
      assert.equal(new Set(tokens).size, 1, 'one token, reused within its cache time');
      const all = [...r.events.map(jsonLine), jsonLine(r.summary), surfaces(r)].join('\n');
      assert.ok(!all.includes(tokens[0]));
      assert.ok(!all.includes(parseToken(tokens[0])!.params['X-Amz-Signature']));
    } finally {
      await sim.close();
    }
  },
);

test('simulated Aurora + IAM: an expired token (server clock 16 min ahead) → a clear access-denied error without the token, even when echoed', async () => {
  const sim = await startSim({ now: () => Date.now() + 16 * 60_000, echoToken: true });
  try {
    const { ep, tokens } = iamEndpoint(sim.port('aurora-sim-1'));
    const e = await rejection(identify(ep));
    assert.ok(e instanceof ProbeError, String(e));
    assert.equal(e.code, 'ER_ACCESS_DENIED_ERROR');
    assert.equal(e.errno, 1045);
    assert.match(
      e.message,
      /^connect to 127\.0\.0\.1:\d+ failed: Access denied for user 'iam_apim'@'127\.0\.0\.1' \(using password: YES\) \[token '\*\*\*'\] \(ER_ACCESS_DENIED_ERROR 1045\) — the IAM auth token was rejected: expired or clock skew/,
    );
    assert.deepEqual(
      sim.iamLogins.map((l) => l.result),
      [{ ok: false, reason: 'token expired' }],
    );
    assert.equal(tokens.length, 1);
    assert.ok(!surfaces(e).includes(tokens[0]), 'the token leaked');
    assert.ok(!surfaces(e).includes(parseToken(tokens[0])!.params['X-Amz-Signature']), 'the signature leaked');
  } finally {
    await sim.close();
  }
});

test('simulated Aurora + IAM: a token signed with the wrong secret or for another region is refused; IAM without TLS is refused by the sim', async () => {
  const sim = await startSim({ echoToken: true });
  try {
    const port = sim.port('aurora-sim-1');
    const wrongKey = iamEndpoint(port, { ...CREDS, secretAccessKey: 'not-the-secret' });
    const e1 = await rejection(identify(wrongKey.ep));
    assert.ok(e1 instanceof ProbeError && e1.code === 'ER_ACCESS_DENIED_ERROR', String(e1));
    assert.ok(!surfaces(e1).includes(wrongKey.tokens[0]));
    const wrongRegion = iamEndpoint(port, CREDS, 'us-east-1');
    const e2 = await rejection(identify(wrongRegion.ep));
    assert.ok(e2 instanceof ProbeError && e2.code === 'ER_ACCESS_DENIED_ERROR', String(e2));
    assert.deepEqual(
      sim.iamLogins.map((l) => l.result),
      [
        { ok: false, reason: 'signature does not match' },
        { ok: false, reason: 'signed for region us-east-1, not eu-west-1' },
      ],
    );
    // the probe refuses IAM without TLS before connecting (safety.test.ts); a client that does not: the sim refuses it
    await assert.rejects(
      mysql.createConnection({
        host: '127.0.0.1',
        port,
        user: USER,
        password: 'x'.repeat(20),
        enableCleartextPlugin: true,
        connectTimeout: 1500,
      }),
      (e: { code?: string }) => e.code === 'ER_ACCESS_DENIED_ERROR',
    );
    assert.deepEqual(sim.iamLogins.at(-1), {
      user: USER,
      tls: false,
      servername: null,
      token: null,
      result: { ok: false, reason: 'IAM authentication needs TLS' },
    });
  } finally {
    await sim.close();
  }
});

/** AWS environment with no shared files, no instance metadata, and only the given variables. */
function awsEnv(vars: Record<string, string> = {}): Record<string, string | undefined> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-aws-'));
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

test('aurora-guard probe --iam (simulated Aurora): one-shot JSON with credentials from the environment; the token is never printed', async () => {
  const sim = await startSim();
  try {
    const w = sim.port('aurora-sim-1');
    const r = sim.port('aurora-sim-2');
    const res = await cli(
      [
        'probe',
        '--host',
        '127.0.0.1',
        '--port',
        String(w),
        '--user',
        USER,
        '--iam',
        '--region',
        REGION,
        '--tls',
        'required',
        '--reader-host',
        `127.0.0.1:${r}`,
        '--runs',
        '2',
        '--format',
        'json',
      ],
      awsEnv({ AWS_ACCESS_KEY_ID: CREDS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDS.secretAccessKey }),
    );
    assert.equal(res.code, 0, res.err);
    const j = JSON.parse(res.out);
    assert.equal(j.server.flavor, 'aurora');
    assert.deepEqual(
      j.instances.map((i: { serverId: string }) => i.serverId),
      ['aurora-sim-1', 'aurora-sim-2', 'aurora-sim-3'],
    );
    assert.ok(sim.iamLogins.length > 2 && sim.iamLogins.every((l) => l.result.ok), JSON.stringify(sim.iamLogins.map((l) => l.result)));
    // the reader endpoint got a token signed for its own host:port
    const hosts = new Set(sim.iamLogins.map((l) => (l.result.ok ? l.result.hostPort : '')));
    assert.deepEqual([...hosts].sort(), [`127.0.0.1:${w}`, `127.0.0.1:${r}`].sort());
    assert.doesNotMatch(res.out + res.err, /X-Amz-Signature|Action=connect/);
  } finally {
    await sim.close();
  }
});

test('aurora-guard probe --iam usage errors: exit 2 with a clear message and no stack', async () => {
  const base = ['probe', '--host', 'apim.cluster-abc123.eu-west-1.rds.amazonaws.com', '--user', USER];
  const noTls = await cli([...base, '--iam'], awsEnv());
  assert.equal(noTls.code, 2);
  assert.match(noTls.err, /--iam needs --tls required or --tls verify: the IAM auth token is sent in clear text/);
  const both = await cli([...base, '--iam', '--tls', 'verify', '--password-env', 'X'], awsEnv());
  assert.equal(both.code, 2);
  assert.match(both.err, /--iam and --password-env exclude each other/);
  const regionAlone = await cli([...base, '--region', 'eu-west-1', '--password-env', 'X'], { ...awsEnv(), X: 'pw' });
  assert.equal(regionAlone.code, 2);
  assert.match(regionAlone.err, /--region and --aws-profile only apply with --iam/);
  const badRegion = await cli([...base, '--iam', '--tls', 'verify', '--region', 'Ireland'], awsEnv());
  assert.equal(badRegion.code, 2);
  assert.match(badRegion.err, /region "Ireland" is not an AWS region like eu-west-1/);
  const noCreds = await cli([...base, '--iam', '--tls', 'verify'], awsEnv());
  assert.equal(noCreds.code, 2);
  assert.match(noCreds.err, /no usable AWS credentials for the IAM auth token in the environment/);
  const noRegion = await cli(
    ['probe', '--host', '127.0.0.1', '--user', USER, '--iam', '--tls', 'required'],
    awsEnv({ AWS_ACCESS_KEY_ID: CREDS.accessKeyId, AWS_SECRET_ACCESS_KEY: 'x' }),
  );
  assert.equal(noRegion.code, 2);
  assert.match(noRegion.err, /no AWS region for the IAM auth token: pass a region \(--region/);
  for (const r of [noTls, both, regionAlone, badRegion, noCreds, noRegion]) assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
});

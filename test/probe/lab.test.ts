// The validation-query lab against the loopback writer and read-only instance (real MariaDB 10.11).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runValidationLab } from '../../src/core/probe/validationLab';
import { oneShotJson } from '../../src/core/probe/json';
import { identify } from '../../src/core/probe/identify';
import { ROLE_AWARE_VALIDATION_QUERY } from '../../src/core/knowledge/validationQueries';
import { READER, WRITER, admin, noProbeThreads } from './helpers';

test('lab: the role-aware query raises 1242 on the read-only instance, SELECT 1 does not; verdict names the evicting query', async () => {
  const lab = await runValidationLab({ writer: WRITER, reader: READER, runs: 10, fileValidationQuery: 'select connection_id();' });
  const m = (sql: string, ep: 'writer' | 'reader') => lab.measurements.find((x) => x.sql === sql && x.endpoint === ep)!;
  assert.deepEqual(
    lab.endpoints.map((e) => [e.endpoint, e.role, e.serverId]),
    [
      ['writer', 'writer', '1'],
      ['reader', 'reader', '2'],
    ],
  );

  assert.equal(m(ROLE_AWARE_VALIDATION_QUERY, 'writer').ok, true);
  assert.equal(m(ROLE_AWARE_VALIDATION_QUERY, 'reader').ok, false);
  assert.equal(m(ROLE_AWARE_VALIDATION_QUERY, 'reader').errorCode, 1242);
  assert.equal(m(ROLE_AWARE_VALIDATION_QUERY, 'reader').failures, 10);
  for (const sql of ['SELECT 1', 'SELECT connection_id()', '/* ping */ SELECT 1', 'select connection_id()']) {
    assert.equal(m(sql, 'writer').ok, true, sql);
    assert.equal(m(sql, 'reader').ok, true, sql);
  }
  // latencies: fractional ms, ordered
  for (const x of lab.measurements) {
    assert.ok(x.p50Ms !== null && x.p95Ms !== null && x.maxMs !== null, x.sql);
    assert.ok(x.p50Ms! > 0 && x.p50Ms! <= x.p95Ms! && x.p95Ms! <= x.maxMs!, `${x.sql} ${x.p50Ms} ${x.p95Ms} ${x.maxMs}`);
  }
  const v = lab.verdict.candidates;
  assert.equal(v.find((c) => c.sql === ROLE_AWARE_VALIDATION_QUERY)!.evictsReaderConnections, true);
  assert.equal(v.find((c) => c.sql === 'SELECT 1')!.evictsReaderConnections, false);
  assert.equal(v.find((c) => c.source === 'file')!.evictsReaderConnections, false);
  assert.match(lab.verdict.text, /Evicts connections that landed on a reader: `SELECT IF\(@@read_only OR @@innodb_read_only/);

  // the CLI's one-shot JSON contract
  const json = oneShotJson(await identify(WRITER), lab, await identify(READER));
  assert.deepEqual(Object.keys(json.server), ['version', 'flavor', 'role', 'serverId', 'maxConnections']);
  assert.deepEqual(json.instances, [
    { serverId: '1', role: 'writer' },
    { serverId: '2', role: 'reader' },
  ]);
  assert.deepEqual(Object.keys(json.queries[0]), ['sql', 'endpoint', 'ok', 'errorCode', 'p50Ms', 'p95Ms', 'maxMs']);
  assert.equal(json.queries.length, 10);
  assert.equal(await noProbeThreads(WRITER.port), 0);
  assert.equal(await noProbeThreads(READER.port), 0);
});

const INNODB_ONLY = 'SELECT IF(@@innodb_read_only, (SELECT 1 UNION ALL SELECT 2), 1)';

test('lab on a MariaDB primary demoted with SET GLOBAL read_only=1 (simulating a demoted MySQL/MariaDB primary, not Aurora): the measured query raises, the innodb_read_only-only one passes', async () => {
  await admin(WRITER.port, 'SET GLOBAL read_only = 1');
  try {
    const roles = await admin<{ ro: number; iro: number }[]>(WRITER.port, 'SELECT @@read_only AS ro, @@innodb_read_only AS iro');
    assert.deepEqual([Number(roles[0].ro), Number(roles[0].iro)], [1, 0], 'a demoted primary: read_only only');
    const lab = await runValidationLab({ writer: READER, reader: WRITER, runs: 3, fileValidationQuery: INNODB_ONLY });
    const m = (sql: string, ep: 'writer' | 'reader') => lab.measurements.find((x) => x.sql === sql && x.endpoint === ep)!;
    assert.equal(m(ROLE_AWARE_VALIDATION_QUERY, 'reader').ok, false, 'the measured query raises on the demoted primary');
    assert.equal(m(ROLE_AWARE_VALIDATION_QUERY, 'reader').errorCode, 1242);
    const file = lab.measurements.find((x) => x.source === 'file' && x.endpoint === 'reader')!;
    assert.equal(file.ok, true, 'the innodb_read_only-only query passes there: it would keep the pool on the demoted primary');
    // and on the instance started read-only (innodb_read_only = 1, like an Aurora reader) both raise
    assert.equal(m(ROLE_AWARE_VALIDATION_QUERY, 'writer').ok, false);
  } finally {
    await admin(WRITER.port, 'SET GLOBAL read_only = 0');
  }
  const back = await admin<{ ro: number }[]>(WRITER.port, 'SELECT @@read_only AS ro');
  assert.equal(Number(back[0].ro), 0);
});

test('lab: a file validationQuery that is not a single read-only SELECT is refused with a reason and never sent', async () => {
  await admin(WRITER.port, 'CREATE TABLE IF NOT EXISTS probe_db.canary (i INT) ENGINE=InnoDB');
  try {
    const lab = await runValidationLab({ writer: WRITER, runs: 2, fileValidationQuery: 'SELECT 1; DROP TABLE probe_db.canary' });
    assert.equal(lab.refused.length, 1);
    assert.match(lab.refused[0].reason, /more than one statement/);
    assert.ok(!lab.measurements.some((m) => m.source === 'file'));
    const rows = await admin<unknown[]>(WRITER.port, "SHOW TABLES FROM probe_db LIKE 'canary'");
    assert.equal(rows.length, 1, 'the table must still exist');
    assert.match(lab.verdict.text, /No reader endpoint measured/);
  } finally {
    await admin(WRITER.port, 'DROP TABLE IF EXISTS probe_db.canary');
  }
});

test('lab: an unreachable reader endpoint leaves the writer figures and says why', async () => {
  const lab = await runValidationLab({ writer: WRITER, reader: { ...READER, port: 1, connectTimeoutMs: 500 }, runs: 2 });
  assert.ok(lab.measurements.length > 0 && lab.measurements.every((m) => m.endpoint === 'writer' && m.ok));
  assert.equal(lab.errors[0].endpoint, 'reader');
  assert.equal(lab.errors[0].code, 'ECONNREFUSED');
  assert.match(lab.verdict.text, /reader endpoint could not be measured: connect to 127\.0\.0\.1:1 failed/);
  assert.equal(await noProbeThreads(WRITER.port), 0);
});

// Which validation queries from a config file the probe agrees to run (no database needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkReadOnlySelect } from '../../src/core/probe/sqlSafety';

test('accepted: single read-only SELECTs (a trailing semicolon is dropped)', () => {
  for (const [sql, out] of [
    ['SELECT 1', 'SELECT 1'],
    ['select connection_id();', 'select connection_id()'],
    ['/* ping */ SELECT 1', '/* ping */ SELECT 1'],
    ['SELECT IF(@@innodb_read_only, (SELECT 1 UNION ALL SELECT 2), 1)', 'SELECT IF(@@innodb_read_only, (SELECT 1 UNION ALL SELECT 2), 1)'],
    ['  SELECT 1 FROM DUAL ;; ', 'SELECT 1 FROM DUAL'],
    ["SELECT ';' AS semicolon_in_a_string", "SELECT ';' AS semicolon_in_a_string"],
    ['(SELECT 1)', '(SELECT 1)'],
    ['SELECT `update` FROM t', 'SELECT `update` FROM t'],
  ]) {
    const r = checkReadOnlySelect(sql);
    assert.deepEqual(r, { ok: true, sql: out }, sql);
  }
});

test('refused, with a reason that says why', () => {
  const cases: [string, RegExp][] = [
    ['SELECT 1; DROP TABLE t', /more than one statement/],
    ['SELECT 1;SELECT 2', /more than one statement/],
    ['DELETE FROM t', /not a SELECT/],
    ['INSERT INTO t VALUES (1)', /not a SELECT/],
    ['SET @x = 1', /not a SELECT/],
    ['CALL p()', /not a SELECT/],
    ['SHOW PROCESSLIST', /not a SELECT/],
    ['SELECT * FROM t FOR UPDATE', /locks rows \(FOR UPDATE\)/],
    ['SELECT * FROM t FOR SHARE', /locks rows/],
    ['SELECT * FROM t LOCK IN SHARE MODE', /LOCK/],
    ['SELECT 1 INTO @x', /INTO/],
    ["SELECT * FROM t INTO OUTFILE '/tmp/x'", /INTO/],
    ['SELECT @x := 1', /assigns a variable/],
    ['SELECT SLEEP(10)', /calls sleep\(\)/],
    ['SELECT BENCHMARK(1000000, MD5(1))', /calls benchmark\(\)/],
    ["SELECT GET_LOCK('a', 10)", /calls get_lock\(\)/],
    ["SELECT LOAD_FILE('/etc/passwd')", /calls load_file\(\)/],
    ["SELECT mysql.lambda_async('arn', '{}')", /calls lambda_async\(\)/],
    ['SELECT NEXTVAL(seq)', /calls nextval\(\)/],
    ['/*!50000 DROP TABLE t */ SELECT 1', /executable comments/],
    ['SELECT 1 /*M! , 2 */', /executable comments/],
    ["SELECT 'unterminated", /unterminated/],
    ['', /empty/],
    ['   ', /empty/],
  ];
  for (const [sql, re] of cases) {
    const r = checkReadOnlySelect(sql);
    assert.equal(r.ok, false, sql);
    if (!r.ok) {
      assert.match(r.reason, re, sql);
      assert.match(r.reason, /^validationQuery not run: .* The probe runs only a single read-only SELECT\.$/, sql);
    }
  }
  assert.equal(checkReadOnlySelect(null).ok, false);
  assert.equal(checkReadOnlySelect('SELECT ' + '1,'.repeat(2000) + '1').ok, false);
});

// AWS's published Aurora MySQL max_connections figures: the Serverless v2 table where it has a row, else the
// default parameter group's formula (log base 2) kept between the table's neighbouring rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  auroraMysqlFormula, serverlessV2MysqlMaxConnections, SERVERLESS_V2_MYSQL_TABLE, ACU_BYTES,
} from '../../../src/core/knowledge/aurora/maxConnections';

const GiB = 1024 ** 3;

test('the formula is evaluated with log base 2, truncated, capped at 16,000', () => {
  // AWS's worked example: db.r4.large, DBInstanceClassMemory 16374562816 bytes → 1000
  assert.equal(auroraMysqlFormula(16374562816), 1000);
  // one doubling of memory adds 1000 above ~8 GiB ("an increase of 1,000 when the memory size doubles")
  assert.equal(auroraMysqlFormula(2 * 16374562816), 2000);
  // small memory: the 45 × log2 branch (4 × 805306368 bytes → 90)
  assert.equal(auroraMysqlFormula(4 * 805306368), 90);
  assert.equal(auroraMysqlFormula(8187281408 * 2 ** 20), 16000);
  assert.equal(auroraMysqlFormula(0), 0);
  assert.equal(auroraMysqlFormula(-1), 0);
});

test('a maximum ACU with a row in AWS\'s table gets the table value and says so', () => {
  for (const [acu, conns] of SERVERLESS_V2_MYSQL_TABLE) {
    const e = serverlessV2MysqlMaxConnections(acu)!;
    assert.equal(e.value, conns, `${acu} ACU`);
    assert.equal(e.basis, 'table');
    assert.match(e.how, /published table.*not measured here/);
  }
  assert.deepEqual(SERVERLESS_V2_MYSQL_TABLE.map(([a, c]) => `${a}:${c}`), ['1:90', '4:135', '8:1000', '16:2000', '32:3000', '64:4000', '128:5000']);
});

test('other maximums use the formula at maxAcu × 2 GiB, kept between the neighbouring table rows', () => {
  const two = serverlessV2MysqlMaxConnections(2)!;
  assert.equal(two.basis, 'formula');
  assert.equal(two.value, auroraMysqlFormula(2 * ACU_BYTES));
  assert.equal(two.value, 108);
  assert.match(two.how, /formula.*no row for 2 ACU.*not measured here/);
  // 1.5 ACU: formula 90 is within [90, 135]; 24 ACU: 2654 within [2000, 3000]; 256 ACU: above the last row
  assert.equal(serverlessV2MysqlMaxConnections(24)!.value, 2654);
  assert.equal(serverlessV2MysqlMaxConnections(256)!.value, auroraMysqlFormula(512 * GiB));
  // 4.5 ACU: formula 153+ would exceed... stays within [135, 1000]
  const v = serverlessV2MysqlMaxConnections(4.5)!.value;
  assert.ok(v >= 135 && v <= 1000, String(v));
});

test('the estimate never decreases as the maximum ACU grows, and below 1 ACU there is none', () => {
  let prev = 0;
  for (let acu = 1; acu <= 256; acu += 0.5) {
    const v = serverlessV2MysqlMaxConnections(acu)!.value;
    assert.ok(v >= prev, `${acu} ACU: ${v} < ${prev}`);
    prev = v;
  }
  assert.equal(serverlessV2MysqlMaxConnections(0.5), null);
  assert.equal(serverlessV2MysqlMaxConnections(0), null);
  assert.equal(serverlessV2MysqlMaxConnections(Number.NaN), null);
});

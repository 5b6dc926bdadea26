// The validation-query classes: what Tomcat does with each query (its result is ignored), and which queries are
// proven from their text to raise on a read-only instance.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ROLE_AWARE_VALIDATION_QUERY,
  PING_VALIDATION_QUERY,
  SEED_VALIDATION_QUERY,
  classifyValidationQuery,
} from '../../../src/core/knowledge/validationQueries';

test('classifyValidationQuery: what Tomcat does with each query, role-awareness proven from the text', () => {
  const cases: [string | null, string][] = [
    ['SELECT 1', 'select-1'],
    ['select 1;', 'select-1'],
    ['SELECT 1 FROM DUAL', 'select-1'],
    ['select connection_id();', 'connection-id'],
    [SEED_VALIDATION_QUERY, 'connection-id'],
    [PING_VALIDATION_QUERY, 'ping'],
    ['SELECT @@innodb_read_only', 'read-only-select'],
    [ROLE_AWARE_VALIDATION_QUERY, 'role-aware'],
    ['SELECT IF(@@read_only OR @@innodb_read_only, (SELECT 1 UNION ALL SELECT 2), 1)', 'role-aware'],
    ['select if(@@global.innodb_read_only || @@global.read_only = 1, (select 1 union select 2), 1) as ok', 'role-aware'],
    ['SELECT CASE WHEN @@read_only OR @@innodb_read_only THEN (SELECT 1 UNION ALL SELECT 2) ELSE 1 END', 'role-aware'],
    // only one variable: raises on one kind of demoted writer, not the other
    ['SELECT IF(@@innodb_read_only, (SELECT 1 UNION ALL SELECT 2), 1)', 'role-aware-innodb'],
    ['SELECT IF(@@read_only, (SELECT 1 UNION ALL SELECT 2), 1)', 'role-aware-read-only'],
    // never raises: a one-row subquery, a UNION that folds to one row, the raising branch on the writer side
    ['SELECT IF(@@innodb_read_only, (SELECT 1), 1)', 'other-select'],
    ['SELECT IF(@@read_only OR @@innodb_read_only, (SELECT 1 UNION SELECT 1), 1)', 'other-select'],
    ['SELECT IF(@@read_only OR @@innodb_read_only, 1, (SELECT 1 UNION ALL SELECT 2))', 'unknown'],
    // can't be proven from the text
    ['SELECT IF(@@innodb_read_only, (SELECT id FROM t), 1)', 'unknown'],
    ['SELECT check_role(@@read_only)', 'unknown'],
    ['select version()', 'other-select'],
    ['UPDATE heartbeat SET ts = NOW()', 'writes'],
    ['SELECT 1 FROM dual FOR UPDATE', 'unknown'],
    ['CALL check_role()', 'unknown'],
    [null, 'none'],
  ];
  for (const [q, kind] of cases) assert.equal(classifyValidationQuery(q), kind, String(q));
});

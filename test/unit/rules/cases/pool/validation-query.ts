// pool/validation-query: the measured role-aware query, offered as judged by the forecast; liveness-only queries
// called what they are; info off Aurora; a deployment.toml default on the header; and no role-aware query for a
// reader-endpoint datasource, from any rule.
import assert from 'node:assert/strict';
import { applyEdits, lint, readFixture } from '../../../helpers';
import { carbonValidation, TOML_DEFAULTS } from '../samples';
import { at, findingsOf, type RuleCase } from '../harness';
import {
  ROLE_AWARE_VALIDATION_QUERY,
  PING_VALIDATION_QUERY,
  SEED_VALIDATION_QUERY,
} from '../../../../../src/core/knowledge/validationQueries';
import { parseDocument } from '../../../../../src/core/parse/index';

const ID = 'pool/validation-query';
const SELECT_1 = carbonValidation('<testOnBorrow>true</testOnBorrow>\n<validationQuery>SELECT 1</validationQuery>');
const SEED_QUERY = carbonValidation('<testOnBorrow>true</testOnBorrow>\n<validationQuery>select connection_id();</validationQuery>');
const MARIADB = { url: 'jdbc:mariadb://db.internal:3306/apimgt_db', driver: 'org.mariadb.jdbc.Driver' };
const INNODB_ONLY =
  '<testOnBorrow>true</testOnBorrow>\n<validationQuery>SELECT IF(@@innodb_read_only, (SELECT 1 UNION ALL SELECT 2), 1)</validationQuery>';
/** A reader-endpoint datasource (defaultReadOnly) next to a writer one, both validated every 30 s. */
const WITH_READER = readFixture('rules/pool/validation-query/valid-master-datasources.xml')
  .replace('<validationInterval>3000</validationInterval>', '<validationInterval>30000</validationInterval>')
  .replace(/<defaultReadOnly>true<\/defaultReadOnly>/, '<validationInterval>30000</validationInterval>');

export const cases: RuleCase[] = [
  {
    name: 'offers the measured role-aware query, judged by the forecast; no fix that changes nothing',
    file: 'master-datasources.xml',
    text: SELECT_1,
    expect([f]) {
      assert.ok(f);
      assert.equal(f.severity, 'warning');
      assert.match(
        f.message,
        /Forecast \(pool model, 24 fault timings\): failover: pinned to the demoted writer after every one of the 24 failover timings/,
      );
      assert.match(f.message, /With the role-aware query: failover: recovers in \d+ s at p95/);
      // the ping and the seed query are liveness-only like SELECT 1: the forecast can't tell them apart, so they are not offered
      assert.equal(f.fixes.length, 1);
      assert.ok(f.fixes[0].preferred && f.fixes[0].title.includes(ROLE_AWARE_VALIDATION_QUERY));
      assert.match(f.fixes[0].title, /confirm on Aurora with aurora-guard probe\) → failover ≤ \d+ s$/);
      assert.ok(
        f.forecast && f.forecast.scenarios['aurora-failover']!.pinned === 24 && f.forecast.afterFix!['aurora-failover']!.pinned === 0,
      );
      const after = applyEdits(SELECT_1, f.fixes[0].edits);
      assert.equal(parseDocument('master-datasources.xml', after).datasources[0].validationQuery?.value, ROLE_AWARE_VALIDATION_QUERY);
      assert.equal(findingsOf(ID, 'master-datasources.xml', after).length, 0);
    },
  },
  {
    name: 'info, not warning, off Aurora; a MySQL primary demoted with read_only is judged by @@read_only',
    file: 'master-datasources.xml',
    text: carbonValidation('<testOnBorrow>true</testOnBorrow>\n<validationQuery>SELECT 1</validationQuery>', MARIADB),
    expect([f]) {
      assert.equal(f.severity, 'info');
      assert.deepEqual(
        f.fixes.map((x) => x.title.includes(PING_VALIDATION_QUERY)),
        [false],
      );
      // the innodb-only query raises on an Aurora reader but not on a MariaDB primary demoted with SET GLOBAL read_only=1
      const [g] = findingsOf(ID, 'master-datasources.xml', carbonValidation(INNODB_ONLY, MARIADB));
      assert.match(
        g.message,
        /raises only when @@innodb_read_only is 1, but a MySQL\/MariaDB primary demoted with SET GLOBAL read_only=1 keeps @@innodb_read_only = 0/,
      );
      assert.equal(
        findingsOf(ID, 'master-datasources.xml', carbonValidation(INNODB_ONLY)).length,
        0,
        'on Aurora the demoted writer reports innodb_read_only = 1',
      );
      // the user's override still wins over the rule's own choice
      const off = lint('master-datasources.xml', carbonValidation('<validationQuery>SELECT 1</validationQuery>'), {
        rules: { [ID]: 'error' },
      });
      assert.equal(off.findings.filter((x) => x.ruleId === ID)[0].severity, 'error');
    },
  },
  {
    name: "says the seed article's select connection_id(); is liveness-only like SELECT 1 (measured)",
    file: 'master-datasources.xml',
    text: SEED_QUERY,
    expect([f]) {
      assert.match(f.message, /`select connection_id\(\);` is liveness-only, like SELECT 1/);
      assert.match(f.message, /measured/);
      assert.equal(at(SEED_QUERY, f), 'select connection_id();');
      assert.equal(f.fixes.filter((x) => x.title.includes(SEED_VALIDATION_QUERY)).length, 0, 'no fix that changes nothing');
    },
  },
  {
    name: 'on a deployment.toml default: sits on the header and names the default',
    file: 'deployment.toml',
    text: TOML_DEFAULTS,
    expect([f], res) {
      assert.deepEqual(f.span, res.doc.datasources[0].headerSpan);
      assert.equal(f.fromDefault, true);
      assert.match(f.message, /^validationQuery `SELECT 1` \(WSO2 deployment\.toml default\) is liveness-only/);
    },
  },
  {
    name: 'no rule ever offers a role-aware query for a reader-endpoint datasource',
    file: 'master-datasources.xml',
    text: WITH_READER,
    expect(_found, res) {
      const reader = res.findings.filter((f) => f.datasource === 'REPORTING_READ_DB');
      assert.ok(reader.length > 0);
      for (const f of reader) for (const fix of f.fixes) assert.ok(!fix.title.includes('innodb_read_only'), `${f.ruleId}: ${fix.title}`);
    },
  },
];

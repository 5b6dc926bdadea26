// pool/validation-interval: never lowered alone with a liveness-only query (the preferred fix brings the role-aware
// query), one pool_options table for deployment.toml defaults, the interval alone only where it helps, and the
// default of APIM 2.0/2.1's Tomcat.
import assert from 'node:assert/strict';
import { applyEdits } from '../../../helpers';
import { carbonValidation, TOML_DEFAULTS } from '../samples';
import { findingsOf, lintClean, type RuleCase } from '../harness';
import { ROLE_AWARE_VALIDATION_QUERY } from '../../../../../src/core/knowledge/validationQueries';
import { parseDocument } from '../../../../../src/core/parse/index';
import { settingEntry } from '../../../../../src/core/knowledge/wso2/defaults';

const ID = 'pool/validation-interval';
const SELECT_1_30S = carbonValidation('<testOnBorrow>true</testOnBorrow>\n<validationQuery>SELECT 1</validationQuery>\n<validationInterval>30000</validationInterval>');
const ROLE_AWARE_30S = carbonValidation(`<validationQuery>${ROLE_AWARE_VALIDATION_QUERY}</validationQuery>\n<testOnBorrow>true</testOnBorrow>\n<validationInterval>30000</validationInterval>`);
const SELECT_1_3S = carbonValidation('<testOnBorrow>true</testOnBorrow>\n<validationQuery>SELECT 1</validationQuery>\n<validationInterval>3000</validationInterval>');
const ROLE_AWARE_UNSET = carbonValidation(`<validationQuery>${ROLE_AWARE_VALIDATION_QUERY}</validationQuery>\n<testOnBorrow>true</testOnBorrow>`);

export const cases: RuleCase[] = [
  {
    name: 'the preferred fix sets validationInterval AND the role-aware query (XML)',
    file: 'master-datasources.xml',
    text: SELECT_1_30S,
    expect([f]) {
      assert.match(f.message, /^validationInterval is 30000 ms: /);
      assert.match(f.message, /lowering it alone pins the pool to a demoted writer \(measured\)/);
      assert.match(f.message, /With validationInterval 3000 and the role-aware validation query: failover: recovers in/);
      // the interval alone is not offered: with SELECT 1 it leaves the pool pinned (the forecast says no better)
      assert.equal(f.fixes.length, 2);
      assert.ok(f.fixes.every((x) => x.title !== 'Set validationInterval to 3000' && !x.title.startsWith('Set validationInterval to 3000 →')));
      const ds1 = parseDocument('master-datasources.xml', applyEdits(SELECT_1_30S, f.fixes[0].edits)).datasources[0];
      assert.equal(settingEntry(ds1, 'validationInterval')?.value, '3000');
      assert.equal(ds1.validationQuery?.value, ROLE_AWARE_VALIDATION_QUERY);
      assert.ok(f.fixes[0].preferred);
      const ds2 = parseDocument('master-datasources.xml', applyEdits(SELECT_1_30S, f.fixes[1].edits)).datasources[0];
      assert.equal(settingEntry(ds2, 'validationInterval')?.value, '3000');
      assert.equal(settingEntry(ds2, 'maxAge')?.value, '60000');
      assert.equal(ds2.validationQuery?.value, 'SELECT 1');
    },
  },
  {
    name: 'on deployment.toml defaults: header finding, both fixes build one pool_options table',
    file: 'deployment.toml',
    text: TOML_DEFAULTS,
    expect([f], res) {
      assert.deepEqual(f.span, res.doc.datasources[0].headerSpan);
      assert.match(f.message, /^validationInterval is 30000 ms \(WSO2 deployment\.toml default\): /);
      for (const fix of f.fixes) {
        const after = applyEdits(TOML_DEFAULTS, fix.edits);
        const doc = parseDocument('deployment.toml', after);
        assert.equal(doc.parseError, null, after);
        assert.equal((after.match(/\[database\.apim_db\.pool_options\]/g) ?? []).length, 1, after);
        assert.equal(settingEntry(doc.datasources[0], 'validationInterval')?.value, '3000');
      }
      const first = parseDocument('deployment.toml', applyEdits(TOML_DEFAULTS, f.fixes[0].edits)).datasources[0];
      assert.equal(first.validationQuery?.value, ROLE_AWARE_VALIDATION_QUERY);
      const second = parseDocument('deployment.toml', applyEdits(TOML_DEFAULTS, f.fixes[1].edits)).datasources[0];
      assert.equal(settingEntry(second, 'maxAge')?.value, '60000');
    },
  },
  {
    name: 'only the interval when the query is already role-aware, and only where DNS moves faster than the interval',
    file: 'master-datasources.xml',
    text: ROLE_AWARE_30S,
    // the JVM caches DNS for 5 s: the endpoint reaches the new writer 13 s after the failover, and a 30 s interval keeps
    // handing out dead connections well past that
    config: { forecast: { dnsTtl: 5 } },
    expect([f]) {
      assert.deepEqual(f.fixes.map((x) => x.title.split(' → ')[0]), ['Set validationInterval to 3000']);
      // with the JDK's default 30 s DNS cache, new connections reach the demoted writer for 35 s, longer than the interval:
      // the role-aware query evicts them as they are validated, and a shorter interval changes nothing (forecast)
      assert.equal(findingsOf(ID, 'master-datasources.xml', ROLE_AWARE_30S).length, 0);
    },
  },
  {
    name: "a short interval with a liveness-only query is pool/validation-query's finding (forecast: pinned every time), not the interval's",
    file: 'master-datasources.xml',
    text: SELECT_1_3S,
    expect(found, res) {
      assert.equal(found.length, 0);
      const [q] = res.findings.filter((x) => x.ruleId === 'pool/validation-query');
      assert.match(q.message, /pinned to the demoted writer after every one of the 24 failover timings/);
      assert.ok(q.fixes[0].preferred && q.fixes[0].title.includes(ROLE_AWARE_VALIDATION_QUERY));
      // with maxAge 60000 the damage is bounded (measured), but the forecast still says a minute beyond the bound
      const ok = lintClean('master-datasources.xml', carbonValidation('<testOnBorrow>true</testOnBorrow>\n<validationQuery>SELECT 1</validationQuery>\n<validationInterval>3000</validationInterval>\n<maxAge>60000</maxAge>'));
      assert.equal(ok.findings.filter((x) => x.ruleId === ID).length, 0);
      assert.match(ok.findings.filter((x) => x.ruleId === 'pool/validation-query')[0].message, /failover: recovers in \d+ s at p95/);
    },
  },
  {
    name: 'APIM 2.0/2.1 default (Tomcat 7.0.34) is 30000 and is said so',
    file: 'master-datasources.xml',
    text: ROLE_AWARE_UNSET,
    config: { apimVersion: '2.1.0', forecast: { dnsTtl: 5 } },
    expect([f]) {
      assert.equal(f.fromDefault, true);
      assert.match(f.message, /^validationInterval is 30000 ms \(Tomcat 7\.0\.34 default in APIM 2\.0\/2\.1: not set in <configuration>\)/);
      assert.equal(findingsOf(ID, 'master-datasources.xml', ROLE_AWARE_UNSET, { apimVersion: '4.2.0', forecast: { dnsTtl: 5 } }).length, 0);
    },
  },
];

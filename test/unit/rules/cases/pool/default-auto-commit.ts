// pool/default-auto-commit: the value and WSO2's default for the datasource; never a fix, and either of the stock
// APIM 2.x values is WSO2's.
import assert from 'node:assert/strict';
import { lint } from '../../../helpers';
import { carbonPool, tomlPool } from '../samples';
import { at, first, type RuleCase } from '../harness';

const TOML_FALSE = tomlPool('pool_options.defaultAutoCommit = false\n');

export const cases: RuleCase[] = [
  {
    name: "names the value and its origin; no fix; either stock APIM 2.x value is WSO2's",
    file: 'deployment.toml',
    text: TOML_FALSE,
    expect(found) {
      const d = first(found);
      assert.equal(at(TOML_FALSE, d), 'false');
      assert.match(d.message, /^defaultAutoCommit is false, but WSO2's default for WSO2AM_DB is true: .*Transaction resolution unknown/);
      assert.deepEqual(d.fixes, [], 'no fix flips defaultAutoCommit');
      // stock APIM 2.x files shipped WSO2AM_DB with false in some releases and true in others: either is WSO2's
      const x = lint('m-datasources.xml', carbonPool('<testOnBorrow>true</testOnBorrow><defaultAutoCommit>false</defaultAutoCommit>'));
      assert.equal(x.findings.filter((f) => f.ruleId === 'pool/default-auto-commit').length, 0);
    },
  },
];

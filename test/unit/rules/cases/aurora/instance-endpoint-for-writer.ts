// aurora/instance-endpoint-for-writer: its severity follows what the project says the target is; it never invents a
// cluster name (so it has no fix).
import assert from 'node:assert/strict';
import { carbonMysql } from '../samples';
import { findingsOf, only, type RuleCase } from '../harness';

const ON_INSTANCE = carbonMysql('jdbc:mysql://apim-instance-1.c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:3306/apimgt');
const ID = 'aurora/instance-endpoint-for-writer';

export const cases: RuleCase[] = [
  {
    name: 'warning ("or single-AZ RDS") unless the project says Aurora, then error; never an invented cluster name',
    file: 'master-datasources.xml',
    text: ON_INSTANCE,
    expect(found) {
      const w = only(found);
      assert.equal(w.severity, 'warning');
      assert.match(w.message, /an Aurora instance endpoint or a single-AZ RDS instance/);
      assert.equal(w.fixes.length, 0);
      assert.match(w.message, /<cluster-name>\.cluster-<id>\.eu-west-1\.rds\.amazonaws\.com/);
      const e = only(findingsOf(ID, 'master-datasources.xml', ON_INSTANCE, { target: 'aurora-provisioned' }));
      assert.equal(e.severity, 'error');
      assert.equal(findingsOf(ID, 'master-datasources.xml', ON_INSTANCE, { target: 'mysql' }).length, 0);
    },
  },
];

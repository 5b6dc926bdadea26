// aurora/non-rds-host: an IP literal is judged only when Aurora is evident.
import assert from 'node:assert/strict';
import { carbonMysql } from '../samples';
import { findingsOf, only, type RuleCase } from '../harness';
import { LineIndex } from '../../../../../src/core/text/lineIndex';

const ON_IP = carbonMysql('jdbc:mysql://10.0.12.34:3306/apimgt');
const ID = 'aurora/non-rds-host';

export const cases: RuleCase[] = [
  {
    name: 'an IP literal is judged only when Aurora is evident (target, or an RDS host in the same file)',
    file: 'master-datasources.xml',
    text: ON_IP,
    expect(found) {
      assert.equal(found.length, 0);
      assert.equal(findingsOf(ID, 'master-datasources.xml', ON_IP, { target: 'mysql' }).length, 0);
      const f = only(findingsOf(ID, 'master-datasources.xml', ON_IP, { target: 'aurora-provisioned' }));
      assert.equal(f.severity, 'warning');
      assert.match(f.message, /connects to the IP address 10\.0\.12\.34/);
      assert.equal(new LineIndex(ON_IP).position(f.span.start).line + 1, 7);
    },
  },
];

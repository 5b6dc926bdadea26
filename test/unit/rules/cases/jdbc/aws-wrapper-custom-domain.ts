// jdbc/aws-wrapper-custom-domain: fires on hosts that are not RDS names (auroraOnly is false on purpose), unless the
// project says the target is plain MySQL.
import assert from 'node:assert/strict';
import { carbonWrapper } from '../samples';
import { findingsOf, type RuleCase } from '../harness';
import { ruleById } from '../../../../../src/core/rules/index';

const ID = 'jdbc/aws-wrapper-custom-domain';
const CUSTOM_DOMAIN = carbonWrapper('jdbc:aws-wrapper:mysql://db.example.internal:3306/a');

export const cases: RuleCase[] = [
  {
    name: 'fires on a host that is not an RDS name (auroraOnly is false on purpose), not when the target is MySQL',
    file: 'master-datasources.xml',
    text: CUSTOM_DOMAIN,
    expect(found) {
      assert.equal(ruleById(ID)!.meta.auroraOnly, false);
      assert.equal(found.length, 1);
      assert.equal(findingsOf(ID, 'master-datasources.xml', CUSTOM_DOMAIN, { target: 'mysql' }).length, 0);
    },
  },
];

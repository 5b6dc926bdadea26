// jdbc/aws-wrapper-iam-max-age: fires on hosts that are not RDS names (auroraOnly is false on purpose), at a maxAge of
// the token's 15 minutes or more.
import assert from 'node:assert/strict';
import { carbonWrapper } from '../samples';
import { findingsOf, type RuleCase } from '../harness';
import { ruleById } from '../../../../../src/core/rules/index';

const ID = 'jdbc/aws-wrapper-iam-max-age';

export const cases: RuleCase[] = [
  {
    name: 'fires on a host that is not an RDS name (auroraOnly is false on purpose), from maxAge 900000 up',
    file: 'master-datasources.xml',
    text: carbonWrapper('jdbc:aws-wrapper:mysql://db.example.internal:3306/a?wrapperPlugins=iam', '<maxAge>900000</maxAge>'),
    expect(iam) {
      assert.equal(ruleById(ID)!.meta.auroraOnly, false);
      assert.equal(iam.length, 1);
      assert.match(iam[0].message, /maxAge is 900000 ms, at least the token's 15 minutes/);
      assert.match(iam[0].message, /token only matters when a connection is opened/);
      assert.equal(
        findingsOf(
          ID,
          'master-datasources.xml',
          carbonWrapper('jdbc:aws-wrapper:mysql://db.example.internal:3306/a?wrapperPlugins=iam', '<maxAge>899999</maxAge>'),
        ).length,
        0,
      );
    },
  },
];

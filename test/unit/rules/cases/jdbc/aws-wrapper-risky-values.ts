// jdbc/aws-wrapper-risky-values: host-selection strategy names are matched exactly; the meant name is offered only when
// it is unambiguous.
import assert from 'node:assert/strict';
import { AUR, carbonWrapper } from '../samples';
import { type RuleCase } from '../harness';
import { canonicalStrategy } from '../../../../../src/core/knowledge/aurora/awsWrapper';

export const cases: RuleCase[] = [
  {
    name: 'strategy names are matched exactly, the meant name offered only when unambiguous',
    file: 'master-datasources.xml',
    text: carbonWrapper(`jdbc:aws-wrapper:mysql://${AUR}:3306/a?readerHostSelectorStrategy=fastest`),
    expect([f]) {
      assert.equal(canonicalStrategy('round-robin'), 'roundRobin');
      assert.equal(canonicalStrategy('LEAST_CONNECTIONS'), 'leastConnections');
      assert.equal(canonicalStrategy('fastest'), null);
      assert.deepEqual(f.fixes, []);
    },
  },
];

// pool/max-wait: error for a wait without end, info for one too short, both with the value.
import assert from 'node:assert/strict';
import { carbonPool } from '../samples';
import { findingsOf, first, type RuleCase } from '../harness';

export const cases: RuleCase[] = [
  {
    name: 'error for <= 0, info below 5000, with the value',
    file: 'm-datasources.xml',
    text: carbonPool('<testOnBorrow>true</testOnBorrow><maxWait>-1</maxWait>'),
    expect(found) {
      const a = first(found);
      assert.equal(a.severity, 'error');
      assert.match(a.message, /^maxWait is -1: .*wait for a connection forever/);
      const b = first(
        findingsOf('pool/max-wait', 'm-datasources.xml', carbonPool('<testOnBorrow>true</testOnBorrow><maxWait>1000</maxWait>')),
      );
      assert.equal(b.severity, 'info');
      assert.match(b.message, /^maxWait is 1000 ms: .*Timeout: Pool empty.*set it to 60000/);
    },
  },
];

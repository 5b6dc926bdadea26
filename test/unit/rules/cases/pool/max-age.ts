// pool/max-age: an explicit 0 sits on the value, an unset maxAge on the header; the forecast orders the two fixes.
import assert from 'node:assert/strict';
import { carbonPool, genericPool } from '../samples';
import { at, findingsOf, first, type RuleCase } from '../harness';

const EXPLICIT_0 = carbonPool('<testOnBorrow>true</testOnBorrow><maxAge>0</maxAge>');

export const cases: RuleCase[] = [
  {
    name: 'explicit 0 on the value, unset on the header, both with the safe value',
    file: 'm-datasources.xml',
    text: EXPLICIT_0,
    expect(found) {
      const f = first(found);
      assert.equal(at(EXPLICIT_0, f), '0');
      assert.match(
        f.message,
        /^maxAge is 0, so connections are never retired by age: .*error 1290.*measured.*Forecast \(pool model, 24 fault timings\): failover: pinned .* With maxAge 60000: failover: recovers in/,
      );
      // the forecast prefers the shorter maxAge: a pinned pool recovers about maxAge after it reconnected to the demoted writer
      assert.deepEqual(
        f.fixes.map((fx) => [fx.title.split(' (')[0], !!fx.preferred]),
        [
          ['Set maxAge to 60000', true],
          ['Set maxAge to 300000', false],
        ],
      );
      const g = first(findingsOf('pool/max-age', 'datasource.xml', genericPool('')));
      assert.match(g.message, /^maxAge is 0 \(Tomcat default: not set in <properties>\)/);
    },
  },
];

// pool/idle-eviction: says what testWhileIdle does and does not catch, and when the cleaner never runs.
import assert from 'node:assert/strict';
import { carbonPool, tomlPool } from '../samples';
import { findingsOf, first, type RuleCase } from '../harness';

export const cases: RuleCase[] = [
  {
    name: 'says what testWhileIdle does and does not catch',
    file: 'deployment.toml',
    text: tomlPool(),
    expect(found) {
      const t = first(found);
      assert.match(t.message, /^testWhileIdle is false \(Tomcat default: not set in \[database\.apim_db\.pool_options\]\): /);
      assert.match(t.message, /finds dead idle connections early but does not catch connections to a demoted writer/);
      const x = first(
        findingsOf(
          'pool/idle-eviction',
          'm-datasources.xml',
          carbonPool(
            '<testOnBorrow>true</testOnBorrow><testWhileIdle>true</testWhileIdle><minIdle>2</minIdle><timeBetweenEvictionRunsMillis>0</timeBetweenEvictionRunsMillis>',
          ),
        ),
      );
      assert.match(x.message, /^timeBetweenEvictionRunsMillis is 0: the pool cleaner never runs/);
    },
  },
];

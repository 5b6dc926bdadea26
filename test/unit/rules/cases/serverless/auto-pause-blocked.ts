// serverless/auto-pause-blocked: the settings that keep the cluster awake, with where their values come from; and when
// the auto-pause rules apply at all (min ACU 0 means auto-pause, a provisioned target never pauses).
import assert from 'node:assert/strict';
import { lint } from '../../../helpers';
import { genericPool } from '../samples';
import { type RuleCase } from '../harness';

export const cases: RuleCase[] = [
  {
    name: 'initialSize and minIdle with where they come from, only when auto-pause is on',
    file: 'datasource.xml',
    text: genericPool(''),
    config: { target: 'aurora-serverless-v2', cluster: { autoPause: true } },
    expect(all) {
      assert.ok(all.length > 0, 'no finding of the rule');
      assert.equal(all.length, 2);
      assert.match(all.map((f) => f.message).join('\n'), /^initialSize is 10 \(Tomcat default: not set in <properties>\)/m);
      assert.match(
        all.map((f) => f.message).join('\n'),
        /^minIdle is 10 \(Tomcat default: not set in <properties>\): the pool keeps 10 connections open at all times.*\(not verified\)\.$/m,
      );
      // min ACU 0 means auto-pause; a provisioned target never auto-pauses
      assert.ok(
        lint('datasource.xml', genericPool(''), { cluster: { minAcu: 0 } }).findings.some(
          (f) => f.ruleId === 'serverless/auto-pause-blocked',
        ),
      );
      assert.ok(
        !lint('datasource.xml', genericPool(''), { target: 'aurora-provisioned', cluster: { minAcu: 0 } }).findings.some((f) =>
          f.ruleId.startsWith('serverless/auto-pause'),
        ),
      );
    },
  },
];

// serverless/auto-pause-resume-timeouts: the value and where it is written, only when auto-pause is on.
import assert from 'node:assert/strict';
import { AUR, tomlPool } from '../samples';
import { at, first, type RuleCase } from '../harness';

const CONNECT_10S = tomlPool('', `jdbc:mysql://${AUR}:3306/apim_db?connectTimeout=10000`);

export const cases: RuleCase[] = [
  {
    name: 'the value with where it is written, when auto-pause is on',
    file: 'deployment.toml',
    text: CONNECT_10S,
    config: { target: 'aurora-serverless-v2', cluster: { autoPause: true } },
    expect(found) {
      const t = first(found);
      assert.equal(at(CONNECT_10S, t), '10000');
      assert.match(
        t.message,
        /^connectTimeout is 10000 ms in the JDBC URL: the first connection after an auto-pause waits while the cluster resumes/,
      );
    },
  },
];

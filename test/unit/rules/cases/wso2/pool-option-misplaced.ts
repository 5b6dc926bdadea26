// wso2/pool-option-misplaced: what its fixtures cannot say (the message's value in effect, the exact fix).
import assert from 'node:assert/strict';
import { applyEdits } from '../../../helpers';
import { AUR } from '../samples';
import { only, type RuleCase } from '../harness';

const MISPLACED = `[database.apim_db]\ntype = "mysql"\nurl = "jdbc:mysql://${AUR}:3306/apimgt"\nmaxActive = "100"\n`;

export const cases: RuleCase[] = [
  {
    name: 'names the value in effect and the default it comes from',
    file: 'deployment.toml',
    text: MISPLACED,
    expect(found) {
      const f = only(found);
      assert.match(f.message, /maxActive = 100 sits directly under \[database\.apim_db\]/);
      assert.match(f.message, /the pool runs with maxActive 50 \(WSO2 deployment\.toml default\)/);
      assert.equal(f.fixes[0].title, 'Move maxActive into [database.apim_db.pool_options]');
      assert.equal(
        applyEdits(MISPLACED, f.fixes[0].edits),
        `[database.apim_db]\ntype = "mysql"\nurl = "jdbc:mysql://${AUR}:3306/apimgt"\n\n[database.apim_db.pool_options]\nmaxActive = "100"\n`,
      );
    },
  },
];

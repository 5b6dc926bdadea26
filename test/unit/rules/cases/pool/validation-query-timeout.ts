// pool/validation-query-timeout: the message names the TOML table the setting is missing from.
import assert from 'node:assert/strict';
import { tomlPool } from '../samples';
import { first, headerOf, type RuleCase } from '../harness';

export const cases: RuleCase[] = [
  {
    name: 'names the TOML table it is missing from',
    file: 'deployment.toml',
    text: tomlPool(),
    expect(found, res) {
      const f = first(found);
      assert.deepEqual(f.span, headerOf(res, f));
      assert.match(
        f.message,
        /^validationQueryTimeout is -1 \(Tomcat default: not set in \[database\.apim_db\.pool_options\]\), i\.e\. no timeout: .*set it to 5 \(seconds\)/,
      );
    },
  },
];

// pool/test-on-borrow: a Tomcat default sits on the datasource header, an explicit false on its value.
import assert from 'node:assert/strict';
import { carbonPool, tomlPool } from '../samples';
import { at, findingsOf, first, headerOf, type RuleCase } from '../harness';

const TOML_FALSE = tomlPool('pool_options.testOnBorrow = false\n');

export const cases: RuleCase[] = [
  {
    name: 'Tomcat default in XML on the header; explicit false in TOML on the value',
    file: 'm-datasources.xml',
    text: carbonPool('<validationQuery>SELECT 1</validationQuery>'),
    expect(found, res) {
      const f = first(found);
      assert.equal(f.severity, 'error');
      assert.deepEqual(f.span, headerOf(res, f));
      assert.equal(f.fromDefault, true);
      assert.match(
        f.message,
        /^testOnBorrow is false \(Tomcat default: not set in <configuration>\): connections killed by a failover go straight to APIM code as `Communications link failure`.*set testOnBorrow to true\. Forecast \(pool model, 24 fault timings\): failover: keeps handing out dead connections/,
      );
      assert.deepEqual(
        f.fixes.map((fx) => fx.title.split(' → ')[0]),
        ['Set testOnBorrow to true'],
      );
      const t = first(findingsOf('pool/test-on-borrow', 'deployment.toml', TOML_FALSE));
      assert.equal(at(TOML_FALSE, t), 'false');
      assert.equal(t.fromDefault, false);
      assert.match(t.message, /^testOnBorrow is false: /);
    },
  },
];

// jdbc/aws-wrapper: the driver WSO2 infers for a wrapper URL, the once-per-file suggestion, and mutually exclusive
// plugins (a fix only where the wrapper's guide names the one to keep).
import assert from 'node:assert/strict';
import { applyEdits } from '../../../helpers';
import { AUR, carbonWrapper } from '../samples';
import { only, type RuleCase } from '../harness';
import { EXCLUSIVE_PAIRS } from '../../../../../src/core/knowledge/aurora/awsWrapper';

const INFERRED_DRIVER = `[database.apim_db]\ntype = "mysql"\nurl = "jdbc:aws-wrapper:mysql://${AUR}:3306/apimgt"\nusername = "u"\n`;

export const cases: RuleCase[] = [
  {
    name: 'type = "mysql" infers com.mysql.jdbc.Driver, which cannot take a jdbc:aws-wrapper: URL',
    file: 'deployment.toml',
    text: INFERRED_DRIVER,
    expect(found) {
      const f = only(found);
      assert.equal(f.severity, 'error');
      assert.equal(f.fromDefault, true);
      assert.match(f.message, /the driver is com\.mysql\.jdbc\.Driver \(inferred by WSO2 from type = "mysql"\)/);
      assert.equal(
        applyEdits(INFERRED_DRIVER, f.fixes[0].edits),
        `[database.apim_db]\ntype = "mysql"\nurl = "jdbc:aws-wrapper:mysql://${AUR}:3306/apimgt"\ndriver = "software.amazon.jdbc.Driver"\nusername = "u"\n`,
      );
    },
  },
  {
    name: 'the suggestion: once per file, naming the other datasources',
    file: 'deployment.toml',
    text: `[database.apim_db]\ntype = "mysql"\nurl = "jdbc:mysql://${AUR}:3306/apimgt"\n\n[database.shared_db]\ntype = "mysql"\nurl = "jdbc:mysql://${AUR}:3306/shared"\n`,
    expect(found) {
      const f = only(found);
      assert.equal(f.severity, 'info');
      assert.match(f.message, /^\[database\.apim_db\] \(and \[database\.shared_db\]\) reach the Aurora cluster endpoint/);
      assert.equal(f.fixes[0].preferred, false, 'switching drivers needs a jar: never applied by fix-all');
    },
  },
  {
    name: 'reports every mutually exclusive pair; a fix only where the guide names the one to keep',
    file: 'master-datasources.xml',
    text: carbonWrapper(`jdbc:aws-wrapper:mysql://${AUR}:3306/a?wrapperPlugins=initialConnection,failover2,gdbFailover,efm,efm2`),
    expect([a, b]) {
      assert.match(a.message, /both failover2 and gdbFailover/);
      assert.deepEqual(a.fixes, []);
      assert.match(b.message, /both efm and efm2.*Keep efm2/);
      assert.equal(b.fixes[0].title, 'Set wrapperPlugins=initialConnection,failover2,gdbFailover,efm2');
      // the pair list is symmetric-free (no pair twice) and names only distinct plugins
      const keys = EXCLUSIVE_PAIRS.map((p) => [p.a, p.b].sort().join('+'));
      assert.equal(new Set(keys).size, keys.length);
      assert.ok(EXCLUSIVE_PAIRS.every((p) => p.a !== p.b && (p.keep === null || p.keep === p.a || p.keep === p.b)));
    },
  },
];

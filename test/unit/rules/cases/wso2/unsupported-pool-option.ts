// wso2/unsupported-pool-option: the intended key and its value in effect, the rename, and a Tomcat-only attribute.
import assert from 'node:assert/strict';
import { applyEdits } from '../../../helpers';
import { AUR, carbonMysql } from '../samples';
import { only, type RuleCase } from '../harness';

const MISSPELLED = carbonMysql(`jdbc:mysql://${AUR}:3306/apimgt`, '                    <maxActiv>50</maxActiv>\n');

export const cases: RuleCase[] = [
  {
    name: 'the intended key, its value in effect, and the rename',
    file: 'master-datasources.xml',
    text: MISSPELLED,
    expect(found) {
      const f = only(found);
      assert.match(f.message, /^maxActiv = 50 in the <configuration> of WSO2AM_DB is ignored/);
      assert.match(f.message, /the pool runs with maxActive 100 \(Tomcat JDBC pool default\)/);
      const rename = f.fixes.find((x) => x.preferred)!;
      assert.equal(rename.title, 'Rename maxActiv to maxActive');
      assert.ok(applyEdits(MISSPELLED, rename.edits).includes('<maxActive>50</maxActive>'));
      assert.ok(f.fixes.some((x) => x.title === 'Delete maxActiv' && !x.preferred));
    },
  },
  {
    name: 'logValidationErrors has no Carbon equivalent, and the message says so',
    file: 'master-datasources.xml',
    text: carbonMysql(`jdbc:mysql://${AUR}/apimgt`, '                    <logValidationErrors>true</logValidationErrors>\n'),
    expect(found) {
      const f = only(found);
      assert.match(f.message, /Tomcat JDBC pool attribute/);
      assert.match(f.message, /There is no Carbon equivalent: raise the log level of org\.apache\.tomcat\.jdbc\.pool/);
    },
  },
];

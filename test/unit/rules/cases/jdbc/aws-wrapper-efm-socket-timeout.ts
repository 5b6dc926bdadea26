// jdbc/aws-wrapper-efm-socket-timeout: the failure-detection window from the written EFM parameters and the defaults,
// the fix above it, and where EFM does not run or its plugins are not known.
import assert from 'node:assert/strict';
import { AUR, carbonWrapper } from '../samples';
import { findingsOf, type RuleCase } from '../harness';

const ID = 'jdbc/aws-wrapper-efm-socket-timeout';
const inXml = (text: string) => findingsOf(ID, 'master-datasources.xml', text);

export const cases: RuleCase[] = [
  {
    name: 'the window from the written EFM parameters and the defaults, the fix above it',
    file: 'master-datasources.xml',
    text: carbonWrapper(`jdbc:aws-wrapper:mysql://${AUR}:3306/a?failureDetectionInterval=10000&amp;socketTimeout=55000`),
    expect([f]) {
      assert.match(
        f.message,
        /failureDetectionTime 30000 \(default\) \+ failureDetectionInterval 10000 × failureDetectionCount 3 \(default\) = 60000 ms/,
      );
      assert.match(f.message, /efm2 from the wrapper's default plugins \(wrapperPlugins not set/);
      assert.equal(f.fixes[0].title, 'Set socketTimeout=70000 in the JDBC URL');
      assert.equal(
        inXml(carbonWrapper(`jdbc:aws-wrapper:mysql://${AUR}:3306/a?socketTimeout=45000`)).length,
        0,
        'equal to the window is not shorter',
      );
      assert.equal(
        inXml(
          carbonWrapper(`jdbc:mysql://${AUR}:3306/a?socketTimeout=5000`).replace('software.amazon.jdbc.Driver', 'com.mysql.cj.jdbc.Driver'),
        ).length,
        0,
        'no wrapper, no EFM',
      );
      assert.equal(
        inXml(carbonWrapper('jdbc:aws-wrapper:mysql://db.example.internal:3306/a?socketTimeout=10000&amp;clusterId=x')).length,
        1,
        'EFM runs behind any host name',
      );
      assert.equal(
        inXml(carbonWrapper(`jdbc:aws-wrapper:mysql://${AUR}:3306/a?socketTimeout=5000&amp;wrapperProfileName=SF_F0`)).length,
        0,
        'a preset: the plugin list is not known',
      );
    },
  },
];

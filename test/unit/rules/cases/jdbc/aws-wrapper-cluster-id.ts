// jdbc/aws-wrapper-cluster-id: reported only on a datasource whose cluster differs from the first of its clusterId group.
import assert from 'node:assert/strict';
import { AUR } from '../samples';
import { type RuleCase } from '../harness';

export const cases: RuleCase[] = [
  {
    name: 'only datasources on a different cluster than the first of their clusterId group',
    file: 'master-datasources.xml',
    text: `<datasources-configuration><datasources>
  <datasource><name>A</name><definition type="RDBMS"><configuration><url>jdbc:aws-wrapper:mysql://${AUR}:3306/a</url><driverClassName>software.amazon.jdbc.Driver</driverClassName></configuration></definition></datasource>
  <datasource><name>B</name><definition type="RDBMS"><configuration><url>jdbc:aws-wrapper:mysql://other.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:3306/b</url><driverClassName>software.amazon.jdbc.Driver</driverClassName></configuration></definition></datasource>
</datasources></datasources-configuration>`,
    expect(found) {
      assert.equal(found.length, 1);
      assert.equal(found[0].datasource, 'B');
      assert.match(found[0].message, /no clusterId, so the wrapper's default 1, the same as A, which reaches the cluster apim/);
      assert.equal(found[0].related.length, 1);
    },
  },
];

// aurora/reader-endpoint-for-writer: the fix writes the writer endpoint of the same cluster.
import assert from 'node:assert/strict';
import { applyEdits } from '../../../helpers';
import { AUR, carbonMysql } from '../samples';
import { only, type RuleCase } from '../harness';

const ON_READER = carbonMysql('jdbc:mysql://apim.cluster-ro-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com:3306/apimgt');

export const cases: RuleCase[] = [
  {
    name: 'the fix writes the writer endpoint of the same cluster',
    file: 'master-datasources.xml',
    text: ON_READER,
    expect(found) {
      const f = only(found);
      assert.equal(f.severity, 'error');
      assert.equal(f.fixes[0].title, `Replace the reader endpoint with the cluster (writer) endpoint ${AUR}`);
      assert.ok(applyEdits(ON_READER, f.fixes[0].edits).includes(`<url>jdbc:mysql://${AUR}:3306/apimgt</url>`));
    },
  },
];

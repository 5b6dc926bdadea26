// jdbc/aws-wrapper-failover-mode: the mode the wrapper derives when none is set (from its source), and what a
// read-only or a writing datasource needs.
import assert from 'node:assert/strict';
import { AUR, RO, carbonWrapper } from '../samples';
import { findingsOf, type RuleCase } from '../harness';
import { derivedFailoverMode } from '../../../../../src/core/knowledge/aurora/awsWrapper';

const ID = 'jdbc/aws-wrapper-failover-mode';
const READ_ONLY = '<defaultReadOnly>true</defaultReadOnly>';

export const cases: RuleCase[] = [
  {
    name: 'derived default from the wrapper source, reader-or-writer on cluster-ro, strict-writer elsewhere',
    file: 'master-datasources.xml',
    text: carbonWrapper(`jdbc:aws-wrapper:mysql://${RO}:3306/a`, READ_ONLY),
    expect(found) {
      assert.equal(derivedFailoverMode('cluster-ro'), 'reader-or-writer');
      for (const k of ['cluster', 'cluster-custom', 'instance', 'other', 'ip']) assert.equal(derivedFailoverMode(k), 'strict-writer', k);
      assert.equal(found.length, 0);
      const [c] = findingsOf(ID, 'master-datasources.xml', carbonWrapper('jdbc:aws-wrapper:mysql://reports.example.internal:3306/a', READ_ONLY));
      assert.match(c.message, /sets no failoverMode, so the AWS wrapper uses strict-writer/);
      assert.equal(c.fixes[0].title, 'Add failoverMode=strict-reader to the JDBC URL');
      const [w] = findingsOf(ID, 'master-datasources.xml', carbonWrapper(`jdbc:aws-wrapper:mysql://${AUR}:3306/a?failoverMode=reader-or-writer`));
      assert.match(w.message, /ERROR 1290/);
      assert.equal(findingsOf(ID, 'master-datasources.xml', carbonWrapper(`jdbc:aws-wrapper:mysql://${AUR}:3306/a?failoverMode=strict-reader`), { target: 'mysql' }).length, 0);
    },
  },
];

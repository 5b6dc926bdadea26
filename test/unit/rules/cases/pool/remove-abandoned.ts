// pool/remove-abandoned: the message names the value and where it comes from.
import assert from 'node:assert/strict';
import { genericPool } from '../samples';
import { first, type RuleCase } from '../harness';

export const cases: RuleCase[] = [
  {
    name: 'names the value and its origin',
    file: 'datasource.xml',
    text: genericPool(''),
    expect(found) {
      assert.match(first(found).message, /^removeAbandoned is false \(Tomcat default: not set in <properties>\): /);
    },
  },
];

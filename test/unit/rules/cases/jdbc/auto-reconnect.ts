// jdbc/auto-reconnect: the message cites Connector/J's documentation; the fix removes the parameter and its separator.
import assert from 'node:assert/strict';
import { applyEdits } from '../../../helpers';
import { AUR, carbonMysql } from '../samples';
import { only, type RuleCase } from '../harness';

const AUTO_RECONNECT = carbonMysql(`jdbc:mysql://${AUR}:3306/apimgt?autoReconnect=true&amp;useSSL=true`);

export const cases: RuleCase[] = [
  {
    name: 'cites the Connector/J documentation and removes the parameter with its separator',
    file: 'master-datasources.xml',
    text: AUTO_RECONNECT,
    expect(found) {
      const f = only(found);
      assert.match(f.message, /https:\/\/dev\.mysql\.com\/doc\/connector-j\//);
      assert.match(f.message, /WSO2's samples ship it/);
      assert.equal(f.fixes[0].title, 'Remove autoReconnect=true from the JDBC URL');
      assert.ok(applyEdits(AUTO_RECONNECT, f.fixes[0].edits).includes(`<url>jdbc:mysql://${AUR}:3306/apimgt?useSSL=true</url>`));
    },
  },
];

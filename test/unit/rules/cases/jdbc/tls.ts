// jdbc/tls: the fix rewrites useSSL=false in place, and is preferred only where the driver guarantees sslMode.
import assert from 'node:assert/strict';
import { applyEdits } from '../../../helpers';
import { AUR, carbonMysql } from '../samples';
import { findingsOf, only, type RuleCase } from '../harness';

const TLS_OFF = carbonMysql(`jdbc:mysql://${AUR}:3306/apimgt?useSSL=false&amp;connectTimeout=10000`);

export const cases: RuleCase[] = [
  {
    name: 'useSSL=false becomes sslMode=REQUIRED in place and the URL stays valid',
    file: 'master-datasources.xml',
    text: TLS_OFF,
    expect(found) {
      const f = only(found);
      assert.equal(f.severity, 'info');
      const after = applyEdits(TLS_OFF, f.fixes[0].edits);
      assert.ok(after.includes(`<url>jdbc:mysql://${AUR}:3306/apimgt?sslMode=REQUIRED&amp;connectTimeout=10000</url>`));
      assert.equal(findingsOf('jdbc/tls', 'master-datasources.xml', after).length, 0);
      // only a com.mysql.cj driver guarantees Connector/J 8.0.13+, so only then is the fix preferred
      assert.equal(f.fixes[0].preferred, true);
      const legacy = only(
        findingsOf(
          'jdbc/tls',
          'master-datasources.xml',
          carbonMysql(`jdbc:mysql://${AUR}/apimgt?useSSL=false`, '', 'WSO2AM_DB', 'com.mysql.jdbc.Driver'),
        ),
      );
      assert.equal(legacy.fixes[0].preferred, false);
    },
  },
];

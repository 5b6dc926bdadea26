// jdbc/connect-timeout: where a default-derived finding sits and what it says, the auto-pause value, a value that
// <databaseProps> hides, and the fix for a URL WSO2 infers from hostname/port/name.
import assert from 'node:assert/strict';
import { applyEdits, assertForecastTitle } from '../../../helpers';
import { AUR, carbonMysql } from '../samples';
import { at, findingsOf, only, type RuleCase } from '../harness';

const NO_TIMEOUT = carbonMysql(`jdbc:mysql://${AUR}:3306/apimgt?useSSL=true`);
const NO_PARAMS = carbonMysql(`jdbc:mysql://${AUR}:3306/apimgt`);
const SHADOWED = carbonMysql(
  `jdbc:mysql://${AUR}:3306/apimgt`,
  '                    <connectionProperties>connectTimeout=10000</connectionProperties>\n' +
    '                    <databaseProps>\n                        <property name="socketTimeout">60000</property>\n                    </databaseProps>\n',
);
const INFERRED_URL = `[database.apim_db]\ntype = "mysql"\nhostname = "${AUR}"\nport = 3306\nname = "apimgt"\n`;

export const cases: RuleCase[] = [
  {
    name: 'a default-derived finding sits on the header, says where it looked and what is in effect',
    file: 'master-datasources.xml',
    text: NO_TIMEOUT,
    expect(found) {
      const f = only(found);
      assert.equal(f.fromDefault, true);
      assert.equal(at(NO_TIMEOUT, f), 'WSO2AM_DB', 'on the datasource name');
      assert.match(
        f.message,
        /WSO2AM_DB sets no connectTimeout \(not in the JDBC URL, connectionProperties or databaseProps\), so Connector\/J's default 0 \(no connect timeout\) is in effect/,
      );
      assert.match(f.message, /Set connectTimeout=10000 \(ms\)/);
      assertForecastTitle(f.fixes[0].title, 'Add connectTimeout=10000 to the JDBC URL');
      assert.ok(
        applyEdits(NO_TIMEOUT, f.fixes[0].edits).includes(
          `<url>jdbc:mysql://${AUR}:3306/apimgt?useSSL=true&amp;connectTimeout=10000</url>`,
        ),
      );
    },
  },
  {
    name: 'with auto-pause the recommended value is 30000',
    file: 'master-datasources.xml',
    text: NO_PARAMS,
    config: { target: 'aurora-serverless-v2', cluster: { minAcu: 0, autoPause: true } },
    expect(found) {
      const f = only(found);
      assert.match(f.message, /Set connectTimeout=30000 \(ms\): auto-pause is on/);
      assert.ok(applyEdits(NO_PARAMS, f.fixes[0].edits).includes(`<url>jdbc:mysql://${AUR}:3306/apimgt?connectTimeout=30000</url>`));
    },
  },
  {
    name: 'connectionProperties replaced by <databaseProps> is reported where it is written',
    file: 'master-datasources.xml',
    text: SHADOWED,
    expect(found) {
      const f = only(found);
      assert.equal(at(SHADOWED, f), 'connectTimeout=10000');
      assert.match(f.message, /never reaches the driver: Carbon replaces the connectionProperties with <databaseProps>/);
      // the socketTimeout in <databaseProps> does count
      assert.equal(findingsOf('jdbc/socket-timeout', 'master-datasources.xml', SHADOWED).length, 0);
    },
  },
  {
    name: 'an inferred TOML URL gets pool_options.connectionProperties, in a new table',
    file: 'deployment.toml',
    text: INFERRED_URL,
    expect(found) {
      const f = only(found);
      assertForecastTitle(f.fixes[0].title, 'Add pool_options.connectionProperties = "connectTimeout=10000"');
      assert.equal(
        applyEdits(INFERRED_URL, f.fixes[0].edits),
        `${INFERRED_URL}\n[database.apim_db.pool_options]\nconnectionProperties = "connectTimeout=10000"\n`,
      );
    },
  },
];

// jdbc/auto-reconnect — autoReconnect=true (or autoReconnectForPools=true). WSO2's own samples ship
// it, but MySQL Connector/J's documentation discourages it: it reconnects under a live connection
// object, with side effects on session state and data consistency, and a validating pool does the
// job properly.
import type { Fix } from '../types';
import { defineRule } from '../define';
import { boolValue, driverPropsInEffect, propValueTemplated } from '../shared/driverProps';
import { removeDriverPropEdits } from '../shared/edits';
import { dsLabel, whereDriverProp } from '../shared/labels';

const DOCS = 'https://dev.mysql.com/doc/connector-j/en/connector-j-reference-configuration-properties.html';

export const autoReconnectRule = defineRule({
  meta: {
    id: 'jdbc/auto-reconnect',
    title: 'autoReconnect=true on the MySQL connection',
    defaultSeverity: 'warning',
    tags: ['jdbc', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: true,
    rationale:
      'Connector/J documents autoReconnect as not recommended (side effects on session state and data consistency); it can hide a connection broken by a failover until it fails mid-transaction, and a validating pool already replaces dead connections.',
  },
  check(ctx) {
    for (const ds of ctx.datasources) {
      for (const name of ['autoReconnect', 'autoReconnectForPools']) {
        // every occurrence that can be in effect (URL vs properties precedence depends on the driver version)
        for (const p of driverPropsInEffect(ds, name)) {
          if (propValueTemplated(ctx.doc, p) || boolValue(p.value) !== true) continue;
          const fixes = (): Fix[] => {
            const edits = removeDriverPropEdits(ctx.doc, ds, p);
            return edits
              ? [{ title: `Remove ${p.name}=${p.value} ${whereDriverProp(p).replace(/^in /, 'from ')}`, edits, preferred: true }]
              : [];
          };
          ctx.report({
            datasource: ds,
            span: p.span,
            message:
              `${p.name}=${p.value} ${whereDriverProp(p)} of ${dsLabel(ds)}: MySQL Connector/J's own documentation says the use of this feature is ` +
              `not recommended, because of side effects on session state and data consistency (${DOCS}). After a failover it can ` +
              `hide a broken connection until it fails in the middle of a transaction, and the pool's validation (testOnBorrow) already ` +
              `replaces dead connections. WSO2's samples ship it, but the driver maintainers advise against it: remove it.`,
            fixes,
          });
        }
      }
    }
  },
});

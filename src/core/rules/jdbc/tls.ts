// jdbc/tls — TLS to the database switched off (useSSL=false, sslMode=DISABLED) or not verified
// (verifyServerCertificate=false). Not a failover problem; WSO2's own MySQL guide calls disabling SSL
// not recommended for production, and Aurora MySQL supports TLS.
import type { Fix } from '../types';
import { defineRule } from '../define';
import type { Datasource, DriverProp } from '../../model/types';
import { boolValue, driverPropsInEffect, propValueTemplated } from '../shared/driverProps';
import { CONNECTOR_J_DRIVER } from '../shared/drivers';
import { compact } from '../shared/fixes';
import { dsLabel, whereDriverProp } from '../shared/labels';

/** Replace a `useSSL=false` piece by `sslMode=REQUIRED` in place (URL parameter or connectionProperties piece). */
function toSslModeFix(ds: Datasource, p: DriverProp): Fix | null {
  if (p.source === 'databaseProps' || ds.url?.subprotocol !== 'mysql') return null;
  return {
    title: `Replace ${p.name}=${p.value} with sslMode=REQUIRED ${whereDriverProp(p)} (Connector/J 8.0.13+)`,
    edits: [{ span: p.span, newText: 'sslMode=REQUIRED' }],
    // sslMode exists from Connector/J 8.0.13; only a com.mysql.cj driver guarantees it.
    preferred: ds.driverClass === CONNECTOR_J_DRIVER,
  };
}

/** The start of the message about an occurrence that turns TLS off. */
function tlsOff(p: DriverProp, label: string): string {
  return (
    `${p.name}=${p.value} ${whereDriverProp(p)} of ${label} turns TLS off, so the database connection is not encrypted. Not a failover ` +
    `issue, but WSO2's MySQL guide calls disabling SSL not recommended for production, and Aurora supports TLS. `
  );
}

export const tlsRule = defineRule({
  meta: {
    id: 'jdbc/tls',
    title: 'TLS to the database disabled or unverified',
    defaultSeverity: 'info',
    tags: ['jdbc'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: true,
    rationale:
      'With TLS off the database connection is not encrypted; WSO2 calls disabling SSL not recommended for production, and Aurora supports TLS (sslMode=REQUIRED, or VERIFY_IDENTITY with the RDS CA).',
  },
  check(ctx) {
    // Every occurrence that can be in effect is judged: between the URL and the properties, the driver version decides which wins.
    const judged = (ds: Datasource, name: string, bad: (p: DriverProp) => boolean) =>
      driverPropsInEffect(ds, name).filter((p) => !propValueTemplated(ctx.doc, p) && bad(p));
    for (const ds of ctx.datasources) {
      if (!ds.url) continue;
      const label = dsLabel(ds);
      const maria = ds.url.subprotocol === 'mariadb';
      if (driverPropsInEffect(ds, 'sslMode').length) {
        // An explicit sslMode overrides the legacy useSSL/requireSSL/verifyServerCertificate flags.
        for (const p of judged(ds, 'sslMode', (x) => ['DISABLED', 'DISABLE'].includes(x.value.trim().toUpperCase()))) {
          ctx.report({
            datasource: ds,
            span: p.span,
            message:
              tlsOff(p, label) +
              `Use ${maria ? 'sslMode=verify-full (MariaDB driver)' : 'sslMode=REQUIRED, or VERIFY_IDENTITY with the RDS CA in a truststore'}.`,
            fixes: (): Fix[] => {
              const edits = maria ? null : ds.edit.setDriverProp(p.name, 'REQUIRED', p.source);
              return edits ? [{ title: `Set ${p.name}=REQUIRED ${whereDriverProp(p)}`, edits, preferred: true }] : [];
            },
          });
        }
        continue;
      }
      const useSSL = judged(ds, 'useSSL', (x) => boolValue(x.value) === false);
      for (const p of useSSL) {
        ctx.report({
          datasource: ds,
          span: p.span,
          message:
            tlsOff(p, label) +
            (maria
              ? 'Enable TLS with the MariaDB driver (useSSL=true, or sslMode=verify-full on driver 3.x).'
              : 'Use sslMode=REQUIRED (Connector/J 8.0.13+; it replaces useSSL), or VERIFY_IDENTITY with the RDS CA in a truststore.'),
          fixes: () => compact([maria ? null : toSslModeFix(ds, p)]),
        });
      }
      if (useSSL.length || maria) continue;
      for (const p of judged(ds, 'verifyServerCertificate', (x) => boolValue(x.value) === false)) {
        ctx.report({
          datasource: ds,
          span: p.span,
          message:
            `${p.name}=${p.value} ${whereDriverProp(p)} of ${label}: the connection may be encrypted, but the server certificate is not checked, ` +
            `so an impostor endpoint would not be noticed. Use sslMode=VERIFY_IDENTITY with the RDS CA bundle in a truststore ` +
            `(no automatic fix: the truststore has to exist first).`,
        });
      }
    }
  },
});

// jdbc/tls — TLS to the database switched off (useSSL=false, sslMode=DISABLED) or not verified
// (verifyServerCertificate=false). Not a failover problem; WSO2's own MySQL guide calls disabling SSL
// not recommended for production, and Aurora MySQL supports TLS.
import type { Fix, Rule } from '../types';
import type { Datasource, DriverProp } from '../../model/types';
import { boolValue, dsLabel, lookupDriverProp, whereProp } from '../helpersA';

const CJ_DRIVER = 'com.mysql.cj.jdbc.Driver';

/** Replace a `useSSL=false` piece by `sslMode=REQUIRED` in place (URL parameter or connectionProperties piece). */
function toSslModeFix(ds: Datasource, p: DriverProp): Fix | null {
  if (p.source === 'databaseProps' || ds.url?.subprotocol !== 'mysql') return null;
  return {
    title: `Replace ${p.name}=${p.value} with sslMode=REQUIRED ${whereProp(p)} (Connector/J 8.0.13+)`,
    edits: [{ span: p.span, newText: 'sslMode=REQUIRED' }],
    // sslMode exists from Connector/J 8.0.13; only a com.mysql.cj driver guarantees it.
    preferred: ds.driverClass === CJ_DRIVER,
  };
}

export const tls: Rule = {
  meta: {
    id: 'jdbc/tls',
    title: 'TLS to the database disabled or unverified',
    defaultSeverity: 'info',
    tags: ['jdbc'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    rationale:
      'With TLS off the database connection is not encrypted; WSO2 calls disabling SSL not recommended for production, and Aurora supports TLS (sslMode=REQUIRED, or VERIFY_IDENTITY with the RDS CA).',
  },
  check(ctx) {
    for (const ds of ctx.datasources) {
      if (!ds.url) continue;
      const label = dsLabel(ds);
      const maria = ds.url.subprotocol === 'mariadb';
      const sslMode = lookupDriverProp(ctx.doc, ds, 'sslMode');
      if (sslMode.prop) {
        // An explicit sslMode overrides the legacy useSSL/requireSSL/verifyServerCertificate flags.
        if (sslMode.valueTemplated) continue;
        const v = sslMode.prop.value.trim().toUpperCase();
        if (v !== 'DISABLED' && v !== 'DISABLE') continue;
        const p = sslMode.prop;
        const fixes: Fix[] = [];
        if (!maria) {
          const edits = p.source === 'url' ? ds.edit.setUrlParam(p.name, 'REQUIRED') : [{ span: p.valueSpan, newText: 'REQUIRED' }];
          if (edits) fixes.push({ title: `Set ${p.name}=REQUIRED ${whereProp(p)}`, edits, preferred: true });
        }
        ctx.report({
          datasource: ds,
          span: p.span,
          message:
            `${p.name}=${p.value} ${whereProp(p)} of ${label} turns TLS off, so the database connection is not encrypted. Not a failover ` +
            `issue, but WSO2's MySQL guide calls disabling SSL not recommended for production, and Aurora supports TLS. ` +
            `Use ${maria ? 'sslMode=verify-full (MariaDB driver)' : 'sslMode=REQUIRED, or VERIFY_IDENTITY with the RDS CA in a truststore'}.`,
          fixes,
        });
        continue;
      }
      const useSSL = lookupDriverProp(ctx.doc, ds, 'useSSL');
      if (useSSL.prop && !useSSL.valueTemplated && boolValue(useSSL.prop.value) === false) {
        const p = useSSL.prop;
        const fix = maria ? null : toSslModeFix(ds, p);
        ctx.report({
          datasource: ds,
          span: p.span,
          message:
            `${p.name}=${p.value} ${whereProp(p)} of ${label} turns TLS off, so the database connection is not encrypted. Not a failover ` +
            `issue, but WSO2's MySQL guide calls disabling SSL not recommended for production, and Aurora supports TLS. ` +
            (maria
              ? 'Enable TLS with the MariaDB driver (useSSL=true, or sslMode=verify-full on driver 3.x).'
              : 'Use sslMode=REQUIRED (Connector/J 8.0.13+; it replaces useSSL), or VERIFY_IDENTITY with the RDS CA in a truststore.'),
          fixes: fix ? [fix] : [],
        });
        continue;
      }
      const verify = lookupDriverProp(ctx.doc, ds, 'verifyServerCertificate');
      if (verify.prop && !verify.valueTemplated && boolValue(verify.prop.value) === false && !maria) {
        const p = verify.prop;
        ctx.report({
          datasource: ds,
          span: p.span,
          message:
            `${p.name}=${p.value} ${whereProp(p)} of ${label}: the connection may be encrypted, but the server certificate is not checked, ` +
            `so an impostor endpoint would not be noticed. Use sslMode=VERIFY_IDENTITY with the RDS CA bundle in a truststore ` +
            `(no automatic fix: the truststore has to exist first).`,
        });
      }
    }
  },
};

// jdbc/tcp-keepalive — tcpKeepAlive=false turns off the only liveness signal an idle socket has.
// (Its default is true; on Linux the first probe comes after 2 h unless the host's sysctls are tuned,
// so keepalive alone does not shorten failover detection — but switching it off removes even that.)
import type { Fix } from '../types';
import { defineRule } from '../define';
import { boolValue, driverPropsInEffect, propValueTemplated } from '../shared/driverProps';
import { removeDriverPropEdits } from '../shared/edits';
import { dsLabel, whereDriverProp } from '../shared/labels';

export const tcpKeepaliveRule = defineRule({
  meta: {
    id: 'jdbc/tcp-keepalive',
    title: 'tcpKeepAlive=false on the MySQL connection',
    defaultSeverity: 'info',
    tags: ['jdbc'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: true,
    rationale:
      'TCP keepalive is the only liveness signal on an idle pooled socket; turning it off lets connections to a vanished instance sit undetected.',
  },
  check(ctx) {
    for (const ds of ctx.datasources) {
      // every occurrence that can be in effect (URL vs properties precedence depends on the driver version)
      for (const p of driverPropsInEffect(ds, 'tcpKeepAlive')) {
        if (propValueTemplated(ctx.doc, p) || boolValue(p.value) !== false) continue;
        const fixes = (): Fix[] => {
          const edits = removeDriverPropEdits(ctx.doc, ds, p);
          return edits
            ? [
                {
                  title: `Remove ${p.name}=${p.value} ${whereDriverProp(p).replace(/^in /, 'from ')} (the driver default is true)`,
                  edits,
                  preferred: true,
                },
              ]
            : [];
        };
        ctx.report({
          datasource: ds,
          span: p.span,
          message:
            `${p.name}=${p.value} ${whereDriverProp(p)} of ${dsLabel(ds)} turns off TCP keepalive (Connector/J's default is true). It is the only ` +
            `liveness signal an idle pooled socket has, so connections to an instance that vanished in a failover can sit undetected. ` +
            `Remove it; to make keepalive detect failures quickly, tune the host's keepalive sysctls (the OS default first probe is after 2 hours).`,
          fixes,
        });
      }
    }
  },
});

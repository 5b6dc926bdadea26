// jdbc/aws-wrapper-risky-values — AWS wrapper property values that AWS's configuration guide flags as risky: a
// host selection strategy spelled other than its exact camelCase name (not recognised), wrapperLoggerLevel ALL or
// FINEST in production, a failoverTimeoutMs above the default 5 minutes, failure monitoring switched off with no
// other detection, and verifyInitialConnectionRole=false where read/write splitting relies on it (guide §5.1, §5.4,
// §5.10, §6.7, §6.10, §7, §10.3, symptom table §16.3, anti-pattern table §18).
import type { Fix, Severity } from '../types';
import { defineRule } from '../define';
import type { DriverProp } from '../../model/types';
import {
  canonicalStrategy, FAILOVER_TIMEOUT_DEFAULT_MS, FAILOVER_TIMEOUT_NORMAL_MS, HOST_SELECTOR_PROPERTIES, HOST_SELECTOR_STRATEGIES,
  NOISY_LOGGER_LEVELS, RW_SPLITTING_PLUGINS,
} from '../../knowledge/aurora/awsWrapper';
import { boolValue, lookupDriverProp } from '../shared/driverProps';
import { compact, setDriverPropFix } from '../shared/fixes';
import { dsLabel, whereDriverProp } from '../shared/labels';
import { firstHost, intProp, pluginListLabel, pluginLists, wrapperDatasources, wrapperPropUnknown, wrapperProps } from '../shared/awsWrapper';

const GUIDE = "AWS's wrapper configuration guide (published advice, not measured here)";

export const awsWrapperRiskyValuesRule = defineRule({
  meta: {
    id: 'jdbc/aws-wrapper-risky-values',
    title: 'AWS wrapper property values its configuration guide flags as risky',
    defaultSeverity: 'warning',
    tags: ['jdbc', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: true,
    rationale:
      'AWS flags wrapper values that silently do something else or hide outages: misspelled host selection strategies, ALL/FINEST logging, very long failover timeouts, failure monitoring off with nothing else.',
  },
  check(ctx) {
    const doc = ctx.doc;
    for (const ds of wrapperDatasources(ctx.datasources)) {
      const label = dsLabel(ds);
      const at = (p: DriverProp) => `${p.name}=${p.value.trim()} ${whereDriverProp(p)} of ${label}`;
      const report = (p: DriverProp | null, message: string, fixes: () => Fix[], severity?: Severity) =>
        ctx.report({ datasource: ds, span: p ? p.span : (firstHost(ds)?.host.span ?? ds.url!.span), fromDefault: !p, message, fixes, ...(severity ? { severity } : {}) });
      // host selection strategies: exact camelCase or not recognised
      for (const name of HOST_SELECTOR_PROPERTIES) {
        for (const p of wrapperProps(doc, ds, name)) {
          const v = p.value.trim();
          if (!v || HOST_SELECTOR_STRATEGIES.includes(v)) continue;
          const meant = canonicalStrategy(v);
          report(
            p,
            `${at(p)} is not a host selection strategy the wrapper knows: names are exact camelCase (${HOST_SELECTOR_STRATEGIES.join(', ')}), ` +
              `and ${GUIDE} says an unknown one throws or falls back to another strategy instead of doing what was meant.` +
              (meant ? ` Write ${meant}.` : ''),
            () => (meant ? compact([setDriverPropFix(ds, p.name, meant, p)]) : []),
          );
        }
      }
      for (const p of wrapperProps(doc, ds, 'wrapperLoggerLevel')) {
        if (!NOISY_LOGGER_LEVELS.includes(p.value.trim().toUpperCase())) continue;
        report(
          p,
          `${at(p)}: ${GUIDE} says to avoid ALL and FINEST in production (log volume, and some lines include connection metadata); ` +
            'use INFO, and FINER only while diagnosing.',
          () => compact([setDriverPropFix(ds, p.name, 'INFO', p)]),
          'info',
        );
      }
      for (const p of wrapperProps(doc, ds, 'failoverTimeoutMs')) {
        const n = intProp(p.value);
        if (!Number.isFinite(n) || n <= FAILOVER_TIMEOUT_DEFAULT_MS) continue;
        report(
          p,
          `${at(p)} lets one failover run for ${Math.round(n / 60000)} min, above the wrapper's default of ${FAILOVER_TIMEOUT_DEFAULT_MS} ms: ${GUIDE} ` +
            `says a very large failoverTimeoutMs stalls the application during a failure and masks outages. Use the "normal" profile ` +
            `${FAILOVER_TIMEOUT_NORMAL_MS} (or 30000 to fail fast).`,
          () => compact([setDriverPropFix(ds, p.name, String(FAILOVER_TIMEOUT_NORMAL_MS), p)]),
        );
      }
      // failure monitoring off with no other detection
      const disabled = wrapperProps(doc, ds, 'failureDetectionEnabled').find((p) => boolValue(p.value) === false) ?? null;
      const noEfm = pluginLists(doc, ds).find((l) => l.prop && !l.plugins.includes('efm2') && !l.plugins.includes('efm')) ?? null;
      if (disabled || noEfm) {
        const st = lookupDriverProp(doc, ds, 'socketTimeout');
        const ka = lookupDriverProp(doc, ds, 'tcpKeepAlive');
        const finiteSocket = st.inEffect.some((p) => intProp(p.value) > 0);
        const keepAlive = ka.inEffect.some((p) => boolValue(p.value) === true);
        if (!finiteSocket && !keepAlive && !st.unknown && !ka.unknown && !wrapperPropUnknown(doc, ds, 'socketTimeout')) {
          const what = disabled ? at(disabled) : `${pluginListLabel(noEfm!)} of ${label} leave${noEfm!.prop ? 's' : ''} out efm2`;
          report(
            disabled ?? noEfm!.prop,
            `${what}, and neither a finite socketTimeout nor tcpKeepAlive=true is set: ${GUIDE} says failure detection then relies on the ` +
              'operating system\'s TCP timeouts, so a statement on a dead host can hang far longer than a failover. Keep efm2 (tune ' +
              'failureDetectionTime against false positives), or set a finite socketTimeout (jdbc/socket-timeout) or tcpKeepAlive=true with tuned OS keep-alive.',
            () => [],
            'info',
          );
        }
      }
      // verifyInitialConnectionRole=false where read/write splitting depends on it
      const h = firstHost(ds);
      const rw = pluginLists(doc, ds).some((l) => l.plugins.some((p) => RW_SPLITTING_PLUGINS.includes(p)));
      if (rw && h && ['cluster-custom', 'instance', 'other', 'ip'].includes(h.kind)) {
        for (const p of wrapperProps(doc, ds, 'verifyInitialConnectionRole')) {
          if (boolValue(p.value) !== false) continue;
          report(
            p,
            `${at(p)} with read/write splitting on ${h.host.host} (${h.kind === 'cluster-custom' ? 'a custom endpoint' : h.kind === 'instance' ? 'an instance endpoint' : 'a host whose role the name does not tell'}): ` +
              `${GUIDE} says the splitter then routes on an assumed, possibly wrong role. Keep verifyInitialConnectionRole=true (the default).`,
            () => compact([setDriverPropFix(ds, p.name, 'true', p)]),
          );
        }
      }
    }
  },
});

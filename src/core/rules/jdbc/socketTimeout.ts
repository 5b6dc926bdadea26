// jdbc/socket-timeout — MySQL Connector/J's socketTimeout defaults to 0 (no read timeout). A query in
// flight on a writer that Aurora fences gets neither an answer nor a FIN, so the thread waits until
// the OS gives up — far longer than the failover itself.
import { defineRule } from '../define';
import { checkDriverTimeout } from './shared/driverTimeoutFinding';
import { SAFE_SOCKET_TIMEOUT_MS } from '../../knowledge/safeValues';
import { autoPauseEnabled } from '../../knowledge/target';

export const socketTimeoutRule = defineRule({
  meta: {
    id: 'jdbc/socket-timeout',
    title: 'No socketTimeout on the MySQL connection',
    defaultSeverity: 'warning',
    tags: ['jdbc', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: true,
    rationale:
      "Connector/J's socketTimeout defaults to 0 (wait forever); a statement in flight on a fenced writer then blocks its thread far longer than the failover lasts.",
  },
  check(ctx) {
    const autoPause = autoPauseEnabled(ctx.options);
    checkDriverTimeout(ctx, {
      name: 'socketTimeout',
      value: SAFE_SOCKET_TIMEOUT_MS,
      what: 'no read timeout',
      why:
        'A statement in flight when Aurora fences the old writer gets neither an answer nor a reset, so its thread waits until the ' +
        'operating system gives up, far longer than the failover.',
      whyGeneric:
        'A statement in flight when the database host stops answering (a failover, a crashed or partitioned node) gets neither an answer ' +
        'nor a reset, so its thread waits until the operating system gives up.',
      advice:
        ' (ms), sized above the longest legitimate APIM query (a lower value kills long migrations or reports)' +
        (autoPause ? ' and above the auto-pause resume time.' : '.'),
    });
  },
});

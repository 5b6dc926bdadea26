// jdbc/connect-timeout — MySQL Connector/J's connectTimeout defaults to 0 (no timeout), and WSO2 sets
// none. Tomcat opens connections on the borrowing thread, so during a failover request threads hang
// on connects to the fenced old writer. With Serverless v2 auto-pause, the connect must also outlast
// the resume.
import { defineRule } from '../define';
import { checkDriverTimeout } from './shared/driverTimeoutFinding';
import { SAFE_CONNECT_TIMEOUT_AUTO_PAUSE_MS, SAFE_CONNECT_TIMEOUT_MS } from '../../knowledge/safeValues';
import { autoPauseEnabled } from '../../knowledge/target';

export const connectTimeoutRule = defineRule({
  meta: {
    id: 'jdbc/connect-timeout',
    title: 'No connectTimeout on the MySQL connection',
    defaultSeverity: 'warning',
    tags: ['jdbc', 'aurora'],
    formats: ['carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: false,
    fixable: true,
    rationale:
      "Connector/J's connectTimeout defaults to 0 (wait forever); during a failover the pool opens connections on request threads, which then hang on the fenced old writer.",
  },
  check(ctx) {
    const autoPause = autoPauseEnabled(ctx.options);
    checkDriverTimeout(ctx, {
      name: 'connectTimeout',
      value: autoPause ? SAFE_CONNECT_TIMEOUT_AUTO_PAUSE_MS : SAFE_CONNECT_TIMEOUT_MS,
      what: 'no connect timeout',
      why:
        'During an Aurora failover the old writer is fenced and AWS leaves timing out to the client, so connects hang until the ' +
        'operating system gives up, on the APIM request threads that borrow connections.',
      whyGeneric:
        'When the database host stops answering (a failover, a crashed or partitioned node), connects hang until the operating system ' +
        'gives up, on the APIM request threads that borrow connections.',
      advice: autoPause
        ? ' (ms): auto-pause is on, and the first connect after a pause waits for the resume, which AWS puts at up to 15 s (longer after a long pause).'
        : ' (ms).',
    });
  },
});

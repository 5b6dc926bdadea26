#!/usr/bin/env node
// Failover drill for the `npm start` demo: talks to the demo cluster's control endpoint (scripts/demo/cluster.js).
//   node scripts/demo/control.js failover [rst|fin|none]   (npm run demo:failover)
//   node scripts/demo/control.js recover  [none|rst|fin]   (npm run demo:recover)
//   node scripts/demo/control.js status                    (npm run demo:status)
// The control URL: $AURORA_GUARD_DEMO_CONTROL, else http://127.0.0.1:$AG_DEMO_CONTROL_PORT (13303).
'use strict';
const http = require('node:http');

const base = new URL(process.env.AURORA_GUARD_DEMO_CONTROL || `http://127.0.0.1:${process.env.AG_DEMO_CONTROL_PORT || 13303}`);
const [cmd = 'status', drop] = process.argv.slice(2);
if (!['failover', 'recover', 'status'].includes(cmd)) {
  console.error('usage: control.js failover|recover|status [rst|fin|none]');
  process.exit(2);
}
const url = new URL(cmd === 'status' ? '/status' : `/${cmd}${drop ? `?drop=${encodeURIComponent(drop)}` : ''}`, base);
const req = http.request(
  url,
  { method: cmd === 'status' ? 'GET' : 'POST', headers: { 'x-aurora-guard-demo': '1' }, timeout: 5000 },
  (res) => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (d) => (body += d));
    res.on('end', () => {
      if (res.statusCode !== 200) {
        console.error(`${cmd}: HTTP ${res.statusCode} ${body.trim()}`);
        process.exit(1);
      }
      const s = JSON.parse(body);
      const what = s.target === 'reader' ? 'the READ-ONLY instance (failed over)' : 'the writer';
      console.log(
        `cluster endpoint ${s.endpoint} → ${what} 127.0.0.1:${s.targetPort}; ${s.connections} open connection(s); failovers so far: ${s.failovers}`,
      );
    });
  },
);
req.on('timeout', () => req.destroy(new Error('timed out')));
req.on('error', (e) => {
  console.error(`cannot reach the demo cluster at ${base.origin} (${e.code || e.message}): is \`npm start\` running?`);
  process.exit(1);
});
req.end();

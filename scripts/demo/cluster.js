#!/usr/bin/env node
// The demo's "cluster endpoint": the probe tests' switching TCP proxy (test/probe/switchProxy.ts, transpiled here
// in memory with the project's TypeScript) on a fixed loopback port, in front of the demo's MariaDB writer and
// read-only instance, plus a small HTTP control on loopback to play a failover:
//   GET  /status     {"endpoint","target":"writer"|"reader","targetPort","connections","failovers",…}
//   POST /failover   the endpoint now forwards to the read-only instance, and every open connection is reset
//                    (?drop=rst|fin|none, default rst) — what APIM sees when a failover meets stale DNS
//   POST /recover    forwards to the writer again (?drop=none|rst|fin, default none: connections already on the
//                    read-only instance stay there, as pooled connections do)
// POSTs need the header `X-Aurora-Guard-Demo: 1` (a web page cannot send it without a CORS preflight, which is
// refused) and a loopback Host header (no DNS rebinding). `npm run demo:failover` etc. (control.js) send both.
//   node scripts/demo/cluster.js --listen 13300 --writer 13301 --reader 13302 --control 13303
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const Module = require('node:module');

const ROOT = path.resolve(__dirname, '..', '..');
const HOST = '127.0.0.1';
const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const PORTS = {
  listen: Number(args.listen || process.env.AG_DEMO_ENDPOINT_PORT || 13300),
  writer: Number(args.writer || process.env.AG_DEMO_WRITER_PORT || 13301),
  reader: Number(args.reader || process.env.AG_DEMO_READER_PORT || 13302),
  control: Number(args.control || process.env.AG_DEMO_CONTROL_PORT || 13303),
};
const log = (msg) => console.log(`[cluster ${new Date().toISOString().slice(11, 19)}] ${msg}`);

/** test/probe/switchProxy.ts as a CommonJS module (no build step: `npm start` runs right after `npm ci`). */
function loadSwitchProxy() {
  const file = path.join(ROOT, 'test', 'probe', 'switchProxy.ts');
  const ts = require(path.join(ROOT, 'node_modules', 'typescript'));
  const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  m._compile(outputText, file);
  return m.exports.SwitchProxy;
}

/** A SwitchProxy on a fixed port: start(target, port) where the proxy offers it, else its listen(port). */
async function startProxy(SwitchProxy, target, port) {
  if (SwitchProxy.start.length >= 2) return SwitchProxy.start(target, port);
  const p = Reflect.construct(SwitchProxy, [target]);
  if (typeof p.listen !== 'function') throw new Error('test/probe/switchProxy.ts changed: no way to listen on a fixed port');
  await p.listen(port);
  return p;
}

(async () => {
  const SwitchProxy = loadSwitchProxy();
  const instances = { writer: { host: HOST, port: PORTS.writer }, reader: { host: HOST, port: PORTS.reader } };
  const proxy = await startProxy(SwitchProxy, instances.writer, PORTS.listen);
  const state = { target: 'writer', failovers: 0, since: new Date().toISOString() };
  const status = () => ({
    endpoint: `${HOST}:${proxy.port}`,
    target: state.target,
    targetPort: instances[state.target].port,
    writer: `${HOST}:${PORTS.writer}`,
    reader: `${HOST}:${PORTS.reader}`,
    mode: proxy.mode,
    connections: proxy.connections,
    failovers: state.failovers,
    since: state.since,
  });

  const switchTo = (name, drop) => {
    const open = proxy.connections;
    proxy.switchTo(instances[name]);
    if (drop !== 'none') proxy.dropAll(drop);
    if (name !== state.target) {
      state.target = name;
      state.since = new Date().toISOString();
      if (name === 'reader') state.failovers++;
    }
    log(
      `${name === 'reader' ? 'failover' : 'recover'}: ${HOST}:${proxy.port} → ${name} ${HOST}:${instances[name].port}` +
        (drop === 'none' ? `, ${open} open connection(s) kept` : `, ${open} open connection(s) dropped (${drop})`),
    );
  };

  const server = http.createServer((req, res) => {
    const reply = (code, body) => {
      res.writeHead(code, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body) + '\n');
    };
    const url = new URL(req.url, `http://${HOST}`);
    if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(req.headers.host || '')) return reply(403, { error: 'loopback Host only' });
    if (req.method === 'GET' && (url.pathname === '/status' || url.pathname === '/')) return reply(200, status());
    if (req.method !== 'POST' || !['/failover', '/recover'].includes(url.pathname)) {
      return reply(404, { error: 'GET /status, POST /failover, POST /recover' });
    }
    if (req.headers['x-aurora-guard-demo'] !== '1') return reply(403, { error: 'send the header X-Aurora-Guard-Demo: 1' });
    const failover = url.pathname === '/failover';
    const drop = url.searchParams.get('drop') || (failover ? 'rst' : 'none');
    if (!['rst', 'fin', 'none'].includes(drop)) return reply(400, { error: 'drop must be rst, fin or none' });
    req.resume();
    switchTo(failover ? 'reader' : 'writer', drop);
    reply(200, status());
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(PORTS.control, HOST, resolve);
  });
  log(
    `endpoint ${HOST}:${proxy.port} → writer ${HOST}:${PORTS.writer} (read-only instance ${HOST}:${PORTS.reader}); control http://${HOST}:${PORTS.control}`,
  );

  let stopping = false;
  const stop = async (sig) => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: stopping the endpoint`);
    server.close();
    server.closeAllConnections?.();
    await proxy.close().catch(() => {});
    process.exit(0);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
})().catch((e) => {
  console.error(`[cluster] ${e.code === 'EADDRINUSE' ? `port ${e.port} is in use` : e.stack || e}`);
  process.exit(1);
});

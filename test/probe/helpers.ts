// Shared pieces of the probe suite: the loopback MariaDB pair started by scripts/db/db.sh, admin queries,
// fault injection on the server processes, and leak checks.
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as mysql from 'mysql2/promise';
import { staticPassword, type EndpointOptions } from '../../src/core/probe/endpoint';
import type { WatchEvent } from '../../src/core/probe/watch';

/** Repository root (tests run from out/test/probe). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
const DB_SH = path.join(ROOT, 'scripts', 'db', 'db.sh');

export const HOST = '127.0.0.1';
export const WRITER_PORT = Number(process.env.AG_DB_WRITER_PORT ?? 13306);
export const READER_PORT = Number(process.env.AG_DB_READER_PORT ?? 13307);

/** The probe user on the writer (server-id 1) / the read-only instance (server-id 2). */
export const WRITER: EndpointOptions = {
  host: HOST,
  port: WRITER_PORT,
  user: 'probe',
  database: 'probe_db',
  password: staticPassword('probepw'),
  connectTimeoutMs: 2000,
  queryTimeoutMs: 2000,
};
export const READER: EndpointOptions = { ...WRITER, port: READER_PORT };

export function db(cmd: 'start' | 'stop' | 'pid', name: 'writer' | 'reader'): string {
  return execFileSync('bash', [DB_SH, cmd, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export function serverPid(name: 'writer' | 'reader'): number {
  return Number(db('pid', name));
}

/** kill(SIGSTOP) returns before every thread has stopped: wait until /proc says 'T'. */
export async function sigstop(pid: number): Promise<void> {
  process.kill(pid, 'SIGSTOP');
  const deadline = Date.now() + 2000;
  while (!/\) T /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'))) {
    if (Date.now() > deadline) throw new Error(`pid ${pid} did not stop`);
    await sleep(2);
  }
}

export function sigcont(pid: number): void {
  try {
    process.kill(pid, 'SIGCONT');
  } catch {
    /* gone */
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Run `sql` as the admin user on one instance. */
export async function admin<T = unknown>(port: number, sql: string): Promise<T> {
  const c = await mysql.createConnection({ host: HOST, port, user: 'dba', password: 'dbapw', connectTimeout: 3000 });
  try {
    const [rows] = await c.query(sql);
    return rows as T;
  } finally {
    await c.end();
  }
}

/** Server threads of the probe user on one instance (after a drill: none should remain). */
export async function probeThreads(port: number): Promise<number> {
  const rows = await admin<{ n: number }[]>(port, "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = 'probe'");
  return Number(rows[0].n);
}

/** Wait until `probeThreads(port)` is 0 (a server ends a thread shortly after its client closed). */
export async function noProbeThreads(port: number, withinMs = 2000): Promise<number> {
  const deadline = Date.now() + withinMs;
  let n = await probeThreads(port);
  while (n > 0 && Date.now() < deadline) {
    await sleep(50);
    n = await probeThreads(port);
  }
  return n;
}

/**
 * TCP connections to remote `port` that a process still holds open, from /proc/net/tcp: ESTABLISHED, SYN_SENT,
 * SYN_RECV, CLOSE_WAIT. (FIN_WAIT*, LAST_ACK, CLOSING, TIME_WAIT are sockets already closed, being finished by the kernel.)
 */
export function openSocketsTo(port: number): number {
  return socketStatesTo(port).length;
}

/** States (hex, as in /proc/net/tcp) of the open connections to remote `port`. */
export function socketStatesTo(port: number): string[] {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const lines = fs.readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1);
  return lines
    .filter((l) => {
      const f = l.trim().split(/\s+/);
      if (f.length < 4) return false;
      const remotePort = f[2].split(':')[1];
      const state = f[3];
      return remotePort === hex && ['01', '02', '03', '08'].includes(state);
    })
    .map((l) => l.trim().split(/\s+/)[3]);
}

/** Resolve when an event matching `pred` has arrived (or reject after `ms`). */
export function waitForEvent(events: WatchEvent[], pred: (e: WatchEvent) => boolean, ms: number, what: string): Promise<WatchEvent> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const poll = () => {
      const e = events.find(pred);
      if (e) return resolve(e);
      if (Date.now() - t0 > ms)
        return reject(
          new Error(
            `no ${what} within ${ms} ms; events: ${JSON.stringify(events.map((x) => `${x.t} ${x.channel} ${x.type} ${x.code ?? ''}`))}`,
          ),
        );
      setTimeout(poll, 10);
    };
    poll();
  });
}

export const fmt = (events: WatchEvent[]) =>
  events.map((e) => `${e.t} ${e.channel} ${e.type} ${e.code ?? ''} ${e.role ?? ''} ${e.serverId ?? ''}`).join('\n');

/** db.sh without blocking the event loop (a watch is running meanwhile). */
export function dbAsync(cmd: 'start' | 'stop', name: 'writer' | 'reader'): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('bash', [DB_SH, cmd, name], (err, _out, stderr) => (err ? reject(new Error(`db.sh ${cmd} ${name}: ${stderr}`)) : resolve()));
  });
}

/**
 * A throw-away self-signed certificate for `names` (openssl, generated per test run: nothing is downloaded or
 * committed). For the TLS leg of the simulated IAM logins.
 */
export function selfSignedCert(names: string[] = ['localhost']): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-cert-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    const san = names.map((n) => (/^[\d.]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${names[0]}`,
        '-addext',
        `subjectAltName=${san}`,
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    return { key: fs.readFileSync(key, 'utf8'), cert: fs.readFileSync(cert, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A throw-away certificate authority (openssl, per test run) and server certificates it signs: for the tls verify
 * tests, where the probe trusts this CA (EndpointOptions.tlsCa / --tls-ca) instead of the RDS bundle.
 */
export function testCa(cn = 'Aurora Guard test CA'): { ca: string; issue(names: string[]): { key: string; cert: string } } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-ca-'));
  const run = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    run([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${cn}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-keyout',
      path.join(dir, 'ca.key'),
      '-out',
      path.join(dir, 'ca.pem'),
    ]);
    const ca = fs.readFileSync(path.join(dir, 'ca.pem'), 'utf8');
    const caKey = fs.readFileSync(path.join(dir, 'ca.key'), 'utf8');
    return {
      ca,
      issue(names) {
        const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ag-leaf-'));
        try {
          fs.writeFileSync(path.join(d, 'ca.pem'), ca);
          fs.writeFileSync(path.join(d, 'ca.key'), caKey);
          const san = names.map((n) => (/^[\d.]+$|:/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',');
          fs.writeFileSync(path.join(d, 'ext.cnf'), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
          run([
            'req',
            '-newkey',
            'ec',
            '-pkeyopt',
            'ec_paramgen_curve:prime256v1',
            '-nodes',
            '-subj',
            `/CN=${names[0]}`,
            '-keyout',
            path.join(d, 'key.pem'),
            '-out',
            path.join(d, 'csr.pem'),
          ]);
          run([
            'x509',
            '-req',
            '-in',
            path.join(d, 'csr.pem'),
            '-CA',
            path.join(d, 'ca.pem'),
            '-CAkey',
            path.join(d, 'ca.key'),
            '-CAcreateserial',
            '-days',
            '1',
            '-extfile',
            path.join(d, 'ext.cnf'),
            '-out',
            path.join(d, 'cert.pem'),
          ]);
          return { key: fs.readFileSync(path.join(d, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(d, 'cert.pem'), 'utf8') };
        } finally {
          fs.rmSync(d, { recursive: true, force: true });
        }
      },
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

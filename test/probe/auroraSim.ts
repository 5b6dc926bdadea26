// A SIMULATED Aurora MySQL cluster for tests: one MySQL-protocol server per instance (mysql2's server API)
// on 127.0.0.1, answering what the probe asks: @@version, @@aurora_version, @@aurora_server_id,
// @@innodb_read_only (1 on readers; @@read_only stays 0 there, as on real Aurora), @@server_id,
// connection_id(), information_schema.replica_host_status, the role-aware validation query (raises 1242 on
// a reader), SELECT 1, COM_PING, writes (1290 on a reader). It authenticates mysql_native_password, and, with
// `iam`, IAM database users the way RDS does: TLS required, an auth switch to mysql_clear_password, and the RDS
// IAM auth token checked (SigV4 signature with the test's fake keys, region, rds-db, DBUser = login user,
// expiry) by rdsToken.ts. With `tls` it accepts the MySQL SSLRequest and upgrades (mysql2's server API has no
// TLS: the sim reads the first client packet itself and puts a TLSSocket between the socket and mysql2).
// It can fail over (demote the writer, which reboots: connections dropped, refused for a while; promote a
// reader), take an instance down, and hang one (like SIGSTOP: TCP accepted, nothing answered).
// This is a simulation: it says nothing about how real Aurora evaluates SQL.
import * as mysql from 'mysql2';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { Duplex } from 'node:stream';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { verifyRdsToken, type VerifyResult } from './rdsToken';

type Role = 'writer' | 'reader';

/** The server-side connection methods used here (mysql2's typings omit some). */
interface ServerConn {
  serverHandshake(args: unknown): unknown;
  writeOk(args?: { affectedRows?: number }): void;
  writeError(args: { code: number; message: string }): void;
  writeColumns(columns: unknown[]): void;
  writeTextRow(values: unknown[]): void;
  writeEof(): void;
  on(event: string, listener: (...args: never[]) => void): unknown;
}

interface SimConn {
  conn: ServerConn;
  socket: net.Socket;
  id: number;
  /** The client upgraded to TLS. */
  tls: boolean;
  /** Waiting for the AuthSwitchResponse (mysql_clear_password) of an IAM login. */
  awaitingToken: ((token: string) => void) | null;
}

/** mysql2's server connection internals the sim drives by hand (TLS upgrade, auth switch). */
interface ServerConnInternals {
  stream: net.Socket | tls.TLSSocket;
  packetParser: { execute(chunk: Buffer): void };
  sequenceId: number;
  connectTimeout: NodeJS.Timeout | null;
  write(buf: Buffer): void;
}

export interface IamLogin {
  user: string;
  tls: boolean;
  /** The TLS server name the client asked for (SNI), if any. */
  servername: string | null;
  /** The token received (tests check it appears nowhere else). */
  token: string | null;
  result: VerifyResult | { ok: false; reason: string };
}

interface Instance {
  id: string;
  serverId: number;
  role: Role;
  port: number;
  server: ReturnType<typeof mysql.createServer> | null;
  down: boolean;
  hung: boolean;
  conns: Set<SimConn>;
  sessionId: string;
  /** Work deferred while hung (handshakes, replies). */
  held: (() => void)[];
}

export interface SimOptions {
  user?: string;
  password?: string;
  instances?: string[];
  writer?: string;
  version?: string;
  auroraVersion?: string;
  /** Appended to access-denied messages: lets a test play a server that echoes what it was sent. */
  accessDeniedSuffix?: string;
  /** Accept TLS (the MySQL SSLRequest) with this certificate. */
  tls?: { key: string; cert: string };
  /** IAM database users, authenticated with RDS IAM auth tokens (needs `tls`). */
  iam?: {
    users: string[];
    /** Secret access key per access key id: the fake IAM that signs are checked against. */
    keys: Record<string, string>;
    region: string;
    /** The server's clock (default Date.now): move it to play an expired token. */
    now?: () => number;
    /** Append the token received to the access-denied message (a server that echoes it). */
    echoToken?: boolean;
  };
}

const sha1 = (...parts: Buffer[]) => {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** Split on top-level commas (not inside parentheses or quotes). */
function splitTop(s: string, sep = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let cur = '';
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"' || ch === '`') quote = ch;
    else if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === sep && depth === 0) {
      out.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

class SqlError extends Error {
  constructor(readonly errno: number, message: string) {
    super(message);
  }
}

export class AuroraSim {
  readonly user: string;
  private readonly password: string;
  private readonly version: string;
  private readonly auroraVersion: string;
  private readonly accessDeniedSuffix: string;
  private readonly tlsContext: tls.SecureContext | null;
  private readonly iam: SimOptions['iam'] | null;
  private readonly instances = new Map<string, Instance>();
  /** Every IAM login attempt and how it was judged. */
  readonly iamLogins: IamLogin[] = [];
  private nextConnId = 100;
  /** Every statement received (for tests that check what was sent). */
  readonly statements: string[] = [];

  private constructor(opts: SimOptions) {
    this.user = opts.user ?? 'probe';
    this.password = opts.password ?? 'probepw';
    this.version = opts.version ?? '8.0.32';
    this.auroraVersion = opts.auroraVersion ?? '3.05.2';
    this.accessDeniedSuffix = opts.accessDeniedSuffix ?? '';
    this.tlsContext = opts.tls ? tls.createSecureContext({ key: opts.tls.key, cert: opts.tls.cert }) : null;
    this.iam = opts.iam ?? null;
    const ids = opts.instances ?? ['aurora-sim-1', 'aurora-sim-2', 'aurora-sim-3'];
    const writer = opts.writer ?? ids[0];
    ids.forEach((id, i) => {
      this.instances.set(id, {
        id, serverId: 1000 + i, role: id === writer ? 'writer' : 'reader', port: 0, server: null,
        down: false, hung: false, conns: new Set(), sessionId: id === writer ? 'MASTER_SESSION_ID' : randomUUID(), held: [],
      });
    });
  }

  static async start(opts: SimOptions = {}): Promise<AuroraSim> {
    const sim = new AuroraSim(opts);
    for (const inst of sim.instances.values()) await sim.listen(inst);
    return sim;
  }

  get writer(): string {
    for (const i of this.instances.values()) if (i.role === 'writer') return i.id;
    throw new Error('no writer');
  }

  get ids(): string[] {
    return [...this.instances.keys()];
  }

  port(id: string): number {
    return this.inst(id).port;
  }

  role(id: string): Role {
    return this.inst(id).role;
  }

  connections(id: string): number {
    return this.inst(id).conns.size;
  }

  /**
   * Aurora-style failover: `to` is promoted (its connections are dropped as it restarts as the writer); the
   * old writer is demoted and reboots: its connections are dropped and it refuses connections for
   * `rebootMs`, then comes back as a reader.
   */
  async failover(to: string, opts: { rebootMs?: number } = {}): Promise<void> {
    const old = this.inst(this.writer);
    const next = this.inst(to);
    if (old === next) throw new Error(`${to} is already the writer`);
    old.role = 'reader';
    old.sessionId = randomUUID();
    next.role = 'writer';
    next.sessionId = 'MASTER_SESSION_ID';
    this.dropConnections(next);
    await this.setDown(old.id, true);
    setTimeout(() => void this.setDown(old.id, false), opts.rebootMs ?? 300).unref();
  }

  /** Down: stop listening (connections refused) and drop every connection. Up: listen on the same port again. */
  async setDown(id: string, down: boolean): Promise<void> {
    const inst = this.inst(id);
    if (inst.down === down) return;
    inst.down = down;
    if (down) {
      this.dropConnections(inst);
      const srv = inst.server;
      inst.server = null;
      if (srv) await new Promise<void>((r) => srv.close(() => r()));
    } else {
      await this.listen(inst, inst.port);
    }
  }

  /** Like SIGSTOP: accept TCP but answer nothing until resumed. */
  hang(id: string): void {
    this.inst(id).hung = true;
  }

  resume(id: string): void {
    const inst = this.inst(id);
    inst.hung = false;
    for (const f of inst.held.splice(0)) f();
  }

  async close(): Promise<void> {
    for (const inst of this.instances.values()) {
      inst.held = [];
      this.dropConnections(inst);
      const srv = inst.server;
      inst.server = null;
      if (srv) await new Promise<void>((r) => srv.close(() => r()));
    }
  }

  private inst(id: string): Instance {
    const i = this.instances.get(id);
    if (!i) throw new Error(`no instance ${id}`);
    return i;
  }

  private dropConnections(inst: Instance): void {
    for (const c of [...inst.conns]) c.socket.destroy();
    inst.conns.clear();
  }

  private listen(inst: Instance, port = 0): Promise<void> {
    const server = mysql.createServer(() => undefined);
    server.on('connection', (conn: unknown) => this.onConnection(inst, conn as ServerConn));
    inst.server = server;
    const raw = (server as unknown as { _server: net.Server })._server;
    return new Promise((resolve, reject) => {
      raw.once('error', reject);
      raw.listen(port, '127.0.0.1', () => {
        raw.off('error', reject);
        inst.port = (raw.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  private onConnection(inst: Instance, conn: ServerConn): void {
    const socket = (conn as unknown as { stream: net.Socket }).stream;
    socket.setNoDelay(true); // replies are several packets: without this, Nagle + delayed ACK add ~40 ms
    const c: SimConn = { conn, socket, id: ++this.nextConnId, tls: false, awaitingToken: null };
    inst.conns.add(c);
    socket.on('close', () => inst.conns.delete(c));
    conn.on('error', () => socket.destroy());
    const raw = conn as unknown as { sequenceId: number };
    // mysql2's server side never resets the packet sequence between commands; each client command starts at 0
    const reply = (f: () => void) => {
      const run = () => {
        if (socket.destroyed) return;
        f();
        raw.sequenceId = 0;
      };
      if (inst.hung) inst.held.push(run);
      else run();
    };
    const handshake = () => {
      if (socket.destroyed) return;
      conn.serverHandshake({
        protocolVersion: 10, serverVersion: this.version, connectionId: c.id, statusFlags: 2, characterSet: 33, capabilityFlags: 0xffffff,
        authCallback: (p: { user: string; authPluginData1: Buffer; authPluginData2: Buffer; authToken: Buffer }, cb: (err: unknown, e?: { message: string; code: number }) => void) => {
          if (this.iam?.users.includes(p.user)) return this.authIam(c, p.user, cb);
          const ok = p.user === this.user && this.checkToken(p.authPluginData1, p.authPluginData2, p.authToken);
          cb(null, ok ? undefined : { message: `Access denied for user '${p.user}'@'127.0.0.1' (using password: YES)${this.accessDeniedSuffix}`, code: 1045 });
          raw.sequenceId = 0;
        },
      });
    };
    if (this.tlsContext) this.acceptTls(c);
    // the AuthSwitchResponse of an IAM login arrives as a packet mysql2's dispatcher does not know
    conn.on('packet', (packet: { buffer: Buffer; start: number; end: number }) => {
      const f = c.awaitingToken;
      if (!f) return;
      c.awaitingToken = null;
      f(packet.buffer.subarray(packet.start + 4, packet.end).toString('utf8').replace(/\0$/, ''));
    });
    if (inst.hung) inst.held.push(handshake);
    else handshake();
    conn.on('ping', () => reply(() => conn.writeOk()));
    conn.on('init_db', () => reply(() => conn.writeOk()));
    conn.on('quit', () => socket.end());
    const onQuery = (sql: string) => reply(() => this.answer(inst, c, sql));
    conn.on('query', onQuery);
    // mysql2's server routes statements starting with SET/PREPARE/EXECUTE elsewhere
    conn.on('stmt_prepare', (sql: string) => reply(() => conn.writeError({ code: 1064, message: `unsupported in the simulator: ${sql.slice(0, 40)}` })));
    conn.on('stmt_execute', () => reply(() => conn.writeError({ code: 1064, message: 'unsupported in the simulator' })));
  }

  /**
   * Read the client's first packet before mysql2 does: an SSLRequest (32 bytes, CLIENT_SSL) is answered with a
   * TLS handshake and the rest of the conversation goes through a TLSSocket; anything else goes to mysql2 as is.
   */
  private acceptTls(c: SimConn): void {
    const raw = c.conn as unknown as ServerConnInternals;
    const socket = c.socket;
    socket.removeAllListeners('data'); // mysql2's reader
    let buf = Buffer.alloc(0);
    const first = (chunk: Buffer) => {
      if (raw.connectTimeout) {
        clearTimeout(raw.connectTimeout);
        raw.connectTimeout = null;
      }
      buf = Buffer.concat([buf, chunk]);
      if (buf.length < 4 || buf.length < 4 + buf.readUIntLE(0, 3)) return; // the first packet is not complete yet
      socket.off('data', first);
      const len = buf.readUIntLE(0, 3);
      if (len !== 32 || (buf.readUInt32LE(4) & 0x800) === 0) {
        socket.on('data', (d: Buffer) => raw.packetParser.execute(d));
        raw.packetParser.execute(buf);
        return;
      }
      // TLS bytes may follow the SSLRequest in the same chunk: feed them through a Duplex the TLSSocket reads
      const inner = new Duplex({
        read() {},
        write(ch: Buffer, _enc, cb) {
          if (socket.destroyed) return cb();
          socket.write(ch, () => cb());
        },
        final(cb) {
          socket.end();
          cb();
        },
      });
      inner.on('error', () => socket.destroy());
      socket.on('data', (d: Buffer) => inner.push(d));
      socket.on('end', () => inner.push(null));
      const rest = buf.subarray(4 + len);
      if (rest.length) inner.push(rest);
      const secure = new tls.TLSSocket(inner as unknown as net.Socket, { isServer: true, secureContext: this.tlsContext! });
      secure.on('data', (d: Buffer) => raw.packetParser.execute(d));
      secure.on('error', () => socket.destroy());
      socket.on('close', () => secure.destroy());
      raw.stream = secure; // mysql2 writes through `stream`
      raw.sequenceId = 2; // the SSLRequest was packet 1; the HandshakeResponse is 2
      c.tls = true;
    };
    socket.on('data', first);
  }

  /** An IAM login: TLS required, switch the client to mysql_clear_password, check the token like RDS. */
  private authIam(c: SimConn, user: string, cb: (err: unknown, e?: { message: string; code: number }) => void): void {
    const raw = c.conn as unknown as ServerConnInternals;
    const iam = this.iam!;
    const deny = (token: string | null) => {
      const echo = iam.echoToken && token ? ` [token '${token}']` : '';
      cb(null, { message: `Access denied for user '${user}'@'127.0.0.1' (using password: YES)${this.accessDeniedSuffix}${echo}`, code: 1045 });
      raw.sequenceId = 0;
    };
    if (!c.tls) {
      this.iamLogins.push({ user, tls: false, servername: null, token: null, result: { ok: false, reason: 'IAM authentication needs TLS' } });
      return deny(null);
    }
    c.awaitingToken = (token) => {
      const result = verifyRdsToken(token, { keys: iam.keys, region: iam.region, user, now: (iam.now ?? Date.now)() });
      const sni = (raw.stream as tls.TLSSocket).servername;
      this.iamLogins.push({ user, tls: true, servername: typeof sni === 'string' ? sni : null, token, result });
      if (!result.ok) return deny(token);
      cb(null);
      raw.sequenceId = 0;
    };
    // AuthSwitchRequest: 0xFE, plugin name, NUL, plugin data (a scramble, which mysql_clear_password ignores), NUL
    const payload = Buffer.concat([Buffer.from([0xfe]), Buffer.from('mysql_clear_password\0', 'latin1'), randomBytes(20), Buffer.from([0])]);
    const header = Buffer.from([payload.length & 0xff, (payload.length >> 8) & 0xff, (payload.length >> 16) & 0xff, raw.sequenceId]);
    raw.sequenceId = (raw.sequenceId + 1) % 256;
    raw.write(Buffer.concat([header, payload]));
  }

  private checkToken(s1: Buffer, s2: Buffer, token: Buffer): boolean {
    if (!this.password) return token.length === 0;
    if (token.length !== 20) return false;
    const double = sha1(sha1(Buffer.from(this.password)));
    const mask = sha1(s1.subarray(0, 8), s2.subarray(0, 12), double);
    const stage1 = Buffer.alloc(20);
    for (let i = 0; i < 20; i++) stage1[i] = token[i] ^ mask[i];
    return sha1(stage1).equals(double);
  }

  private answer(inst: Instance, c: SimConn, rawSql: string): void {
    this.statements.push(rawSql);
    const sql = rawSql.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/;\s*$/, '').trim();
    try {
      if (/^(insert|update|delete|replace)\b/i.test(sql)) {
        if (inst.role !== 'writer') throw new SqlError(1290, 'The MySQL server is running with the --read-only option so it cannot execute this statement');
        c.conn.writeOk({ affectedRows: 1 });
        return;
      }
      const m = /^select\s+([\s\S]+?)(?:\s+from\s+([\w.]+))?$/i.exec(sql);
      if (!m) throw new SqlError(1064, 'You have an error in your SQL syntax (simulator)');
      const items = splitTop(m[1]).map((item) => {
        const a = /^([\s\S]+?)\s+as\s+`?(\w+)`?$/i.exec(item);
        return { expr: a ? a[1].trim() : item, name: a ? a[2] : item };
      });
      if (m[2]) {
        if (m[2].toLowerCase() !== 'information_schema.replica_host_status') throw new SqlError(1146, `Table '${m[2]}' doesn't exist`);
        const rows = [...this.instances.values()].filter((i) => !i.down).map((i) => ({
          SERVER_ID: i.id, SESSION_ID: i.sessionId, REPLICA_LAG_IN_MILLISECONDS: i.role === 'writer' ? 0 : 14.5, CPU: 3.5,
          LAST_UPDATE_TIMESTAMP: new Date().toISOString().replace('T', ' ').slice(0, 19),
        } as Record<string, string | number>));
        const cols = items.map((it) => {
          const key = it.expr.toUpperCase();
          if (!rows.length || !(key in rows[0])) throw new SqlError(1054, `Unknown column '${it.expr}' in 'field list'`);
          return { name: it.name, key };
        });
        this.writeRows(c.conn, cols.map((x) => x.name), rows.map((r) => cols.map((x) => r[x.key])));
        return;
      }
      const values = items.map((it) => this.evaluate(inst, c, it.expr));
      this.writeRows(c.conn, items.map((it) => it.name), [values]);
    } catch (e) {
      if (e instanceof SqlError) c.conn.writeError({ code: e.errno, message: e.message });
      else c.conn.writeError({ code: 1105, message: 'simulator error' });
    }
  }

  private variable(inst: Instance, name: string): string | number {
    const vars: Record<string, string | number> = {
      version: this.version,
      aurora_version: this.auroraVersion,
      aurora_server_id: inst.id,
      server_id: inst.serverId,
      innodb_read_only: inst.role === 'reader' ? 1 : 0,
      read_only: 0, // Aurora: the role is only in innodb_read_only
      max_connections: 2000,
      wait_timeout: 28800,
      hostname: `ip-10-0-0-${inst.serverId % 250}`,
    };
    if (!(name in vars)) throw new SqlError(1193, `Unknown system variable '${name}'`);
    return vars[name];
  }

  private evaluate(inst: Instance, c: SimConn, expr: string): string | number {
    const e = expr.trim();
    let m: RegExpExecArray | null;
    if ((m = /^@@(?:global\.|session\.)?(\w+)$/i.exec(e))) return this.variable(inst, m[1].toLowerCase());
    if (/^connection_id\(\s*\)$/i.test(e)) return c.id;
    if (/^-?\d+$/.test(e)) return Number(e);
    if ((m = /^'([^']*)'$/.exec(e))) return m[1];
    if (/^\(\s*select\s+1\s+union\s+all\s+select\s+2\s*\)$/i.test(e)) throw new SqlError(1242, 'Subquery returns more than 1 row');
    if ((m = /^if\s*\(([\s\S]*)\)$/i.exec(e))) {
      const [cond, a, b] = splitTop(m[1]);
      const truthy = cond.split(/\s+or\s+/i).some((x) => Number(this.evaluate(inst, c, x)) !== 0);
      return this.evaluate(inst, c, truthy ? a : b);
    }
    throw new SqlError(1064, `You have an error in your SQL syntax near '${e.slice(0, 30)}' (simulator)`);
  }

  private writeRows(conn: ServerConn, names: string[], rows: (string | number)[][]): void {
    const type = (k: number) => (rows.length && rows.every((r) => typeof r[k] === 'number' && Number.isInteger(r[k])) ? /* LONG */ 3 : /* VAR_STRING */ 253);
    conn.writeColumns(names.map((name, k) => ({
      catalog: 'def', schema: '', table: '', orgTable: '', name, orgName: '', characterSet: 33, columnLength: 384, columnType: type(k), flags: 0, decimals: 0,
    })));
    for (const r of rows) conn.writeTextRow(r.map((v) => String(v)));
    conn.writeEof();
  }
}

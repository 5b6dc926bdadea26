// Connections with hard time bounds. mysql2's own query `timeout` leaves a hung connection alive (the next
// query on it hangs), `ping()` has no timeout at all, and a server that accepts TCP but never sends its
// handshake (SIGSTOP, blackhole) stalls a connect: so every operation here runs under its own timer, and
// on timeout or cancel the connection is destroyed. A session caps how many sockets are open at once and
// tears all of them down when its AbortSignal fires.
import * as mysql from 'mysql2';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { performance } from 'node:perf_hooks';
import { ProbeError, PROBE_CODES, abortedError, hintFor, scrubSecrets, toProbeError } from './errors';
import {
  checkEndpoint,
  connectTimeoutOf,
  endpointLabel,
  isIamAuth,
  queryTimeoutOf,
  tlsConfig,
  type EndpointAuth,
  type EndpointOptions,
} from './endpoint';
import { tokenSecrets } from './iamToken';

export type Row = Record<string, unknown>;

export interface QueryResult {
  rows: Row[];
  /** Round trip, fractional milliseconds. */
  ms: number;
}

export interface SessionOptions {
  /** Most sockets open at the same time (default 4). */
  maxConnections?: number;
  signal?: AbortSignal;
}

/** A set of probe connections that share a connection cap and a cancel. */
export class ProbeSession {
  readonly maxConnections: number;
  private readonly open = new Set<ProbeConnection>();
  // ES private: util.inspect/console.log of a session never shows it
  readonly #secrets = new Set<string>();
  private readonly signal: AbortSignal | undefined;
  private readonly onAbort = () => this.destroyAll();
  private closed = false;

  constructor(opts: SessionOptions = {}) {
    this.maxConnections = opts.maxConnections ?? 4;
    this.signal = opts.signal;
    this.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  /** Sockets currently open (connecting or connected). */
  get openConnections(): number {
    return this.open.size;
  }

  get aborted(): boolean {
    return this.closed || !!this.signal?.aborted;
  }

  /** Scrub every password this session has used out of a text. */
  scrub(text: string): string {
    return scrubSecrets(text, this.#secrets);
  }

  /**
   * Open a connection: TCP + handshake + auth, bounded by the endpoint's connect timeout. `address`: connect the
   * socket to this IP (what a resolver returned) instead of letting the OS resolve the host name; the host name
   * still names the server for TLS (SNI, certificate) and for the IAM token.
   */
  async connect(ep: EndpointOptions, opts: { timeoutMs?: number; signal?: AbortSignal; address?: string } = {}): Promise<ProbeConnection> {
    checkEndpoint(ep);
    const label = endpointLabel(ep);
    if (this.aborted || opts.signal?.aborted) throw abortedError('connect', label);
    if (this.open.size >= this.maxConnections) {
      const message = `probe connection limit (${this.maxConnections}) reached`;
      throw new ProbeError({ code: PROBE_CODES.tooManyConnections, op: 'connect', endpoint: label, message });
    }
    let password: string | undefined;
    try {
      password = ep.password ? await ep.password() : undefined;
    } catch (e) {
      if (e instanceof ProbeError) throw e;
      throw new ProbeError({ code: PROBE_CODES.badOptions, op: 'config', endpoint: label, message: 'the password supplier failed' });
    }
    if (password) {
      this.#secrets.add(password);
      // a token's signature and session token are secrets on their own (a server could echo part of it)
      if (isIamAuth(ep.auth)) for (const s of tokenSecrets(password)) this.#secrets.add(s);
    }
    if (this.aborted || opts.signal?.aborted) throw abortedError('connect', label);
    if (opts.address !== undefined && net.isIP(opts.address) === 0) {
      const message = `connect address ${JSON.stringify(opts.address).slice(0, 60)} is not an IP address`;
      throw new ProbeError({ code: PROBE_CODES.badOptions, op: 'config', endpoint: label, message });
    }
    const timeoutMs = opts.timeoutMs ?? connectTimeoutOf(ep);
    const conn = new ProbeConnection(this, ep, label, password, timeoutMs, opts.address);
    this.open.add(conn);
    conn.whenSocketClosed.then(() => this.open.delete(conn));
    await conn.ready(opts.signal);
    return conn;
  }

  /** Destroy every connection now (cancel). */
  destroyAll(): void {
    for (const c of [...this.open]) c.destroy(abortedError('connect', c.endpoint));
  }

  /** Close every connection politely (COM_QUIT), destroying those that don't close within `graceMs`; wait until all sockets are gone. */
  async close(graceMs = 300): Promise<void> {
    this.closed = true;
    this.signal?.removeEventListener('abort', this.onAbort);
    await Promise.all([...this.open].map((c) => c.close(graceMs)));
  }
}

type Pending = (err: ProbeError) => void;

/** One MySQL connection owned by a session. Create through ProbeSession.connect. */
export class ProbeConnection {
  readonly endpoint: string;
  /** The server's connection id (for KILL), once connected. */
  threadId: number | null = null;
  /** Address of the peer the socket reached (what DNS resolved to at connect time). */
  remoteAddress: string | null = null;
  /** Its port. */
  remotePort: number | null = null;
  /** TCP + handshake + auth time, fractional ms. */
  connectMs = 0;
  /** Resolves once the socket is fully closed, however that happened. */
  readonly whenSocketClosed: Promise<void>;

  // ES private: the driver's connection holds its config (with the password); util.inspect never shows # fields
  readonly #conn: mysql.Connection;
  private readonly session: ProbeSession;
  private readonly queryTimeoutMs: number;
  private readonly auth: EndpointAuth;
  private readonly pending = new Set<Pending>();
  private readonly lostListeners: ((err: ProbeError) => void)[] = [];
  private state: 'connecting' | 'open' | 'closing' | 'closed' = 'connecting';
  private lostError: ProbeError | null = null;
  private connectPromise: Promise<void>;
  private socketClosed = false;
  /** Why tls verify refused the server's certificate name (mysql2 replaces the error's code with HANDSHAKE_SSL_ERROR). */
  private tlsIdentityError: ProbeError | null = null;

  constructor(
    session: ProbeSession,
    ep: EndpointOptions,
    label: string,
    password: string | undefined,
    connectTimeoutMs: number,
    address?: string,
  ) {
    this.session = session;
    this.endpoint = label;
    this.queryTimeoutMs = queryTimeoutOf(ep);
    this.auth = ep.auth ?? 'password';
    const t0 = performance.now();
    // With an address, our own socket goes there and mysql2 keeps `host` as the server's name (TLS servername).
    const socket = address === undefined ? undefined : net.connect({ host: address, port: ep.port });
    socket?.setNoDelay(true);
    this.#conn = mysql.createConnection({
      ...(socket ? { stream: socket } : {}),
      host: ep.host,
      port: ep.port,
      user: ep.user,
      password,
      database: ep.database,
      ssl: tlsConfig(ep.tls, ep.tlsCa).ssl,
      // our own timer (below) fires first and names the cause; the driver's is a backstop
      connectTimeout: connectTimeoutMs + 1000,
      multipleStatements: false,
      // only IAM tokens go out with mysql_clear_password, and only over TLS (checkEndpoint)
      enableCleartextPlugin: isIamAuth(ep.auth),
      supportBigNumbers: true,
      bigNumberStrings: true,
      dateStrings: true,
    });
    if (ep.tls === 'verify') this.checkIdentityOnUpgrade(ep.host, label, socket);
    const stream = (this.#conn as unknown as { stream: net.Socket }).stream;
    this.whenSocketClosed = new Promise<void>((resolve) => {
      if (stream.destroyed && stream.closed) resolve();
      stream.once('close', () => resolve());
    });
    this.whenSocketClosed.then(() => {
      this.socketClosed = true;
      if (this.state === 'open') {
        this.markLost(
          toProbeError({ code: 'PROTOCOL_CONNECTION_LOST', message: 'Connection lost: The server closed the connection.' }, 'query', label),
        );
      }
      this.state = 'closed';
    });
    // Without an 'error' listener a fatal error on an idle connection would crash the process.
    this.#conn.on('error', (err: unknown) => this.markLost(this.wrap(err, this.state === 'connecting' ? 'connect' : 'query')));

    this.connectPromise = new Promise<void>((resolve, reject) => {
      let done = false;
      const finish = (err: ProbeError | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.pending.delete(onFail);
        if (err) {
          this.destroy(err);
          reject(err);
        } else {
          resolve();
        }
      };
      const onFail: Pending = (err) => finish(err);
      this.pending.add(onFail);
      const timer = setTimeout(() => {
        finish(
          new ProbeError({
            code: PROBE_CODES.connectTimeout,
            op: 'connect',
            endpoint: label,
            fatal: true,
            message: `connect to ${label} timed out after ${connectTimeoutMs} ms: no MySQL handshake (endpoint blackholed, or the server is hung)`,
          }),
        );
      }, connectTimeoutMs);
      this.#conn.connect((err: unknown) => {
        if (err) return finish(this.wrap(err, 'connect'));
        this.connectMs = performance.now() - t0;
        this.threadId = (this.#conn as unknown as { threadId: number | null }).threadId ?? null;
        this.remoteAddress = stream.remoteAddress ?? null;
        this.remotePort = stream.remotePort ?? null;
        this.state = 'open';
        finish(null);
      });
    });
    this.connectPromise.catch(() => undefined); // observed through ready()
  }

  /** Wait for the connect to finish (or be cancelled by `signal`). */
  async ready(signal?: AbortSignal): Promise<void> {
    if (!signal) return this.connectPromise;
    const onAbort = () => this.destroy(abortedError('connect', this.endpoint));
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.connectPromise;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  get alive(): boolean {
    return this.state === 'open' && !this.lostError;
  }

  /** Called once when the connection dies without us closing it (server gone, KILL, reset, timeout). */
  onLost(listener: (err: ProbeError) => void): void {
    if (this.lostError) listener(this.lostError);
    else this.lostListeners.push(listener);
  }

  /** Run one statement under its own timer; on timeout the connection is destroyed (mysql2 would leave it hung). */
  query(sql: string, opts: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<QueryResult> {
    const timeoutMs = opts.timeoutMs ?? this.queryTimeoutMs;
    return new Promise<QueryResult>((resolve, reject) => {
      if (!this.alive) {
        const message = `connection to ${this.endpoint} is closed`;
        reject(this.lostError ?? new ProbeError({ code: PROBE_CODES.closed, op: 'query', endpoint: this.endpoint, fatal: true, message }));
        return;
      }
      if (opts.signal?.aborted) return reject(abortedError('query', this.endpoint));
      let done = false;
      const t0 = performance.now();
      const finish = (err: ProbeError | null, rows?: Row[]) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        this.pending.delete(onFail);
        opts.signal?.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve({ rows: rows ?? [], ms: performance.now() - t0 });
      };
      const onFail: Pending = (err) => finish(err);
      const onAbort = () => this.destroy(abortedError('query', this.endpoint));
      this.pending.add(onFail);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const timer = setTimeout(() => {
        const err = new ProbeError({
          code: PROBE_CODES.queryTimeout,
          op: 'query',
          endpoint: this.endpoint,
          fatal: true,
          message: `query on ${this.endpoint} timed out after ${timeoutMs} ms; connection destroyed (server or network hung)`,
        });
        this.destroy(err); // rejects this query through `pending`
      }, timeoutMs);
      this.#conn.query({ sql }, (err: unknown, rows: unknown) => {
        if (err) {
          const pe = this.wrap(err, 'query');
          if (pe.fatal) this.markLost(pe);
          return finish(pe);
        }
        finish(null, Array.isArray(rows) ? (rows as Row[]) : []);
      });
    });
  }

  /** COM_QUIT, then destroy if the server doesn't close within `graceMs`; resolves when the socket is gone. */
  async close(graceMs = 300): Promise<void> {
    if (this.state === 'closed' || this.socketClosed) return;
    if (this.state !== 'open' || this.lostError) {
      this.destroy();
      return this.whenSocketClosed;
    }
    this.state = 'closing';
    const timer = setTimeout(() => this.destroy(), graceMs);
    try {
      this.#conn.end(() => this.destroy());
    } catch {
      this.destroy();
    }
    await this.whenSocketClosed;
    clearTimeout(timer);
  }

  /** Tear the socket down now and fail whatever is pending with `reason`. */
  destroy(reason?: ProbeError): void {
    const message = `connection to ${this.endpoint} closed`;
    const err = reason ?? new ProbeError({ code: PROBE_CODES.closed, op: 'query', endpoint: this.endpoint, fatal: true, message });
    if (reason) this.markLost(reason);
    if (this.state === 'open' || this.state === 'connecting') this.state = 'closing';
    try {
      this.#conn.destroy();
    } catch {
      /* already gone */
    }
    for (const p of [...this.pending]) p(err);
  }

  /**
   * tls verify: once TLS is up and before any credentials are sent, check that the certificate names `host` (the
   * endpoint's name, whatever address the socket went to) with Node's tls.checkServerIdentity. mysql2 has no
   * option for this that works for IP hosts, so its startTLS is wrapped on this one connection; if that method is
   * ever missing (a mysql2 change), the connect fails rather than going on unchecked.
   */
  private checkIdentityOnUpgrade(host: string, label: string, socket: net.Socket | undefined): void {
    const c = this.#conn as unknown as { startTLS?: (onSecure: (err?: unknown) => void) => void; stream: tls.TLSSocket };
    const start = c.startTLS;
    if (typeof start !== 'function') {
      this.#conn.destroy();
      socket?.destroy();
      const message = "tls verify: this mysql2 version offers no way to check the server certificate's name; not connecting";
      throw new ProbeError({ code: PROBE_CODES.badOptions, op: 'config', endpoint: label, message });
    }
    c.startTLS = (onSecure) =>
      start.call(c, (err?: unknown) => {
        if (!err) {
          const cert = c.stream.getPeerCertificate(true);
          if (tls.checkServerIdentity(host, cert) !== undefined) {
            this.tlsIdentityError = new ProbeError({
              code: PROBE_CODES.tlsIdentity,
              op: 'connect',
              endpoint: label,
              fatal: true,
              message:
                `connect to ${label} failed: the server's TLS certificate is not for ${host}: it names ${certificateNames(cert)}` +
                ` (${PROBE_CODES.tlsIdentity}) — ${hintFor(PROBE_CODES.tlsIdentity)}`,
            });
            return onSecure(new Error(this.tlsIdentityError.message));
          }
        }
        onSecure(err);
      });
  }

  private wrap(err: unknown, op: 'connect' | 'query'): ProbeError {
    if (op === 'connect' && this.tlsIdentityError) return this.tlsIdentityError;
    const pe = toProbeError(err, op, this.endpoint, [], this.auth);
    const msg = this.session.scrub(pe.message);
    if (msg === pe.message) return pe;
    return new ProbeError({
      code: pe.code,
      errno: pe.errno,
      sqlState: pe.sqlState,
      op: pe.op,
      fatal: pe.fatal,
      endpoint: pe.endpoint,
      message: msg,
    });
  }

  private markLost(err: ProbeError): void {
    if (this.state === 'connecting') {
      for (const p of [...this.pending]) p(err); // fails the pending connect
      return;
    }
    if (this.state !== 'open' || this.lostError) return; // we are closing it ourselves, or already reported
    this.lostError = err;
    for (const l of this.lostListeners.splice(0)) l(err);
    for (const p of [...this.pending]) p(err);
  }
}

/** The names a certificate is for, as a message shows them: its subjectAltName entries, else its CN. */
function certificateNames(cert: tls.PeerCertificate): string {
  const alt = (cert.subjectaltname ?? '')
    .split(',')
    .map((x) => x.trim().replace(/^IP Address:/, 'IP:'))
    .filter(Boolean);
  if (alt.length) return alt.slice(0, 8).join(', ') + (alt.length > 8 ? `, … (${alt.length} names)` : '');
  const cn = cert.subject?.CN;
  return cn ? `CN=${Array.isArray(cn) ? cn.join(', ') : cn}` : 'no name at all';
}

/**
 * A deterministic model of the Tomcat JDBC pool (tomcat-jdbc 9.0.x, what WSO2 APIM 3.x/4.x ships), replayed
 * over a recorded failover timeline, to say how many writes an application would have lost with a given set
 * of pool settings. It is a discrete-event simulation: no clocks, no randomness, same input → same output.
 *
 * The world (PoolTimeline)
 *   - route: where a NEW connection made through the endpoint lands at time t: an instance, `refused`
 *     (connection refused: instance rebooting) or `blackhole` (SYN/handshake never answered).
 *   - instances: each instance's state over time: writer | reader | down | hung | silent. Connecting to a `down`
 *     instance is refused; a `hung` one accepts TCP but never answers; a `silent` one (host gone, packets dropped)
 *     answers nothing: connects time out, and statements on its connections wait until socketTimeout, else until
 *     the OS gives up retransmitting (no RST ever arrives).
 *   - resets: times at which every existing connection (to one instance, or to all) is reset. Entering
 *     `down` resets the instance's connections too. A reset connection stays in the pool, dead, until
 *     something notices: the driver fails any statement on it at once.
 *
 * The application (PoolWorkload): `workers` threads; each borrows a connection every `borrowEveryMs`
 * (or as soon as the previous operation ends, if later), runs one autocommit write, and returns it.
 * A write succeeds only on a live connection to an instance that is the writer at that moment; on a reader
 * it fails with 1290 (the connection stays, exactly like a real pool: 1290 doesn't discard a connection).
 *
 * The pool (ConnectionPool / PooledConnection rules, as in the Tomcat source):
 *   1. Borrow takes the most recently returned idle connection (FairBlockingQueue is LIFO for items).
 *   2. maxAge: if `now - lastConnected > maxAge` the connection is reconnected on borrow, without running
 *      the validation query first (forceReconnect).
 *   3. testOnBorrow: validate, unless the connection was validated less than validationInterval ago: such
 *      a connection is handed out UNVALIDATED. A new connection has never been validated, so its first
 *      borrow validates it; `lastValidated` survives a reconnect (it belongs to the pool slot).
 *   4. Validation = execute the query; only an exception fails it (the result is ignored). It raises on a
 *      dead connection, on a hung one after socketTimeout (never, if 0), and on a reader only if the query
 *      raises on read-only instances (`validationRaisesOnReader`: the role-aware query does, SELECT 1 doesn't).
 *   5. Failed validation → ONE reconnect, to wherever the endpoint routes now, then validate again (the
 *      interval check sees the old lastValidated, so this validation runs). Reconnect or second validation
 *      fails → the slot is released and the borrow throws.
 *   6. No idle connection and size < maxActive → create one: connect, and hand it out WITHOUT validation
 *      (VALIDATE_INIT only runs with testOnConnect/initSQL). Else wait up to maxWait for a returned one
 *      (PoolExhaustedException after maxWait); a released slot wakes one waiter with an empty slot that it
 *      connects itself.
 *   7. Return: a connection past maxAge is closed instead of going back to the idle queue.
 *   8. Cleaner, every timeBetweenEvictionRunsMillis when enabled (minEvictableIdleTime > 0, testWhileIdle,
 *      or maxAge > 0): closes idle connections idle longer than minEvictableIdleTime while size > minIdle;
 *      with testWhileIdle validates idle ones (same interval rule) and closes those that fail; with maxAge
 *      closes idle ones past maxAge.
 *   9. Timeouts: connectTimeout bounds connecting to a blackholed or hung endpoint (0 → the OS's ~127 s SYN
 *      timeout for a blackhole, forever for a hung server); socketTimeout bounds every statement on a hung
 *      connection (0 → until the server resumes) and kills the connection when it fires. validationQueryTimeout
 *      is not modelled: Connector/J implements it with a KILL QUERY over a NEW connection to the same host,
 *      which can't help against a dead or hung host.
 *
 * Simplifications (stated in every verdict): operations take fixed times (PoolWorkload), the state that
 * decides an operation's outcome is the one at its start (a hung operation waits for the state to change),
 * the cleaner's own validation never blocks, and real drivers add their own delays (the measured pool
 * recovered ~1 s after DNS moved; the model recovers within one borrow interval).
 */
import { OS_CONNECT_TIMEOUT_MS, OS_RETRANSMIT_GIVE_UP_MS } from '../knowledge/timings';

export type InstanceState = 'writer' | 'reader' | 'down' | 'hung' | 'silent';

export interface RoutePoint {
  t: number;
  /** The instance new connections reach from `t` on (absent when `fail` is set). */
  instance?: string;
  fail?: 'refused' | 'blackhole';
}

export interface PoolTimeline {
  durationMs: number;
  route: RoutePoint[];
  instances: Record<string, { t: number; state: InstanceState }[]>;
  resets: { t: number; instance?: string }[];
}

export interface PoolSettings {
  /** Shown in verdicts ("datasource", "recommended", …). */
  label: string;
  testOnBorrow: boolean;
  testWhileIdle: boolean;
  validationQuery: string | null;
  /** Whether the validation query raises on a read-only instance (measured by the lab, or by classification). */
  validationRaisesOnReader: boolean;
  validationIntervalMs: number;
  maxAgeMs: number;
  maxActive: number;
  maxIdle: number;
  minIdle: number;
  initialSize: number;
  maxWaitMs: number;
  timeBetweenEvictionRunsMs: number;
  minEvictableIdleTimeMs: number;
  /** Driver connectTimeout (ms, 0 = none). */
  connectTimeoutMs: number;
  /** Driver socketTimeout (ms, 0 = none). */
  socketTimeoutMs: number;
}

export interface PoolWorkload {
  workers: number;
  borrowEveryMs: number;
  writeMs: number;
  validateMs: number;
  connectMs: number;
}

/** The measured scenario's load: 8 threads, one write every 50 ms each. */
export const DEFAULT_WORKLOAD: PoolWorkload = { workers: 8, borrowEveryMs: 50, writeMs: 1, validateMs: 1, connectMs: 2 };

export type FailureCause =
  | 'connect-refused' // borrow had to connect and the endpoint refused
  | 'connect-timeout' // borrow had to connect and it timed out (blackhole / hung)
  | 'validation-failed' // validation failed, the one reconnect's validation failed too
  | 'pool-exhausted' // maxWait passed without a connection
  | 'connection-error' // the write ran on a dead connection
  | 'read-only' // the write reached a reader / demoted writer (1290)
  | 'socket-timeout'; // the write hung until socketTimeout

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  factor: number;
}

/** The seed article's retry strategy: 5 attempts, 1 s, doubling. */
export const SEED_RETRY_POLICY: RetryPolicy = { attempts: 5, baseDelayMs: 1000, factor: 2 };

/** Offsets of the retries after a failure: 1000, 3000, 7000, 15000, 31000 ms for the seed policy. */
export function retryOffsets(p: RetryPolicy = SEED_RETRY_POLICY): number[] {
  const out: number[] = [];
  let sum = 0;
  for (let k = 0; k < p.attempts; k++) {
    sum += p.baseDelayMs * p.factor ** k;
    out.push(sum);
  }
  return out;
}

export interface RetryVerdict {
  policy: RetryPolicy;
  /** true: every failed write would have succeeded on one of its retries; false: some would not; null: retries fall past the end of the recording. */
  bridged: boolean | null;
  /** Failed writes whose every retry also failed. */
  unbridged: number;
  /** Failed writes whose outcome is unknown (their retries fall after the recording ends). */
  unknown: number;
}

/** How the run starts and what it reports beyond the counts (used by the forecast). */
export interface RunOptions {
  retry?: RetryPolicy;
  /** Start with this many idle connections, already connected and validated at the given times (a pool in steady state). */
  prewarm?: { slots: number; instance: string; connectedAt: number; lastValidated: number };
  /** First run of the pool cleaner (default: one eviction period after the start). */
  cleanerFirstAt?: number;
  /** Skip the retry verdict (the forecast reads only counts and times). */
  noRetryVerdict?: boolean;
  /** `new World(timeline)` built once for many runs of the same timeline. */
  world?: World;
}

/** The pool at the end of the run, for extrapolating past it when the world no longer changes. */
export interface RunTail {
  /** Connections used in the last second that sit on a non-writer or are dead: when each was opened. */
  badRecentConnectedAt: number[];
  /** Operations still blocked at the end (hung statement or connect): when each started and will end. */
  blockedUntil: number[];
  blockedSince: number[];
  /** Failed writes in the last `windowMs` of the run, and that window. */
  recentFailures: number;
  windowMs: number;
}

export interface PoolRunResult {
  label: string;
  settings: PoolSettings;
  writes: number;
  failedWrites: number;
  /** Writes a worker could not even start because its previous operation blocked it (a hung statement or connect). */
  stalledWrites: number;
  failedByCause: Partial<Record<FailureCause, number>>;
  /** Start of the first failed write (ms), null if none. */
  firstFailureMs: number | null;
  /** First successful write after the first failure. */
  firstGoodAfterFailureMs: number | null;
  /** From here on every write succeeded (null: failing until the end). */
  allGoodFromMs: number | null;
  /** From the first failure to allGoodFrom (or to the end when still failing). */
  failingForMs: number;
  /** Writes were still failing in the last round of borrows (the last 2 × borrowEveryMs). */
  stillFailingAtEnd: boolean;
  /** Workers blocked in a hung operation when the run ended. */
  stuckWorkers: number;
  retry: RetryVerdict;
  tail: RunTail;
}

// ---------------------------------------------------------------------------------------------------

function stepAt<T extends { t: number }>(points: readonly T[], t: number): T | undefined {
  let lo = 0;
  let hi = points.length - 1;
  let found: T | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid].t <= t) {
      found = points[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** The timeline, indexed for lookups; build once and pass as RunOptions.world to replay one timeline many times. */
export class World {
  private readonly route: RoutePoint[];
  private readonly states: Record<string, { t: number; state: InstanceState }[]>;
  /** Per instance: sorted times at which its connections die. */
  private readonly kills = new Map<string, number[]>();
  private readonly allKills: number[];

  constructor(tl: PoolTimeline) {
    const byT = <T extends { t: number }>(a: T[]) => [...a].sort((x, y) => x.t - y.t);
    this.route = byT(tl.route);
    this.states = Object.fromEntries(Object.entries(tl.instances).map(([k, v]) => [k, byT(v)]));
    this.allKills = tl.resets.filter((r) => r.instance === undefined).map((r) => r.t).sort((a, b) => a - b);
    for (const [id, pts] of Object.entries(this.states)) {
      const k = tl.resets.filter((r) => r.instance === id).map((r) => r.t);
      for (let i = 0; i < pts.length; i++) if (pts[i].state === 'down' && (i === 0 || pts[i - 1].state !== 'down')) k.push(pts[i].t);
      this.kills.set(id, k.sort((a, b) => a - b));
    }
  }

  routeAt(t: number): RoutePoint {
    return stepAt(this.route, t) ?? { t: 0, fail: 'refused' };
  }

  stateAt(instance: string, t: number): InstanceState {
    const pts = this.states[instance] ?? [];
    // before its first observation an instance is taken to be in the state it was first seen in
    return (stepAt(pts, t) ?? pts[0])?.state ?? 'writer';
  }

  /** When the current unanswered period (`hung`, then possibly `silent`) of `instance` ends (Infinity if never). */
  hungUntil(instance: string, t: number): number {
    const pts = this.states[instance] ?? [];
    for (const p of pts) if (p.t > t && p.state !== 'hung' && p.state !== 'silent') return p.t;
    return Infinity;
  }

  /** When `instance` goes silent at or after `t` within its current unanswered period (Infinity if it doesn't). */
  silentFrom(instance: string, t: number): number {
    if (this.stateAt(instance, t) === 'silent') return t;
    const pts = this.states[instance] ?? [];
    for (const p of pts) {
      if (p.t <= t) continue;
      if (p.state === 'silent') return p.t;
      if (p.state !== 'hung') return Infinity;
    }
    return Infinity;
  }

  /** A connection made at `since` to `instance` has been reset by time `t`. */
  killedBetween(instance: string, since: number, t: number): boolean {
    const hit = (a: number[]) => a.some((k) => k > since && k <= t);
    return hit(this.allKills) || hit(this.kills.get(instance) ?? []);
  }
}

interface Slot {
  id: number;
  instance: string | null;
  connectedAt: number;
  lastValidated: number;
  /** Timestamp of the last borrow/return (Tomcat's con.getTimestamp(), used by idle eviction). */
  stamp: number;
  /** Last handed to a worker (for the run's tail: which connections are in use). */
  usedAt: number;
  /** Killed by a socket timeout (independent of the timeline). */
  broken: boolean;
  released: boolean;
}

type Ev =
  | { kind: 'borrow'; t: number; w: number }
  | { kind: 'write'; t: number; w: number; slot: Slot; startedAt: number }
  | { kind: 'return'; t: number; w: number; slot: Slot | null; startedAt: number; ok: boolean; cause?: FailureCause }
  | { kind: 'wait-timeout'; t: number; w: number; token: number }
  | { kind: 'cleaner'; t: number };

class Heap {
  private a: { ev: Ev; seq: number }[] = [];
  private seq = 0;
  push(ev: Ev): void {
    this.a.push({ ev, seq: this.seq++ });
    let i = this.a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(this.a[p], this.a[i])) break;
      [this.a[p], this.a[i]] = [this.a[i], this.a[p]];
      i = p;
    }
  }
  pop(): Ev | undefined {
    if (this.a.length === 0) return undefined;
    const top = this.a[0];
    const last = this.a.pop()!;
    if (this.a.length > 0) {
      this.a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.a.length && this.less(this.a[l], this.a[m])) m = l;
        if (r < this.a.length && this.less(this.a[r], this.a[m])) m = r;
        if (m === i) break;
        [this.a[m], this.a[i]] = [this.a[i], this.a[m]];
        i = m;
      }
    }
    return top.ev;
  }
  private less(x: { ev: Ev; seq: number }, y: { ev: Ev; seq: number }): boolean {
    return x.ev.t < y.ev.t || (x.ev.t === y.ev.t && x.seq < y.seq);
  }
}

interface Outcome { ok: boolean; endT: number; cause?: FailureCause }

/** Replay `timeline` against a pool with `settings` under `workload`. */
export function simulatePool(
  timeline: PoolTimeline, settings: PoolSettings, workload: PoolWorkload = DEFAULT_WORKLOAD, opts: RunOptions = {},
): PoolRunResult {
  const retry = opts.retry ?? SEED_RETRY_POLICY;
  const world = opts.world ?? new World(timeline);
  const s = settings;
  const W = workload;
  const end = timeline.durationMs;
  const heap = new Heap();
  const idle: Slot[] = []; // index 0 = most recently returned
  let size = 0;
  let nextId = 1;
  const waiters: { w: number; since: number; token: number }[] = [];
  let waitToken = 0;
  const lastStart: number[] = new Array(W.workers).fill(0);
  const writes: { t: number; ok: boolean; cause?: FailureCause }[] = [];
  let stalled = 0;

  const live = new Set<Slot>();
  const newSlot = (): Slot => {
    const slot: Slot = { id: nextId++, instance: null, connectedAt: -Infinity, lastValidated: -Infinity, stamp: 0, usedAt: -Infinity, broken: false, released: false };
    live.add(slot);
    return slot;
  };
  const dead = (slot: Slot, t: number) => slot.broken || slot.instance === null || world.killedBetween(slot.instance, slot.connectedAt, t);

  /** Open a connection for `slot` at `t`. */
  const connect = (slot: Slot, t: number): Outcome => {
    const r = world.routeAt(t);
    if (r.fail === 'refused') return { ok: false, endT: t + W.connectMs, cause: 'connect-refused' };
    if (r.fail === 'blackhole') return { ok: false, endT: t + (s.connectTimeoutMs > 0 ? s.connectTimeoutMs : OS_CONNECT_TIMEOUT_MS), cause: 'connect-timeout' };
    const inst = r.instance!;
    const st = world.stateAt(inst, t);
    if (st === 'down') return { ok: false, endT: t + W.connectMs, cause: 'connect-refused' };
    if (st === 'silent') return { ok: false, endT: t + (s.connectTimeoutMs > 0 ? s.connectTimeoutMs : OS_CONNECT_TIMEOUT_MS), cause: 'connect-timeout' };
    let at = t + W.connectMs;
    if (st === 'hung') {
      // TCP is accepted by the kernel; the handshake waits for the server (Connector/J: connectTimeout, else socketTimeout)
      const cap = s.connectTimeoutMs > 0 ? s.connectTimeoutMs : s.socketTimeoutMs > 0 ? s.socketTimeoutMs : Infinity;
      const resume = world.hungUntil(inst, t);
      if (t + cap <= resume) return { ok: false, endT: t + cap, cause: 'connect-timeout' };
      if (world.stateAt(inst, resume) === 'down') return { ok: false, endT: resume, cause: 'connect-refused' };
      at = resume + W.connectMs;
    }
    slot.instance = inst;
    slot.connectedAt = at;
    slot.broken = false;
    return { ok: true, endT: at };
  };

  /** Run one statement on `slot` at `t`; `raisesOnReader` for the validation query. */
  const execute = (slot: Slot, t: number, ms: number, raisesOnReader: boolean): Outcome & { readOnly?: boolean } => {
    if (dead(slot, t)) return { ok: false, endT: t + ms, cause: 'connection-error' };
    const inst = slot.instance!;
    let at = t;
    const st = world.stateAt(inst, t);
    if (st === 'hung' || st === 'silent') {
      const resume = world.hungUntil(inst, t);
      // no RST from a silent host: the OS gives up retransmitting, unless socketTimeout fires first
      const osCap = world.silentFrom(inst, t) + OS_RETRANSMIT_GIVE_UP_MS - t;
      const cap = s.socketTimeoutMs > 0 ? Math.min(s.socketTimeoutMs, osCap) : osCap;
      if (t + cap <= resume) {
        slot.broken = true; // the driver closes a connection whose socket timed out
        return { ok: false, endT: t + cap, cause: 'socket-timeout' };
      }
      at = resume;
      if (dead(slot, at)) return { ok: false, endT: at + ms, cause: 'connection-error' };
    }
    const reader = world.stateAt(inst, at) !== 'writer';
    if (reader && raisesOnReader) return { ok: false, endT: at + ms, cause: 'read-only', readOnly: true };
    return { ok: true, endT: at + ms };
  };

  /** PooledConnection.validate: true without a query when not due. */
  const validate = (slot: Slot, t: number, enabled: boolean): Outcome => {
    if (!enabled) return { ok: true, endT: t };
    if (s.validationIntervalMs > 0 && t - slot.lastValidated < s.validationIntervalMs) return { ok: true, endT: t };
    const r = execute(slot, t, W.validateMs, s.validationRaisesOnReader);
    if (r.ok) slot.lastValidated = t;
    return { ok: r.ok, endT: r.endT, cause: r.cause };
  };

  const release = (slot: Slot, t: number) => {
    if (slot.released) return;
    slot.released = true;
    live.delete(slot);
    size--;
    // Tomcat: a released slot while threads wait → an empty slot is offered to the first waiter
    const waiter = waiters.shift();
    if (waiter) {
      size++;
      const fresh = newSlot();
      grant(waiter.w, fresh, t, waiter.since);
    }
  };

  /** ConnectionPool.borrowConnection(now, con): maxAge / validation / one reconnect. */
  const borrowExisting = (slot: Slot, t: number): Outcome => {
    const force = slot.instance === null || (s.maxAgeMs > 0 && t - slot.connectedAt > s.maxAgeMs);
    if (!force) {
      const v = validate(slot, t, s.testOnBorrow);
      if (v.ok) return v;
      t = v.endT;
    }
    const c = connect(slot, t);
    if (!c.ok) {
      release(slot, c.endT);
      return c;
    }
    const v2 = validate(slot, c.endT, s.testOnBorrow);
    if (!v2.ok) {
      release(slot, v2.endT);
      return { ok: false, endT: v2.endT, cause: 'validation-failed' };
    }
    return v2;
  };

  /** Continue a borrow that obtained `slot` at `t`. */
  const grant = (w: number, slot: Slot, t: number, startedAt: number) => {
    slot.usedAt = t;
    const b = borrowExisting(slot, t);
    if (!b.ok) heap.push({ kind: 'return', t: b.endT, w, slot: null, startedAt, ok: false, cause: b.cause });
    else heap.push({ kind: 'write', t: b.endT, w, slot, startedAt });
  };

  const create = (w: number, t: number, startedAt: number) => {
    size++;
    const slot = newSlot();
    slot.usedAt = t;
    const c = connect(slot, t);
    if (!c.ok) {
      release(slot, c.endT);
      heap.push({ kind: 'return', t: c.endT, w, slot: null, startedAt, ok: false, cause: c.cause });
      return;
    }
    heap.push({ kind: 'write', t: c.endT, w, slot, startedAt }); // VALIDATE_INIT: no validation without testOnConnect/initSQL
  };

  const giveBack = (slot: Slot, t: number) => {
    if (slot.released) return;
    if (s.maxAgeMs > 0 && t - slot.connectedAt > s.maxAgeMs) return release(slot, t);
    slot.stamp = t;
    const waiter = waiters.shift();
    if (waiter) return grant(waiter.w, slot, t, waiter.since);
    idle.unshift(slot);
  };

  const sweeper = s.minEvictableIdleTimeMs > 0 || s.testWhileIdle || s.maxAgeMs > 0;
  if (sweeper) heap.push({ kind: 'cleaner', t: opts.cleanerFirstAt ?? (s.timeBetweenEvictionRunsMs > 0 ? s.timeBetweenEvictionRunsMs : 30000) });
  const pw = opts.prewarm;
  for (let i = 0; pw && i < pw.slots && size < s.maxActive; i++) {
    size++;
    const slot = newSlot();
    slot.instance = pw.instance;
    slot.connectedAt = pw.connectedAt;
    slot.lastValidated = pw.lastValidated;
    idle.push(slot);
  }
  for (let i = 0; i < s.initialSize && size < s.maxActive; i++) {
    size++;
    const slot = newSlot();
    if (connect(slot, 0).ok) idle.push(slot);
    else release(slot, 0);
  }
  for (let w = 0; w < W.workers; w++) heap.push({ kind: 'borrow', t: (w * W.borrowEveryMs) / W.workers, w });

  let ev: Ev | undefined;
  while ((ev = heap.pop()) && ev.t <= end) {
    const t = ev.t;
    switch (ev.kind) {
      case 'borrow': {
        lastStart[ev.w] = t;
        const slot = idle.shift();
        if (slot) grant(ev.w, slot, t, t);
        else if (size < s.maxActive) create(ev.w, t, t);
        else {
          const token = ++waitToken;
          waiters.push({ w: ev.w, since: t, token });
          heap.push({ kind: 'wait-timeout', t: t + (s.maxWaitMs > 0 ? s.maxWaitMs : Infinity), w: ev.w, token });
        }
        break;
      }
      case 'wait-timeout': {
        const token = ev.token;
        const i = waiters.findIndex((x) => x.token === token);
        if (i >= 0) {
          waiters.splice(i, 1);
          heap.push({ kind: 'return', t, w: ev.w, slot: null, startedAt: ev.t - s.maxWaitMs, ok: false, cause: 'pool-exhausted' });
        }
        break;
      }
      case 'write': {
        const r = execute(ev.slot, t, W.writeMs, true);
        const cause: FailureCause | undefined = r.ok ? undefined : r.cause;
        heap.push({ kind: 'return', t: r.endT, w: ev.w, slot: ev.slot, startedAt: ev.startedAt, ok: r.ok, cause });
        break;
      }
      case 'return': {
        writes.push({ t: ev.startedAt, ok: ev.ok, cause: ev.cause });
        if (t - ev.startedAt > W.borrowEveryMs) stalled += Math.floor((t - ev.startedAt) / W.borrowEveryMs) - 1;
        if (ev.slot) giveBack(ev.slot, t);
        heap.push({ kind: 'borrow', t: Math.max(t, lastStart[ev.w] + W.borrowEveryMs), w: ev.w });
        break;
      }
      case 'cleaner': {
        if (s.minIdle < idle.length) {
          for (const slot of [...idle]) {
            if (idle.length < s.minIdle) break;
            if (s.minEvictableIdleTimeMs > 0 && t - slot.stamp > s.minEvictableIdleTimeMs && size > s.minIdle) {
              idle.splice(idle.indexOf(slot), 1);
              release(slot, t);
            }
          }
        }
        if (s.testWhileIdle) {
          for (const slot of [...idle]) {
            if (!validate(slot, t, true).ok) {
              idle.splice(idle.indexOf(slot), 1);
              release(slot, t);
            }
          }
        }
        if (s.maxAgeMs > 0) {
          for (const slot of [...idle]) {
            if (t - slot.connectedAt > s.maxAgeMs) {
              idle.splice(idle.indexOf(slot), 1);
              release(slot, t);
            }
          }
        }
        heap.push({ kind: 'cleaner', t: t + (s.timeBetweenEvictionRunsMs > 0 ? s.timeBetweenEvictionRunsMs : 30000) });
        break;
      }
    }
  }
  // workers blocked for over a second in an operation that outlasts the run (hung, or connecting without a timeout)
  let stuck = 0;
  const blockedUntil: number[] = [];
  const blockedSince: number[] = [];
  for (; ev; ev = heap.pop()) {
    if ((ev.kind === 'return' || ev.kind === 'write') && ev.startedAt < end - 1000) {
      stuck++;
      blockedUntil.push(ev.t);
      blockedSince.push(ev.startedAt);
    }
  }
  const windowMs = Math.max(1000, 2 * W.borrowEveryMs);
  const badRecentConnectedAt: number[] = [];
  for (const slot of live) {
    if (Math.max(slot.stamp, slot.usedAt) < end - windowMs || slot.instance === null) continue;
    if (dead(slot, end) || world.stateAt(slot.instance, end) !== 'writer') badRecentConnectedAt.push(slot.connectedAt);
  }
  let recentFailures = 0;
  for (const w of writes) if (!w.ok && w.t >= end - windowMs) recentFailures++;
  const tail: RunTail = { badRecentConnectedAt, blockedUntil, blockedSince, recentFailures, windowMs };
  return summarizeRun(s, writes, end, W.borrowEveryMs, stuck, opts.noRetryVerdict ? null : retry, tail, stalled);
}

function summarizeRun(
  s: PoolSettings, writes: { t: number; ok: boolean; cause?: FailureCause }[], end: number, borrowEveryMs: number, stuck: number,
  retry: RetryPolicy | null, tail: RunTail, stalled: number,
): PoolRunResult {
  writes.sort((a, b) => a.t - b.t);
  const failed = writes.filter((x) => !x.ok);
  const failedByCause: Partial<Record<FailureCause, number>> = {};
  for (const f of failed) failedByCause[f.cause!] = (failedByCause[f.cause!] ?? 0) + 1;
  const firstFailure = failed.length ? failed[0].t : null;
  const lastFailure = failed.length ? failed[failed.length - 1].t : null;
  const firstGood = firstFailure === null ? null : writes.find((x) => x.ok && x.t > firstFailure)?.t ?? null;
  const allGood = lastFailure === null ? null : writes.find((x) => x.ok && x.t > lastFailure)?.t ?? null;
  // the last round of borrows (every worker's last write or so) still failed
  const stillFailing = stuck > 0 || failed.some((f) => f.t >= end - 2 * borrowEveryMs);
  const failingFor = firstFailure === null ? 0 : (stillFailing || allGood === null ? end : allGood) - firstFailure;
  return {
    label: s.label, settings: s, writes: writes.length, failedWrites: failed.length, stalledWrites: stalled, failedByCause,
    firstFailureMs: firstFailure === null ? null : Math.round(firstFailure),
    firstGoodAfterFailureMs: firstGood === null ? null : Math.round(firstGood),
    allGoodFromMs: stillFailing || allGood === null ? null : Math.round(allGood),
    failingForMs: Math.round(failingFor), stillFailingAtEnd: stillFailing, stuckWorkers: stuck,
    retry: retry
      ? retryVerdict(failed.map((f) => f.t), (t) => outcomeAfter(writes, t), end, retry)
      : { policy: SEED_RETRY_POLICY, bridged: null, unbridged: 0, unknown: failed.length },
    tail,
  };
}

/** Outcome of the first write that started at or after `t` (null when none). */
function outcomeAfter(writes: { t: number; ok: boolean }[], t: number): boolean | null {
  let lo = 0;
  let hi = writes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (writes[mid].t < t) lo = mid + 1;
    else hi = mid;
  }
  return lo < writes.length ? writes[lo].ok : null;
}

/** Would retrying each failure at the policy's offsets have succeeded? `okAt(t)` tells whether an attempt at t succeeds. */
export function retryVerdict(failures: number[], okAt: (t: number) => boolean | null, end: number, policy: RetryPolicy = SEED_RETRY_POLICY): RetryVerdict {
  const offsets = retryOffsets(policy);
  let unbridged = 0;
  let unknown = 0;
  for (const f of failures) {
    let outcome: boolean | null = false;
    for (const o of offsets) {
      if (f + o > end) {
        outcome = null;
        break;
      }
      if (okAt(f + o) === true) {
        outcome = true;
        break;
      }
    }
    if (outcome === false) unbridged++;
    else if (outcome === null) unknown++;
  }
  return { policy, bridged: unbridged > 0 ? false : unknown > 0 ? null : true, unbridged, unknown };
}


// The pool's state machine, as in tomcat-jdbc's ConnectionPool / PooledConnection (rules 1–8 of kernel/index.ts):
// borrow (idle LIFO, create, or wait), validate (the interval rule), one reconnect, return, release, and the cleaner.
// Whatever happens later (a write, a connection handed back, a waiter giving up) goes on the event queue.
import type { Driver, Outcome, Slot } from './driver';
import type { EventQueue } from './events';
import type { PoolSettings, PoolWorkload, RunOptions } from './types';

interface Waiter { w: number; since: number; token: number }

export class Pool {
  /** Idle connections; index 0 = most recently returned. */
  readonly idle: Slot[] = [];
  /** Every slot not released (idle or in use). */
  readonly live = new Set<Slot>();
  /** Borrowers waiting for a connection, first come first served. */
  readonly waiters: Waiter[] = [];
  /** The cleaner runs at all (Tomcat starts it when something needs sweeping). */
  readonly cleaner: boolean;
  /** timeBetweenEvictionRunsMillis, Tomcat's 30 s when not set. */
  readonly evictionPeriodMs: number;
  private size = 0;
  private nextId = 1;
  private waitToken = 0;

  constructor(
    private readonly s: PoolSettings,
    private readonly W: PoolWorkload,
    private readonly driver: Driver,
    private readonly events: EventQueue,
  ) {
    this.cleaner = s.minEvictableIdleTimeMs > 0 || s.testWhileIdle || s.maxAgeMs > 0;
    this.evictionPeriodMs = s.timeBetweenEvictionRunsMs > 0 ? s.timeBetweenEvictionRunsMs : 30000;
  }

  /** The connections the pool starts with: a steady state's prewarmed ones, then initialSize connected at 0. */
  fill(prewarm: RunOptions['prewarm']): void {
    const s = this.s;
    for (let i = 0; prewarm && i < prewarm.slots && this.size < s.maxActive; i++) {
      this.size++;
      const slot = this.newSlot();
      slot.instance = prewarm.instance;
      slot.connectedAt = prewarm.connectedAt;
      slot.lastValidated = prewarm.lastValidated;
      this.idle.push(slot);
    }
    for (let i = 0; i < s.initialSize && this.size < s.maxActive; i++) {
      this.size++;
      const slot = this.newSlot();
      if (this.driver.connect(slot, 0).ok) this.idle.push(slot);
      else this.release(slot, 0);
    }
  }

  /** Worker `w` asks for a connection at `t`: the most recent idle one, a new one, or a place in the wait queue. */
  borrow(w: number, t: number): void {
    const slot = this.idle.shift();
    if (slot) this.grant(w, slot, t, t);
    else if (this.size < this.s.maxActive) this.create(w, t, t);
    else {
      const token = ++this.waitToken;
      this.waiters.push({ w, since: t, token });
      this.events.push({ kind: 'wait-timeout', t: t + (this.s.maxWaitMs > 0 ? this.s.maxWaitMs : Infinity), w, token });
    }
  }

  /** maxWait has passed for the wait `token` of worker `w`: unless it was served, the borrow throws. */
  waitTimedOut(w: number, token: number, t: number): void {
    const i = this.waiters.findIndex((x) => x.token === token);
    if (i >= 0) {
      this.waiters.splice(i, 1);
      this.events.push({ kind: 'return', t, w, slot: null, startedAt: t - this.s.maxWaitMs, ok: false, cause: 'pool-exhausted' });
    }
  }

  /** Return: a connection past maxAge is closed; else it goes to a waiter or back to the idle queue. */
  giveBack(slot: Slot, t: number): void {
    if (slot.released) return;
    if (this.s.maxAgeMs > 0 && t - slot.connectedAt > this.s.maxAgeMs) return this.release(slot, t);
    slot.stamp = t;
    const waiter = this.waiters.shift();
    if (waiter) return this.grant(waiter.w, slot, t, waiter.since);
    this.idle.unshift(slot);
  }

  /** One run of the pool cleaner (PoolCleaner): idle eviction, testWhileIdle, maxAge. */
  clean(t: number): void {
    const { s } = this;
    if (s.minIdle < this.idle.length) {
      this.evictIdle(t, (slot, idleLeft) => idleLeft >= s.minIdle && s.minEvictableIdleTimeMs > 0 && t - slot.stamp > s.minEvictableIdleTimeMs && this.size > s.minIdle);
    }
    if (s.testWhileIdle) this.evictIdle(t, (slot) => !this.validate(slot, t, true).ok);
    if (s.maxAgeMs > 0) this.evictIdle(t, (slot) => t - slot.connectedAt > s.maxAgeMs);
  }

  /**
   * Closes the idle connections `evict` picks, in queue order, compacting the queue in one pass: a splice per closed
   * connection made a cleaner run quadratic in the pool's size. `idleLeft` is the queue's length as seen so far.
   */
  private evictIdle(t: number, evict: (slot: Slot, idleLeft: number) => boolean): void {
    const idle = this.idle;
    const n = idle.length;
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const slot = idle[i];
      if (evict(slot, n - (i - kept))) this.release(slot, t);
      else idle[kept++] = slot;
    }
    idle.length = kept;
  }

  private newSlot(): Slot {
    const slot: Slot = { id: this.nextId++, instance: null, connectedAt: -Infinity, lastValidated: -Infinity, stamp: 0, usedAt: -Infinity, broken: false, released: false };
    this.live.add(slot);
    return slot;
  }

  /** PooledConnection.validate: true without a query when not due. */
  private validate(slot: Slot, t: number, enabled: boolean): Outcome {
    const s = this.s;
    if (!enabled) return { ok: true, endT: t };
    if (s.validationIntervalMs > 0 && t - slot.lastValidated < s.validationIntervalMs) return { ok: true, endT: t };
    const r = this.driver.execute(slot, t, this.W.validateMs, s.validationRaisesOnReader);
    if (r.ok) slot.lastValidated = t;
    return { ok: r.ok, endT: r.endT, cause: r.cause };
  }

  private release(slot: Slot, t: number): void {
    if (slot.released) return;
    slot.released = true;
    this.live.delete(slot);
    this.size--;
    // Tomcat: a released slot while threads wait → an empty slot is offered to the first waiter
    const waiter = this.waiters.shift();
    if (waiter) {
      this.size++;
      const fresh = this.newSlot();
      this.grant(waiter.w, fresh, t, waiter.since);
    }
  }

  /** ConnectionPool.borrowConnection(now, con): maxAge / validation / one reconnect. */
  private borrowExisting(slot: Slot, t: number): Outcome {
    const s = this.s;
    const force = slot.instance === null || (s.maxAgeMs > 0 && t - slot.connectedAt > s.maxAgeMs);
    if (!force) {
      const v = this.validate(slot, t, s.testOnBorrow);
      if (v.ok) return v;
      t = v.endT;
    }
    const c = this.driver.connect(slot, t);
    if (!c.ok) {
      this.release(slot, c.endT);
      return c;
    }
    const v2 = this.validate(slot, c.endT, s.testOnBorrow);
    if (!v2.ok) {
      this.release(slot, v2.endT);
      return { ok: false, endT: v2.endT, cause: 'validation-failed' };
    }
    return v2;
  }

  /** Continue a borrow that obtained `slot` at `t`. */
  private grant(w: number, slot: Slot, t: number, startedAt: number): void {
    slot.usedAt = t;
    const b = this.borrowExisting(slot, t);
    if (!b.ok) this.events.push({ kind: 'return', t: b.endT, w, slot: null, startedAt, ok: false, cause: b.cause });
    else this.events.push({ kind: 'write', t: b.endT, w, slot, startedAt });
  }

  private create(w: number, t: number, startedAt: number): void {
    this.size++;
    const slot = this.newSlot();
    slot.usedAt = t;
    const c = this.driver.connect(slot, t);
    if (!c.ok) {
      this.release(slot, c.endT);
      this.events.push({ kind: 'return', t: c.endT, w, slot: null, startedAt, ok: false, cause: c.cause });
      return;
    }
    this.events.push({ kind: 'write', t: c.endT, w, slot, startedAt }); // VALIDATE_INIT: no validation without testOnConnect/initSQL
  }
}

// The simulation's clock: what happens next is the earliest queued event; events due at the same time run in the
// order they were queued (a binary heap with a sequence number keeps runs deterministic).
import type { Slot } from './driver';
import type { FailureCause } from './types';

/** A worker borrows, writes or gets its connection back; a waiter's maxWait ends; the pool cleaner runs. */
export type SimEvent =
  | { kind: 'borrow'; t: number; w: number }
  | { kind: 'write'; t: number; w: number; slot: Slot; startedAt: number }
  | { kind: 'return'; t: number; w: number; slot: Slot | null; startedAt: number; ok: boolean; cause?: FailureCause }
  | { kind: 'wait-timeout'; t: number; w: number; token: number }
  | { kind: 'cleaner'; t: number };

export class EventQueue {
  private a: { ev: SimEvent; seq: number }[] = [];
  private seq = 0;
  push(ev: SimEvent): void {
    this.a.push({ ev, seq: this.seq++ });
    let i = this.a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.less(this.a[p], this.a[i])) break;
      [this.a[p], this.a[i]] = [this.a[i], this.a[p]];
      i = p;
    }
  }
  pop(): SimEvent | undefined {
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
  /** Some queued event matches (a scan: the heap holds about one event per worker). */
  some(pred: (ev: SimEvent) => boolean): boolean {
    return this.a.some((x) => pred(x.ev));
  }
  private less(x: { ev: SimEvent; seq: number }, y: { ev: SimEvent; seq: number }): boolean {
    return x.ev.t < y.ev.t || (x.ev.t === y.ev.t && x.seq < y.seq);
  }
}

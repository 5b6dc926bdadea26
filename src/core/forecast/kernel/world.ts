// The world the pool runs in: where a new connection through the endpoint lands at each moment, each instance's state
// over time, and when connections are reset (kernel/index.ts describes the model). Indexed once for many runs.

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

/** The last point at or before `t` (points sorted by time). */
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

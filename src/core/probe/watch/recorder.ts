// The recording of a watch in the pool model's terms (routes, instance states, resets), built as it runs, so the
// pool model can replay it (poolVerdict) and tools can keep it (WatchResult.timeline).
import type { Role } from '../identify';
import type { PoolTimeline } from '../../forecast/kernel';
import type { WatchChannel } from './types';

/** Collects the recording in the pool model's terms: routes, instance states, resets. */
export class TimelineRecorder {
  private readonly route: PoolTimeline['route'] = [];
  private readonly instances: PoolTimeline['instances'] = {};
  private readonly resets: PoolTimeline['resets'] = [];
  private lastInstance: string | null = null;

  private setRoute(t: number, p: { instance?: string; fail?: 'refused' | 'blackhole' }) {
    const last = this.route[this.route.length - 1];
    if (last && last.instance === p.instance && last.fail === p.fail) return;
    this.route.push({ t: this.route.length === 0 ? 0 : t, ...p });
  }

  private setState(id: string, t: number, state: 'writer' | 'reader' | 'hung') {
    const pts = (this.instances[id] ??= []);
    const last = pts[pts.length - 1];
    if (last?.state === state) return;
    pts.push({ t, state });
  }

  observed(channel: WatchChannel, t: number, role: Role, serverId: string) {
    this.setState(serverId, t, role);
    if (channel === 'fresh') {
      this.setRoute(t, { instance: serverId });
      this.lastInstance = serverId;
    }
  }

  /** A timeout means the instance (or the path to it) hangs: existing connections and new connects stall. */
  hung(t: number, serverId: string | null) {
    const id = serverId ?? this.lastInstance;
    if (id) {
      this.setState(id, t, 'hung');
      this.setRoute(t, { instance: id });
    } else this.setRoute(t, { fail: 'blackhole' });
  }

  refused(t: number) {
    this.setRoute(t, { fail: 'refused' });
  }

  reset(t: number, serverId: string | null) {
    this.resets.push(serverId ? { t, instance: serverId } : { t });
  }

  build(durationMs: number): PoolTimeline {
    return { durationMs, route: [...this.route], instances: structuredClone(this.instances), resets: [...this.resets] };
  }
}

// The failure scenarios the forecast replays, as pool-model timelines. Each number comes from
// src/core/knowledge/timings.ts, where its source is named; docs/forecast.md explains each scenario.
// Times are relative to the fault at t = 0; instance A is the writer before it, B the one promoted.
import { AURORA_DNS_TTL_S, FAILOVER_REFUSE_MS, JDK_DEFAULT_DNS_TTL_S, RESUME_LONG_PAUSE_MS } from '../knowledge/timings';
import type { PoolTimeline } from './kernel';

export type ScenarioId = 'aurora-failover' | 'auto-pause-resume' | 'hung-writer' | 'blackhole';
export const SCENARIO_IDS: readonly ScenarioId[] = ['aurora-failover', 'auto-pause-resume', 'hung-writer', 'blackhole'];

/** How long the writer hangs, or is black-holed, before Aurora fails over (the definition of the scenarios). */
export const HANG_BEFORE_FAILOVER_MS = 60000;
/** A pool recovers "in time" when it does within this long after the endpoint first reaches a healthy writer. */
export const RECOVERY_SLACK_MS = 15000;
/**
 * During an auto-pause resume connections are accepted and wait: a pool whose timeouts outlast the resume loses only
 * the requests that hit connections dropped by the pause, within its validation interval. Later failures are beyond
 * the bound.
 */
export const AUTO_PAUSE_BOUND_MS = 5000;

export interface ScenarioContext {
  /** The JVM DNS cache TTL in effect (s); null = the JDK default (JDK_DEFAULT_DNS_TTL_S). */
  dnsTtlS: number | null;
  /** Auto-pause resume time (ms); default RESUME_LONG_PAUSE_MS, the worst case AWS gives (a pause of more than 24 h). */
  resumeMs?: number;
}

export interface Scenario {
  id: ScenarioId;
  /** One line for humans: what happens. */
  title: string;
  /** The world from t = 0 (the fault) on; `durationMs` is set by the forecast. */
  timeline: Omit<PoolTimeline, 'durationMs'>;
  /** From here on nothing in the world changes (the endpoint reaches a healthy writer for good). */
  staticFromMs: number;
  /** Recovery later than this (after the fault) is reported as beyond the scenario's bound. */
  boundMs: number;
}

/** A JVM that caches DNS forever (a negative TTL) keeps the old address until restart: an hour stands for that. */
export const FOREVER_DNS_TTL_S = 3600;

/** How long, after a failover, new connections still resolve the cluster endpoint to the old writer. */
export function staleDnsMs(ctx: ScenarioContext): number {
  const ttl = ctx.dnsTtlS ?? JDK_DEFAULT_DNS_TTL_S;
  return (AURORA_DNS_TTL_S + (ttl < 0 ? FOREVER_DNS_TTL_S : ttl)) * 1000;
}

/** A failover at `at`: A demoted (or gone), B promoted; connects refused for a while, then stale DNS to A, then B. */
function failoverAt(at: number, stale: number): Pick<PoolTimeline, 'route'> {
  return {
    route: [
      { t: at, fail: 'refused' },
      { t: at + FAILOVER_REFUSE_MS, instance: 'A' },
      { t: at + FAILOVER_REFUSE_MS + stale, instance: 'B' },
    ],
  };
}

export function buildScenario(id: ScenarioId, ctx: ScenarioContext): Scenario {
  const stale = staleDnsMs(ctx);
  const settle = (readyAt: number) => ({ staticFromMs: readyAt, boundMs: readyAt + RECOVERY_SLACK_MS });
  switch (id) {
    case 'aurora-failover': {
      const ready = FAILOVER_REFUSE_MS + stale;
      return {
        id,
        title: `writer demoted and its connections reset; connects refused ${FAILOVER_REFUSE_MS / 1000} s; the endpoint resolves to the old writer for ${stale / 1000} s (5 s DNS TTL + JVM DNS cache)`,
        timeline: {
          route: [{ t: -1, instance: 'A' }, ...failoverAt(0, stale).route],
          instances: {
            A: [
              { t: -1, state: 'writer' },
              { t: 0, state: 'reader' },
            ],
            B: [
              { t: -1, state: 'reader' },
              { t: 0, state: 'writer' },
            ],
          },
          resets: [{ t: 0 }],
        },
        ...settle(ready),
      };
    }
    case 'auto-pause-resume': {
      const resume = ctx.resumeMs ?? RESUME_LONG_PAUSE_MS;
      return {
        id,
        title: `Serverless v2 auto-pause: every connection dropped; new connections wait ${resume / 1000} s for the resume`,
        timeline: {
          route: [{ t: -1, instance: 'A' }],
          instances: {
            A: [
              { t: -1, state: 'writer' },
              { t: 0, state: 'hung' },
              { t: resume, state: 'writer' },
            ],
          },
          resets: [{ t: 0 }],
        },
        staticFromMs: resume,
        boundMs: AUTO_PAUSE_BOUND_MS,
      };
    }
    case 'hung-writer': {
      const at = HANG_BEFORE_FAILOVER_MS;
      return {
        id,
        title: `the writer stops answering (no RST) for ${at / 1000} s, then a failover (the old host stays silent)`,
        timeline: {
          route: [{ t: -1, instance: 'A' }, ...failoverAt(at, stale).route],
          instances: {
            A: [
              { t: -1, state: 'writer' },
              { t: 0, state: 'hung' },
              { t: at, state: 'silent' },
            ],
            B: [
              { t: -1, state: 'reader' },
              { t: at, state: 'writer' },
            ],
          },
          resets: [],
        },
        ...settle(at + FAILOVER_REFUSE_MS + stale),
      };
    }
    case 'blackhole': {
      const at = HANG_BEFORE_FAILOVER_MS;
      return {
        id,
        title: `packets to the writer dropped (SYNs unanswered) for ${at / 1000} s, then a failover`,
        timeline: {
          route: [{ t: -1, instance: 'A' }, { t: 0, fail: 'blackhole' }, ...failoverAt(at, stale).route],
          instances: {
            A: [
              { t: -1, state: 'writer' },
              { t: 0, state: 'silent' },
            ],
            B: [
              { t: -1, state: 'reader' },
              { t: at, state: 'writer' },
            ],
          },
          resets: [],
        },
        ...settle(at + FAILOVER_REFUSE_MS + stale),
      };
    }
  }
}

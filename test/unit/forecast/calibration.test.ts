// The forecast against what a real Tomcat pool did (../shared/docs/pool-ground-truth.md, tabled in docs/forecast.md):
// every measured profile replayed through the forecast's own path (thinned workload, steady-state start at the
// measured fault time, the aurora-failover scenario with the measured 3 s refusal and 8 s of stale DNS), asserting
// pinned or not, and the recovery within ±3 s of the measured value where it recovers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WSO2_DEFAULT_POOL } from '../../../src/core/forecast/policy';
import type { PoolSettings } from '../../../src/core/forecast/kernel';
import { buildScenario } from '../../../src/core/forecast/scenarios';
import { forecastTiming } from '../../../src/core/forecast/forecast';
import { ROLE_AWARE_VALIDATION_QUERY, SEED_VALIDATION_QUERY } from '../../../src/core/knowledge/validationQueries';

const D = WSO2_DEFAULT_POOL;
const RA: Partial<PoolSettings> = { validationQuery: ROLE_AWARE_VALIDATION_QUERY, validationRaisesOnReader: true };

/** The measured profiles: settings, when the failover fell (s after the pool started), and what the real pool did. */
export const MEASURED: { profile: string; settings: PoolSettings; failoverAtS: number; recoveredS: number | null }[] = [
  {
    profile: 'WSO2 defaults (SELECT 1, validationInterval 30000), failover 15 s after start',
    settings: D,
    failoverAtS: 15,
    recoveredS: 15.3,
  },
  { profile: 'WSO2 defaults, failover 25 s after start', settings: D, failoverAtS: 25, recoveredS: null },
  {
    profile: "the seed article's settings (select connection_id();, testWhileIdle, eviction runs 30 s), failover at 15 s",
    settings: { ...D, validationQuery: SEED_VALIDATION_QUERY, testWhileIdle: true, timeBetweenEvictionRunsMs: 30000 },
    failoverAtS: 15,
    recoveredS: 15.2,
  },
  {
    profile: "the seed article's settings, failover at 25 s",
    settings: { ...D, validationQuery: SEED_VALIDATION_QUERY, testWhileIdle: true, timeBetweenEvictionRunsMs: 30000 },
    failoverAtS: 25,
    recoveredS: null,
  },
  { profile: 'SELECT 1, validationInterval 3000', settings: { ...D, validationIntervalMs: 3000 }, failoverAtS: 25, recoveredS: null },
  {
    profile: 'SELECT 1, validationInterval 3000, maxAge 30000',
    settings: { ...D, validationIntervalMs: 3000, maxAgeMs: 30000 },
    failoverAtS: 25,
    recoveredS: 33.1,
  },
  {
    profile: 'role-aware query, validationInterval 3000',
    settings: { ...D, ...RA, validationIntervalMs: 3000 },
    failoverAtS: 25,
    recoveredS: 12.5,
  },
  {
    profile: 'role-aware + maxAge 30000 + connectTimeout 5000 + socketTimeout 30000 + validationQueryTimeout 3',
    settings: { ...D, ...RA, validationIntervalMs: 3000, maxAgeMs: 30000, connectTimeoutMs: 5000, socketTimeoutMs: 30000 },
    failoverAtS: 25,
    recoveredS: 12.2,
  },
];

/** The measured run: 3 s refused, then 8 s of stale DNS (the 5 s Aurora TTL + a 3 s JVM cache reproduces it). */
const scenario = buildScenario('aurora-failover', { dnsTtlS: 3 });

export function forecastOf(m: (typeof MEASURED)[number]): number | null {
  const T = m.failoverAtS * 1000;
  const s = m.settings;
  // the pool started at 0 and validated on its first borrows; the cleaner runs every eviction period from the start
  const every = s.timeBetweenEvictionRunsMs > 0 ? s.timeBetweenEvictionRunsMs : 30000;
  const validatedAgo = s.validationIntervalMs > 0 ? T % s.validationIntervalMs : 0;
  const connectedAgo = s.maxAgeMs > 0 ? T % s.maxAgeMs : T;
  const o = forecastTiming(scenario, s, {
    validatedAgoMs: validatedAgo,
    connectedAgoMs: connectedAgo,
    cleanerAtMs: (every - (T % every)) % every,
  });
  return o.recoveryMs === Infinity ? null : o.recoveryMs / 1000;
}

for (const m of MEASURED) {
  test(`calibration: ${m.profile} → ${m.recoveredS === null ? 'pinned (measured)' : `recovers at ${m.recoveredS} s (measured)`}`, () => {
    const f = forecastOf(m);
    if (m.recoveredS === null) assert.equal(f, null, `forecast recovers at ${f} s; the real pool stayed pinned`);
    else {
      assert.notEqual(f, null, 'forecast pinned; the real pool recovered');
      assert.ok(Math.abs(f! - m.recoveredS) <= 3, `forecast ${f} s vs measured ${m.recoveredS} s`);
    }
  });
}

test('docs/forecast.md tables every measured profile with the forecast the model gives now', () => {
  const doc = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'docs', 'forecast.md'), 'utf8');
  for (const m of MEASURED) {
    const f = forecastOf(m);
    const row = doc.split('\n').find((l) => l.startsWith(`| ${m.profile} |`));
    assert.ok(row, `no row for "${m.profile}"`);
    const cells = row!.split('|').map((c) => c.trim());
    assert.equal(cells[2], m.recoveredS === null ? 'pinned' : `${m.recoveredS} s`, `measured cell of "${m.profile}"`);
    assert.equal(cells[3], f === null ? 'pinned' : `${f.toFixed(1)} s`, `forecast cell of "${m.profile}" (regenerate the table)`);
  }
});

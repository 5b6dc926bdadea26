// Pool settings as the model takes them: WSO2's defaults and the catalogue's advice applied to a pool.
import { ROLE_AWARE_VALIDATION_QUERY } from '../knowledge/validationQueries';
import {
  AUTO_PAUSE_RESUME_MS,
  SAFE_CONNECT_TIMEOUT_AUTO_PAUSE_MS,
  SAFE_CONNECT_TIMEOUT_MS,
  SAFE_MAX_AGE_MS,
  SAFE_MAX_WAIT_MS,
  SAFE_SOCKET_TIMEOUT_MS,
  SAFE_VALIDATION_INTERVAL_MS,
} from '../knowledge/safeValues';
import type { PoolSettings } from './kernel';

/** What WSO2 APIM 3.x/4.x runs with when deployment.toml sets nothing (SELECT 1, validationInterval 30000). */
export const WSO2_DEFAULT_POOL: PoolSettings = {
  label: 'WSO2 defaults',
  testOnBorrow: true,
  testWhileIdle: false,
  validationQuery: 'SELECT 1',
  validationRaisesOnReader: false,
  validationIntervalMs: 30000,
  maxAgeMs: 0,
  maxActive: 50,
  maxIdle: 8,
  minIdle: 0,
  initialSize: 0,
  maxWaitMs: 60000,
  timeBetweenEvictionRunsMs: 5000,
  minEvictableIdleTimeMs: 60000,
  connectTimeoutMs: 0,
  socketTimeoutMs: 0,
};

/**
 * The catalogue's advice applied to `base`: role-aware query, validationInterval ≤ 3000, maxAge, driver timeouts
 * (with auto-pause, timeouts that outlast a resume).
 */
export function recommendedPool(base: PoolSettings = WSO2_DEFAULT_POOL, opts: { autoPause?: boolean } = {}): PoolSettings {
  const keep = (v: number, safe: number) => (v > 0 && v <= safe ? v : safe);
  const outlast = (v: number, safe: number) => (v >= AUTO_PAUSE_RESUME_MS ? v : safe);
  return {
    ...base,
    label: 'recommended',
    testOnBorrow: true,
    validationQuery: ROLE_AWARE_VALIDATION_QUERY,
    validationRaisesOnReader: true,
    validationIntervalMs: keep(base.validationIntervalMs, SAFE_VALIDATION_INTERVAL_MS),
    maxAgeMs: keep(base.maxAgeMs, SAFE_MAX_AGE_MS),
    maxWaitMs: base.maxWaitMs >= 30000 ? base.maxWaitMs : SAFE_MAX_WAIT_MS,
    connectTimeoutMs: opts.autoPause
      ? outlast(keep(base.connectTimeoutMs, SAFE_CONNECT_TIMEOUT_AUTO_PAUSE_MS), SAFE_CONNECT_TIMEOUT_AUTO_PAUSE_MS)
      : keep(base.connectTimeoutMs, SAFE_CONNECT_TIMEOUT_MS),
    socketTimeoutMs: opts.autoPause
      ? outlast(keep(base.socketTimeoutMs, SAFE_SOCKET_TIMEOUT_MS), SAFE_SOCKET_TIMEOUT_MS)
      : keep(base.socketTimeoutMs, SAFE_SOCKET_TIMEOUT_MS),
  };
}

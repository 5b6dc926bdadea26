// The values the pool/ and serverless/ fixes write, and the timings they are judged against.

export const SAFE_VALIDATION_INTERVAL_MS = 3000;
export const SAFE_MAX_AGE_MS = 300000;
/** maxAge for a pool whose validation query can't tell a demoted writer: a pinned pool recovers in about this long (measured). */
export const SHORT_MAX_AGE_MS = 60000;
export const SAFE_VALIDATION_QUERY_TIMEOUT_S = 5;
export const SAFE_MAX_WAIT_MS = 60000;
export const SAFE_EVICTION_RUN_MS = 5000;
/** Aurora Serverless v2 resume after auto-pause: "up to 15 seconds", about 30 s after a long pause. */
export const AUTO_PAUSE_RESUME_MS = 30000;
export const SAFE_SOCKET_TIMEOUT_AUTO_PAUSE_MS = 60000;
export const SAFE_REMOVE_ABANDONED_TIMEOUT_S = 300;

// The values the fixes write, and the timings they are judged against: each once, with where it comes from.
// Rules, the forecast's pool model and the probe import them from here.

/** Tomcat validates a connection again only after this long; 3 s is Tomcat's own default since 7.0.71. */
export const SAFE_VALIDATION_INTERVAL_MS = 3000;
/** Retire connections after 5 min: bounds a pool pinned to a demoted writer (pool-ground-truth.md: maxAge bounds it). */
export const SAFE_MAX_AGE_MS = 300000;
/** maxAge for a pool whose validation query can't tell a demoted writer: a pinned pool recovers in about this long (measured). */
export const SHORT_MAX_AGE_MS = 60000;
export const SAFE_VALIDATION_QUERY_TIMEOUT_S = 5;
export const SAFE_MAX_WAIT_MS = 60000;
export const SAFE_EVICTION_RUN_MS = 5000;
/** Aurora Serverless v2 resume after auto-pause: "up to 15 seconds", about 30 s after a pause of more than a day (AWS user guide). */
export const AUTO_PAUSE_RESUME_MS = 30000;
export const SAFE_SOCKET_TIMEOUT_AUTO_PAUSE_MS = 60000;
export const SAFE_REMOVE_ABANDONED_TIMEOUT_S = 300;
/** Connector/J connectTimeout the jdbc/connect-timeout fix writes (a fenced writer never answers: fail fast, retry elsewhere). */
export const SAFE_CONNECT_TIMEOUT_MS = 10000;
/** connectTimeout with auto-pause: long enough to outlast a resume (AUTO_PAUSE_RESUME_MS). */
export const SAFE_CONNECT_TIMEOUT_AUTO_PAUSE_MS = 30000;
/** Connector/J socketTimeout the jdbc/socket-timeout fix writes: longer than any legitimate APIM statement. */
export const SAFE_SOCKET_TIMEOUT_MS = 60000;

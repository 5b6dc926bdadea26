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
 *
 * Where each part lives: world.ts (the world), run.ts (the event loop and the application's workers), pool.ts
 * (rules 1–8), driver.ts (connecting and running statements, rule 9), events.ts (the clock), result.ts and retry.ts
 * (what a run reports), types.ts (what a run takes and returns).
 */
export { simulatePool } from './run';
export { World } from './world';
export type { InstanceState, PoolTimeline, RoutePoint } from './world';
export { DEFAULT_WORKLOAD } from './types';
export type { FailureCause, PoolRunResult, PoolSettings, PoolWorkload, RunOptions, RunTail } from './types';
export { retryOffsets, retryVerdict, SEED_RETRY_POLICY } from './retry';
export type { RetryPolicy, RetryVerdict } from './retry';

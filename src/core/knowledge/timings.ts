// Timings of the world around the pool (Aurora, the JVM, the OS), each once with its source. The forecast's
// scenarios and the rules' messages use them.

/** Aurora cluster and instance endpoints are DNS records with a 5 s TTL (Aurora user guide, "Amazon Aurora endpoints"). */
export const AURORA_DNS_TTL_S = 5;
/**
 * The JVM's DNS cache when neither `networkaddress.cache.ttl` (java.security) nor `sun.net.inetaddr.ttl` is set and no
 * security manager is installed (WSO2 installs none): 30 s (OpenJDK `InetAddressCachePolicy`, DEFAULT_POSITIVE = 30).
 */
export const JDK_DEFAULT_DNS_TTL_S = 30;
/** A failover's reboot: new connections are refused for a few seconds (pool-ground-truth.md measured 3 s). */
export const FAILOVER_REFUSE_MS = 3000;
/** Auto-pause resume, pause shorter than 24 h: "up to 15 seconds" (Aurora user guide, Serverless v2 auto-pause). */
export const RESUME_SHORT_PAUSE_MS = 15000;
/** Auto-pause resume after a pause of more than 24 h: about 30 s (same source). */
export const RESUME_LONG_PAUSE_MS = 30000;
/** An unanswered SYN on Linux gives up after ~127 s (tcp_syn_retries = 6: 1+2+4+8+16+32+64 s). */
export const OS_CONNECT_TIMEOUT_MS = 127_000;
/** An established connection whose peer vanished (no RST) fails after ~924.6 s of retransmissions (tcp_retries2 = 15). */
export const OS_RETRANSMIT_GIVE_UP_MS = 924_600;

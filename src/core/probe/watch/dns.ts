// The watch's DNS: what an answer is, how two answers compare, whether a connection is still where an answer
// points, and the tracker that resolves the endpoint's name each tick through an injected resolver (the
// system's by default; tests and tools hand in their own).
import { isIP } from 'node:net';
import * as dns from 'node:dns';
import { performance } from 'node:perf_hooks';

export interface DnsAnswer {
  addresses: string[];
  /** The CNAME target (an Aurora cluster endpoint is a CNAME to the current instance endpoint). */
  cname?: string | null;
}

export type Resolver = (host: string) => Promise<DnsAnswer>;

/** Default resolver: all A/AAAA answers in the system resolver's order (the first is connected to) and the CNAME target, if any. */
export const systemResolver: Resolver = async (host) => {
  const [addrs, cname] = await Promise.all([
    dns.promises.lookup(host, { all: true }).then((a) => a.map((x) => x.address)),
    dns.promises.resolveCname(host).then(
      (c) => c[0] ?? null,
      () => null,
    ),
  ]);
  return { addresses: [...new Set(addrs)], cname };
};

/** A DNS answer in one comparable form (addresses sorted): the `from` of dns-changed and stale-address events. */
export function dnsKey(a: DnsAnswer): string {
  return `${a.cname ?? ''}|${[...a.addresses].sort().join(',')}`;
}

/** The CNAME part of a dnsKey (null when there was none): for recordings whose stale-address events predate `viaCname`. */
export function cnameOfKey(key: string | null | undefined): string | null {
  return (key ?? '').split('|')[0] || null;
}

/** Is a connection that went to `address` (following an answer with CNAME `viaCname`) still where `answer` points? */
export function stillInAnswer(address: string, viaCname: string | null, answer: DnsAnswer): boolean {
  if (!answer.addresses.includes(address)) return false;
  // an Aurora cluster endpoint is a CNAME to the writer's instance endpoint: a new target is a move even if a proxy keeps the IP
  return !viaCname || !answer.cname || viaCname === answer.cname;
}

/** The figures the verdict reports about DNS. */
export interface DnsCounts {
  lookups: number;
  failures: number;
  changes: number;
}

/**
 * Resolves one host name for the watch: one lookup at a time (callers meanwhile share it), each bounded by a
 * timeout that follows the tick interval; it reports a changed answer to `onChange` and every answer to
 * `onAnswer`, and keeps the figures (lookups, failures, changes, latencies).
 */
export class DnsTracker {
  readonly counts: DnsCounts = { lookups: 0, failures: 0, changes: 0 };
  /** Lookup latencies (ms). */
  readonly latencies: number[] = [];
  /** The last answer (null before the first, or without a resolver). */
  last: DnsAnswer | null = null;
  private inFlight: Promise<DnsAnswer | null> | null = null;

  constructor(
    private readonly resolver: Resolver | null,
    private readonly host: string,
    private readonly timeoutMs: number,
    private readonly listener: { onChange(from: DnsAnswer, now: DnsAnswer): void; onAnswer(now: DnsAnswer): void },
  ) {}

  /** Is the name resolved at all (a resolver was given)? */
  get active(): boolean {
    return this.resolver !== null;
  }

  get busy(): boolean {
    return this.inFlight !== null;
  }

  /** Resolve the name (shared with whoever asks meanwhile). null: no resolver, or it failed. */
  lookup(): Promise<DnsAnswer | null> {
    if (!this.resolver) return Promise.resolve(null);
    return (this.inFlight ??= this.resolveOnce(this.resolver).finally(() => {
      this.inFlight = null;
    }));
  }

  private async resolveOnce(resolver: Resolver): Promise<DnsAnswer | null> {
    const start = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const answer = await Promise.race([
        resolver(this.host),
        new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error('dns timeout')), this.timeoutMs))),
      ]);
      this.counts.lookups++;
      this.latencies.push(performance.now() - start);
      // keep the resolver's order (the first address is the one connected to); compare sorted
      const addresses = [...new Set(answer.addresses)].filter((a) => isIP(a) !== 0);
      const now: DnsAnswer = { addresses, cname: answer.cname ?? null };
      if (this.last && dnsKey(this.last) !== dnsKey(now)) {
        this.counts.changes++;
        this.listener.onChange(this.last, now);
      }
      this.last = now;
      this.listener.onAnswer(now);
      return now;
    } catch {
      this.counts.failures++;
      return null;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The default resolver for a host: none for an IP literal (nothing to resolve), the system's otherwise. */
export function defaultResolverFor(host: string, given: Resolver | null | undefined): Resolver | null {
  return given === null ? null : (given ?? (isIP(host) ? null : systemResolver));
}

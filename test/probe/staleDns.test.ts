// Stale DNS for real on loopback: two "instance endpoints" on different loopback addresses (127.0.0.2 and
// 127.0.0.3, switch proxies in front of the real MariaDB writer and read-only instance) behind a test resolver
// that plays the cluster endpoint's DNS. The watch resolves and connects to the address returned, as a JVM does.
// A failover demotes the instance at .2 and promotes the one at .3; DNS keeps answering .2 for STALE_MS more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { runWatch, type DnsAnswer, type WatchEvent, type WatchSample } from '../../src/core/probe/watch';
import { jsonLine } from '../../src/core/probe/json';
import { SwitchProxy } from './switchProxy';
import { READER, WRITER, fmt, noProbeThreads, openSocketsTo, sleep, waitForEvent } from './helpers';

const A = '127.0.0.2';
const B = '127.0.0.3';
const INTERVAL = 100;
const STALE_MS = 1500;
/** Scheduling and loopback slack on a busy 2-core machine. */
const SLACK = 250;

test(
  'stale DNS on loopback: dns-changed, the pooled connection pinned to the old address, staleDnsMs ≈ the injected delay',
  { timeout: 30000 },
  async (t) => {
    // before: .2 is the writer, .3 a reader
    const pa = await SwitchProxy.start({ port: WRITER.port }, 0, A);
    const pb = await SwitchProxy.start({ port: READER.port }, pa.port, B);
    let answer: DnsAnswer = { addresses: [A], cname: null };
    const lookups: string[] = [];
    const events: WatchEvent[] = [];
    const samples: WatchSample[] = [];
    const ac = new AbortController();
    const t0 = performance.now();
    const now = () => performance.now() - t0;
    try {
      const run = runWatch({
        endpoint: { ...WRITER, host: 'apim.cluster-test.aurora-guard.invalid', port: pa.port, connectTimeoutMs: 800, queryTimeoutMs: 500 },
        intervalMs: INTERVAL,
        durationMs: 20000,
        signal: ac.signal,
        reconnect: { baseDelayMs: 200, factor: 2, attempts: 5, jitter: 0 },
        resolve: async (host) => {
          lookups.push(host);
          return answer;
        },
        onEvent: (e) => events.push(e),
        onSample: (s) => samples.push(s),
      });
      const first = await waitForEvent(events, (e) => e.channel === 'fresh' && e.type === 'connected', 3000, 'fresh connected');
      const pooled0 = await waitForEvent(events, (e) => e.channel === 'pooled' && e.type === 'connected', 3000, 'pooled connected');
      assert.equal(first.address, A, 'the fresh connection went where the resolver said, not where the OS would resolve the name');
      assert.deepEqual(first.addresses, [A]);
      assert.equal(pooled0.address, A);
      assert.equal(first.role, 'writer');
      await sleep(3 * INTERVAL);

      // failover: the instance at .2 is demoted (its connections reset), the one at .3 promoted
      const tFail = now();
      pa.switchTo({ port: READER.port });
      pb.switchTo({ port: WRITER.port });
      pa.dropAll('fin');
      pb.dropAll('fin');
      const demoted = await waitForEvent(
        events,
        (e) => e.t >= tFail - 5 && e.channel === 'fresh' && e.type === 'role-changed',
        INTERVAL + 1500,
        'fresh role-changed',
      );
      assert.equal(demoted.address, A, 'stale DNS: new connections still reach .2, now a reader');
      assert.equal(demoted.role, 'reader');
      // the pooled connection reconnects during the stale window: onto the demoted instance at .2
      const pinnedOn = await waitForEvent(
        events,
        (e) => e.t >= tFail - 5 && e.channel === 'pooled' && e.type === 'connected',
        3000,
        'pooled reconnected',
      );
      assert.equal(pinnedOn.address, A);
      assert.equal(pinnedOn.role, 'reader');

      await sleep(Math.max(0, STALE_MS - (now() - tFail)));
      const tFlip = now();
      answer = { addresses: [B], cname: null };
      const dnsEv = await waitForEvent(events, (e) => e.type === 'dns-changed', INTERVAL + 1000, 'dns-changed');
      assert.deepEqual(dnsEv.addresses, [B]);
      assert.equal(dnsEv.from, `|${A}`);
      assert.ok(dnsEv.t - tFlip <= INTERVAL + SLACK, `dns-changed ${dnsEv.t - tFlip} ms after the flip`);
      const stale = await waitForEvent(events, (e) => e.type === 'stale-address', 1000, 'stale-address');
      assert.equal(stale.channel, 'pooled');
      assert.equal(stale.address, A);
      assert.deepEqual(stale.addresses, [B]);
      assert.equal(stale.role, 'reader');
      assert.ok(stale.t - dnsEv.t <= 5, 'reported with the DNS change');
      const writable = await waitForEvent(events, (e) => e.channel === 'fresh' && e.type === 'writable', INTERVAL + 1000, 'fresh writable');
      assert.equal(writable.address, B);
      assert.ok(writable.t - tFlip <= INTERVAL + SLACK, `writable ${writable.t - tFlip} ms after the flip`);
      await sleep(5 * INTERVAL);
      const tEnd = now();
      ac.abort();
      const r = await run;

      const s = r.summary;
      assert.equal(s.verdict.disruptions.length, 1, fmt(r.events));
      const d = s.verdict.disruptions[0];
      assert.equal(s.staleDnsMs, dnsEv.t - d.startMs, 'by definition: from the disruption start until DNS changed');
      assert.ok(Math.abs(s.staleDnsMs! - STALE_MS) <= 2 * INTERVAL + SLACK, `staleDnsMs ${s.staleDnsMs}, injected ${STALE_MS}`);
      assert.ok(Math.abs(d.startMs - tFail) <= INTERVAL + SLACK, `disruption starts ${d.startMs}, failover at ${Math.round(tFail)}`);
      // the pooled connection stayed on .2 from the DNS change to the end
      assert.ok(
        s.pooledPinnedMs! >= tEnd - tFlip - INTERVAL - SLACK && s.pooledPinnedMs! <= tEnd - tFlip + SLACK,
        `pinned ${s.pooledPinnedMs}`,
      );
      assert.equal(s.verdict.pooled.finalRole, 'reader');
      assert.match(s.verdict.text, /Stale-DNS window: \d+ ms \(until DNS changed to the answer that led to the writer\)/);
      assert.match(s.verdict.text, /The long-lived connection stayed on 127\.0\.0\.2 for \d+ ms after DNS stopped returning it/);
      assert.ok(s.staleRoleMs > 0 && s.staleRoleMs <= s.timeToWritableMs!, `${s.staleRoleMs} / ${s.timeToWritableMs}`);
      const line = JSON.parse(jsonLine(s));
      assert.equal(line.staleDnsMs, s.staleDnsMs);
      assert.equal(line.pooledPinnedMs, s.pooledPinnedMs);
      // samples carry the address each probe reached
      assert.ok(
        samples.some((x) => x.channel === 'fresh' && x.ok && x.address === A) &&
          samples.some((x) => x.channel === 'fresh' && x.ok && x.address === B),
      );
      assert.ok(lookups.every((h) => h === 'apim.cluster-test.aurora-guard.invalid'));
      // one lookup per tick (a reconnect shares the lookup in flight)
      assert.ok(r.stats.dns.n >= r.stats.ticks - 3, `${r.stats.dns.n} lookups for ${r.stats.ticks} ticks`);
      t.diagnostic(
        `stale DNS ${s.staleDnsMs} ms (injected ${STALE_MS}), stale role ${s.staleRoleMs} ms, writable after ${s.timeToWritableMs} ms, pooled pinned ${s.pooledPinnedMs} ms`,
      );
      assert.equal(openSocketsTo(pa.port), 0, 'client sockets left open');
    } finally {
      ac.abort();
      await pa.close();
      await pb.close();
    }
    for (const p of [WRITER.port, READER.port]) assert.equal(await noProbeThreads(p, 4000), 0, `probe threads left on port ${p}`);
  },
);

test(
  'stale DNS on loopback: a restart at the same address (DNS never moves) is a 0 ms window; an IP literal is not resolved (null)',
  { timeout: 20000 },
  async () => {
    const pa = await SwitchProxy.start({ port: WRITER.port }, 0, A);
    try {
      const events: WatchEvent[] = [];
      const run = runWatch({
        endpoint: { ...WRITER, host: 'apim.cluster-test.aurora-guard.invalid', port: pa.port, connectTimeoutMs: 800, queryTimeoutMs: 500 },
        intervalMs: INTERVAL,
        durationMs: 1800,
        reconnect: { baseDelayMs: 200, jitter: 0 },
        resolve: async () => ({ addresses: [A], cname: null }),
        onEvent: (e) => events.push(e),
      });
      await waitForEvent(events, (e) => e.channel === 'fresh' && e.type === 'connected', 3000, 'connected');
      await sleep(2 * INTERVAL);
      await pa.refuse();
      await sleep(4 * INTERVAL);
      await pa.forward();
      const r = await run;
      assert.equal(r.summary.verdict.disruptions.length, 1, fmt(r.events));
      assert.ok(r.summary.downtimeMs > 0);
      assert.equal(r.summary.staleDnsMs, 0);
      assert.equal(r.summary.pooledPinnedMs, 0);
      assert.match(r.summary.verdict.text, /DNS did not move during the disruption/);
    } finally {
      await pa.close();
    }
    const literal = await runWatch({ endpoint: { ...WRITER, connectTimeoutMs: 800 }, intervalMs: INTERVAL, durationMs: 400 });
    assert.equal(literal.summary.staleDnsMs, null);
    assert.equal(literal.summary.pooledPinnedMs, null);
    assert.equal(literal.stats.dns.n, 0);
    assert.equal(literal.events.find((e) => e.type === 'connected' && e.channel === 'fresh')?.address, '127.0.0.1');
    assert.equal(literal.events.find((e) => e.type === 'connected' && e.channel === 'fresh')?.addresses, undefined);
  },
);

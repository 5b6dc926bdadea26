// The stale-DNS window and the pinned pooled connection, computed by summarizeEvents from hand-written event
// lists (no database, no DNS): what counts, what does not, and null when DNS was not resolved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dnsKey, summarizeEvents, type WatchEvent } from '../../../src/core/probe/watch';
import { eventText } from '../../../src/core/probe/json';

type E = Partial<WatchEvent> & Pick<WatchEvent, 't' | 'type' | 'channel'>;
const ev = (e: E): WatchEvent => ({ code: null, role: null, serverId: null, ...e });
const A = '10.0.1.15';
const B = '10.0.2.27';
/** A fresh-channel success at `address`, which the DNS answer [address] led to. */
const fresh = (
  t: number,
  type: WatchEvent['type'],
  role: 'writer' | 'reader',
  serverId: string,
  address: string,
  extra: Partial<WatchEvent> = {},
) => ev({ t, type, channel: 'fresh', role, serverId, address, addresses: [address], cname: null, ...extra });
const dnsTo = (t: number, address: string, from: string, cname: string | null = null) =>
  ev({ t, type: 'dns-changed', channel: 'fresh', addresses: [address], cname, from: dnsKey({ addresses: [from], cname: null }) });

test('stale DNS: failover — the old writer reboots and comes back as a reader at the old address; DNS moves 2 s after the failure', () => {
  const s = summarizeEvents(
    [
      fresh(0, 'connected', 'writer', 'a', A),
      ev({ t: 5, type: 'connected', channel: 'pooled', role: 'writer', serverId: 'a', address: A }),
      ev({ t: 1000, type: 'connection-lost', channel: 'pooled', code: 'PROTOCOL_CONNECTION_LOST', role: 'writer', serverId: 'a' }),
      ev({ t: 1010, type: 'connect-failed', channel: 'fresh', code: 'ECONNREFUSED', probeStartT: 1002 }),
      fresh(1400, 'connected', 'reader', 'a', A),
      fresh(1400, 'role-changed', 'reader', 'a', A, { from: 'writer' }),
      dnsTo(3000, B, A),
      fresh(3010, 'role-changed', 'writer', 'b', B, { from: 'reader' }),
      fresh(3010, 'server-changed', 'writer', 'b', B, { from: 'a' }),
      fresh(3010, 'writable', 'writer', 'b', B),
    ],
    6000,
  );
  assert.equal(s.disruptions.length, 1);
  assert.equal(s.disruptions[0].startMs, 1000);
  assert.equal(s.staleDnsMs, 2000, 'from the first failure until DNS changed to the answer that led to the writer');
  assert.equal(s.disruptions[0].staleDnsMs, 2000);
  assert.equal(s.staleRoleMs, 1610);
  assert.equal(s.timeToWritableMs, 2010);
  assert.equal(s.downtimeMs, 400, 'from the pooled loss (the first failure) until a fresh connection answered');
  assert.equal(s.pooledPinnedMs, 0, 'the pooled connection was never on a stale address');
});

test('stale DNS: a restart where DNS never moves is a 0 ms window, and a DNS change before the disruption does not count', () => {
  const restart = summarizeEvents(
    [
      fresh(0, 'connected', 'writer', '1', A),
      ev({ t: 1000, type: 'connect-failed', channel: 'fresh', code: 'ECONNREFUSED', probeStartT: 1000 }),
      fresh(1800, 'connected', 'writer', '1', A),
    ],
    3000,
  );
  assert.equal(restart.timeToWritableMs, 800);
  assert.equal(restart.staleDnsMs, 0);
  const earlier = summarizeEvents(
    [
      fresh(0, 'connected', 'writer', 'a', A),
      dnsTo(500, B, A),
      fresh(600, 'server-changed', 'writer', 'b', B, { from: 'a' }),
      ev({ t: 1000, type: 'connect-failed', channel: 'fresh', code: 'ECONNRESET', probeStartT: 1000 }),
      fresh(1500, 'connected', 'writer', 'b', B),
    ],
    3000,
  );
  assert.equal(earlier.disruptions.length, 1);
  assert.equal(earlier.staleDnsMs, 0);
});

test('stale DNS: DNS moved to the new writer before it was writable — the window ends at the DNS change, not at writable', () => {
  const s = summarizeEvents(
    [
      fresh(0, 'connected', 'writer', 'a', A),
      ev({ t: 1000, type: 'connect-failed', channel: 'fresh', code: 'ECONNREFUSED', probeStartT: 1000 }),
      dnsTo(1500, B, A),
      // the promoted instance still restarts: refused at the new address, then writable
      fresh(2500, 'connected', 'writer', 'b', B),
    ],
    4000,
  );
  assert.equal(s.staleDnsMs, 500);
  assert.equal(s.timeToWritableMs, 1500);
});

test('stale DNS: still open at the end — until the end while new connections reach a reader, else until the last DNS change', () => {
  const onReader = summarizeEvents(
    [fresh(0, 'connected', 'writer', 'a', A), fresh(1000, 'role-changed', 'reader', 'a', A, { from: 'writer' })],
    5000,
  );
  assert.equal(onReader.timeToWritableMs, null);
  assert.equal(onReader.staleDnsMs, 4000);
  const down = summarizeEvents(
    [
      fresh(0, 'connected', 'writer', 'a', A),
      ev({ t: 1000, type: 'timeout', channel: 'fresh', code: 'PROBE_CONNECT_TIMEOUT', probeStartT: 1000 }),
      dnsTo(2500, B, A),
    ],
    5000,
  );
  assert.equal(down.staleDnsMs, 1500);
  const downNoDns = summarizeEvents(
    [
      fresh(0, 'connected', 'writer', 'a', A),
      ev({ t: 1000, type: 'timeout', channel: 'fresh', code: 'PROBE_CONNECT_TIMEOUT', probeStartT: 1000 }),
    ],
    5000,
  );
  assert.equal(downNoDns.staleDnsMs, 0);
});

test('stale DNS: two failovers add up; per disruption the window is kept', () => {
  const s = summarizeEvents(
    [
      fresh(0, 'connected', 'writer', 'a', A),
      fresh(1000, 'role-changed', 'reader', 'a', A, { from: 'writer' }),
      dnsTo(1700, B, A),
      fresh(1750, 'writable', 'writer', 'b', B),
      fresh(5000, 'role-changed', 'reader', 'b', B, { from: 'writer' }),
      dnsTo(5300, A, B),
      fresh(5310, 'writable', 'writer', 'a', A),
    ],
    8000,
  );
  assert.deepEqual(
    s.disruptions.map((d) => d.staleDnsMs),
    [700, 300],
  );
  assert.equal(s.staleDnsMs, 1000);
});

test('stale DNS and pinned time are null when DNS was not resolved (IP literal), 0 when it was but nothing moved', () => {
  const events = [
    ev({ t: 0, type: 'connected', channel: 'fresh', role: 'writer', serverId: '1', address: '127.0.0.1' }),
    ev({ t: 1000, type: 'connect-failed', channel: 'fresh', code: 'ECONNREFUSED', probeStartT: 1000 }),
    ev({ t: 1500, type: 'connected', channel: 'fresh', role: 'writer', serverId: '1', address: '127.0.0.1' }),
  ];
  const literal = summarizeEvents(events, 2000);
  assert.equal(literal.staleDnsMs, null);
  assert.equal(literal.pooledPinnedMs, null);
  assert.equal(literal.disruptions[0].staleDnsMs, null);
  const resolved = summarizeEvents(events, 2000, undefined, { dnsResolved: true });
  assert.equal(resolved.staleDnsMs, 0);
  assert.equal(resolved.pooledPinnedMs, 0);
});

test('pinned: from stale-address until the pooled connection is lost, replaced, DNS returns its address, or the end', () => {
  const base = [
    fresh(0, 'connected', 'writer', 'a', A),
    ev({ t: 5, type: 'connected', channel: 'pooled', role: 'writer', serverId: 'a', address: A }),
    dnsTo(2000, B, A),
    ev({
      t: 2000,
      type: 'stale-address',
      channel: 'pooled',
      role: 'writer',
      serverId: 'a',
      address: A,
      addresses: [B],
      from: dnsKey({ addresses: [A] }),
    }),
  ];
  assert.equal(summarizeEvents(base, 5000).pooledPinnedMs, 3000);
  assert.equal(
    summarizeEvents([...base, ev({ t: 4000, type: 'connection-lost', channel: 'pooled', code: 'ECONNRESET' })], 5000).pooledPinnedMs,
    2000,
  );
  assert.equal(
    summarizeEvents([...base, ev({ t: 3000, type: 'connected', channel: 'pooled', role: 'writer', serverId: 'b', address: B })], 5000)
      .pooledPinnedMs,
    1000,
  );
  assert.equal(summarizeEvents([...base, dnsTo(3500, A, B)], 5000).pooledPinnedMs, 1500);
  // a fresh-channel failure does not end it: the pooled connection is still there
  assert.equal(
    summarizeEvents([...base, ev({ t: 2500, type: 'connect-failed', channel: 'fresh', code: 'ECONNREFUSED', probeStartT: 2500 })], 5000)
      .pooledPinnedMs,
    3000,
  );
});

test('pinned behind one IP (a proxy): the CNAME target moved; it ends when the answer is that CNAME again', () => {
  const ip = '127.0.0.1';
  const viaOld = dnsKey({ addresses: [ip], cname: 'db-1.abc.eu-west-1.rds.amazonaws.com' });
  const s = summarizeEvents(
    [
      ev({ t: 0, type: 'connected', channel: 'pooled', role: 'writer', serverId: 'db-1', address: ip }),
      ev({ t: 1000, type: 'dns-changed', channel: 'fresh', addresses: [ip], cname: 'db-2.abc.eu-west-1.rds.amazonaws.com', from: viaOld }),
      ev({
        t: 1000,
        type: 'stale-address',
        channel: 'pooled',
        role: 'reader',
        serverId: 'db-1',
        address: ip,
        addresses: [ip],
        cname: 'db-2.abc.eu-west-1.rds.amazonaws.com',
        from: viaOld,
      }),
      ev({ t: 1800, type: 'dns-changed', channel: 'fresh', addresses: [ip], cname: 'db-1.abc.eu-west-1.rds.amazonaws.com', from: '' }),
    ],
    3000,
  );
  assert.equal(s.pooledPinnedMs, 800);
});

test('event text: stale-address and the connected address', () => {
  const base = { t: 2000, code: null } as const;
  assert.equal(
    eventText({
      ...base,
      type: 'stale-address',
      channel: 'pooled',
      role: 'reader',
      serverId: '2',
      address: '127.0.0.2',
      addresses: ['127.0.0.3'],
      cname: null,
    }),
    '   2.000 s  pooled  stale-address   still on 127.0.0.2 (server 2), DNS now [127.0.0.3]',
  );
  assert.match(
    eventText({ ...base, type: 'connected', channel: 'fresh', role: 'writer', serverId: '1', address: '127.0.0.3' }),
    /connected +writer \(server 1\) at 127\.0\.0\.3$/,
  );
});

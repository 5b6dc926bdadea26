// The watch's rooms on their own: one channel state for both channels, the DNS tracker with an injected resolver,
// and the stale-address event's own CNAME field (viaCname) read by the summary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newChannelState, observe } from '../../../src/core/probe/watch/channel';
import { cnameOfKey, dnsKey, DnsTracker, type DnsAnswer } from '../../../src/core/probe/watch/dns';
import { summarizeEvents, type WatchEvent } from '../../../src/core/probe/watch';

test('a channel reports connected once, then role, server and writable transitions', () => {
  const s = newChannelState();
  assert.deepEqual(observe(s, 'writer', '1', true), [{ type: 'connected' }]);
  assert.deepEqual(observe(s, 'writer', '1', true), []);
  assert.deepEqual(observe(s, 'reader', '1', true), [{ type: 'role-changed', from: 'writer' }]);
  assert.equal(s.disrupted, true);
  assert.deepEqual(observe(s, 'writer', '2', true), [
    { type: 'role-changed', from: 'reader' },
    { type: 'server-changed', from: '1' },
    { type: 'writable' },
  ]);
  s.failing = 'ECONNREFUSED';
  s.disrupted = true;
  assert.deepEqual(observe(s, 'writer', '2', true), [{ type: 'connected' }, { type: 'writable' }], 'back after failing');
  assert.equal(s.failing, null);
  const pooled = newChannelState();
  assert.deepEqual(observe(pooled, 'reader', '1', false), [], 'the pooled channel reports its connects itself');
  assert.deepEqual(observe(pooled, 'writer', '1', false), [{ type: 'role-changed', from: 'reader' }, { type: 'writable' }]);
});

test('the DNS tracker: one lookup at a time, changes and answers told, failures and timeouts counted, IPs only', async () => {
  let answer: DnsAnswer = { addresses: ['10.0.0.1', 'not-an-ip'], cname: 'a.example' };
  let calls = 0;
  let hang = false;
  const resolver = async () => {
    calls++;
    if (hang) return new Promise<DnsAnswer>(() => undefined);
    return answer;
  };
  const changes: string[] = [];
  const answers: string[] = [];
  const t = new DnsTracker(resolver, 'db.example', 50, {
    onChange: (from, now) => changes.push(`${dnsKey(from)} → ${dnsKey(now)}`),
    onAnswer: (now) => answers.push(dnsKey(now)),
  });
  const [a, b] = await Promise.all([t.lookup(), t.lookup()]);
  assert.equal(calls, 1, 'callers meanwhile share the lookup');
  assert.equal(a, b);
  assert.deepEqual(a, { addresses: ['10.0.0.1'], cname: 'a.example' });
  answer = { addresses: ['10.0.0.2'], cname: 'b.example' };
  await t.lookup();
  assert.deepEqual(changes, ['a.example|10.0.0.1 → b.example|10.0.0.2']);
  assert.deepEqual(answers, ['a.example|10.0.0.1', 'b.example|10.0.0.2']);
  hang = true;
  assert.equal(await t.lookup(), null, 'a lookup that does not answer in time is a failure');
  assert.deepEqual(t.counts, { lookups: 2, failures: 1, changes: 1 });
  assert.equal(t.latencies.length, 2);
  assert.deepEqual(t.last, { addresses: ['10.0.0.2'], cname: 'b.example' });
  const off = new DnsTracker(null, 'db.example', 50, { onChange: () => assert.fail(), onAnswer: () => assert.fail() });
  assert.equal(off.active, false);
  assert.equal(await off.lookup(), null);
});

test('stale-address carries viaCname; the summary uses it, and reads `from` only for recordings without it', () => {
  const ip = '127.0.0.1';
  const ev = (e: Partial<WatchEvent> & Pick<WatchEvent, 't' | 'type' | 'channel'>): WatchEvent => ({
    code: null,
    role: null,
    serverId: null,
    ...e,
  });
  const events = (stale: Partial<WatchEvent>) => [
    ev({ t: 0, type: 'connected', channel: 'pooled', role: 'writer', serverId: 'db-1', address: ip }),
    ev({ t: 1000, type: 'dns-changed', channel: 'fresh', addresses: [ip], cname: 'db-2.example' }),
    ev({ t: 1000, type: 'stale-address', channel: 'pooled', address: ip, addresses: [ip], cname: 'db-2.example', ...stale }),
    // DNS points at the same IP again, behind a third name: still not where the connection went
    ev({ t: 1500, type: 'dns-changed', channel: 'fresh', addresses: [ip], cname: 'db-3.example' }),
    ev({ t: 1800, type: 'dns-changed', channel: 'fresh', addresses: [ip], cname: 'db-1.example' }),
  ];
  const via = dnsKey({ addresses: [ip], cname: 'db-1.example' });
  assert.equal(summarizeEvents(events({ viaCname: 'db-1.example', from: via }), 3000).pooledPinnedMs, 800);
  assert.equal(summarizeEvents(events({ from: via }), 3000).pooledPinnedMs, 800, 'an older recording: the CNAME is read from `from`');
  // the field wins over the key: a connection that followed no CNAME is back as soon as its address is
  assert.equal(summarizeEvents(events({ viaCname: null, from: via }), 3000).pooledPinnedMs, 500);
  assert.equal(cnameOfKey(via), 'db-1.example');
  assert.equal(cnameOfKey(`|${ip}`), null);
  assert.equal(cnameOfKey(null), null);
});

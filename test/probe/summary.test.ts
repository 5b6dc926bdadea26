// summarizeEvents on hand-written event sequences (no database): how downtime, time until writable and the
// stale-role window are computed from the two channels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeEvents, type WatchEvent } from '../../src/core/probe/watch';

type E = Partial<WatchEvent> & Pick<WatchEvent, 't' | 'type' | 'channel'>;
const ev = (e: E): WatchEvent => ({ code: null, role: null, serverId: null, ...e });

test('summary: a restart — the outage starts at the pooled loss, downtime ends when a fresh connection succeeds', () => {
  const s = summarizeEvents(
    [
      ev({ t: 0, type: 'connected', channel: 'fresh', role: 'writer', serverId: '1' }),
      ev({ t: 10, type: 'connected', channel: 'pooled', role: 'writer', serverId: '1' }),
      ev({ t: 1000, type: 'connection-lost', channel: 'pooled', code: 'PROTOCOL_CONNECTION_LOST', role: 'writer', serverId: '1' }),
      ev({ t: 1050, type: 'connect-failed', channel: 'fresh', code: 'ECONNREFUSED', probeStartT: 1049 }),
      // the pooled channel's reconnect reaches the writer before the fresh channel's next success
      ev({ t: 1200, type: 'connected', channel: 'pooled', role: 'writer', serverId: '1' }),
      ev({ t: 1200, type: 'writable', channel: 'pooled', role: 'writer', serverId: '1' }),
      ev({ t: 1250, type: 'connected', channel: 'fresh', role: 'writer', serverId: '1' }),
    ],
    3000,
  );
  assert.equal(s.disruptions.length, 1);
  assert.equal(s.disruptions[0].startMs, 1000);
  assert.equal(s.downtimeMs, 250);
  assert.equal(s.timeToWritableMs, 200);
  assert.equal(s.staleRoleMs, 0);
  assert.equal(s.writableAtEnd, true);
});

test('summary: failover with stale DNS — down, then a reader, then the new writer', () => {
  const s = summarizeEvents(
    [
      ev({ t: 0, type: 'connected', channel: 'fresh', role: 'writer', serverId: 'a' }),
      ev({ t: 500, type: 'connect-failed', channel: 'fresh', code: 'ECONNRESET', probeStartT: 500 }),
      ev({ t: 900, type: 'connected', channel: 'fresh', role: 'reader', serverId: 'a' }),
      ev({ t: 900, type: 'role-changed', channel: 'fresh', role: 'reader', serverId: 'a', from: 'writer' }),
      ev({ t: 2000, type: 'role-changed', channel: 'fresh', role: 'writer', serverId: 'b', from: 'reader' }),
      ev({ t: 2000, type: 'server-changed', channel: 'fresh', role: 'writer', serverId: 'b', from: 'a' }),
      ev({ t: 2000, type: 'writable', channel: 'fresh', role: 'writer', serverId: 'b' }),
    ],
    5000,
  );
  assert.equal(s.downtimeMs, 400);
  assert.equal(s.staleRoleMs, 1100);
  assert.equal(s.timeToWritableMs, 1500);
  assert.equal(s.retry.bridged, true); // the retry at +3 s finds the new writer
});

test('summary: a KILL of the pooled connection alone is not a disruption of the endpoint', () => {
  const s = summarizeEvents(
    [
      ev({ t: 0, type: 'connected', channel: 'fresh', role: 'writer', serverId: '1' }),
      ev({ t: 5, type: 'connected', channel: 'pooled', role: 'writer', serverId: '1' }),
      ev({ t: 700, type: 'connection-lost', channel: 'pooled', code: 'PROTOCOL_CONNECTION_LOST' }),
      ev({ t: 900, type: 'connected', channel: 'pooled', role: 'writer', serverId: '1' }),
      ev({ t: 900, type: 'writable', channel: 'pooled', role: 'writer', serverId: '1' }),
    ],
    2000,
  );
  assert.deepEqual(s.disruptions, []);
  assert.equal(s.downtimeMs, 0);
  assert.equal(s.timeToWritableMs, 0);
});

test('summary: watching a reader endpoint from the start is not a disruption; never recovering is reported as null', () => {
  const reader = summarizeEvents([ev({ t: 0, type: 'connected', channel: 'fresh', role: 'reader', serverId: '2' })], 1000);
  assert.deepEqual(reader.disruptions, []);
  assert.equal(reader.writableAtEnd, false);
  const dead = summarizeEvents(
    [
      ev({ t: 0, type: 'connected', channel: 'fresh', role: 'writer', serverId: '1' }),
      ev({ t: 100, type: 'timeout', channel: 'fresh', code: 'PROBE_CONNECT_TIMEOUT', probeStartT: 50 }),
    ],
    60000,
  );
  assert.equal(dead.downtimeMs, 59950);
  assert.equal(dead.timeToWritableMs, null);
  assert.equal(dead.retry.bridged, false);
});

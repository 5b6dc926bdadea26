// identify() against the real loopback MariaDB pair, and what happens when there is nothing (or a black hole) to identify.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from 'node:net';
import { identify } from '../../src/core/probe/identify';
import { ProbeError } from '../../src/core/probe/errors';
import { ProbeSession } from '../../src/core/probe/connection';
import { SwitchProxy } from './switchProxy';
import { HOST, READER, WRITER, noProbeThreads, openSocketsTo } from './helpers';

test('identify the writer: MariaDB, writer, server-id 1, limits, no Aurora instance list', async () => {
  const id = await identify(WRITER);
  assert.equal(id.flavor, 'mariadb');
  assert.match(id.version, /MariaDB/);
  assert.equal(id.auroraVersion, null);
  assert.equal(id.role, 'writer');
  assert.equal(id.innodbReadOnly, false);
  assert.equal(id.serverId, '1');
  assert.ok(id.maxConnections! > 0);
  assert.equal(id.waitTimeout, 28800);
  assert.deepEqual(id.instances, []);
  assert.equal(id.writerId, null);
  assert.equal(id.remoteAddress, HOST);
  assert.ok(id.connectionId! > 0);
});

test('identify the read-only instance: reader (innodb_read_only = 1, like an Aurora reader), server-id 2', async () => {
  const id = await identify(READER);
  assert.equal(id.flavor, 'mariadb');
  assert.equal(id.role, 'reader');
  assert.equal(id.innodbReadOnly, true);
  assert.equal(id.serverId, '2');
  assert.equal(await noProbeThreads(READER.port), 0);
});

/** A port on 127.0.0.1 with nothing listening (bound once, then released). */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, HOST, () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

test('unreachable: nothing listening → ECONNREFUSED at once, and the message says why', async () => {
  const port = await closedPort();
  const t0 = performance.now();
  await assert.rejects(identify({ ...WRITER, port, connectTimeoutMs: 1000 }), (e: unknown) => {
    assert.ok(e instanceof ProbeError);
    assert.equal(e.code, 'ECONNREFUSED');
    assert.equal(e.op, 'connect');
    assert.match(e.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.match(e.message, /nothing is listening/);
    return true;
  });
  assert.ok(performance.now() - t0 < 500, 'refused should be immediate');
});

test('unreachable: a blackholed endpoint times out within connectTimeout and says why; no socket left', async () => {
  const proxy = await SwitchProxy.start({ port: WRITER.port });
  proxy.blackhole();
  try {
    const t0 = performance.now();
    await assert.rejects(identify({ ...WRITER, port: proxy.port, connectTimeoutMs: 700 }), (e: unknown) => {
      assert.ok(e instanceof ProbeError);
      assert.equal(e.code, 'PROBE_CONNECT_TIMEOUT');
      assert.match(e.message, /timed out after 700 ms/);
      assert.match(e.message, /blackholed|hung/);
      return true;
    });
    const took = performance.now() - t0;
    assert.ok(took >= 650 && took < 700 + 300, `took ${took} ms`);
    assert.equal(openSocketsTo(proxy.port), 0);
  } finally {
    await proxy.close();
  }
});

test('cancel: an AbortSignal stops a hanging identify within 1 s', async () => {
  const proxy = await SwitchProxy.start({ port: WRITER.port });
  proxy.blackhole();
  try {
    const ac = new AbortController();
    const t0 = performance.now();
    setTimeout(() => ac.abort(), 200);
    await assert.rejects(identify({ ...WRITER, port: proxy.port, connectTimeoutMs: 20000 }, { signal: ac.signal }), (e: unknown) => {
      assert.ok(e instanceof ProbeError);
      assert.equal(e.code, 'PROBE_ABORTED');
      return true;
    });
    assert.ok(performance.now() - t0 < 200 + 1000);
    assert.equal(openSocketsTo(proxy.port), 0);
  } finally {
    await proxy.close();
  }
});

test('TLS required against a server without TLS: a clear error, not a plaintext fallback', async () => {
  await assert.rejects(identify({ ...WRITER, tls: 'required' }), (e: unknown) => {
    assert.ok(e instanceof ProbeError);
    assert.equal(e.code, 'HANDSHAKE_NO_SSL_SUPPORT');
    assert.match(e.message, /TLS is required but the server does not offer it/);
    return true;
  });
});

test('bounded connections: a session refuses to open more than its limit', async () => {
  const s = new ProbeSession({ maxConnections: 2 });
  try {
    await s.connect(WRITER);
    await s.connect(WRITER);
    await assert.rejects(s.connect(WRITER), (e: unknown) => e instanceof ProbeError && e.code === 'PROBE_TOO_MANY_CONNECTIONS');
    assert.equal(s.openConnections, 2);
  } finally {
    await s.close();
  }
  assert.equal(s.openConnections, 0);
  assert.equal(await noProbeThreads(WRITER.port), 0);
});

test("a hung query is destroyed by the probe's own timer (mysql2 would leave the connection alive)", async () => {
  const s = new ProbeSession();
  try {
    const c = await s.connect({ ...WRITER, queryTimeoutMs: 300 });
    const t0 = performance.now();
    await assert.rejects(c.query('SELECT SLEEP(2)'), (e: unknown) => e instanceof ProbeError && e.code === 'PROBE_QUERY_TIMEOUT');
    assert.ok(performance.now() - t0 < 300 + 200);
    assert.equal(c.alive, false);
    await c.whenSocketClosed;
  } finally {
    await s.close();
  }
  assert.equal(await noProbeThreads(WRITER.port, 6000), 0);
});

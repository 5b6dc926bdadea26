/// <reference types="mocha" />
// Part 5 of issue 6: the Probes webview as the extension serves it (read from the host side through the test
// API, so the checks hold whatever the panel's markup becomes): a CSP with default-src 'none', a nonce on every
// <script> that the CSP names, no 'unsafe-inline'/'unsafe-eval' scripts, no remote (http/https) URL other than
// VS Code's own webview resource origin. Then a fuzzed set of malformed messages "from the webview" (wrong types,
// extra fields, huge strings, __proto__ / constructor keys, script-injection strings; fixed seed) goes through
// the host's receive path: each must be logged as ignored and never acted on — no message to the view, no
// change of its snapshot, no connection to the endpoint it names (a counting listener), no prototype pollution.
// A well-formed run sent last (the control) must show up in the same checks.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import fc from 'fast-check';
import type { HostMessage } from '../../../src/shared/probe/protocol';
import { activate } from '../suite/helpers';
import { CountingListener, until, writeCounts } from './lib';

const SEED = Number(process.env.AURORA_GUARD_FUZZ_SEED ?? 20250611);
const RUNS = Number(process.env.AURORA_GUARD_WEBVIEW_RUNS ?? 400);
const HUGE = 'h'.repeat(1 << 20);
const INJECTION = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  "'; DROP TABLE t; --",
  '${process.exit()}',
  '{{constructor.constructor("alert(1)")()}}',
  '\u0000\u001b[31m',
  '../../../../etc/passwd',
];

describe('reliability: the Probes webview (CSP, malformed messages)', function () {
  this.timeout(120_000);
  const counts = {
    csp: false,
    cspProblems: [] as string[],
    scripts: 0,
    scriptsWithNonce: 0,
    remoteUrls: [] as string[],
    ownUrls: 0,
    malformed: 0,
    actedOn: 0,
    notLogged: 0,
    controlActedOn: false,
    actedDetails: [] as string[],
  };
  after(() => writeCounts('webview', counts));

  it('serves HTML with a strict CSP, a nonce on every script, and no remote URL', async () => {
    const api = await activate();
    await vscode.commands.executeCommand('auroraGuard.probes.focus');
    await until(() => api.probe.viewHtml() !== undefined, 10000, 'the Probes view resolved');
    const { html, cspSource } = api.probe.viewHtml()!;
    const metas = [...html.matchAll(/<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=(?:"([^"]*)"|'([^']*)')/gi)].map(
      (m) => m[1] ?? m[2],
    );
    const problems: string[] = [];
    if (metas.length !== 1) problems.push(`${metas.length} CSP meta tags`);
    const directives = new Map(
      (metas[0] ?? '')
        .split(';')
        .map((d) => d.trim())
        .filter(Boolean)
        .map((d) => [d.split(/\s+/)[0], d.split(/\s+/).slice(1)] as [string, string[]]),
    );
    if (directives.get('default-src')?.join(' ') !== "'none'")
      problems.push(`default-src is ${JSON.stringify(directives.get('default-src'))}`);
    const scriptSrc = directives.get('script-src') ?? directives.get('default-src') ?? [];
    const nonces = scriptSrc.filter((s) => /^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(s)).map((s) => s.slice(7, -1));
    if (nonces.length !== 1) problems.push(`script-src has ${nonces.length} nonces: ${scriptSrc.join(' ')}`);
    for (const bad of ["'unsafe-inline'", "'unsafe-eval'", '*', 'https:', 'http:', 'data:'])
      if (scriptSrc.includes(bad)) problems.push(`script-src allows ${bad}`);
    // cspSource: VS Code's webview resource origin(s), e.g. https://*.vscode-cdn.net (served from the extension, not remote)
    const own = cspSource.split(/\s+/).filter(Boolean);
    const ownSuffixes = own.filter((t) => /^https:\/\/\*\./.test(t)).map((t) => t.slice('https://*'.length));
    const isOwn = (u: string) =>
      own.includes(u) ||
      ownSuffixes.some((sfx) => {
        try {
          return new URL(u.replace('*.', 'x.')).hostname.endsWith(sfx);
        } catch {
          return false;
        }
      });
    for (const [name, srcs] of directives)
      for (const s of srcs)
        if (s === '*' || s === 'https:' || s === 'http:' || (/^https?:\/\//.test(s) && !isOwn(s))) problems.push(`${name} allows ${s}`);
    const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)];
    counts.scripts = scripts.length;
    counts.scriptsWithNonce = scripts.filter((m) =>
      new RegExp(`\\snonce=["']${nonces[0]?.replace(/[+/=]/g, '\\$&')}["']`).test(m[1]),
    ).length;
    if (counts.scripts === 0) problems.push('no <script> at all (the view could not work)');
    if (counts.scriptsWithNonce !== counts.scripts)
      problems.push(`${counts.scripts - counts.scriptsWithNonce} scripts without the CSP's nonce`);
    if (/\son[a-z]+\s*=/i.test(html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, ''))) problems.push('an inline event handler attribute');
    // every http(s) URL must be VS Code's webview resource origin (cspSource), i.e. served from the extension
    counts.remoteUrls = [...html.matchAll(/\bhttps?:\/\/[^\s"'<>);]+/gi)].map((m) => m[0]).filter((u) => !isOwn(u));
    counts.ownUrls = [...html.matchAll(/\bhttps?:\/\/[^\s"'<>);]+/gi)].length - counts.remoteUrls.length;
    counts.cspProblems = problems;
    counts.csp = problems.length === 0;
    assert.deepEqual(problems, []);
    assert.deepEqual(counts.remoteUrls, []);
  });

  it(`ignores and logs ${RUNS}+ malformed messages (seed ${SEED}), acting on none`, async () => {
    const api = await activate();
    const listener = await CountingListener.start();
    const good = { host: '127.0.0.1', port: listener.port, user: 'probe', database: null, tls: 'off', readerHost: null };
    const posted: HostMessage[] = [];
    const logged: string[] = [];
    const subs = [api.probe.onDidPost((m) => posted.push(m)), api.probe.onDidLog((l) => logged.push(l))];
    const snapshot0 = JSON.stringify(api.probe.snapshot());
    try {
      const messages: unknown[] = [...explicitSet(good), ...fc.sample(malformedArb(good), { seed: SEED, numRuns: RUNS })];
      for (const m of messages) {
        const p = posted.length;
        const l = logged.length;
        const a = listener.accepted;
        api.probe.receiveFromView(m);
        await new Promise((r) => setImmediate(r));
        counts.malformed++;
        const warned = logged.slice(l).filter((x) => /ignored a malformed message/.test(x)).length === 1;
        const acted =
          posted.length > p ||
          listener.accepted > a ||
          JSON.stringify(api.probe.snapshot()) !== snapshot0 ||
          ({} as Record<string, unknown>).polluted !== undefined;
        if (!warned) counts.notLogged++;
        if (acted || logged.slice(l).some((x) => /^probe |refused|watch /.test(x))) {
          counts.actedOn++;
          if (counts.actedDetails.length < 10) counts.actedDetails.push(safe(m));
        }
      }
      // anything that started late (a connect after the loop) shows here
      await new Promise((r) => setTimeout(r, 1000));
      if (listener.accepted > 0) counts.actedOn += listener.accepted;
      // control: the same checks see a well-formed run being acted on (a probe of the listener, password saved)
      await api.probe.savePassword({ user: 'probe', host: '127.0.0.1', port: listener.port }, 'x-webview-control');
      const p = posted.length;
      api.probe.receiveFromView({ type: 'run', endpoint: good });
      await until(() => listener.accepted > 0 && posted.length > p, 10000, 'the control run reaching the listener');
      counts.controlActedOn = true;
      await until(() => posted.slice(p).some((m) => m.type === 'status' && !m.busy), 15000, 'the control run finished');
      await vscode.commands.executeCommand('auroraGuard.forgetPassword', `auroraGuard.probe.password:probe@127.0.0.1:${listener.port}`);
    } finally {
      subs.forEach((d) => d.dispose());
      await listener.close();
    }
    assert.equal(counts.actedOn, 0, counts.actedDetails.join('\n'));
    assert.equal(counts.notLogged, 0);
  });
});

function safe(m: unknown): string {
  try {
    return JSON.stringify(m).slice(0, 300);
  } catch {
    return String(m).slice(0, 300);
  }
}

/** Hand-picked malformed messages: one per way a message can be wrong. */
function explicitSet(good: Record<string, unknown>): unknown[] {
  const ep = (patch: Record<string, unknown>) => ({ type: 'run', endpoint: { ...good, ...patch } });
  return [
    null,
    undefined,
    0,
    1.5,
    NaN,
    true,
    'run',
    HUGE,
    [],
    [{ type: 'run', endpoint: good }],
    {},
    { type: null },
    { type: 42 },
    { type: ['run'] },
    { type: 'Run' },
    { type: HUGE },
    ...INJECTION.map((type) => ({ type })),
    JSON.parse(`{"type":"run","endpoint":${JSON.stringify(good)},"__proto__":{"polluted":1}}`),
    JSON.parse(`{"type":"run","endpoint":${JSON.stringify({ ...good, __proto__: null }).replace('{', '{"__proto__":{"polluted":1},')}}`),
    { type: 'run', endpoint: good, constructor: { prototype: { polluted: 1 } } },
    { type: 'watchStop', extra: 1 },
    { type: 'ready', x: HUGE },
    { type: 'run' },
    { type: 'run', endpoint: null },
    { type: 'run', endpoint: 'host' },
    { type: 'run', endpoint: [good] },
    ep({ host: HUGE }),
    ep({ host: 42 }),
    ep({ host: '' }),
    ep({ host: 'a b' }),
    ...INJECTION.map((host) => ep({ host })),
    ep({ port: '3306' }),
    ep({ port: 0 }),
    ep({ port: 65536 }),
    ep({ port: 1.5 }),
    ep({ port: NaN }),
    ep({ port: -1 }),
    ep({ port: null }),
    ep({ user: '' }),
    ep({ user: 'a b' }),
    ep({ user: HUGE }),
    ep({ user: 7 }),
    ep({ tls: 'yes' }),
    ep({ tls: true }),
    ep({ tls: HUGE }),
    ep({ database: "x'; DROP TABLE t; --" }),
    ep({ database: HUGE }),
    ep({ readerHost: '<script>' }),
    ep({ source: HUGE }),
    ep({ password: 'pw' }),
    ep({ auth: 'iam' }),
    { type: 'watchStart', endpoint: good },
    { type: 'watchStart', endpoint: good, intervalMs: 10, durationS: 1 },
    { type: 'watchStart', endpoint: good, intervalMs: 100, durationS: 0 },
    { type: 'watchStart', endpoint: good, intervalMs: 100, durationS: 1e9 },
    { type: 'watchStart', endpoint: good, intervalMs: '100', durationS: 1 },
    { type: 'watchStart', endpoint: good, intervalMs: 100.5, durationS: 1 },
    { type: 'export' },
    { type: 'export', format: 'html' },
    { type: 'export', format: 'JSON' },
    { type: 'export', format: 'json', path: '/etc/passwd' },
    { type: 'export', format: ['json'] },
  ];
}

/** Random malformed messages: a valid one broken in at least one way that the protocol must reject. */
function malformedArb(good: Record<string, unknown>): fc.Arbitrary<unknown> {
  const valid = fc.constantFrom<Record<string, unknown>>(
    { type: 'run', endpoint: good },
    { type: 'watchStart', endpoint: good, intervalMs: 100, durationS: 1 },
    { type: 'watchStop' },
    { type: 'export', format: 'json' },
    { type: 'ready' },
  );
  const nasty = fc.oneof(fc.constantFrom(...INJECTION, HUGE, '__proto__', 'constructor'), fc.string({ maxLength: 300 }), fc.anything());
  const badKey = fc.oneof(
    fc.constantFrom('__proto__', 'constructor', 'prototype', 'password', 'eval', 'command'),
    fc.string({ minLength: 1, maxLength: 40 }),
  );
  const allowed = new Set(['type', 'endpoint', 'intervalMs', 'durationS', 'format']);
  const epAllowed = new Set(['host', 'port', 'user', 'database', 'tls', 'auth', 'region', 'readerHost', 'source']);
  return fc.oneof(
    // an extra top-level field
    fc
      .tuple(
        valid,
        badKey.filter((k) => !allowed.has(k)),
        nasty,
      )
      .map(([m, k, v]) => withOwn(m, k, v)),
    // an extra endpoint field
    fc
      .tuple(
        fc.constantFrom('run', 'watchStart'),
        badKey.filter((k) => !epAllowed.has(k)),
        nasty,
      )
      .map(([type, k, v]) => ({ type, endpoint: withOwn(good, k, v), intervalMs: 100, durationS: 1 })),
    // a field of the wrong type or out of range
    fc
      .tuple(
        fc.constantFrom('host', 'port', 'user', 'tls'),
        fc.oneof(
          fc.constant(null),
          fc.boolean(),
          fc.array(fc.anything(), { maxLength: 3 }),
          fc.object({ maxDepth: 2 }),
          fc.double(),
          fc.constantFrom(...INJECTION.filter((s) => /[\s()<>'{}]/.test(s)), HUGE),
        ),
      )
      .map(([k, v]) => ({
        type: 'run',
        endpoint: {
          ...good,
          [k]:
            k === 'port' && typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535
              ? -1
              : k === 'user' && typeof v === 'string' && !/\s/.test(v) && v.length <= 128
                ? `${v} x`
                : v,
        },
      })),
    // an unknown type
    fc
      .oneof(fc.string({ maxLength: 60 }), fc.constantFrom(...INJECTION))
      .filter((t) => !['run', 'watchStart', 'watchStop', 'export', 'ready'].includes(t))
      .map((type) => ({ type })),
    // not an object with a type
    fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(valid, { maxLength: 2 }), fc.record({ kind: fc.string() })),
  );
}

/** A copy of `o` with an own property `k` (also for __proto__, which a literal or spread would not create). */
function withOwn(o: Record<string, unknown>, k: string, v: unknown): Record<string, unknown> {
  const c = { ...o };
  Object.defineProperty(c, k, { value: v, enumerable: true, configurable: true, writable: true });
  return c;
}

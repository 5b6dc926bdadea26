// The Probes view's pure parts: the page (CSP, nonce, every element the script looks up), the snapshot reducer
// shared by host and webview, and the form's mapping onto the protocol's validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PROBES_VIEW_ASSETS, probesHtml } from '../../../src/extension/probe/html';
import { parseEndpointForm } from '../../../src/shared/probe/protocol';
import type { HostMessage, ViewEvent } from '../../../src/shared/probe/protocol';
import { MAX_POINTS, emptySnapshot, reduce } from '../../../src/shared/probe/snapshot';
import {
  DRAFT_FIELDS,
  draftOf,
  endpointFromDraft,
  fieldOf,
  readerAfterHostChange,
  regionHint,
  watchSettingsError,
  type Draft,
} from '../../../src/webview/probes/form';
import { ROOT } from '../helpers';

const NONCE = 'bm9uY2Utbm9uY2Utbm9uY2U=';
const CSP_SOURCE = 'https://file+.vscode-resource.vscode-cdn.net';
const page = (trusted = true) =>
  probesHtml({ nonce: NONCE, cspSource: CSP_SOURCE, uri: (...p) => `${CSP_SOURCE}/ext/${p.join('/')}`, trusted });

test('the page has a strict CSP: nothing by default, scripts only with the nonce, styles only from the extension', () => {
  const html = page();
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(csp, 'no CSP meta tag');
  const d = Object.fromEntries(
    csp
      .split(';')
      .map((x) => x.trim().split(/\s+/))
      .map(([k, ...v]) => [k, v]),
  );
  assert.deepEqual(d['default-src'], ["'none'"]);
  assert.deepEqual(d['script-src'], [`'nonce-${NONCE}'`]);
  assert.deepEqual(d['style-src'], [CSP_SOURCE]);
  assert.ok(!/unsafe-|\*/.test(csp), csp);
});

test('every script carries the nonce and loads a file of the extension; no inline script, style or style attribute', () => {
  const html = page();
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length > 0);
  for (const [, attrs, body] of scripts) {
    assert.match(attrs, new RegExp(`nonce="${NONCE}"`));
    assert.match(attrs, /src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\/[\w.]+\.js"/);
    assert.equal(body.trim(), '');
  }
  assert.ok(!/<style\b/.test(html) && !/\sstyle="/.test(html), 'the CSP would block inline styles');
  const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(
    urls.every((u) => u.startsWith(`${CSP_SOURCE}/ext/`)),
    urls.join(' '),
  );
  for (const a of PROBES_VIEW_ASSETS) assert.ok(urls.includes(`${CSP_SOURCE}/ext/${a.join('/')}`), `${a.join('/')} is not on the page`);
});

test('every element the webview script looks up is on the page', () => {
  const html = page();
  const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
  // every file of the view's script (main.ts and the parts it is split into)
  const dir = path.join(ROOT, 'src', 'webview', 'probes');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));
  const src = files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
  const used = new Set([...src.matchAll(/\$(?:<[^>]+>)?\('([A-Za-z]+)'\)/g)].map((m) => m[1]));
  for (const f of DRAFT_FIELDS) used.add(f);
  assert.ok(used.size > 20, `only ${used.size} ids found: the pattern no longer matches the script`);
  assert.deepEqual(
    [...used].filter((id) => !ids.has(id)),
    [],
  );
});

test('an untrusted workspace gets a page that says probing is disabled', () => {
  assert.match(page(false), /<body data-trusted="false">/);
  assert.match(page(false), /id="untrusted"[^>]*>Probing connects to a database, so it is disabled in this untrusted workspace/);
  assert.ok(!page(true).includes('id="untrusted"'));
});

const ev = (t: number): ViewEvent => ({
  t,
  type: 'connected',
  channel: 'pooled',
  code: null,
  role: 'writer',
  serverId: '1',
  text: `${t} connected`,
});

test('the snapshot reducer: a watch collects its own samples and events only, capped at MAX_POINTS samples', () => {
  const s = emptySnapshot();
  const ep = {
    host: 'h',
    port: 3306,
    user: 'u',
    database: null,
    tls: 'off' as const,
    auth: 'password' as const,
    region: null,
    readerHost: null,
    source: 'form',
  };
  reduce(s, { type: 'watchStarted', runId: 2, endpoint: ep, intervalMs: 100, durationMs: 1000 });
  for (let i = 0; i < MAX_POINTS + 10; i++)
    reduce(s, {
      type: 'sample',
      runId: 2,
      sample: { t: i, channel: 'pooled', ok: true, ms: 1, role: 'writer', serverId: '1', code: null },
    });
  reduce(s, { type: 'sample', runId: 1, sample: { t: -1, channel: 'fresh', ok: true, ms: 1, role: 'writer', serverId: '1', code: null } });
  reduce(s, { type: 'event', runId: 2, event: ev(5) });
  reduce(s, { type: 'event', runId: 1, event: ev(6) });
  assert.equal(s.watch!.samples.length, MAX_POINTS);
  assert.equal(s.watch!.samples[0].t, 10, 'the oldest samples go first');
  assert.deepEqual(
    s.watch!.events.map((e) => e.t),
    [5],
  );
  assert.equal(s.endpoint, ep);
  reduce(s, { type: 'watchDone', runId: 1, summary: null });
  assert.equal(s.watch!.running, true, "another run's end does not end this watch");
  reduce(s, { type: 'watchDone', runId: 2, summary: { downtimeMs: 0, timeToWritableMs: null, staleRoleMs: 0, text: 'ok' } });
  assert.equal(s.watch!.running, false);
  assert.equal(s.watch!.summary!.text, 'ok');
});

test('the snapshot reducer: init replaces everything (a missing part is reset, not kept)', () => {
  const s = emptySnapshot();
  reduce(s, { type: 'status', text: 'x', busy: true, error: false });
  const init: HostMessage = { type: 'init', snapshot: { endpoint: null, oneShot: null, watch: null } as never };
  reduce(s, init);
  assert.deepEqual(s, emptySnapshot());
});

const draft = (over: Partial<Draft> = {}): Draft => ({
  host: 'db.cluster-abc.eu-west-1.rds.amazonaws.com',
  port: '3306',
  user: 'apim',
  database: '',
  readerHost: '',
  tls: 'off',
  auth: 'password',
  region: '',
  interval: '250',
  duration: '60',
  ...over,
});

test('the form: a filled draft is a valid endpoint; empty optional fields are null; region only with IAM', () => {
  const ep = parseEndpointForm(endpointFromDraft(draft({ region: 'eu-west-1' }), null));
  assert.deepEqual(ep, {
    host: 'db.cluster-abc.eu-west-1.rds.amazonaws.com',
    port: 3306,
    user: 'apim',
    tls: 'off',
    auth: 'password',
    region: null,
    database: null,
    readerHost: null,
    source: 'form',
  });
  const iam = parseEndpointForm(endpointFromDraft(draft({ auth: 'iam', tls: 'verify', region: ' eu-west-1 ' }), null));
  assert.equal(typeof iam === 'object' && iam.region, 'eu-west-1');
  const known = { ...(ep as object), source: 'deployment.toml › apim_db' } as never;
  assert.equal(endpointFromDraft(draft(), known).source, 'deployment.toml › apim_db', 'the caption stays for the same endpoint');
  assert.equal(endpointFromDraft(draft({ port: '3307' }), known).source, 'form');
  assert.deepEqual(
    endpointFromDraft({ ...draft(), ...draftOf(ep as never) } as Draft, null),
    endpointFromDraft(draft(), null),
    'draftOf ∘ endpointFromDraft round-trips',
  );
});

test('the form: every reason the protocol gives lands on the field it is about', () => {
  const cases: [Partial<Draft>, keyof Draft][] = [
    [{ host: '' }, 'host'],
    [{ host: 'a b' }, 'host'],
    [{ port: '' }, 'port'],
    [{ port: '70000' }, 'port'],
    [{ port: '3.5' }, 'port'],
    [{ user: '' }, 'user'],
    [{ user: 'a b' }, 'user'],
    [{ database: 'x;drop' }, 'database'],
    [{ readerHost: 'a b' }, 'readerHost'],
    [{ tls: 'maybe' }, 'tls'],
    [{ auth: 'iam', tls: 'off' }, 'tls'],
    [{ auth: 'iam', tls: 'required', region: 'Europe' }, 'region'],
  ];
  for (const [over, field] of cases) {
    const r = parseEndpointForm(endpointFromDraft(draft(over), null));
    assert.equal(typeof r, 'string', JSON.stringify(over));
    assert.equal(fieldOf(r as string), field, `${JSON.stringify(over)} → ${r}`);
  }
});

test("the form: watch settings within the protocol's bounds", () => {
  assert.equal(watchSettingsError(draft()), null);
  assert.equal(watchSettingsError(draft({ interval: '49' }))?.field, 'interval');
  assert.equal(watchSettingsError(draft({ interval: '100.5' }))?.field, 'interval');
  assert.equal(watchSettingsError(draft({ interval: '' }))?.field, 'interval');
  assert.equal(watchSettingsError(draft({ duration: '0' }))?.field, 'duration');
  assert.equal(watchSettingsError(draft({ duration: '3601' }))?.field, 'duration');
  assert.equal(watchSettingsError(draft({ duration: '0.5' })), null);
});

test('the form: the region hint and the derived reader endpoint follow the host', () => {
  assert.equal(regionHint('db.cluster-abc.eu-west-1.rds.amazonaws.com'), 'eu-west-1 (from the host name)');
  assert.equal(regionHint('127.0.0.1'), "AWS_REGION of VS Code's environment");
  const w = 'db.cluster-abc.eu-west-1.rds.amazonaws.com';
  const r = 'db.cluster-ro-abc.eu-west-1.rds.amazonaws.com';
  assert.equal(readerAfterHostChange('', '', w), r, 'empty reader: derived');
  assert.equal(readerAfterHostChange(r, w, '127.0.0.1'), '', 'the derived reader goes with its host');
  assert.equal(
    readerAfterHostChange('my-reader.example', w, 'other.cluster-x.us-east-1.rds.amazonaws.com'),
    'my-reader.example',
    'a typed reader stays',
  );
});

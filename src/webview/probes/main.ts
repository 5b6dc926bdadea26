// The Probes webview (bundled by webpack into dist/webview/probes.js, loaded with the page's nonce). It talks to
// src/extension/probe/view.ts through the typed protocol (protocol.ts) and mirrors the host's snapshot with the
// same reducer (snapshot.ts). It never sees a password: the host asks for it in a VS Code input box.
// State: mirrored in vscode.setState on every change, restored from getState when the view is shown again;
// the host's `init` snapshot (sent after `ready`) replaces it.
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-table/index.js';
import '@vscode-elements/elements/dist/vscode-table-body/index.js';
import '@vscode-elements/elements/dist/vscode-table-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-header/index.js';
import '@vscode-elements/elements/dist/vscode-table-header-cell/index.js';
import '@vscode-elements/elements/dist/vscode-table-row/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/index.js';
import type { VscodeCollapsible } from '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import type { VscodeSingleSelect } from '@vscode-elements/elements/dist/vscode-single-select/index.js';
import type { VscodeTextfield } from '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { ServerIdentity } from '../../core/probe/identify';
import type { EndpointForm, ForecastView, HostMessage, ViewMessage, ViewSnapshot } from '../../shared/probe/protocol';
import { parseEndpointForm } from '../../shared/probe/protocol';
import { emptySnapshot, reduce } from '../../shared/probe/snapshot';
import {
  DRAFT_FIELDS,
  draftOf,
  endpointFromDraft,
  fieldOf,
  readerAfterHostChange,
  regionHint,
  watchSettingsError,
  type Draft,
} from './form';
import { chartData, markerColorVar, renderMarkerLegend, createChart, type Chart } from './chart';

interface SavedState {
  snapshot: ViewSnapshot;
  draft: Draft | null;
  /** Section id → open. */
  open: Record<string, boolean>;
}
declare function acquireVsCodeApi(): {
  postMessage(m: ViewMessage): void;
  getState(): SavedState | undefined;
  setState(s: SavedState): void;
};

const vscode = acquireVsCodeApi();
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const field = (id: keyof Draft) => $<VscodeTextfield | VscodeSingleSelect>(id);

/** Untrusted workspace (the page says so): the form can be filled, nothing runs. */
const trusted = document.body.dataset.trusted !== 'false';
const saved = vscode.getState();
const snap: ViewSnapshot = Object.assign(emptySnapshot(), saved?.snapshot);
const openSections: Record<string, boolean> = { ...saved?.open };
/** Fields the user has changed (their errors show), or all after a Run / Start watch click. */
const touched = new Set<string>();
let submitted = false;
let tlsNote = '';
let chart: Chart | null = null;
/** The host the reader field was last derived for. */
let lastHost = '';

function save(): void {
  vscode.setState({ snapshot: snap, draft: readDraft(), open: openSections });
}

function readDraft(): Draft {
  const d = {} as Draft;
  for (const k of DRAFT_FIELDS) d[k] = String(field(k).value ?? '');
  return d;
}

function fillDraft(d: Partial<Draft>): void {
  for (const k of DRAFT_FIELDS) if (d[k] !== undefined) field(k).value = d[k]!;
  lastHost = String(field('host').value);
  syncAuth();
}

function fillEndpoint(ep: EndpointForm | null): void {
  if (!ep) return;
  fillDraft(draftOf(ep));
  touched.clear();
  submitted = false;
  tlsNote = '';
  validate();
}

/** Validate the form with the protocol's own parser; show the reason at the field once it matters. */
function validate(): EndpointForm | null {
  const ep = parseEndpointForm(endpointFromDraft(readDraft(), snap.endpoint));
  const reason = typeof ep === 'string' ? ep : null;
  const at = reason ? fieldOf(reason) : null;
  for (const k of ['host', 'port', 'user', 'database', 'readerHost', 'region'] as const) $<VscodeTextfield>(k).invalid = false;
  const show = !!reason && (submitted || (at !== null && touched.has(at)) || at === 'tls');
  if (show && at && at !== 'tls' && at !== 'auth') $<VscodeTextfield>(at).invalid = true;
  const msg = $('formMessage');
  msg.textContent = show ? `Cannot probe: ${reason}.` : tlsNote;
  msg.className = show ? 'helper error' : 'helper';
  const watchErr = watchSettingsError(readDraft());
  $<VscodeTextfield>('interval').invalid = watchErr?.field === 'interval';
  $<VscodeTextfield>('duration').invalid = watchErr?.field === 'duration';
  if (!show && watchErr && (submitted || touched.has(watchErr.field))) {
    msg.textContent = watchErr.text;
    msg.className = 'helper error';
  }
  return typeof ep === 'string' ? null : ep;
}

/** IAM tokens are only accepted over TLS: choosing IAM turns TLS on, and the region applies only to IAM. */
function syncAuth(fromUser = false): void {
  const iam = field('auth').value === 'iam';
  $<VscodeTextfield>('region').disabled = !iam;
  $<VscodeTextfield>('region').placeholder = iam ? regionHint(String(field('host').value)) : 'only for IAM auth';
  if (iam && fromUser && field('tls').value === 'off') {
    field('tls').value = 'required';
    tlsNote = 'An IAM auth token is only sent over TLS: TLS is now "required" (choose "verify" to check the RDS certificate).';
  } else if (!iam) tlsNote = '';
  $('authNote').textContent = iam
    ? "An RDS IAM auth token is generated for each connection from the AWS credentials of VS Code's environment; nothing is stored and no password is asked."
    : 'The password is asked by VS Code and kept in its secret storage; it never enters this view.';
}

function post(m: ViewMessage): void {
  vscode.postMessage(m);
}

function run(kind: 'run' | 'watch'): void {
  submitted = true;
  const ep = validate();
  if (kind === 'watch') {
    if (snap.watch?.running) {
      post({ type: 'watchStop' });
      return;
    }
    if (!ep || watchSettingsError(readDraft())) return;
    const d = readDraft();
    post({ type: 'watchStart', endpoint: ep, intervalMs: Math.round(Number(d.interval)), durationS: Number(d.duration) });
    return;
  }
  if (ep) post({ type: 'run', endpoint: ep });
}

// ---- rendering ------------------------------------------------------------------------------------------

const fmt = (n: number | null | undefined, digits = 2) => (n === null || n === undefined ? '–' : n.toFixed(digits));

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string | null, cls?: string): HTMLElementTagNameMap[K];
function el(tag: string, text?: string | null, cls?: string): HTMLElement;
function el(tag: string, text?: string | null, cls?: string): HTMLElement {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function row(cells: (string | HTMLElement)[], cls?: string): HTMLElement {
  const r = el('vscode-table-row', null, cls);
  for (const c of cells) {
    const cell = el('vscode-table-cell');
    if (typeof c === 'string') cell.textContent = c;
    else cell.append(c);
    r.append(cell);
  }
  return r;
}

function renderStatus(): void {
  const s = snap.status;
  const box = $('status');
  const running = !!snap.watch?.running;
  const busy = !!s?.busy;
  box.className = s ? (s.error ? 'error' : busy ? 'busy' : 'idle') : 'idle';
  $('statusText').textContent = s
    ? s.text
    : snap.oneShot || snap.watch
      ? ''
      : 'No probe run yet: fill in the endpoint (or run Probe Aurora on a datasource) and press Run probe.';
  $('busy').hidden = !busy;
  const watchBtn = $<VscodeButton>('watch');
  watchBtn.textContent = running ? 'Stop watch' : 'Start watch';
  watchBtn.secondary = !running;
  $<VscodeButton>('run').disabled = !trusted || (busy && !running);
  watchBtn.disabled = !trusted && !running;
  const any = !!(snap.oneShot || snap.watch);
  $<VscodeButton>('exportJson').disabled = !any;
  $<VscodeButton>('exportMd').disabled = !any;
  const src = snap.endpoint?.source;
  $('source').textContent = src && src !== 'form' ? `From ${src}.` : '';
}

function renderVerdict(): void {
  const box = $('verdict');
  box.replaceChildren();
  const o = snap.oneShot;
  const w = snap.watch;
  if (o) {
    const p = el('p');
    p.append(el('strong', 'Validation query: '), o.lab.verdict.text);
    box.append(p);
  }
  if (w?.summary) {
    const p = el('p');
    p.append(el('strong', 'Watch: '), w.summary.text);
    box.append(p);
    const facts = el('p', null, 'facts');
    const toWritable = w.summary.timeToWritableMs === null ? '–' : `${w.summary.timeToWritableMs} ms`;
    facts.textContent = `Downtime ${w.summary.downtimeMs} ms · time to writable ${toWritable} · stale role ${w.summary.staleRoleMs} ms`;
    box.append(facts);
    if (w.summary.forecast) box.append(renderForecast(w.summary.forecast));
  } else if (w?.running) {
    box.append(
      el(
        'p',
        `Watching: ${w.events.length} event${w.events.length === 1 ? '' : 's'} so far. The verdict follows when the watch ends.`,
        'empty',
      ),
    );
  }
  if (!box.childElementCount)
    box.append(el('p', 'Run a probe to check the validation query; start a watch to measure a failover.', 'empty'));
}

/** The datasource's forecast (computed by the host from the core) beside what the watch observed: text rows only. */
function renderForecast(f: ForecastView): HTMLElement {
  const box = el('div', null, 'forecast');
  box.id = 'forecast';
  const head = el('p', null, 'forecastHead');
  head.append(el('strong', 'Forecast: '), `${f.source}, after a failover and the other modelled faults (now → after fix-all):`);
  const list = el('ul');
  for (const r of f.rows) {
    const li = el('li');
    li.append(el('span', `${r.label}: `, 'key'), el('span', r.now, r.fails ? 'bad' : 'ok'), ` → ${r.after}`);
    list.append(li);
  }
  box.append(head, list, el('p', f.caveat, 'facts'));
  return box;
}

function identityRows(servers: { label: string; s: ServerIdentity }[], instances: { serverId: string; role: string }[]): HTMLElement[] {
  const rows: [string, (s: ServerIdentity) => string][] = [
    ['version', (s) => s.version],
    ['flavor', (s) => (s.auroraVersion ? `${s.flavor} ${s.auroraVersion}` : s.flavor)],
    ['role', (s) => s.role],
    ['server id', (s) => s.serverId],
    ['max_connections', (s) => (s.maxConnections === null ? '–' : String(s.maxConnections))],
    ['wait_timeout', (s) => (s.waitTimeout === null ? '–' : `${s.waitTimeout} s`)],
    ['connect', (s) => `${fmt(s.connectMs, 1)} ms${s.remoteAddress ? ` to ${s.remoteAddress}` : ''}`],
  ];
  const out = rows.map(([k, f]) =>
    row([el('span', k, 'key'), ...servers.map(({ s }) => (k === 'role' ? el('span', f(s), `role ${s.role}`) : f(s)))]),
  );
  const list = instances.map((i) => `${i.serverId} (${i.role})`).join(', ') || '–';
  const inst = el('span', list);
  out.push(row([el('span', 'instances', 'key'), inst, ...servers.slice(1).map(() => '')]));
  const notes = servers.flatMap(({ label, s }) => s.notes.map((n) => `${label}: ${n}`));
  if (notes.length) out.push(row([el('span', 'notes', 'key'), notes.join('; '), ...servers.slice(1).map(() => '')]));
  return out;
}

function renderOneShot(): void {
  const o = snap.oneShot;
  for (const id of ['identity', 'lab']) $(id).hidden = !o;
  $('identityEmpty').hidden = !!o;
  $('labEmpty').hidden = !!o;
  $('labNotes').replaceChildren();
  if (!o) {
    $('identityHead').replaceChildren();
    $('identityBody').replaceChildren();
    $('labBody').replaceChildren();
    return;
  }
  const servers = [{ label: `${o.endpoint.host}:${o.endpoint.port}`, s: o.server }];
  if (o.reader) servers.push({ label: `${o.endpoint.readerHost ?? 'reader endpoint'}:${o.endpoint.port}`, s: o.reader });
  const heads = servers.map((x, i) => el('vscode-table-header-cell', i === 0 ? x.label : `${x.label} (reader endpoint)`));
  $('identityHead').replaceChildren(el('vscode-table-header-cell', ''), ...heads);
  $('identityBody').replaceChildren(...identityRows(servers, o.json.instances));
  $('identity').classList.toggle('withReader', servers.length > 1);

  $('labBody').replaceChildren(
    ...o.lab.measurements.map((m) => {
      const sql = el('code', m.sql);
      sql.title = m.sql;
      const sqlCell = el('span');
      sqlCell.append(sql);
      if (m.source === 'file') sqlCell.append(' ', el('span', 'from the file', 'tag'));
      const res = el('span', m.ok ? 'passes' : `raises ${m.errorCode ?? 'an error'}`, m.ok ? 'ok' : 'bad');
      if (!m.ok) res.title = `${m.failures}/${m.runs} runs failed${m.errorMessage ? `: ${m.errorMessage}` : ''}`;
      return row([sqlCell, m.endpoint, res, fmt(m.p50Ms), fmt(m.p95Ms), fmt(m.maxMs)]);
    }),
  );
  const notes = $('labNotes');
  const runs = [...new Set(o.lab.measurements.map((m) => m.runs))];
  if (runs.length)
    notes.append(
      el('p', `Latency in ms over ${runs.join('/')} run${runs.join() === '1' ? '' : 's'} of each query per endpoint.`, 'helper'),
    );
  for (const r of o.lab.refused) {
    const p = el('p', null, 'helper');
    p.append('Not run: ', el('code', r.sql), `: ${r.reason}`);
    notes.append(p);
  }
  for (const e of o.lab.errors)
    notes.append(el('p', `The ${e.endpoint} endpoint could not be measured (${e.code}): ${e.message}`, 'helper error'));
}

/** "  1.234 s  fresh   role-changed    writer → reader" → "writer → reader" (the text form's last column). */
function detailOf(text: string, type: string): string {
  const i = text.indexOf(type);
  return i < 0 ? text : text.slice(i + type.length).trim();
}

function renderTimeline(): void {
  const events = snap.watch?.events ?? [];
  $('eventCount').textContent = String(events.length);
  $('eventCount').hidden = !events.length;
  $('timeline').hidden = !events.length;
  $('timelineEmpty').hidden = !!events.length;
  $('timelineEmpty').textContent = snap.watch?.running ? 'No events yet: the endpoint answers as before.' : 'No events yet: start a watch.';
  const body = $('timelineBody');
  // Events only ever append during a watch: add the new rows instead of rebuilding the table.
  const otherRun = events.length && body.firstElementChild?.getAttribute('data-t') !== String(events[0].t);
  if (body.childElementCount > events.length || otherRun) body.replaceChildren();
  for (let i = body.childElementCount; i < events.length; i++) {
    const e = events[i];
    const kind = /lost|failed|timeout/.test(e.type) ? 'lost' : /role|server|dns/.test(e.type) ? 'changed' : 'fine';
    const type = el('span', e.type, `event ${kind}`);
    const swatch = el('span', null, 'swatch');
    swatch.style.setProperty('background-color', `rgb(from var(${markerColorVar(e.type)}) r g b)`);
    type.prepend(swatch);
    const r = row([fmt(e.t / 1000, 3), e.channel, type, detailOf(e.text, e.type)], kind);
    r.setAttribute('data-t', String(e.t));
    body.append(r);
  }
}

function renderChart(): void {
  const w = snap.watch;
  const has = !!w && w.samples.length > 0;
  $('chartEmpty').hidden = has;
  $('chartEmpty').textContent = w?.running
    ? 'Waiting for the first samples…'
    : 'No samples yet: start a watch to plot the pooled and the fresh channel.';
  $('chart').hidden = !has;
  if (!has) {
    chart?.destroy();
    chart = null;
    return;
  }
  const box = $('chart');
  const width = box.clientWidth;
  if (width <= 0) return; // collapsed or hidden: drawn when shown again
  const data = chartData(w!.samples);
  if (!chart) chart = createChart(box, width, data, () => snap.watch?.events ?? []);
  else chart.setData(data);
  renderMarkerLegend($('markerLegend'), w!.events);
}

let pending = false;
function render(what: HostMessage['type'] | 'all'): void {
  if (what === 'sample') {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      renderChart();
    });
    return;
  }
  renderStatus();
  renderVerdict();
  renderOneShot();
  renderChart();
  renderTimeline();
}

// ---- wiring ---------------------------------------------------------------------------------------------

window.addEventListener('message', (ev: MessageEvent<HostMessage>) => {
  const m = ev.data;
  if (!m || typeof m !== 'object' || typeof m.type !== 'string') return;
  reduce(snap, m);
  if (m.type === 'endpoint') fillEndpoint(m.endpoint);
  if (m.type === 'init' && snap.endpoint && !saved?.draft) fillEndpoint(snap.endpoint);
  if (m.type === 'init' || m.type === 'watchStarted') {
    chart?.destroy();
    chart = null;
  }
  render(m.type);
  save();
});

$('run').addEventListener('click', () => run('run'));
$('watch').addEventListener('click', () => run('watch'));
$('exportJson').addEventListener('click', () => post({ type: 'export', format: 'json' }));
$('exportMd').addEventListener('click', () => post({ type: 'export', format: 'markdown' }));
for (const k of DRAFT_FIELDS) {
  const f = field(k);
  const onEdit = (): void => {
    touched.add(k);
    if (k === 'tls') tlsNote = '';
    if (k === 'auth' || k === 'tls') syncAuth(k === 'auth');
    if (k === 'host') {
      const host = String(field('host').value);
      field('readerHost').value = readerAfterHostChange(String(field('readerHost').value), lastHost, host);
      lastHost = host;
      syncAuth();
    }
    validate();
    save();
  };
  f.addEventListener('change', onEdit);
  if (k !== 'auth' && k !== 'tls')
    f.addEventListener('input', () => {
      if (touched.has(k) || submitted) validate();
      save();
    });
  // Enter in a text field runs the probe, like a form's submit.
  // (never stops a running watch: that takes the button)
  f.addEventListener('keydown', (e: Event) => {
    if ((e as KeyboardEvent).key !== 'Enter' || k === 'auth' || k === 'tls') return;
    const watchField = k === 'interval' || k === 'duration';
    if (watchField && snap.watch?.running) return;
    run(watchField ? 'watch' : 'run');
  });
}
for (const c of document.querySelectorAll<VscodeCollapsible>('vscode-collapsible')) {
  if (openSections[c.id] !== undefined) c.open = openSections[c.id];
  c.addEventListener('vsc-collapsible-toggle', () => {
    openSections[c.id] = c.open;
    save();
    if (c.id === 'chartSection' && c.open) requestAnimationFrame(renderChart);
  });
}
new ResizeObserver(() => {
  const width = $('chart').clientWidth;
  if (chart && width > 0 && Math.abs(width - chart.width) > 1) chart.setSize({ width, height: chart.height });
  else if (!chart && width > 0) renderChart();
}).observe($('chart'));
// A theme switch changes the body's class / theme id and the --vscode-* colours: redraw the chart with them.
new MutationObserver(() => {
  chart?.destroy();
  chart = null;
  renderChart();
}).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });

if (saved?.draft) fillDraft(saved.draft);
else fillEndpoint(snap.endpoint);
syncAuth();
render('all');
post({ type: 'ready' });

// The one-shot results: the status line and buttons, the verdict (with the watch's summary and the forecast beside
// it), the server identity table and the validation-query lab.
import type { VscodeButton } from '@vscode-elements/elements/dist/vscode-button/index.js';
import type { ServerIdentity } from '../../core/probe/identify';
import type { ForecastView } from '../../shared/probe/protocol';
import { $, el, fmt, row } from './dom';
import { snap, trusted } from './viewState';

export function renderStatus(): void {
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

export function renderVerdict(): void {
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

export function renderOneShot(): void {
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

// The Probes webview (loaded with a nonce; talks to src/extension/probe/view.ts through the typed protocol in
// src/extension/probe/protocol.ts). It never sees a password: the host asks for it in a VS Code input box.
// State: mirrored in vscode.setState on every change, restored from getState when the view is shown again;
// the host's `init` snapshot (sent after `ready`) wins when it has newer data.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const $ = (id) => document.getElementById(id);
  const MAX_POINTS = 4000;
  const EVENT_COLORS = {
    'connection-lost': '#f14c4c', 'connect-failed': '#f14c4c', timeout: '#cca700', 'role-changed': '#d18616',
    'server-changed': '#b180d7', 'dns-changed': '#3794ff', writable: '#73c991', connected: '#73c991',
  };

  /** @type {{endpoint:any, oneShot:any, watch:any, status:any}} */
  let snap = Object.assign({ endpoint: null, oneShot: null, watch: null, status: null }, (vscode.getState() || {}).snapshot || {});
  let form = (vscode.getState() || {}).form || null;
  let chart = null;

  const save = () => vscode.setState({ snapshot: snap, form: readForm() });
  const esc = (s) => String(s === null || s === undefined ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const num = (n) => (n === null || n === undefined ? '–' : Number(n).toFixed(2));

  function readForm() {
    return {
      host: $('host').value.trim(), port: Number($('port').value), user: $('user').value.trim(),
      database: $('database').value.trim() || null, tls: $('tls').value, readerHost: $('readerHost').value.trim() || null,
      source: (snap.endpoint && snap.endpoint.host === $('host').value.trim() && snap.endpoint.source) || 'form',
    };
  }
  function fillForm(ep) {
    if (!ep) return;
    $('host').value = ep.host || ''; $('port').value = String(ep.port || 3306); $('user').value = ep.user || '';
    $('database').value = ep.database || ''; $('tls').value = ep.tls || 'off'; $('readerHost').value = ep.readerHost || '';
  }

  function reduce(m) {
    switch (m.type) {
      case 'init': snap = Object.assign({ endpoint: null, oneShot: null, watch: null, status: null }, m.snapshot); break;
      case 'endpoint': snap.endpoint = m.endpoint; fillForm(m.endpoint); break;
      case 'status': snap.status = { text: m.text, busy: m.busy, error: m.error }; break;
      case 'oneShot': snap.oneShot = m.result; snap.endpoint = m.result.endpoint; break;
      case 'watchStarted': snap.watch = { runId: m.runId, running: true, samples: [], events: [], summary: null }; snap.endpoint = m.endpoint; break;
      case 'sample': if (snap.watch && snap.watch.runId === m.runId) { snap.watch.samples.push(m.sample); if (snap.watch.samples.length > MAX_POINTS) snap.watch.samples.splice(0, snap.watch.samples.length - MAX_POINTS); } break;
      case 'event': if (snap.watch && snap.watch.runId === m.runId) snap.watch.events.push(m.event); break;
      case 'watchDone': if (snap.watch && snap.watch.runId === m.runId) { snap.watch.running = false; snap.watch.summary = m.summary; } break;
      default: return false;
    }
    return true;
  }

  function renderStatus() {
    const s = snap.status, el = $('status');
    el.textContent = s ? s.text : '';
    el.className = s ? (s.error ? 'error' : s.busy ? 'busy' : '') : '';
    const running = !!(snap.watch && snap.watch.running);
    $('watch').textContent = running ? 'Stop watch' : 'Start watch';
    $('run').disabled = !!(s && s.busy && !running);
  }

  function renderOneShot() {
    const o = snap.oneShot;
    const verdict = [];
    if (o) verdict.push('<strong>Validation query:</strong> ' + esc(o.lab.verdict.text));
    if (snap.watch && snap.watch.summary) verdict.push('<strong>Watch:</strong> ' + esc(snap.watch.summary.text));
    $('verdict').innerHTML = verdict.map((v) => '<p>' + v + '</p>').join('');
    if (!o) { $('identity').innerHTML = ''; $('lab').innerHTML = ''; return; }
    const srv = (s, label) => '<dt>' + esc(label) + '</dt><dd>' + esc(s.flavor) + ' ' + esc(s.version) + ', <strong>' + esc(s.role) + '</strong>, server ' + esc(s.serverId) +
      (s.maxConnections !== null ? ', max_connections ' + esc(s.maxConnections) : '') + '</dd>';
    $('identity').innerHTML = '<h3>Server</h3><dl class="kv">' + srv(o.server, o.endpoint.host + ':' + o.endpoint.port) +
      (o.reader ? srv(o.reader, o.endpoint.readerHost || 'reader') : '') + '</dl>';
    const rows = o.json.queries.map((q) => '<tr><td><code>' + esc(q.sql) + '</code></td><td>' + esc(q.endpoint) + '</td><td class="' + (q.ok ? 'ok' : 'bad') + '">' +
      (q.ok ? 'passes' : 'raises ' + esc(q.errorCode)) + '</td><td class="num">' + num(q.p50Ms) + '</td><td class="num">' + num(q.p95Ms) + '</td></tr>').join('');
    const refused = (o.lab.refused || []).map((r) => '<p class="note">Not run: <code>' + esc(r.sql) + '</code>: ' + esc(r.reason) + '</p>').join('');
    $('lab').innerHTML = '<h3>Validation-query lab</h3><table><thead><tr><th>query</th><th>endpoint</th><th>result</th><th>p50 ms</th><th>p95 ms</th></tr></thead><tbody>' + rows + '</tbody></table>' + refused;
  }

  function chartData() {
    const w = snap.watch;
    const xs = [], pooled = [], fresh = [];
    for (const s of w ? w.samples : []) {
      xs.push(s.t / 1000);
      // uPlot: undefined = no sample of this channel at this x (the line spans it), null = a failed probe (a gap).
      pooled.push(s.channel === 'pooled' ? (s.ok ? s.ms : null) : undefined);
      fresh.push(s.channel === 'fresh' ? (s.ok ? s.ms : null) : undefined);
    }
    return [xs, pooled, fresh];
  }

  function markerPlugin() {
    return {
      hooks: {
        draw: [(u) => {
          const events = snap.watch ? snap.watch.events : [];
          const ctx = u.ctx, top = u.bbox.top, h = u.bbox.height;
          ctx.save();
          ctx.lineWidth = 1.5 * devicePixelRatio;
          ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
          for (const e of events) {
            const x = u.valToPos(e.t / 1000, 'x', true);
            if (!(x >= u.bbox.left && x <= u.bbox.left + u.bbox.width)) continue;
            ctx.strokeStyle = EVENT_COLORS[e.type] || '#888';
            ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, top + h); ctx.stroke();
          }
          ctx.restore();
        }],
      },
    };
  }

  function renderChart() {
    const el = $('chart');
    const width = Math.max(200, el.clientWidth || document.body.clientWidth - 16);
    const data = chartData();
    if (!chart) {
      const css = getComputedStyle(document.body);
      const fg = css.getPropertyValue('--vscode-foreground').trim() || '#ccc';
      const grid = css.getPropertyValue('--vscode-panel-border').trim() || 'rgba(128,128,128,.3)';
      const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
      chart = new uPlot({
        width, height: 180, plugins: [markerPlugin()], cursor: { drag: { x: false, y: false } },
        scales: { x: { time: false } },
        axes: [Object.assign({ label: 's' }, axis), Object.assign({ label: 'ms' }, axis)],
        series: [
          { label: 't (s)', value: (u, v) => (v === null ? '–' : v.toFixed(2)) },
          { label: 'pooled', stroke: '#3794ff', width: 2, spanGaps: false, points: { size: 3 }, value: (u, v) => (v === null ? '–' : v.toFixed(1) + ' ms') },
          { label: 'fresh', stroke: '#d18616', width: 1.5, spanGaps: false, points: { size: 3 }, value: (u, v) => (v === null ? '–' : v.toFixed(1) + ' ms') },
        ],
      }, data, el);
    } else {
      chart.setData(data);
    }
  }

  function renderTimeline() {
    const events = snap.watch ? snap.watch.events : [];
    const ol = $('timeline');
    ol.innerHTML = events.map((e) => '<li class="' + (/lost|failed|timeout/.test(e.type) ? 'lost' : /role|server/.test(e.type) ? 'role' : '') + '">' + esc(e.text) + '</li>').join('');
    ol.scrollTop = ol.scrollHeight;
  }

  let pending = false;
  function render(what) {
    if (what === 'sample') {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => { pending = false; renderChart(); });
      return;
    }
    renderStatus(); renderOneShot(); renderChart(); renderTimeline();
  }

  window.addEventListener('message', (ev) => {
    const m = ev.data;
    if (!m || typeof m.type !== 'string') return;
    if (!reduce(m)) return;
    if (m.type === 'init' && snap.endpoint) fillForm(snap.endpoint);
    render(m.type);
    save();
  });

  $('ep').addEventListener('submit', (e) => { e.preventDefault(); vscode.postMessage({ type: 'run', endpoint: readForm() }); });
  $('watch').addEventListener('click', () => {
    if (snap.watch && snap.watch.running) { vscode.postMessage({ type: 'watchStop' }); return; }
    if (!$('ep').reportValidity()) return;
    vscode.postMessage({ type: 'watchStart', endpoint: readForm(), intervalMs: Math.max(50, Math.round(Number($('interval').value) || 250)), durationS: Math.max(1, Number($('duration').value) || 60) });
  });
  $('exportJson').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'json' }));
  $('exportMd').addEventListener('click', () => vscode.postMessage({ type: 'export', format: 'markdown' }));
  for (const id of ['host', 'port', 'user', 'database', 'tls', 'readerHost']) $(id).addEventListener('change', save);
  window.addEventListener('resize', () => { if (chart) chart.setSize({ width: Math.max(200, $('chart').clientWidth), height: 180 }); });

  if (form) fillForm(form); else fillForm(snap.endpoint);
  render('init');
  vscode.postMessage({ type: 'ready' });
})();

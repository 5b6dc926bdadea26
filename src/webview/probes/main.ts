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
import type { VscodeCollapsible } from '@vscode-elements/elements/dist/vscode-collapsible/index.js';
import type { HostMessage } from '../../shared/probe/protocol';
import { reduce } from '../../shared/probe/snapshot';
import { $ } from './dom';
import { fillDraft, fillEndpoint, run, syncAuth, wireFormFields } from './formControls';
import { renderOneShot, renderStatus, renderVerdict } from './resultsView';
import { observeChart, renderChart, renderTimeline, resetChart } from './watchView';
import { openSections, post, save, saved, snap } from './viewState';

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
  if (m.type === 'init' || m.type === 'watchStarted') resetChart();
  render(m.type);
  save();
});

$('run').addEventListener('click', () => run('run'));
$('watch').addEventListener('click', () => run('watch'));
$('exportJson').addEventListener('click', () => post({ type: 'export', format: 'json' }));
$('exportMd').addEventListener('click', () => post({ type: 'export', format: 'markdown' }));
wireFormFields();
for (const c of document.querySelectorAll<VscodeCollapsible>('vscode-collapsible')) {
  if (openSections[c.id] !== undefined) c.open = openSections[c.id];
  c.addEventListener('vsc-collapsible-toggle', () => {
    openSections[c.id] = c.open;
    save();
    if (c.id === 'chartSection' && c.open) requestAnimationFrame(renderChart);
  });
}
observeChart();

if (saved?.draft) fillDraft(saved.draft);
else fillEndpoint(snap.endpoint);
syncAuth();
render('all');
post({ type: 'ready' });

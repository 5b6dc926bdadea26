// The "Probes" webview view (activity bar → Aurora Guard). Owns the webview, the ready handshake and the
// snapshot the view is rebuilt from; validates every message from the webview (protocol.ts) before the
// controller sees it. Nothing here connects to a database.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { HostMessage, ViewMessage, ViewSnapshot } from './protocol';
import { parseViewMessage } from './protocol';

export const PROBES_VIEW_ID = 'auroraGuard.probes';
const MAX_POINTS = 4000;

export interface ViewHandlers {
  onMessage(msg: Exclude<ViewMessage, { type: 'ready' }>): void;
}

export function emptySnapshot(): ViewSnapshot {
  return { endpoint: null, oneShot: null, watch: null, status: null };
}

/** Apply a host message to the snapshot (the same reduction the webview does). */
export function reduce(s: ViewSnapshot, m: HostMessage): void {
  switch (m.type) {
    case 'init': Object.assign(s, m.snapshot); break;
    case 'endpoint': s.endpoint = m.endpoint; break;
    case 'status': s.status = { text: m.text, busy: m.busy, error: m.error }; break;
    case 'oneShot': s.oneShot = m.result; s.endpoint = m.result.endpoint; break;
    case 'watchStarted': s.watch = { runId: m.runId, running: true, samples: [], events: [], summary: null }; s.endpoint = m.endpoint; break;
    case 'sample': if (s.watch?.runId === m.runId) { s.watch.samples.push(m.sample); if (s.watch.samples.length > MAX_POINTS) s.watch.samples.splice(0, s.watch.samples.length - MAX_POINTS); } break;
    case 'event': if (s.watch?.runId === m.runId) s.watch.events.push(m.event); break;
    case 'watchDone': if (s.watch?.runId === m.runId) { s.watch.running = false; s.watch.summary = m.summary; } break;
  }
}

export class ProbesView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  private readonly postEmitter = new vscode.EventEmitter<HostMessage>();
  readonly snapshot: ViewSnapshot = emptySnapshot();
  /** Every message posted to the webview (test hook). */
  readonly onDidPost = this.postEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.readyEmitter, this.postEmitter];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly handlers: ViewHandlers,
  ) {}

  get isReady(): boolean {
    return this.ready;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const roots = [vscode.Uri.joinPath(this.extensionUri, 'media'), vscode.Uri.joinPath(this.extensionUri, 'dist')];
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: roots };
    view.webview.html = this.html(view.webview);
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.ready = false;
        }
      }),
    );
  }

  /** Every message from the webview comes through here (public for the suite: a malformed message must be ignored). */
  receive(raw: unknown): void {
    const msg = parseViewMessage(raw);
    if ('invalid' in msg) {
      this.log.warn(`Probes view: ignored a malformed message (${msg.invalid})`);
      return;
    }
    if (msg.type === 'ready') {
      this.ready = true;
      this.send({ type: 'init', snapshot: this.snapshot });
      this.readyEmitter.fire();
      return;
    }
    this.handlers.onMessage(msg);
  }

  /** Update the snapshot and, when the webview is ready, post the message. */
  post(msg: HostMessage): void {
    reduce(this.snapshot, msg);
    if (this.ready) this.send(msg);
  }

  private send(msg: HostMessage): void {
    this.postEmitter.fire(msg);
    void this.view?.webview.postMessage(msg);
  }

  /** Show the view and wait (bounded) for its ready handshake. */
  async reveal(timeoutMs = 5000): Promise<boolean> {
    if (this.view && this.ready) {
      this.view.show(true);
      return true;
    }
    const ready = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => { sub.dispose(); resolve(false); }, timeoutMs);
      const sub = this.readyEmitter.event(() => { clearTimeout(timer); sub.dispose(); resolve(true); });
    });
    await vscode.commands.executeCommand(`${PROBES_VIEW_ID}.focus`, { preserveFocus: true });
    return this.ready || ready;
  }

  private html(webview: vscode.Webview): string {
    const nonce = crypto.randomBytes(16).toString('base64');
    const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...p)).toString();
    const csp = [
      "default-src 'none'",
      `img-src ${webview.cspSource} data:`,
      `style-src ${webview.cspSource} 'nonce-${nonce}'`,
      `font-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" nonce="${nonce}" href="${uri('dist', 'webview', 'uPlot.min.css')}">
<link rel="stylesheet" nonce="${nonce}" href="${uri('media', 'probe', 'view.css')}">
<title>Probes</title></head>
<body>
<form id="ep" autocomplete="off">
  <div class="row"><label for="host">Host</label><input id="host" name="host" required spellcheck="false"></div>
  <div class="row"><label for="port">Port</label><input id="port" name="port" type="number" min="1" max="65535" value="3306"></div>
  <div class="row"><label for="user">User</label><input id="user" name="user" required spellcheck="false"></div>
  <div class="row"><label for="database">Database</label><input id="database" name="database" spellcheck="false"></div>
  <div class="row"><label for="readerHost">Reader</label><input id="readerHost" name="readerHost" spellcheck="false" placeholder="cluster-ro- endpoint (optional)"></div>
  <div class="row"><label for="tls">TLS</label><select id="tls" name="tls"><option>off</option><option>required</option><option>verify</option></select></div>
  <div class="row"><label for="interval">Watch</label><input id="interval" type="number" min="50" value="250" title="interval (ms)"><span class="unit">ms</span><input id="duration" type="number" min="1" value="60" title="duration (s)"><span class="unit">s</span></div>
  <div class="buttons">
    <button id="run" type="submit">Run</button>
    <button id="watch" type="button" class="secondary">Start watch</button>
    <button id="exportJson" type="button" class="secondary" title="Export the run as JSON">JSON…</button>
    <button id="exportMd" type="button" class="secondary" title="Export the run as Markdown">Markdown…</button>
  </div>
  <p class="note">The password is asked by VS Code and kept in its secret storage; it never enters this view.</p>
</form>
<div id="status" role="status"></div>
<section id="verdict"></section>
<h3 id="chartTitle">Latency per channel</h3>
<div id="chart"></div>
<h3>Events</h3>
<ol id="timeline"></ol>
<section id="identity"></section>
<section id="lab"></section>
<script nonce="${nonce}" src="${uri('dist', 'webview', 'uPlot.iife.min.js')}"></script>
<script nonce="${nonce}" src="${uri('media', 'probe', 'view.js')}"></script>
</body></html>`;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

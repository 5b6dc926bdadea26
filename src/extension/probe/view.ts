// The "Probes" webview view (activity bar → Aurora Guard). Owns the webview, the ready handshake and the
// snapshot the view is rebuilt from; validates every message from the webview (protocol.ts) before the
// controller sees it (src/shared/probe/protocol.ts). Nothing here connects to a database.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { HostMessage, ViewMessage, ViewSnapshot } from '../../shared/probe/protocol';
import { parseViewMessage } from '../../shared/probe/protocol';
import { probesHtml } from './html';
import { emptySnapshot, reduce } from '../../shared/probe/snapshot';

export { emptySnapshot, reduce };

export const PROBES_VIEW_ID = 'auroraGuard.probes';

export interface ViewHandlers {
  onMessage(msg: Exclude<ViewMessage, { type: 'ready' }>): void;
}

export class ProbesView implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  private readonly postEmitter = new vscode.EventEmitter<HostMessage>();
  readonly snapshot: ViewSnapshot = emptySnapshot();
  /** Every message posted to the webview (test hook). */
  readonly onDidPost = this.postEmitter.event;
  private readonly receivedEmitter = new vscode.EventEmitter<unknown>();
  /** Every raw message the webview itself sent, before validation (test hook). */
  readonly onDidReceiveRaw = this.receivedEmitter.event;
  private lastRestoredState: unknown;
  private readonly disposables: vscode.Disposable[] = [this.readyEmitter, this.postEmitter, this.receivedEmitter];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly handlers: ViewHandlers,
  ) {
    // The page says whether probing is possible: rebuilt (a new ready handshake follows) once the workspace is trusted.
    this.disposables.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        if (!this.view) return;
        this.ready = false;
        this.view.webview.html = this.html(this.view.webview);
      }),
    );
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** The webview as VS Code serves it, while the view exists (the suite checks its HTML and CSP). */
  get webview(): vscode.Webview | undefined {
    return this.view?.webview;
  }

  /** The state the webview persisted (setState), as VS Code handed it back when the view was last resolved. */
  get restoredState(): unknown {
    return this.lastRestoredState;
  }

  resolveWebviewView(view: vscode.WebviewView, context?: vscode.WebviewViewResolveContext): void {
    this.view = view;
    this.ready = false;
    this.lastRestoredState = context?.state;
    // only the page's own folders (html.ts PROBES_VIEW_ASSETS), not the rest of media/ and dist/
    const roots = [vscode.Uri.joinPath(this.extensionUri, 'media', 'probe'), vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview')];
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: roots };
    view.webview.html = this.html(view.webview);
    this.disposables.push(
      view.webview.onDidReceiveMessage((raw: unknown) => {
        this.receivedEmitter.fire(raw);
        this.receive(raw);
      }),
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
      const timer = setTimeout(() => {
        sub.dispose();
        resolve(false);
      }, timeoutMs);
      const sub = this.readyEmitter.event(() => {
        clearTimeout(timer);
        sub.dispose();
        resolve(true);
      });
    });
    await vscode.commands.executeCommand(`${PROBES_VIEW_ID}.focus`, { preserveFocus: true });
    return this.ready || ready;
  }

  private html(webview: vscode.Webview): string {
    return probesHtml({
      nonce: crypto.randomBytes(16).toString('base64'),
      cspSource: webview.cspSource,
      uri: (...p) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...p)).toString(),
      trusted: vscode.workspace.isTrusted,
    });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

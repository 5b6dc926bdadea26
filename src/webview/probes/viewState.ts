// The view's link to the extension host and the state it keeps: the snapshot mirrored with the host's reducer, the
// open sections, and the VS Code webview state they are saved to (restored when the view is shown again).
import type { ViewMessage, ViewSnapshot } from '../../shared/probe/protocol';
import { emptySnapshot } from '../../shared/probe/snapshot';
import { readDraft } from './dom';
import type { Draft } from './form';

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

/** Untrusted workspace (the page says so): the form can be filled, nothing runs. */
export const trusted = document.body.dataset.trusted !== 'false';
export const saved = vscode.getState();
export const snap: ViewSnapshot = Object.assign(emptySnapshot(), saved?.snapshot);
export const openSections: Record<string, boolean> = { ...saved?.open };

export function save(): void {
  vscode.setState({ snapshot: snap, draft: readDraft(), open: openSections });
}

export function post(m: ViewMessage): void {
  vscode.postMessage(m);
}

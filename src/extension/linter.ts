// Diagnostics lifecycle: lint on open, change (debounced; fixed findings vanish at once), save and when the options
// change; clear on close; a generation counter drops stale results. Its parts: options.ts (what a document is linted
// with), resultCache.ts (the lints kept), diagnostics.ts (findings → Problems panel), workspaceLint.ts (every file).
import * as vscode from 'vscode';
import type { ResolvedOptions } from '../core/config/options';
import type { LintResult } from '../core/lint';
import { fileKind } from '../core/files/select';
import type { Finding } from '../core/rules/types';
import { findingKey } from './convert';
import type { Diagnostics } from './diagnostics';
import { selectDocument, type Selection } from './files';
import type { OptionsCache } from './options';
import { LintResults } from './resultCache';
import { decodeBytes } from './workspaceFs';

/** Above this size the immediate "drop fixed findings" pass on each keystroke is skipped (the debounced lint still runs). */
const IMMEDIATE_PASS_MAX_CHARS = 256 * 1024;

export interface LintEvent {
  uri: vscode.Uri;
  /** Document version linted (-1 for a file read from disk). */
  version: number;
  findings: readonly Finding[];
}

export class Linter implements vscode.Disposable {
  private readonly generations = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly results = new LintResults();
  /** Files the workspace lint reported: closing their editor re-lints them from disk instead of clearing. */
  private readonly workspaceFiles = new Set<string>();
  private readonly lintEmitter = new vscode.EventEmitter<LintEvent>();
  /** Fires after diagnostics were published for a document or file (tests wait on it, never on timers). */
  readonly onDidLint = this.lintEmitter.event;

  constructor(
    private readonly options: OptionsCache,
    private readonly diagnostics: Diagnostics,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.lintEmitter.dispose();
  }

  isLinted(doc: vscode.TextDocument): boolean {
    return this.selection(doc) !== null;
  }

  /** What kind of file the document is to this extension (null: not linted). */
  selection(doc: vscode.TextDocument): Selection {
    return selectDocument(doc, this.options.settingsFor(doc.uri).files);
  }

  /** The options for a document, resolved if they are not current (what its next lint uses). */
  optionsFor(uri: vscode.Uri): Promise<ResolvedOptions> {
    return this.options.optionsFor(uri);
  }

  /** The options used last for a document (synchronous, for code actions, hovers and the forecast). */
  cachedOptions(uri: vscode.Uri): ResolvedOptions {
    return this.options.cachedOptions(uri);
  }

  /** Lint a document's current text with the cached options (synchronous; no publishing). */
  lintSync(doc: vscode.TextDocument): LintResult {
    const p = this.results.published(doc.uri.toString());
    if (p && p.version === doc.version && p.text === doc.getText()) return p.result;
    return this.results.lint(doc.uri.toString(), doc.fileName, doc.getText(), this.cachedOptions(doc.uri));
  }

  /** Lint now (open, save, options change, command) and publish. Resolves to the findings (stale runs resolve to null). */
  async lintDocument(doc: vscode.TextDocument): Promise<readonly Finding[] | null> {
    const key = doc.uri.toString();
    this.cancelTimer(key);
    if (doc.isClosed) return null;
    if (!this.isLinted(doc)) {
      if (this.results.published(key)) this.clear(doc.uri);
      return [];
    }
    const gen = this.bump(key);
    const options = await this.options.optionsFor(doc.uri);
    if (this.generations.get(key) !== gen || doc.isClosed) return null; // a newer request superseded this one
    return this.publish(doc.uri, doc.version, doc.getText(), doc.fileName, options);
  }

  /** A change: findings the change fixed disappear at once; new ones appear after the debounce delay. */
  onDidChange(e: vscode.TextDocumentChangeEvent): void {
    const doc = e.document;
    if (e.contentChanges.length === 0) return;
    const key = doc.uri.toString();
    const prev = this.results.published(key);
    if (!this.isLinted(doc)) {
      if (prev) this.clear(doc.uri);
      return;
    }
    const text = doc.getText();
    if (prev && text.length <= IMMEDIATE_PASS_MAX_CHARS) {
      const result = this.results.lint(key, doc.fileName, text, prev.options);
      const fresh = result.findings;
      if (fresh.every((f) => prev.keys.has(findingKey(f)))) {
        // Nothing new: publish the whole fresh result now (fixed findings vanish, the others follow the text).
        this.bump(key);
        this.cancelTimer(key);
        this.publishResult(doc.uri, doc.version, text, prev.options, result);
        return;
      }
      // Show the fresh positions of findings that were there before; new findings wait for the debounce (and a lint
      // still waiting for its options must not publish them early).
      this.bump(key);
      const kept = fresh.filter((f) => prev.keys.has(findingKey(f)));
      this.diagnostics.show(doc.uri, text, kept);
      this.results.keepKnown(key, kept);
    }
    this.schedule(doc);
  }

  /** Forget a document's diagnostics (on close), or re-lint it from disk if the workspace lint reported it. */
  async onDidClose(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    this.cancelTimer(key);
    this.bump(key);
    if (this.workspaceFiles.has(key)) {
      await this.lintFile(doc.uri, 'selected');
      return;
    }
    this.clear(doc.uri);
  }

  /** Re-lint every open document (their options changed). */
  async relintOpenDocuments(): Promise<void> {
    await Promise.all(vscode.workspace.textDocuments.map((d) => this.lintDocument(d)));
  }

  /** The workspace lint reported this file: closing its editor re-lints it from disk instead of clearing it. */
  rememberWorkspaceFile(uri: vscode.Uri): void {
    this.workspaceFiles.add(uri.toString());
  }

  /** Lint a file that is not open, from disk. `selected`: the workspace scan or a user glob chose it; else its name and content decide. */
  async lintFile(uri: vscode.Uri, selected?: 'selected'): Promise<readonly Finding[] | null> {
    let text: string;
    try {
      text = decodeBytes(await vscode.workspace.fs.readFile(uri));
    } catch {
      this.clear(uri);
      return null;
    }
    if (!selected && !fileKind(uri.path, text)) return null;
    const key = uri.toString();
    const gen = this.bump(key);
    const options = await this.options.optionsFor(uri);
    if (this.generations.get(key) !== gen) return null;
    return this.publish(uri, -1, text, uri.path, options);
  }

  private publish(uri: vscode.Uri, version: number, text: string, fileName: string, options: ResolvedOptions): readonly Finding[] {
    const result = this.results.lint(uri.toString(), fileName, text, options);
    this.publishResult(uri, version, text, options, result);
    return result.findings;
  }

  private publishResult(uri: vscode.Uri, version: number, text: string, options: ResolvedOptions, result: LintResult): void {
    for (const err of result.internalErrors) this.log.error(`internal error while linting ${uri.fsPath || uri.toString()}: ${err}`);
    this.diagnostics.show(uri, text, result.findings);
    this.results.publish(uri.toString(), version, text, options, result);
    this.lintEmitter.fire({ uri, version, findings: result.findings });
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    this.cancelTimer(key);
    const delay = this.options.settingsFor(doc.uri).debounceMs;
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.lintDocument(doc);
      }, delay),
    );
  }

  private cancelTimer(key: string): void {
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
  }

  private bump(key: string): number {
    const g = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, g);
    return g;
  }

  private clear(uri: vscode.Uri): void {
    this.diagnostics.clear(uri);
    this.results.forget(uri.toString());
    this.options.forget(uri);
  }
}

// Diagnostics lifecycle: lint on open, change (debounced; fixed findings vanish at once), save and configuration
// change; clear on close; a generation counter drops stale results; a workspace-wide lint.
import * as vscode from 'vscode';
import type { ResolvedOptions } from '../core/config/options';
import { mergeConfigs, resolveOptions } from '../core/config/options';
import type { LintResult } from '../core/lint';
import { lintText } from '../core/lint';
import type { Finding } from '../core/rules/types';
import { COLLECTION, SOURCE } from './constants';
import { TextPositions, findingKey, toDiagnostic } from './convert';
import type { RuleDocs } from './docs';
import { WORKSPACE_EXCLUDE, WORKSPACE_GLOBS, selectByNameAndContent, selectDocument } from './files';
import type { ProjectConfigFinder } from './projectConfig';
import { readSettings, settingsToProjectConfig } from './settings';
import { chartYamlCandidates } from '../core/files/discover';
import { chartRefFromChartYaml, type HelmChartRef } from '../core/wso2/helmChart';

/**
 * The editor lints without building fixes (diagnostics never need them): a finding builds its fixes when code
 * actions, a hover or fix-all first read them, and keeps them with the published result of that text.
 */
const LAZY_FIXES = { fixes: 'lazy' } as const;

/** Above this size the immediate "drop fixed findings" pass on each keystroke is skipped (the debounced lint still runs). */
const IMMEDIATE_PASS_MAX_CHARS = 256 * 1024;

export interface LintEvent {
  uri: vscode.Uri;
  /** Document version linted (-1 for a file read from disk). */
  version: number;
  findings: readonly Finding[];
}

interface Published {
  version: number;
  text: string;
  options: ResolvedOptions;
  result: LintResult;
  keys: Set<string>;
}

export class Linter implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(COLLECTION);
  private readonly generations = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly published = new Map<string, Published>();
  /**
   * The last lint of each document (the per-keystroke pass's too): the debounced lint of the same text with the
   * same options reuses it instead of linting again (lintText is a pure function of the three).
   */
  private readonly lastLint = new Map<string, { fileName: string; text: string; optionsKey: string; result: LintResult }>();
  private readonly optionsCache = new Map<string, ResolvedOptions>();
  /** Files the workspace lint reported: closing their editor re-lints them from disk instead of clearing. */
  private readonly workspaceFiles = new Set<string>();
  private readonly configProblems = new Set<string>();
  /** aurora-guard.json files that currently carry an error diagnostic. */
  private readonly badConfigFiles = new Map<string, vscode.Uri>();
  private readonly lintEmitter = new vscode.EventEmitter<LintEvent>();
  /** Fires after diagnostics were published for a document or file (tests wait on it, never on timers). */
  readonly onDidLint = this.lintEmitter.event;

  constructor(
    private readonly configs: ProjectConfigFinder,
    private readonly docs: RuleDocs,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.collection.dispose();
    this.lintEmitter.dispose();
  }

  isLinted(doc: vscode.TextDocument): boolean {
    return selectDocument(doc, readSettings(doc.uri).files) !== null;
  }

  /** Options for a file: user/workspace settings, then the nearest aurora-guard.json on top (it wins, as in the CLI). */
  async optionsFor(uri: vscode.Uri): Promise<ResolvedOptions> {
    const problems: string[] = [];
    const fromSettings = settingsToProjectConfig(readSettings(uri), problems);
    for (const p of problems) this.reportConfigProblem(p);
    const file = await this.configs.forDocument(uri);
    if (file?.error) {
      this.reportConfigProblem(file.error);
      // one diagnostic per problem, on the key or value it is about; a JSON syntax error on the first line
      const each = file.problems.length ? file.problems : [{ message: file.error, range: new vscode.Range(0, 0, 0, 1) }];
      this.collection.set(
        file.uri,
        each.map((p) => {
          const d = new vscode.Diagnostic(p.range, `${p.message} (ignored until fixed)`, vscode.DiagnosticSeverity.Error);
          d.source = SOURCE;
          return d;
        }),
      );
      this.badConfigFiles.set(file.uri.toString(), file.uri);
    } else if (file) {
      this.collection.delete(file.uri);
      this.badConfigFiles.delete(file.uri.toString());
    }
    const options = resolveOptions(mergeConfigs(fromSettings, file?.config ?? undefined));
    if (/\.ya?ml$/i.test(uri.path)) {
      // a Helm values file: the Chart.yaml beside it (or one folder up) names the chart version and wins
      const chart = await helmChartFor(uri);
      if (chart) options.helmChart = chart;
    }
    this.optionsCache.set(uri.toString(), options);
    return options;
  }

  /** The options used last for a document (synchronous, for code actions and hovers); settings-only before the first lint. */
  cachedOptions(uri: vscode.Uri): ResolvedOptions {
    return this.optionsCache.get(uri.toString()) ?? resolveOptions(settingsToProjectConfig(readSettings(uri)));
  }

  /** Lint a document's current text with the cached options (synchronous; no publishing). */
  lintSync(doc: vscode.TextDocument): LintResult {
    const p = this.published.get(doc.uri.toString());
    if (p && p.version === doc.version && p.text === doc.getText()) return p.result;
    return this.lint(doc.uri.toString(), doc.fileName, doc.getText(), this.cachedOptions(doc.uri));
  }

  /** Lint now (open, save, configuration change, command) and publish. Resolves to the findings (stale runs resolve to null). */
  async lintDocument(doc: vscode.TextDocument): Promise<readonly Finding[] | null> {
    const key = doc.uri.toString();
    this.cancelTimer(key);
    if (doc.isClosed) return null;
    if (!this.isLinted(doc)) {
      if (this.published.has(key)) this.clear(doc.uri);
      return [];
    }
    const gen = this.bump(key);
    const options = await this.optionsFor(doc.uri);
    if (this.generations.get(key) !== gen || doc.isClosed) return null; // a newer request superseded this one
    return this.publish(doc.uri, doc.version, doc.getText(), doc.fileName, options);
  }

  /** A change: findings the change fixed disappear at once; new ones appear after the debounce delay. */
  onDidChange(e: vscode.TextDocumentChangeEvent): void {
    const doc = e.document;
    if (e.contentChanges.length === 0) return;
    const key = doc.uri.toString();
    const prev = this.published.get(key);
    if (!this.isLinted(doc)) {
      if (prev) this.clear(doc.uri);
      return;
    }
    const text = doc.getText();
    if (prev && text.length <= IMMEDIATE_PASS_MAX_CHARS) {
      const result = this.lint(key, doc.fileName, text, prev.options);
      const fresh = result.findings;
      const onlyKnown = fresh.every((f) => prev.keys.has(findingKey(f)));
      if (onlyKnown) {
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
      const pos = new TextPositions(text);
      this.collection.set(doc.uri, kept.map((f) => toDiagnostic(f, doc.uri, pos, (id) => this.docs.uriFor(id))));
      this.published.set(key, { ...prev, keys: new Set(kept.map(findingKey)), version: -2 });
    }
    this.schedule(doc);
  }

  /** Forget a document's diagnostics (on close), or re-lint it from disk if the workspace lint reported it. */
  async onDidClose(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    this.cancelTimer(key);
    this.bump(key);
    if (this.workspaceFiles.has(key)) {
      await this.lintFile(doc.uri, 'name');
      return;
    }
    this.clear(doc.uri);
  }

  /** Re-lint every open document (settings or aurora-guard.json changed). */
  async relintOpenDocuments(): Promise<void> {
    this.optionsCache.clear();
    // config file errors are re-reported by the lints below if they are still there
    for (const u of this.badConfigFiles.values()) this.collection.delete(u);
    this.badConfigFiles.clear();
    this.configProblems.clear();
    await Promise.all(vscode.workspace.textDocuments.map((d) => this.lintDocument(d)));
  }

  /** Lint every matching file in the workspace (open documents use their editor text). Resolves to the number of files. */
  async lintWorkspace(token?: vscode.CancellationToken): Promise<{ files: number; findings: number }> {
    const globs = [...WORKSPACE_GLOBS];
    const extra = readSettings().files;
    const uris = new Map<string, { uri: vscode.Uri; byGlob: boolean }>();
    for (const g of [...globs, ...extra]) {
      const found = await vscode.workspace.findFiles(g, WORKSPACE_EXCLUDE, 10_000, token);
      for (const u of found) if (!uris.has(u.toString())) uris.set(u.toString(), { uri: u, byGlob: !globs.includes(g) });
    }
    let findings = 0;
    let files = 0;
    for (const { uri, byGlob } of uris.values()) {
      if (token?.isCancellationRequested) break;
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      const n = open ? await this.lintDocument(open) : await this.lintFile(uri, byGlob ? 'glob' : null);
      if (n === null) continue;
      files++;
      findings += n.length;
      this.workspaceFiles.add(uri.toString());
    }
    return { files, findings };
  }

  /** Lint a file that is not open, from disk. `forced` = it was selected by a user glob. */
  private async lintFile(uri: vscode.Uri, forced: 'glob' | 'name' | null): Promise<readonly Finding[] | null> {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      this.clear(uri);
      return null;
    }
    if (!forced && !selectByNameAndContent(uri.path, text)) return null;
    const key = uri.toString();
    const gen = this.bump(key);
    const options = await this.optionsFor(uri);
    if (this.generations.get(key) !== gen) return null;
    return this.publish(uri, -1, text, uri.path, options);
  }

  private publish(uri: vscode.Uri, version: number, text: string, fileName: string, options: ResolvedOptions): readonly Finding[] {
    const result = this.lint(uri.toString(), fileName, text, options);
    this.publishResult(uri, version, text, options, result);
    return result.findings;
  }

  private lint(key: string, fileName: string, text: string, options: ResolvedOptions): LintResult {
    const optionsKey = JSON.stringify(options);
    const last = this.lastLint.get(key);
    if (last && last.text === text && last.fileName === fileName && last.optionsKey === optionsKey) return last.result;
    const result = lintText(fileName, text, options, LAZY_FIXES);
    this.lastLint.set(key, { fileName, text, optionsKey, result });
    return result;
  }

  private publishResult(uri: vscode.Uri, version: number, text: string, options: ResolvedOptions, result: LintResult): void {
    for (const err of result.internalErrors) this.log.error(`internal error while linting ${uri.fsPath || uri.toString()}: ${err}`);
    const pos = new TextPositions(text);
    this.collection.set(uri, result.findings.map((f) => toDiagnostic(f, uri, pos, (id) => this.docs.uriFor(id))));
    this.published.set(uri.toString(), { version, text, options, result, keys: new Set(result.findings.map(findingKey)) });
    this.lintEmitter.fire({ uri, version, findings: result.findings });
  }

  private schedule(doc: vscode.TextDocument): void {
    const key = doc.uri.toString();
    this.cancelTimer(key);
    const delay = readSettings(doc.uri).debounceMs;
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
    const key = uri.toString();
    this.collection.delete(uri);
    this.published.delete(key);
    this.lastLint.delete(key);
    this.optionsCache.delete(key);
  }

  private reportConfigProblem(msg: string): void {
    if (this.configProblems.has(msg)) return;
    this.configProblems.add(msg);
    this.log.warn(msg);
  }
}

/** The chart of a values file from its Chart.yaml (workspace file system, so remote workspaces work too). */
async function helmChartFor(uri: vscode.Uri): Promise<HelmChartRef | null> {
  const dir = vscode.Uri.joinPath(uri, '..');
  const candidates = chartYamlCandidates(dir.path, { dirname: (p) => p.replace(/\/[^/]*$/, '') || '/', join: (d, n) => `${d.replace(/\/$/, '')}/${n}` });
  for (const p of candidates) {
    try {
      const bytes = await vscode.workspace.fs.readFile(uri.with({ path: p }));
      const ref = chartRefFromChartYaml(new TextDecoder().decode(bytes));
      if (ref) return ref;
    } catch {
      // no Chart.yaml there
    }
  }
  return null;
}

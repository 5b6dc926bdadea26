// The failover forecast in the editor: the hover over a datasource's header, the code lens above it, the
// "Make this pool failover-safe" code action and the Probes view's forecast rows all come from the core
// (src/core/forecast/report.ts). forecastFile runs fix-all, so its result is cached per document version and options.
import * as vscode from 'vscode';
import type { ResolvedOptions } from '../core/config/options';
import type { Fix } from '../core/rules/types';
import type { Forecast } from '../core/forecast/forecast';
import { codeLensTitle, failoverSafeFix, forecastFile, forecastMarkdown, forecastRows, type DatasourceOutlook } from '../core/forecast/report';
import { FORECAST_CAVEAT } from '../core/forecast/describe';
import { dsName } from '../core/knowledge/datasourceName';
import { CommandId } from './constants';
import { TextPositions } from './convert';
import type { Linter } from './linter';
import type { ForecastView } from '../shared/probe/protocol';
import type { AuroraGuardSettings } from './settings';

type SafeFix = (Fix & { now: Forecast; after: Forecast }) | null;

interface Entry {
  version: number;
  text: string;
  optionsKey: string;
  outlooks: DatasourceOutlook[];
  safeFixes: Map<string, SafeFix>;
}

/** What the Probes view shows beside a watch: the forecast rows of the datasource the probe started from. */
export type ProbeForecast = ForecastView;

/** Forecasts of the open documents, per document version and options (the hover, lens and lightbulb share them). */
export class ForecastCache implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly linter: Linter) {
    this.disposables.push(vscode.workspace.onDidCloseTextDocument((d) => this.entries.delete(d.uri.toString())));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.entries.clear();
  }

  private entry(doc: vscode.TextDocument): Entry {
    const key = doc.uri.toString();
    const options: ResolvedOptions = this.linter.cachedOptions(doc.uri);
    const optionsKey = JSON.stringify(options);
    const text = doc.getText();
    const hit = this.entries.get(key);
    if (hit && hit.version === doc.version && hit.optionsKey === optionsKey && hit.text === text) return hit;
    let outlooks: DatasourceOutlook[];
    try {
      outlooks = forecastFile(doc.fileName, text, options).outlooks;
    } catch {
      outlooks = []; // a file the core cannot read: no forecast (the linter reports the problem)
    }
    const e: Entry = { version: doc.version, text, optionsKey, outlooks, safeFixes: new Map() };
    this.entries.set(key, e);
    return e;
  }

  /** Wait for the document's options (before its first lint they are still being resolved). */
  async ready(doc: vscode.TextDocument): Promise<void> {
    await this.linter.optionsFor(doc.uri);
  }

  /** Every forecastable datasource of the document, now and after fix-all. */
  outlooks(doc: vscode.TextDocument): readonly DatasourceOutlook[] {
    return this.entry(doc).outlooks;
  }

  outlookFor(doc: vscode.TextDocument, datasourceId: string): DatasourceOutlook | undefined {
    return this.entry(doc).outlooks.find((o) => o.ds.id === datasourceId);
  }

  /** "Make this pool failover-safe: …" for a datasource whose forecast fails, else null. */
  safeFix(doc: vscode.TextDocument, datasourceId: string): SafeFix {
    const e = this.entry(doc);
    if (!e.safeFixes.has(datasourceId)) {
      let fix: SafeFix;
      try {
        fix = failoverSafeFix(doc.fileName, e.text, this.linter.cachedOptions(doc.uri), datasourceId);
      } catch {
        fix = null;
      }
      e.safeFixes.set(datasourceId, fix);
    }
    return e.safeFixes.get(datasourceId)!;
  }

  /** The hover's Markdown for a datasource (the core's table, caveat and a link to docs/forecast.md). */
  markdown(o: DatasourceOutlook): string {
    return forecastMarkdown(o, `command:${CommandId.ShowForecastDocs}`);
  }

  /** The Probes view's rows for a datasource of a document (null when it has no pool to forecast). */
  probeForecast(doc: vscode.TextDocument, datasourceId: string): ProbeForecast | null {
    const o = this.outlookFor(doc, datasourceId);
    if (!o) return null;
    return {
      source: `${doc.uri.path.split('/').pop()} › ${dsName(o.ds)}`,
      rows: forecastRows(o).map((r) => ({
        label: r.label,
        now: r.nowIfQueryRaises ? `${r.now} (if the validation query raises on a read-only instance: ${r.nowIfQueryRaises})` : r.now,
        after: r.after,
        fails: r.fails,
      })),
      caveat: FORECAST_CAVEAT,
    };
  }
}

/**
 * "Failover: pinned in 9/24 timings · p95 31 s → after fixes ≤ 12 s" above each datasource's header (the probe's lens
 * sits on the URL). The title is computed when VS Code resolves a visible lens; `auroraGuard.forecast.codeLens` hides it.
 */
export class ForecastCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly cache: ForecastCache,
    private readonly isLinted: (doc: vscode.TextDocument) => boolean,
    private readonly settings: (doc: vscode.TextDocument) => AuroraGuardSettings,
  ) {}

  dispose(): void {
    this.changed.dispose();
  }

  /** The options changed (a setting, a config file, the DNS TTL) and the documents were re-linted: ask for new lenses. */
  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!this.isLinted(doc) || !this.settings(doc)['forecast.codeLens']) return [];
    await this.cache.ready(doc);
    const pos = new TextPositions(doc.getText());
    return this.cache.outlooks(doc).map((o) => {
      const line = pos.position(o.ds.headerSpan.start).line;
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: `$(pulse) ${codeLensTitle(o)}`,
        tooltip: 'Failover forecast of this pool (modelled, not measured): click for every scenario now and after fix-all',
        command: CommandId.ShowForecast,
        arguments: [{ uri: doc.uri.toString(), datasource: o.ds.id }],
      });
    });
  }
}

/** auroraGuard.showForecast: put the cursor on the datasource's header and show its hover (the forecast table). */
export async function showForecast(cache: ForecastCache, isLinted: (d: vscode.TextDocument) => boolean, args?: { uri?: string; datasource?: string }): Promise<boolean> {
  const editor = args?.uri
    ? await vscode.window.showTextDocument(vscode.Uri.parse(args.uri), { preserveFocus: false })
    : vscode.window.activeTextEditor;
  if (!editor || !isLinted(editor.document)) return false;
  const doc = editor.document;
  await cache.ready(doc);
  const outlooks = cache.outlooks(doc);
  const offset = doc.offsetAt(editor.selection.active);
  const o = args?.datasource
    ? outlooks.find((x) => x.ds.id === args.datasource)
    : outlooks.find((x) => offset >= x.ds.span.start && offset <= x.ds.span.end) ?? (outlooks.length === 1 ? outlooks[0] : undefined);
  if (!o) {
    void vscode.window.showInformationMessage('Aurora Guard: no datasource with a connection pool to forecast here.');
    return false;
  }
  const at = new TextPositions(doc.getText()).position(o.ds.headerSpan.start);
  const p = new vscode.Position(at.line, Math.max(at.character, doc.lineAt(at.line).firstNonWhitespaceCharacterIndex) + 1);
  editor.selection = new vscode.Selection(p, p);
  editor.revealRange(new vscode.Range(p, p), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  await vscode.commands.executeCommand('editor.action.showHover');
  return true;
}

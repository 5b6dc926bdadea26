// Aurora Failover Guard for VS Code: a thin adapter over the core (src/core). Activation stays cheap: the core's
// parsers and rules only; nothing that connects to a database is loaded here.
import { MODULE_LOAD_START } from './loadClock';
import * as vscode from 'vscode';
import type { Finding } from '../core/rules/types';
import { AuroraCodeActionProvider } from './codeActions';
import { CONFIG_SECTION, CommandId, LINTED_SCHEMES, PROJECT_CONFIG_FILES, SOURCE } from './constants';
import { RuleDocs } from './docs';
import type { LintEvent } from './linter';
import { Linter } from './linter';
import { AuroraHoverProvider } from './hover';
import { ForecastCache, ForecastCodeLensProvider, showForecast } from './forecast';
import { ProjectConfigFinder } from './projectConfig';
import { ProbeCodeLensProvider } from './probe/codeLens';
import { ProbeController, secretKey } from './probe/controller';
import type { ProbeArgs, ProbeOutcome } from './probe/controller';
import type { HostMessage, ViewSnapshot } from './probe/protocol';
import { PROBES_VIEW_ID } from './probe/view';

/** Test hooks of the probe (the suite spies on what reaches the webview and simulates an untrusted workspace). */
export interface ProbeTestApi {
  /** Every message posted to the Probes webview. */
  readonly onDidPost: vscode.Event<HostMessage>;
  /** Every line the extension writes to its output channel. */
  readonly onDidLog: vscode.Event<string>;
  /** What the view shows now. */
  snapshot(): ViewSnapshot;
  /** The webview did its ready handshake. */
  isViewReady(): boolean;
  /** Pretend the workspace is trusted / untrusted; undefined = the real `workspace.isTrusted`. */
  setTrustOverride(trusted: boolean | undefined): void;
  probe(args: ProbeArgs): Promise<ProbeOutcome>;
  /** Feed a raw message to the host as if the webview had sent it. */
  receiveFromView(raw: unknown): void;
  exportRun(format: 'json' | 'markdown', target: vscode.Uri): Promise<vscode.Uri | undefined>;
  /** The Probes webview as VS Code serves it (its HTML and cspSource), once the view was shown; else undefined. */
  viewHtml(): { html: string; cspSource: string } | undefined;
  /** The state the webview persisted (vscode.setState), as VS Code handed it back when the view was last resolved. */
  viewRestoredState(): unknown;
  /** Every raw message the webview itself sent (before validation). */
  readonly onDidReceive: vscode.Event<unknown>;
  /** Keep a password in secret storage for an endpoint, as the password prompt does (the view's run/watch use it). */
  savePassword(endpoint: { user: string; host: string; port: number }, password: string): Thenable<void>;
}

/** How long activation took, measured by the extension itself (performance.now(), ms). */
export interface ActivationTiming {
  /** From the first line of activate() to its return. */
  readonly activateMs: number;
  /** Evaluating the bundle's modules (from the first import to activate() being callable); file read and compile not included. */
  readonly moduleLoadMs: number;
}

/** What activate() returns: used by the extension-host tests (and by anyone who wants to script the linter). */
export interface AuroraGuardApi {
  /** The timing of this activation (the extension-host suite writes it to .test-output/activation.json for the bench). */
  readonly activation: ActivationTiming;
  /** Fires after diagnostics were published for a document. */
  readonly onDidLint: vscode.Event<LintEvent>;
  /** Lint a document now and resolve to its findings (null if a newer lint superseded this one). */
  lintNow(doc: vscode.TextDocument): Promise<readonly Finding[] | null>;
  /** Is this document one the extension lints (by name, content or the auroraGuard.files globs)? */
  isLinted(doc: vscode.TextDocument): boolean;
  /** The docs page of a rule (the diagnostics' code target). */
  ruleDocUri(ruleId: string): vscode.Uri;
  /** The diagnostic collection the extension publishes into. */
  readonly diagnostics: vscode.DiagnosticCollection;
  /** The probe's test hooks. */
  readonly probe: ProbeTestApi;
}

/** Document selector for providers: every linted scheme; the providers themselves check name/content/globs. */
const SELECTOR: vscode.DocumentSelector = [...LINTED_SCHEMES].map((scheme) => ({ scheme }));

/** The bundle's modules are evaluated once this line runs (every import above is done). */
const MODULE_LOAD_MS = performance.now() - MODULE_LOAD_START;

// Activate: register the linter, its event handlers, providers and commands.
export function activate(context: vscode.ExtensionContext): AuroraGuardApi {
  const activateStart = performance.now();
  const logEmitter = new vscode.EventEmitter<string>();
  const log = tapLog(vscode.window.createOutputChannel(SOURCE, { log: true }), logEmitter);
  context.subscriptions.push(logEmitter);
  const configs = new ProjectConfigFinder();
  const docs = new RuleDocs(context);
  const linter = new Linter(configs, docs, log);
  const forecasts = new ForecastCache(linter);
  const codeActions = new AuroraCodeActionProvider(linter, forecasts);
  const forecastLens = new ForecastCodeLensProvider(forecasts, (doc) => linter.isLinted(doc));
  const probes = new ProbeController(context, log, (uri, datasourceId) => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    return doc && linter.isLinted(doc) ? forecasts.probeForecast(doc, datasourceId) : null;
  });
  context.subscriptions.push(log, configs, docs, linter, forecasts, forecastLens, probes);
  const isProjectConfig = (doc: vscode.TextDocument) => (PROJECT_CONFIG_FILES as readonly string[]).includes(doc.uri.path.split('/').pop() ?? '');

  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((doc) => void linter.lintDocument(doc)),
    vscode.workspace.onDidChangeTextDocument((e) => linter.onDidChange(e)),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (isProjectConfig(doc)) configs.invalidate();
      else void linter.lintDocument(doc);
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => void linter.onDidClose(doc)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(CONFIG_SECTION)) void linter.relintOpenDocuments();
    }),
    configs.onDidChange(() => void linter.relintOpenDocuments()),
    vscode.languages.registerCodeActionsProvider(SELECTOR, codeActions, AuroraCodeActionProvider.metadata),
    vscode.languages.registerHoverProvider(SELECTOR, new AuroraHoverProvider(linter, docs, forecasts)),
    vscode.languages.registerCodeLensProvider(SELECTOR, forecastLens),
    vscode.commands.registerCommand(CommandId.ShowForecast, (args?: { uri?: string; datasource?: string }) =>
      showForecast(forecasts, (doc) => linter.isLinted(doc), args && typeof args === 'object' && !(args instanceof vscode.Uri) ? args : undefined)),
    vscode.commands.registerCommand(CommandId.ShowForecastDocs, () => docs.showForecastDocs()),
    vscode.commands.registerCommand(CommandId.ShowRuleDocs, (ruleId?: string) => docs.show(typeof ruleId === 'string' ? ruleId : undefined)),
    vscode.commands.registerCommand(CommandId.LintWorkspace, () =>
      vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: 'Aurora Failover Guard: linting the workspace', cancellable: true },
        async (_p, token) => {
          const r = await linter.lintWorkspace(token);
          log.info(`workspace lint: ${r.findings} finding(s) in ${r.files} file(s)`);
          return r;
        },
      ),
    ),
    vscode.window.registerWebviewViewProvider(PROBES_VIEW_ID, probes.view),
    vscode.languages.registerCodeLensProvider(SELECTOR, new ProbeCodeLensProvider((doc) => linter.isLinted(doc))),
    vscode.commands.registerCommand(CommandId.Probe, (args?: ProbeArgs) => probes.probeCommand(args)),
    vscode.commands.registerCommand(CommandId.ForgetPassword, (key?: string) => probes.forgetPassword(key)),
    vscode.commands.registerCommand(CommandId.FixAllInFile, async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !linter.isLinted(editor.document)) return false;
      const edit = codeActions.fixAllEdit(editor.document);
      return edit ? vscode.workspace.applyEdit(edit) : false;
    }),
  );

  for (const doc of vscode.workspace.textDocuments) void linter.lintDocument(doc);

  const activation: ActivationTiming = { activateMs: performance.now() - activateStart, moduleLoadMs: MODULE_LOAD_MS };
  return {
    activation,
    onDidLint: linter.onDidLint,
    lintNow: (doc) => linter.lintDocument(doc),
    isLinted: (doc) => linter.isLinted(doc),
    ruleDocUri: (id) => docs.uriFor(id),
    diagnostics: linter.collection,
    probe: {
      onDidPost: probes.view.onDidPost,
      onDidLog: logEmitter.event,
      snapshot: () => probes.view.snapshot,
      isViewReady: () => probes.view.isReady,
      setTrustOverride: (t) => { probes.trustOverride = t; },
      probe: (args) => probes.probeCommand(args),
      receiveFromView: (raw) => probes.view.receive(raw),
      exportRun: (format, target) => probes.exportRun(format, target),
      viewHtml: () => {
        const w = probes.view.webview;
        return w ? { html: w.html, cspSource: w.cspSource } : undefined;
      },
      viewRestoredState: () => probes.view.restoredState,
      onDidReceive: probes.view.onDidReceiveRaw,
      savePassword: (ep, password) => context.secrets.store(secretKey(ep), password),
    },
  };
}

/** The output channel, with every line also fired on `emitter` (test hook: the suite checks no secret is logged). */
function tapLog(ch: vscode.LogOutputChannel, emitter: vscode.EventEmitter<string>): vscode.LogOutputChannel {
  const wrap = <K extends 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'appendLine' | 'append'>(k: K) => {
    const orig = (ch[k] as (...a: unknown[]) => void).bind(ch);
    (ch as unknown as Record<string, unknown>)[k] = (...a: unknown[]) => {
      emitter.fire(a.map((x) => (x instanceof Error ? x.message : String(x))).join(' '));
      orig(...a);
    };
  };
  for (const k of ['trace', 'debug', 'info', 'warn', 'error', 'appendLine', 'append'] as const) wrap(k);
  return ch;
}

export function deactivate(): void {
  /* everything is disposed through context.subscriptions */
}

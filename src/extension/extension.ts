// Aurora Failover Guard for VS Code: a thin adapter over the core (src/core). Activation stays cheap: the core's
// parsers and rules only; nothing that connects to a database is loaded here.
import { MODULE_LOAD_START } from './loadClock';
import * as vscode from 'vscode';
import { AuroraCodeActionProvider } from './codeActions';
import { CONFIG_FILE_NAMES } from '../core/config/projectFile';
import { holdsDatasources } from '../core/files/select';
import { CommandId, LINTED_SCHEMES, DATASOURCE_FILE_CONTEXT, PROBEABLE_FILE_CONTEXT, SOURCE } from './constants';
import { Diagnostics } from './diagnostics';
import { WorkspaceDnsTtl } from './dnsTtl';
import { RuleDocs } from './docs';
import { Linter } from './linter';
import { ObservableLog } from './log';
import { AuroraHoverProvider } from './hover';
import { ForecastCache, ForecastCodeLensProvider, showForecast } from './forecast';
import { OptionsCache } from './options';
import { ProjectConfigFinder } from './projectConfig';
import { ProbeCodeLensProvider } from './probe/codeLens';
import { ProbeController } from './probe/controller';
import type { ProbeArgs } from './probe/controller';
import { PROBES_VIEW_ID } from './probe/view';
import { createApi, type ActivationTiming, type AuroraGuardApi } from './testApi';
import { lintWorkspace } from './workspaceLint';

export type { AuroraGuardApi, ActivationTiming, ProbeTestApi } from './testApi';

/** Document selector for providers: every linted scheme; the providers themselves check name/content/globs. */
const SELECTOR: vscode.DocumentSelector = [...LINTED_SCHEMES].map((scheme) => ({ scheme }));

/** The bundle's modules are evaluated once this line runs (every import above is done). */
const MODULE_LOAD_MS = performance.now() - MODULE_LOAD_START;

// Activate: register the linter, its event handlers, providers and commands.
export function activate(context: vscode.ExtensionContext): AuroraGuardApi {
  const activateStart = performance.now();
  const log = new ObservableLog(vscode.window.createOutputChannel(SOURCE, { log: true }));
  const configs = new ProjectConfigFinder();
  const dnsTtl = new WorkspaceDnsTtl(log);
  const docs = new RuleDocs(context);
  const diagnostics = new Diagnostics(docs);
  const options = new OptionsCache(configs, dnsTtl, diagnostics, log);
  const linter = new Linter(options, diagnostics, log);
  const forecasts = new ForecastCache(linter);
  const codeActions = new AuroraCodeActionProvider(linter, forecasts);
  const forecastLens = new ForecastCodeLensProvider(forecasts, (doc) => linter.isLinted(doc), (doc) => options.settingsFor(doc.uri));
  const probes = new ProbeController(context, log, (uri, datasourceId) => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    return doc && linter.isLinted(doc) ? forecasts.probeForecast(doc, datasourceId) : null;
  });
  context.subscriptions.push(log, configs, dnsTtl, docs, diagnostics, options, linter, forecasts, forecastLens, probes);
  const isProjectConfig = (doc: vscode.TextDocument) => (CONFIG_FILE_NAMES as readonly string[]).includes(doc.uri.path.split('/').pop() ?? '');

  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((doc) => void linter.lintDocument(doc)),
    vscode.workspace.onDidChangeTextDocument((e) => linter.onDidChange(e)),
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (isProjectConfig(doc)) configs.invalidate();
      else void linter.lintDocument(doc);
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => void linter.onDidClose(doc)),
    // a setting, aurora-guard.json, a Chart.yaml or the JVM DNS cache TTL changed: re-lint, then the lenses follow
    options.onDidChange(() => void linter.relintOpenDocuments().then(() => forecastLens.refresh())),
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
          const r = await lintWorkspace(linter, options.settingsFor().files, log, token);
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
      await linter.optionsFor(editor.document.uri);
      const edit = codeActions.fixAllEdit(editor.document);
      return edit ? vscode.workspace.applyEdit(edit) : false;
    }),
  );

  // `auroraGuard.datasourceFile`: the active editor shows a file this extension lints (menus' `when` clauses)
  const setDatasourceContext = (e: vscode.TextEditor | undefined) => {
    const kind = e ? linter.selection(e.document) : null;
    void vscode.commands.executeCommand('setContext', DATASOURCE_FILE_CONTEXT, kind !== null);
    void vscode.commands.executeCommand('setContext', PROBEABLE_FILE_CONTEXT, kind !== null && (kind === 'glob' || holdsDatasources(kind)));
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(setDatasourceContext),
    options.onDidChange(() => setDatasourceContext(vscode.window.activeTextEditor)),
  );
  setDatasourceContext(vscode.window.activeTextEditor);

  for (const doc of vscode.workspace.textDocuments) void linter.lintDocument(doc);

  const activation: ActivationTiming = { activateMs: performance.now() - activateStart, moduleLoadMs: MODULE_LOAD_MS };
  return createApi({ context, activation, linter, options, diagnostics, docs, probes, log });
}

export function deactivate(): void {
  /* everything is disposed through context.subscriptions */
}

// "Probe Aurora" and the Probes view's requests: picks the endpoint (pickEndpoint.ts), gets the password from
// SecretStorage (passwords.ts, asked once), runs identify + the validation-query lab or a watch through the lazily
// loaded runner (runner.ts → dist/extension.probe.js) and reports to the Probes view; exports the last run
// (exportFormat.ts). The password lives only in SecretStorage and in the supplier closure of a
// run: never in a message, the view's state, a log line or a setting. With auth 'iam' nothing is asked or
// stored: the runner generates RDS IAM auth tokens from the AWS credentials of the extension host.
import * as vscode from 'vscode';
import { scrubSecrets } from '../../core/probe/errors';
import { checkRuns } from '../../core/probe/request';
import type { EndpointForm, ForecastView, OneShotView, ViewMessage, ViewEvent, WatchSummaryView } from '../../shared/probe/protocol';
import { exportJson, exportMarkdown } from './exportFormat';
import { forgetPassword, passwordFor, secretKey } from './passwords';
import { clearOrigin, pickEndpoint, type EndpointArgs, type ProbeOrigin } from './pickEndpoint';
import { ProbesView } from './view';

type Runner = typeof import('./runner.js');

/** Arguments of auroraGuard.probe. Palette: none. Code lens: uri + datasource. `password` only from code (tests); never stored. */
export interface ProbeArgs extends EndpointArgs {
  password?: string;
  /** Lab runs per query (default 10). */
  runs?: number;
}

export interface ProbeOutcome {
  status: 'ok' | 'untrusted' | 'cancelled' | 'failed';
  result?: OneShotView;
  error?: string;
}

export class ProbeController implements vscode.Disposable {
  readonly view: ProbesView;
  /** Test hook: pretend the workspace is (un)trusted. */
  trustOverride: boolean | undefined;
  private runner: Promise<Runner> | undefined;
  private runId = 0;
  private watchAbort: AbortController | undefined;
  private oneShotAbort: AbortController | undefined;
  /** Where the endpoint of the last run came from (set by pickEndpoint, cleared when the view's form names another). */
  private readonly origin: ProbeOrigin = { datasource: null, docUri: null, fileQuery: null };
  /** Passwords of the current runs, to scrub from every text that leaves the host. */
  private readonly secretsInUse = new Set<string>();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
    /** The failover forecast of a datasource of an open document (the core's, through the extension's cache). */
    private readonly forecastFor?: (uri: string, datasourceId: string) => ForecastView | null,
  ) {
    this.view = new ProbesView(context.extensionUri, log, { onMessage: (m) => void this.onViewMessage(m) });
  }

  private trusted(): boolean {
    return this.trustOverride ?? vscode.workspace.isTrusted;
  }

  private loadRunner(): Promise<Runner> {
    return (this.runner ??= import(/* webpackChunkName: "probe" */ './runner.js'));
  }

  private scrub(text: string): string {
    return scrubSecrets(text, this.secretsInUse);
  }

  private refuseUntrusted(): ProbeOutcome {
    const msg =
      'Aurora Guard: probing connects to a database, so it is disabled in untrusted workspaces. Trust this workspace to probe (linting still works).';
    this.log.info('probe refused: the workspace is not trusted');
    void vscode.window.showWarningMessage(msg, 'Manage Workspace Trust').then((a) => {
      if (a) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return { status: 'untrusted', error: msg };
  }

  /** The command auroraGuard.probe. */
  async probeCommand(arg?: ProbeArgs): Promise<ProbeOutcome> {
    // from the editor's context menu the argument is the file's URI: its active editor (with the cursor's datasource) when it is the one shown
    const args: ProbeArgs =
      arg instanceof vscode.Uri
        ? vscode.window.activeTextEditor?.document.uri.toString() === arg.toString()
          ? {}
          : { uri: arg }
        : arg && typeof arg === 'object'
          ? arg
          : {};
    if (!this.trusted()) return this.refuseUntrusted();
    const badRuns = args.runs === undefined ? null : checkRuns(args.runs);
    if (badRuns) return { status: 'failed', error: `cannot probe: ${badRuns.text}` };
    const form = await pickEndpoint(args, this.origin);
    if (!form) return { status: 'cancelled' };
    const password = form.auth === 'iam' ? null : typeof args.password === 'string' ? args.password : await passwordFor(this.context, form);
    if (password === undefined) return { status: 'cancelled' };
    await this.view.reveal();
    return this.runOneShot(form, password, args.runs, typeof args.password !== 'string');
  }

  /** Forget the saved password of an endpoint (asks which, among the ones this extension saved). */
  async forgetPassword(key?: string): Promise<boolean> {
    return forgetPassword(this.context, this.log, key);
  }

  /** `password` null: auth 'iam' (tokens are generated, scrubbed and forgotten inside the runner). */
  private async runOneShot(
    form: EndpointForm,
    password: string | null,
    runs: number | undefined,
    fromStorage: boolean,
  ): Promise<ProbeOutcome> {
    this.oneShotAbort?.abort();
    const abort = (this.oneShotAbort = new AbortController());
    const id = ++this.runId;
    if (password !== null) this.secretsInUse.add(password);
    this.view.post({ type: 'endpoint', endpoint: form });
    this.view.post({
      type: 'status',
      text: `Probing ${form.host}:${form.port}${form.readerHost ? ` and ${form.readerHost}` : ''}…`,
      busy: true,
      error: false,
    });
    this.log.info(`probe ${form.user}@${form.host}:${form.port}${form.readerHost ? ` (reader ${form.readerHost})` : ''}${authNote(form)}`);
    try {
      const runner = await this.loadRunner();
      const supplier = password === null ? null : () => password;
      const r = await runner.runOneShot(form, supplier, { fileValidationQuery: this.origin.fileQuery, signal: abort.signal, runs });
      const result: OneShotView = {
        runId: id,
        at: new Date().toISOString(),
        endpoint: form,
        server: r.server,
        reader: r.reader,
        lab: r.lab,
        json: r.json,
      };
      this.view.post({ type: 'oneShot', result });
      const readerText = r.reader ? `; reader endpoint: ${r.reader.role}, server ${r.reader.serverId}` : '';
      const text = `${r.server.flavor} ${r.server.version}, ${r.server.role}, server ${r.server.serverId}${readerText}`;
      this.view.post({ type: 'status', text, busy: false, error: false });
      this.log.info(this.scrub(`probe result: ${text}. ${r.lab.verdict.text}`));
      if (r.readerError) this.log.warn(this.scrub(`probe: reader endpoint: ${r.readerError}`));
      return { status: 'ok', result };
    } catch (e) {
      const err = e as { message?: string; code?: string; errno?: number };
      const message = this.scrub(String(err.message ?? e));
      this.view.post({ type: 'status', text: message, busy: false, error: true });
      this.log.error(`probe failed: ${message}`);
      if (password !== null && fromStorage && (err.errno === 1045 || err.code === 'ER_ACCESS_DENIED_ERROR')) {
        await this.context.secrets.delete(secretKey(form));
        this.log.info('probe: access denied, the saved password was removed (you will be asked again)');
      }
      return { status: 'failed', error: message };
    } finally {
      if (password !== null) this.secretsInUse.delete(password);
    }
  }

  private async onViewMessage(m: Exclude<ViewMessage, { type: 'ready' }>): Promise<void> {
    if (m.type === 'export') {
      await this.exportRun(m.format);
      return;
    }
    if (m.type === 'watchStop') {
      this.watchAbort?.abort();
      return;
    }
    if (!this.trusted()) {
      this.refuseUntrusted();
      return;
    }
    const same =
      this.view.snapshot.endpoint &&
      this.view.snapshot.endpoint.host === m.endpoint.host &&
      this.view.snapshot.endpoint.port === m.endpoint.port;
    const form: EndpointForm = { ...m.endpoint, source: same ? this.view.snapshot.endpoint!.source : 'form' };
    if (!same) clearOrigin(this.origin);
    const password = form.auth === 'iam' ? null : await passwordFor(this.context, form);
    if (password === undefined) return;
    if (m.type === 'run') {
      await this.runOneShot(form, password, undefined, true);
      return;
    }
    await this.runWatch(form, password, m.intervalMs, m.durationS * 1000);
  }

  private async runWatch(form: EndpointForm, password: string | null, intervalMs: number, durationMs: number): Promise<void> {
    this.watchAbort?.abort();
    const abort = (this.watchAbort = new AbortController());
    const id = ++this.runId;
    if (password !== null) this.secretsInUse.add(password);
    this.view.post({ type: 'watchStarted', runId: id, endpoint: form, intervalMs, durationMs });
    this.view.post({ type: 'status', text: `Watching ${form.host}:${form.port} every ${intervalMs} ms…`, busy: true, error: false });
    this.log.info(`probe watch ${form.user}@${form.host}:${form.port} every ${intervalMs} ms for ${durationMs / 1000} s${authNote(form)}`);
    try {
      const runner = await this.loadRunner();
      const res = await runner.startWatch(form, password === null ? null : () => password, {
        intervalMs,
        durationMs,
        signal: abort.signal,
        datasource: this.origin.datasource,
        onSample: (s) => this.view.post({ type: 'sample', runId: id, sample: s }),
        onEvent: (e) => {
          const ev: ViewEvent = runner.viewEvent(e);
          ev.text = this.scrub(ev.text);
          this.log.info(`watch ${ev.text.trim()}`);
          this.view.post({ type: 'event', runId: id, event: ev });
        },
      });
      const summary: WatchSummaryView = {
        downtimeMs: res.summary.downtimeMs,
        timeToWritableMs: res.summary.timeToWritableMs,
        staleRoleMs: res.summary.staleRoleMs,
        staleDnsMs: res.summary.staleDnsMs,
        pooledPinnedMs: res.summary.pooledPinnedMs,
        text: this.scrub(res.summary.verdict.text),
        forecast: this.watchForecast(),
      };
      this.view.post({ type: 'watchDone', runId: id, summary });
      this.view.post({
        type: 'status',
        text: res.summary.verdict.cancelled ? 'Watch stopped.' : 'Watch finished.',
        busy: false,
        error: false,
      });
      this.log.info(`watch summary: ${summary.text}`);
    } catch (e) {
      const message = this.scrub(String((e as Error).message ?? e));
      this.view.post({ type: 'watchDone', runId: id, summary: null });
      this.view.post({ type: 'status', text: message, busy: false, error: true });
      this.log.error(`watch failed: ${message}`);
    } finally {
      if (password !== null) this.secretsInUse.delete(password);
      if (this.watchAbort === abort) this.watchAbort = undefined;
    }
  }

  /** The forecast of the datasource the watch's endpoint came from, or null (endpoint from the form or the settings). */
  private watchForecast(): ForecastView | null {
    const { datasource, docUri } = this.origin;
    if (!this.forecastFor || !datasource || !docUri) return null;
    try {
      return this.forecastFor(docUri, datasource.id);
    } catch (e) {
      this.log.warn(`watch: no forecast for ${datasource.name ?? datasource.id}: ${(e as Error).message}`);
      return null;
    }
  }

  /** Export the last run (one-shot and/or watch) as JSON or Markdown through a save dialog. */
  async exportRun(format: 'json' | 'markdown', target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const s = this.view.snapshot;
    if (!s.oneShot && !s.watch) {
      void vscode.window.showInformationMessage('Aurora Guard: nothing to export yet: run a probe first.');
      return undefined;
    }
    const ext = format === 'json' ? 'json' : 'md';
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        title: 'Export probe run',
        saveLabel: 'Export',
        defaultUri: vscode.workspace.workspaceFolders?.[0]
          ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, `aurora-probe.${ext}`)
          : undefined,
        filters: format === 'json' ? { JSON: ['json'] } : { Markdown: ['md'] },
      }));
    if (!uri) return undefined;
    const text = format === 'json' ? exportJson(s) : exportMarkdown(s);
    await vscode.workspace.fs.writeFile(uri, Buffer.from(this.scrub(text), 'utf8'));
    this.log.info(`probe run exported to ${uri.fsPath}`);
    return uri;
  }

  dispose(): void {
    this.watchAbort?.abort();
    this.oneShotAbort?.abort();
    this.view.dispose();
  }
}

/** For log lines: how the probe authenticates (never the secret). */
function authNote(form: EndpointForm): string {
  return form.auth === 'iam' ? ` with an IAM auth token${form.region ? ` (${form.region})` : ''}` : '';
}

// "Probe Aurora": picks the endpoint (datasource under the cursor, a quick pick of the file's MySQL
// datasources, the auroraGuard.probe.* settings, or asks), gets the password from SecretStorage (asked once),
// and runs identify + the validation-query lab through the lazily loaded runner (runner.ts → dist/extension.probe.js).
// Results go to the Probes view. The password lives only in SecretStorage and in the supplier closure of a
// run: never in a message, the view's state, a log line or a setting. With auth 'iam' nothing is asked or
// stored: the runner generates RDS IAM auth tokens from the AWS credentials of the extension host.
import * as vscode from 'vscode';
import { parseDocument } from '../../core/parse/index';
import type { Datasource } from '../../core/model/types';
import { scrubSecrets } from '../../core/probe/errors';
import { readSettings } from '../settings';
import { checkRuns, datasourceTarget, DEFAULT_MYSQL_PORT, isProbeable, readerHostFor, splitHostPort } from '../../core/probe/request';
import type { EndpointForm, ForecastView, OneShotView, ViewMessage, ViewEvent, WatchSummaryView } from '../../shared/probe/protocol';
import { parseEndpointForm } from '../../shared/probe/protocol';
import { ProbesView } from './view';

type Runner = typeof import('./runner.js');

/** Arguments of auroraGuard.probe. Palette: none. Code lens: uri + datasource. `password` only from code (tests); never stored. */
export interface ProbeArgs {
  uri?: vscode.Uri | string;
  datasource?: string;
  password?: string;
  endpoint?: Partial<EndpointForm>;
  /** Lab runs per query (default 10). */
  runs?: number;
}

export interface ProbeOutcome {
  status: 'ok' | 'untrusted' | 'cancelled' | 'failed';
  result?: OneShotView;
  error?: string;
}

export function secretKey(ep: Pick<EndpointForm, 'user' | 'host' | 'port'>): string {
  return `auroraGuard.probe.password:${ep.user}@${ep.host}:${ep.port}`;
}

export class ProbeController implements vscode.Disposable {
  readonly view: ProbesView;
  /** Test hook: pretend the workspace is (un)trusted. */
  trustOverride: boolean | undefined;
  private runner: Promise<Runner> | undefined;
  private runId = 0;
  private watchAbort: AbortController | undefined;
  private oneShotAbort: AbortController | undefined;
  private lastDatasource: Datasource | null = null;
  /** The document lastDatasource came from (its forecast is shown after a watch). */
  private lastDocUri: string | null = null;
  private lastFileQuery: string | null = null;
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
    const msg = 'Aurora Guard: probing connects to a database, so it is disabled in untrusted workspaces. Trust this workspace to probe (linting still works).';
    this.log.info('probe refused: the workspace is not trusted');
    void vscode.window.showWarningMessage(msg, 'Manage Workspace Trust').then((a) => {
      if (a) void vscode.commands.executeCommand('workbench.trust.manage');
    });
    return { status: 'untrusted', error: msg };
  }

  /** The command auroraGuard.probe. */
  async probeCommand(arg?: ProbeArgs): Promise<ProbeOutcome> {
    // from the editor's context menu the argument is the file's URI: its active editor (with the cursor's datasource) when it is the one shown
    const args: ProbeArgs = arg instanceof vscode.Uri
      ? (vscode.window.activeTextEditor?.document.uri.toString() === arg.toString() ? {} : { uri: arg })
      : arg && typeof arg === 'object' ? arg : {};
    if (!this.trusted()) return this.refuseUntrusted();
    const badRuns = args.runs === undefined ? null : checkRuns(args.runs);
    if (badRuns) return { status: 'failed', error: `cannot probe: ${badRuns.text}` };
    const form = await this.pickEndpoint(args);
    if (!form) return { status: 'cancelled' };
    const password = form.auth === 'iam' ? null : typeof args.password === 'string' ? args.password : await this.passwordFor(form);
    if (password === undefined) return { status: 'cancelled' };
    await this.view.reveal();
    return this.runOneShot(form, password, args.runs, typeof args.password !== 'string');
  }

  /** Forget the saved password of an endpoint (asks which, among the ones this extension saved). */
  async forgetPassword(key?: string): Promise<boolean> {
    const known = this.context.globalState.get<string[]>('auroraGuard.probe.savedKeys', []);
    const pick = typeof key === 'string' ? key : known.length === 1 ? known[0]
      : (await vscode.window.showQuickPick(
        known.map((k) => ({ label: k.replace(/^auroraGuard\.probe\.password:/, ''), key: k })), { placeHolder: 'Forget the saved probe password of…' },
      ))?.key;
    if (!pick) {
      if (!known.length) void vscode.window.showInformationMessage('Aurora Guard: no probe password is saved.');
      return false;
    }
    await this.context.secrets.delete(pick);
    await this.context.globalState.update('auroraGuard.probe.savedKeys', known.filter((k) => k !== pick));
    this.log.info(`probe: forgot the saved password of ${pick.replace(/^auroraGuard\.probe\.password:/, '')}`);
    void vscode.window.showInformationMessage(`Aurora Guard: forgot the probe password of ${pick.replace(/^auroraGuard\.probe\.password:/, '')}.`);
    return true;
  }

  private async pickEndpoint(args: ProbeArgs): Promise<EndpointForm | undefined> {
    this.lastDatasource = null;
    this.lastDocUri = null;
    this.lastFileQuery = null;
    const doc = args.uri
      ? await vscode.workspace.openTextDocument(typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri)
      : vscode.window.activeTextEditor?.document;
    const settings = readSettings(doc?.uri);
    let form: Partial<EndpointForm> | undefined;
    if (doc) {
      let dss: Datasource[];
      try {
        dss = parseDocument(doc.fileName, doc.getText()).datasources.filter(isProbeable);
      } catch {
        dss = [];
      }
      let ds: Datasource | undefined;
      if (args.datasource) ds = dss.find((d) => d.id === args.datasource);
      else if (dss.length) {
        const editor = vscode.window.activeTextEditor;
        const offset = editor && editor.document === doc ? doc.offsetAt(editor.selection.active) : -1;
        ds = dss.find((d) => offset >= d.span.start && offset <= d.span.end);
        if (!ds && dss.length === 1) ds = dss[0];
        if (!ds) {
          const picked = await vscode.window.showQuickPick(
            dss.map((d) => {
              const h = d.url!.hosts[0];
              return { label: d.name ?? d.id, description: `${h.host}:${h.port ?? DEFAULT_MYSQL_PORT}`, detail: d.id, ds: d };
            }),
            { placeHolder: 'Which datasource to probe?' },
          );
          if (!picked) return undefined;
          ds = picked.ds;
        }
      }
      const target = ds ? datasourceTarget(ds, doc.getText()) : null;
      if (ds && target) {
        this.lastDatasource = ds;
        this.lastDocUri = doc.uri.toString();
        this.lastFileQuery = target.validationQuery;
        form = {
          host: target.host, port: target.port, database: target.database,
          tls: settings['probe.tls'], auth: settings['probe.auth'], region: settings['probe.region'],
          user: target.user ?? settings['probe.user'] ?? undefined,
          source: `${doc.uri.path.split('/').pop()} › ${ds.name ?? ds.id}`,
        };
      }
    }
    if (!form && settings['probe.host']) {
      form = {
        host: settings['probe.host'], port: settings['probe.port'], user: settings['probe.user'] ?? undefined, database: settings['probe.database'],
        tls: settings['probe.tls'], auth: settings['probe.auth'], region: settings['probe.region'], source: 'settings',
      };
    }
    form = { ...form, ...args.endpoint };
    if (!form.host) {
      const hp = await vscode.window.showInputBox({
        title: 'Probe Aurora', prompt: 'Endpoint to probe (host or host:port)', placeHolder: 'my-cluster.cluster-abc.eu-west-1.rds.amazonaws.com:3306',
        ignoreFocusOut: true,
      });
      if (!hp) return undefined;
      const typed = splitHostPort(hp);
      form.host = typed.host;
      form.port = typed.port ? Number(typed.port) : settings['probe.port'];
      form.source = 'input';
    }
    if (!form.user) {
      const u = await vscode.window.showInputBox({ title: 'Probe Aurora', prompt: `User for ${form.host}`, ignoreFocusOut: true });
      if (!u) return undefined;
      form.user = u;
    }
    const full = {
      port: DEFAULT_MYSQL_PORT, database: null, tls: 'off', auth: settings['probe.auth'], region: settings['probe.region'], source: 'input',
      ...form, readerHost: form.readerHost ?? readerHostFor(form.host),
    };
    const parsed = parseEndpointForm(full);
    if (typeof parsed === 'string') {
      void vscode.window.showErrorMessage(`Aurora Guard: cannot probe: ${parsed}.`);
      return undefined;
    }
    return parsed;
  }

  private async passwordFor(form: EndpointForm): Promise<string | undefined> {
    const key = secretKey(form);
    const saved = await this.context.secrets.get(key);
    if (saved !== undefined) return saved;
    const pw = await vscode.window.showInputBox({
      title: 'Probe Aurora', prompt: `Password of ${form.user}@${form.host}:${form.port} (kept in VS Code's secret storage)`,
      password: true, ignoreFocusOut: true,
    });
    if (pw === undefined) return undefined;
    await this.context.secrets.store(key, pw);
    const known = this.context.globalState.get<string[]>('auroraGuard.probe.savedKeys', []);
    if (!known.includes(key)) await this.context.globalState.update('auroraGuard.probe.savedKeys', [...known, key]);
    return pw;
  }

  /** `password` null: auth 'iam' (tokens are generated, scrubbed and forgotten inside the runner). */
  private async runOneShot(form: EndpointForm, password: string | null, runs: number | undefined, fromStorage: boolean): Promise<ProbeOutcome> {
    this.oneShotAbort?.abort();
    const abort = (this.oneShotAbort = new AbortController());
    const id = ++this.runId;
    if (password !== null) this.secretsInUse.add(password);
    this.view.post({ type: 'endpoint', endpoint: form });
    this.view.post({ type: 'status', text: `Probing ${form.host}:${form.port}${form.readerHost ? ` and ${form.readerHost}` : ''}…`, busy: true, error: false });
    this.log.info(`probe ${form.user}@${form.host}:${form.port}${form.readerHost ? ` (reader ${form.readerHost})` : ''}${authNote(form)}`);
    try {
      const runner = await this.loadRunner();
      const supplier = password === null ? null : () => password;
      const r = await runner.runOneShot(form, supplier, { fileValidationQuery: this.lastFileQuery, signal: abort.signal, runs });
      const result: OneShotView = { runId: id, at: new Date().toISOString(), endpoint: form, server: r.server, reader: r.reader, lab: r.lab, json: r.json };
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
    const same = this.view.snapshot.endpoint && this.view.snapshot.endpoint.host === m.endpoint.host && this.view.snapshot.endpoint.port === m.endpoint.port;
    const form: EndpointForm = { ...m.endpoint, source: same ? this.view.snapshot.endpoint!.source : 'form' };
    if (!same) { this.lastDatasource = null; this.lastDocUri = null; this.lastFileQuery = null; }
    const password = form.auth === 'iam' ? null : await this.passwordFor(form);
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
        intervalMs, durationMs, signal: abort.signal, datasource: this.lastDatasource,
        onSample: (s) => this.view.post({ type: 'sample', runId: id, sample: s }),
        onEvent: (e) => {
          const ev: ViewEvent = runner.viewEvent(e);
          ev.text = this.scrub(ev.text);
          this.log.info(`watch ${ev.text.trim()}`);
          this.view.post({ type: 'event', runId: id, event: ev });
        },
      });
      const summary: WatchSummaryView = {
        downtimeMs: res.summary.downtimeMs, timeToWritableMs: res.summary.timeToWritableMs, staleRoleMs: res.summary.staleRoleMs,
        staleDnsMs: res.summary.staleDnsMs, pooledPinnedMs: res.summary.pooledPinnedMs, text: this.scrub(res.summary.verdict.text),
        forecast: this.watchForecast(),
      };
      this.view.post({ type: 'watchDone', runId: id, summary });
      this.view.post({ type: 'status', text: res.summary.verdict.cancelled ? 'Watch stopped.' : 'Watch finished.', busy: false, error: false });
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
    if (!this.forecastFor || !this.lastDatasource || !this.lastDocUri) return null;
    try {
      return this.forecastFor(this.lastDocUri, this.lastDatasource.id);
    } catch (e) {
      this.log.warn(`watch: no forecast for ${this.lastDatasource.name ?? this.lastDatasource.id}: ${(e as Error).message}`);
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
    const uri = target ?? await vscode.window.showSaveDialog({
      title: 'Export probe run', saveLabel: 'Export',
      defaultUri: vscode.workspace.workspaceFolders?.[0] ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, `aurora-probe.${ext}`) : undefined,
      filters: format === 'json' ? { JSON: ['json'] } : { Markdown: ['md'] },
    });
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

export function exportJson(s: ProbesView['snapshot']): string {
  const out: Record<string, unknown> = { endpoint: s.endpoint };
  if (s.oneShot) Object.assign(out, { at: s.oneShot.at }, s.oneShot.json);
  if (s.watch) out.watch = { events: s.watch.events.map(({ text: _t, ...e }) => e), summary: s.watch.summary };
  return JSON.stringify(out, null, 2) + '\n';
}

export function exportMarkdown(s: ProbesView['snapshot']): string {
  const L: string[] = ['# Aurora probe run', ''];
  const ep = s.endpoint;
  if (ep) L.push(`Endpoint: \`${ep.host}:${ep.port}\` as \`${ep.user}\`${ep.readerHost ? `, reader \`${ep.readerHost}\`` : ''} (${ep.source})`, '');
  const o = s.oneShot;
  if (o) {
    const sv = o.server;
    L.push(`## Server (${o.at})`, '', `- ${sv.flavor} ${sv.version}, **${sv.role}**, server ${sv.serverId}, max_connections ${sv.maxConnections ?? '?'}`);
    if (o.reader) L.push(`- reader endpoint: ${o.reader.flavor} ${o.reader.version}, **${o.reader.role}**, server ${o.reader.serverId}`);
    L.push('', '## Validation-query lab', '', '| query | endpoint | ok | error | p50 ms | p95 ms | max ms |', '|---|---|---|---|---|---|---|');
    const f = (n: number | null) => (n === null ? '–' : n.toFixed(2));
    for (const q of o.json.queries) {
      const cells = [`\`${q.sql.replace(/\|/g, '\\|')}\``, q.endpoint, q.ok ? 'yes' : 'no', q.errorCode ?? '', f(q.p50Ms), f(q.p95Ms), f(q.maxMs)];
      L.push(`| ${cells.join(' | ')} |`);
    }
    L.push('', `**Verdict:** ${o.lab.verdict.text}`, '');
  }
  if (s.watch) {
    L.push('## Watch', '', '```');
    for (const e of s.watch.events) L.push(e.text);
    L.push('```', '');
    if (s.watch.summary) {
      const w = s.watch.summary;
      const dns = w.staleDnsMs === undefined ? '' : `, stale DNS ${w.staleDnsMs === null ? '– (not resolved)' : `${w.staleDnsMs} ms`}`;
      const figures = `Downtime ${w.downtimeMs} ms, time to writable ${w.timeToWritableMs ?? '–'} ms, stale role ${w.staleRoleMs} ms${dns}.`;
      L.push(figures, '', `**Verdict:** ${w.text}`, '');
      if (w.forecast) {
        L.push(`### Forecast for ${w.forecast.source}`, '', '| scenario | now | after fix-all |', '|---|---|---|');
        for (const r of w.forecast.rows) L.push(`| ${r.label} | ${r.now.replace(/\|/g, '\\|')} | ${r.after.replace(/\|/g, '\\|')} |`);
        L.push('', `*${w.forecast.caveat}*`, '');
      }
    }
  }
  return L.join('\n');
}

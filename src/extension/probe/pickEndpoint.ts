// Which endpoint a probe runs against: the datasource under the cursor (or picked from the file's MySQL
// datasources), else the auroraGuard.probe.* settings, else what the user types; the command's arguments
// override any of it. Also remembers where the endpoint came from (its datasource, document and validation
// query), for the lab and for the forecast shown after a watch.
import * as vscode from 'vscode';
import { parseDocument } from '../../core/parse/index';
import type { Datasource } from '../../core/model/types';
import { readSettings } from '../settings';
import { datasourceTarget, DEFAULT_MYSQL_PORT, isProbeable, readerHostFor, splitHostPort } from '../../core/probe/request';
import type { EndpointForm } from '../../shared/probe/protocol';
import { parseEndpointForm } from '../../shared/probe/protocol';

/** The arguments that say where the endpoint comes from (the code lens: uri + datasource). */
export interface EndpointArgs {
  uri?: vscode.Uri | string;
  datasource?: string;
  endpoint?: Partial<EndpointForm>;
}

/** The datasource the endpoint came from, or nulls (the form, the settings, typed in). */
export interface ProbeOrigin {
  datasource: Datasource | null;
  /** The document the datasource came from (its forecast is shown after a watch). */
  docUri: string | null;
  /** The datasource's validation query in the file (the lab runs it too). */
  fileQuery: string | null;
}

export function clearOrigin(origin: ProbeOrigin): void {
  origin.datasource = null;
  origin.docUri = null;
  origin.fileQuery = null;
}

/** The endpoint to probe, or undefined when the user dismissed a prompt or the endpoint is not valid. Sets `origin`. */
export async function pickEndpoint(args: EndpointArgs, origin: ProbeOrigin): Promise<EndpointForm | undefined> {
  clearOrigin(origin);
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
      origin.datasource = ds;
      origin.docUri = doc.uri.toString();
      origin.fileQuery = target.validationQuery;
      form = {
        host: target.host,
        port: target.port,
        database: target.database,
        tls: settings['probe.tls'],
        auth: settings['probe.auth'],
        region: settings['probe.region'],
        user: target.user ?? settings['probe.user'] ?? undefined,
        source: `${doc.uri.path.split('/').pop()} › ${ds.name ?? ds.id}`,
      };
    }
  }
  if (!form && settings['probe.host']) {
    form = {
      host: settings['probe.host'],
      port: settings['probe.port'],
      user: settings['probe.user'] ?? undefined,
      database: settings['probe.database'],
      tls: settings['probe.tls'],
      auth: settings['probe.auth'],
      region: settings['probe.region'],
      source: 'settings',
    };
  }
  form = { ...form, ...args.endpoint };
  if (!form.host) {
    const hp = await vscode.window.showInputBox({
      title: 'Probe Aurora',
      prompt: 'Endpoint to probe (host or host:port)',
      placeHolder: 'my-cluster.cluster-abc.eu-west-1.rds.amazonaws.com:3306',
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
    port: DEFAULT_MYSQL_PORT,
    database: null,
    tls: 'off',
    auth: settings['probe.auth'],
    region: settings['probe.region'],
    source: 'input',
    ...form,
    readerHost: form.readerHost ?? readerHostFor(form.host),
  };
  const parsed = parseEndpointForm(full);
  if (typeof parsed === 'string') {
    void vscode.window.showErrorMessage(`Aurora Guard: cannot probe: ${parsed}.`);
    return undefined;
  }
  return parsed;
}

// The workspace's aurora-guard.json / .aurora-guard.json found upward from the linted file's folder, and the Chart.yaml
// of a values file: the core's discovery (src/core/files/discover.ts, as the CLI's) through vscode.workspace.fs,
// cached until one of those files changes.
import * as vscode from 'vscode';
import { ConfigDiscovery } from '../core/files/discover';
import type { ProjectConfig } from '../core/config/options';
import { CONFIG_FILE_NAMES } from '../core/config/projectFile';
import type { HelmChartRef } from '../core/knowledge/wso2/helmChart';
import { TextPositions } from './convert';
import { workspaceFs } from './workspaceFs';

export interface ProjectConfigFile {
  uri: vscode.Uri;
  /** The validated config, or null when the file is invalid (see error). */
  config: ProjectConfig | null;
  /** Why the file was rejected (JSON syntax or a bad key), with the file's name. */
  error: string | null;
  /** Each schema problem at the key or value it is about (empty for a JSON syntax error: the whole file is reported). */
  problems: { message: string; range: vscode.Range }[];
}

export class ProjectConfigFinder implements vscode.Disposable {
  /** One discovery per scheme and authority (local, remote, virtual workspaces). */
  private readonly discoveries = new Map<string, ConfigDiscovery>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when any aurora-guard.json or Chart.yaml is created, changed or deleted. */
  readonly onDidChange = this.changed.event;
  private readonly watcher: vscode.FileSystemWatcher;

  constructor() {
    this.watcher = vscode.workspace.createFileSystemWatcher(`**/{${CONFIG_FILE_NAMES.join(',')},Chart.yaml}`);
    const reset = () => this.invalidate();
    this.watcher.onDidChange(reset);
    this.watcher.onDidCreate(reset);
    this.watcher.onDidDelete(reset);
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
  }

  /** Forget everything (e.g. after an aurora-guard.json was saved from the editor). */
  invalidate(): void {
    for (const d of this.discoveries.values()) d.clear();
    this.changed.fire();
  }

  /** The nearest config file for a document, or null. Untitled documents use the first workspace folder's. */
  async forDocument(uri: vscode.Uri): Promise<ProjectConfigFile | null> {
    const dir = dirOf(uri);
    if (!dir) return null;
    const file = await this.discovery(dir).projectConfig(dir.path);
    if (!file) return null;
    const fileUri = dir.with({ path: file.path });
    const pos = new TextPositions(file.text);
    const problems = file.problems.map((p) => ({ message: p.message, range: pos.range(p.span) }));
    return { uri: fileUri, config: file.config, error: file.error?.message ?? null, problems };
  }

  /** The Helm chart of a values file, from the Chart.yaml beside it or one folder up; null when there is none. */
  helmChart(uri: vscode.Uri): Promise<HelmChartRef | null> {
    const dir = dirOf(uri);
    return dir ? this.discovery(dir).helmChart(dir.path) : Promise.resolve(null);
  }

  private discovery(dir: vscode.Uri): ConfigDiscovery {
    const key = `${dir.scheme}://${dir.authority}`;
    let d = this.discoveries.get(key);
    if (!d) {
      // messages name the file, not its path (the diagnostic sits on the file itself)
      d = new ConfigDiscovery(workspaceFs(dir), (p) => p.split('/').pop() ?? p);
      this.discoveries.set(key, d);
    }
    return d;
  }
}

function dirOf(uri: vscode.Uri): vscode.Uri | undefined {
  if (uri.scheme === 'untitled') return vscode.workspace.workspaceFolders?.[0]?.uri;
  return vscode.Uri.joinPath(uri, '..');
}

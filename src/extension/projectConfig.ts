// The workspace's aurora-guard.json / .aurora-guard.json, found upward from the linted file's folder (as the CLI
// does), read through vscode.workspace.fs and cached until a config file changes.
import * as vscode from 'vscode';
import type { ProjectConfig } from '../core/config/options';
import { ConfigError, validateProjectConfig } from '../core/config/options';
import { PROJECT_CONFIG_FILES } from './constants';

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
  private readonly cache = new Map<string, Promise<ProjectConfigFile | null>>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when any aurora-guard.json is created, changed or deleted. */
  readonly onDidChange = this.changed.event;
  private readonly watcher: vscode.FileSystemWatcher;

  constructor() {
    this.watcher = vscode.workspace.createFileSystemWatcher(`**/{${PROJECT_CONFIG_FILES.join(',')}}`);
    const reset = () => {
      this.cache.clear();
      this.changed.fire();
    };
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
    this.cache.clear();
    this.changed.fire();
  }

  /** The nearest config file for a document, or null. Untitled documents use the first workspace folder's. */
  async forDocument(uri: vscode.Uri): Promise<ProjectConfigFile | null> {
    let dir: vscode.Uri | undefined;
    if (uri.scheme === 'untitled') dir = vscode.workspace.workspaceFolders?.[0]?.uri;
    else dir = vscode.Uri.joinPath(uri, '..');
    return dir ? this.forDirectory(dir) : null;
  }

  private forDirectory(dir: vscode.Uri): Promise<ProjectConfigFile | null> {
    const key = dir.toString();
    let p = this.cache.get(key);
    if (!p) {
      p = this.lookup(dir);
      this.cache.set(key, p);
    }
    return p;
  }

  private async lookup(dir: vscode.Uri): Promise<ProjectConfigFile | null> {
    for (const name of PROJECT_CONFIG_FILES) {
      const uri = vscode.Uri.joinPath(dir, name);
      let bytes: Uint8Array;
      try {
        bytes = await vscode.workspace.fs.readFile(uri);
      } catch {
        continue; // not there
      }
      return parseProjectConfig(uri, new TextDecoder().decode(bytes));
    }
    const parent = vscode.Uri.joinPath(dir, '..');
    if (parent.path === dir.path) return null; // filesystem root
    return this.forDirectory(parent);
  }
}

export function parseProjectConfig(uri: vscode.Uri, text: string): ProjectConfigFile {
  const name = uri.path.split('/').pop() ?? 'aurora-guard.json';
  try {
    // editors on Windows save JSON with a UTF-8 byte-order mark
    const json: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    return { uri, config: validateProjectConfig(json, name), error: null, problems: [] };
  } catch (e) {
    const msg = (e as Error).message;
    if (e instanceof SyntaxError) return { uri, config: null, error: `${name}: invalid JSON: ${msg}`, problems: [] };
    const problems = e instanceof ConfigError ? e.problems.map((p) => ({ message: `${name}: ${p.message}`, range: locate(text, p.path, p.key) })) : [];
    return { uri, config: null, error: msg, problems };
  }
}

/**
 * Where a JSON path is in the file's text: the key of its last step (`key`: the key is wrong) or its value, found by
 * walking the path's keys in order (each one searched after the previous). The first line when not found.
 */
export function locate(text: string, path: string[], key: boolean): vscode.Range {
  const lines = text.split('\n');
  const pos = (offset: number) => {
    let rest = offset;
    for (let i = 0; i < lines.length; i++) {
      if (rest <= lines[i].length) return new vscode.Position(i, rest);
      rest -= lines[i].length + 1;
    }
    return new vscode.Position(0, 0);
  };
  let at = 0;
  let found = -1;
  let len = 1;
  for (const k of path) {
    const needle = JSON.stringify(k);
    const i = text.indexOf(needle, at);
    if (i < 0) return new vscode.Range(0, 0, 0, 1);
    found = i;
    len = needle.length;
    at = i + needle.length;
  }
  if (found < 0) return new vscode.Range(0, 0, 0, 1);
  if (!key) {
    // the value after the colon, up to the end of a string, number or literal (objects: their first line)
    const m = /^\s*:\s*("(?:[^"\\]|\\.)*"|[^,}\]\s]+|[{[])/.exec(text.slice(at));
    if (m) {
      found = at + m[0].length - m[1].length;
      len = m[1].length;
    }
  }
  return new vscode.Range(pos(found), pos(found + len));
}

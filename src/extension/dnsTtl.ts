// The JVM DNS cache TTL each workspace folder's JVM files set (java.security, start scripts, Dockerfiles, JVM options
// in Helm values), found by the core's folder scan through vscode.workspace.fs, as the CLI finds it in the folders
// it is given. Each folder is scanned once, on first need; a watcher re-reads a file when it changes, and
// onDidChange fires when a folder's TTL in effect changed (the options, and so the forecast, follow).
import * as vscode from 'vscode';
import { FolderDnsTtl } from '../core/files/jvmDnsTtl';
import { mayCarryJvmDnsTtl } from '../core/files/select';
import { workspaceFs } from './workspaceFs';

export class WorkspaceDnsTtl implements vscode.Disposable {
  /** Per workspace folder (its URI): the folder's files, loaded once; updates are chained after the load. */
  private readonly folders = new Map<string, Promise<FolderDnsTtl>>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly watcher: vscode.FileSystemWatcher;

  constructor(private readonly log: vscode.LogOutputChannel) {
    // every file: which ones can carry the TTL is the core's decision (mayCarryJvmDnsTtl), not a glob's
    this.watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const update = (uri: vscode.Uri) => void this.fileChanged(uri);
    this.watcher.onDidChange(update);
    this.watcher.onDidCreate(update);
    this.watcher.onDidDelete(update);
  }

  dispose(): void {
    this.watcher.dispose();
    this.changed.dispose();
    this.folders.clear();
  }

  /** The TTL (s, -1 = forever) the JVM files of the document's workspace folder set, or null (none, or no folder). */
  async forDocument(uri: vscode.Uri): Promise<number | null> {
    const folder = folderOf(uri);
    return folder ? (await this.folder(folder)).seconds : null;
  }

  private folder(folder: vscode.WorkspaceFolder): Promise<FolderDnsTtl> {
    const key = folder.uri.toString();
    let p = this.folders.get(key);
    if (!p) {
      const ttl = new FolderDnsTtl(folder.uri.path, workspaceFs(folder.uri));
      const warn = (what: string) => this.log.warn(`JVM DNS cache TTL: cannot read ${what}; its JVM files are not taken into account`);
      p = ttl.load({ onUnreadableFolder: (dir) => warn(`folder ${dir}`) }).then(
        () => ttl,
        (e: unknown) => {
          warn(`${folder.name} (${(e as Error).message})`);
          return ttl;
        },
      );
      this.folders.set(key, p);
    }
    return p;
  }

  private async fileChanged(uri: vscode.Uri): Promise<void> {
    if (!mayCarryJvmDnsTtl(uri.path)) return;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const loaded = folder && this.folders.get(folder.uri.toString());
    if (!folder || !loaded) return; // not scanned yet: the scan will read it as it is
    const next = loaded.then(async (ttl) => {
      if (await ttl.update(uri.path)) {
        const now = ttl.seconds === null ? 'the JDK default' : `${ttl.seconds} s`;
        this.log.info(`JVM DNS cache TTL of ${folder.name}: ${now} (${uri.path.split('/').pop()} changed)`);
        this.changed.fire();
      }
      return ttl;
    });
    this.folders.set(folder.uri.toString(), next);
    await next;
  }
}

/** The workspace folder whose JVM files apply to a document; an untitled document takes the first folder's. */
function folderOf(uri: vscode.Uri): vscode.WorkspaceFolder | undefined {
  if (uri.scheme === 'untitled') return vscode.workspace.workspaceFolders?.[0];
  return vscode.workspace.getWorkspaceFolder(uri);
}

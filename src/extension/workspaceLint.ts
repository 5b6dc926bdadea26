// "Lint the workspace": every file the core's folder scan takes in each workspace folder (as `aurora-guard lint
// <folder>` would), read through vscode.workspace.fs, plus the files the auroraGuard.files globs match. Open documents
// are linted from their editor text.
import * as vscode from 'vscode';
import { scanFolder, scanReaches } from '../core/files/scan';
import type { Linter } from './linter';
import { workspaceFs } from './workspaceFs';

/** findFiles' cap per user glob. */
const MAX_GLOB_FILES = 10_000;

export async function lintWorkspace(
  linter: Linter,
  userGlobs: readonly string[],
  log: vscode.LogOutputChannel,
  token?: vscode.CancellationToken,
): Promise<{ files: number; findings: number }> {
  const cancelled = () => !!token?.isCancellationRequested;
  const uris = new Map<string, vscode.Uri>();
  const folders = vscode.workspace.workspaceFolders ?? [];
  for (const folder of folders) {
    const fs = workspaceFs(folder.uri);
    const found = await scanFolder(folder.uri.path, fs, { cancelled, onUnreadableFolder: (dir) => log.warn(`workspace lint: cannot read folder ${dir}`) });
    for (const path of found) {
      const uri = folder.uri.with({ path });
      uris.set(uri.toString(), uri);
    }
  }
  for (const g of userGlobs) {
    for (const uri of await vscode.workspace.findFiles(g, null, MAX_GLOB_FILES, token)) {
      // the folders a scan skips (dependencies, hidden folders) are skipped for the globs too
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (folder && !scanReaches(folder.uri.path, uri.path, workspaceFs(folder.uri))) continue;
      if (!uris.has(uri.toString())) uris.set(uri.toString(), uri);
    }
  }
  let findings = 0;
  let files = 0;
  for (const uri of uris.values()) {
    if (cancelled()) break;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const n = open ? await linter.lintDocument(open) : await linter.lintFile(uri, 'selected');
    if (n === null) continue;
    files++;
    findings += n.length;
    linter.rememberWorkspaceFile(uri);
  }
  return { files, findings };
}

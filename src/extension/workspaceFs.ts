// The core's file system (src/core/files/fs.ts) over vscode.workspace.fs, so that remote and virtual workspaces are
// read the way VS Code reads them. Paths are URI paths under one scheme and authority (a workspace folder's).
import * as vscode from 'vscode';
import type { DirEntry, EntryKind, FileSystem } from '../core/files/fs';

/** UTF-8, or UTF-16 by its byte-order mark (as the CLI reads files); the BOM is not part of the text. */
export function decodeBytes(bytes: Uint8Array): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder().decode(bytes);
}

function kindOf(type: vscode.FileType, followLinks: boolean): EntryKind {
  if (!followLinks && type & vscode.FileType.SymbolicLink) return 'other';
  if (type & vscode.FileType.Directory) return 'directory';
  return type & vscode.FileType.File ? 'file' : 'other';
}

function dirname(p: string): string {
  const i = p.replace(/\/+$/, '').lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

/** The file system of the URIs that share `base`'s scheme and authority. */
export function workspaceFs(base: vscode.Uri): FileSystem {
  const at = (path: string) => base.with({ path, query: '', fragment: '' });
  return {
    async readText(path) {
      try {
        return decodeBytes(await vscode.workspace.fs.readFile(at(path)));
      } catch {
        // missing, a folder or unreadable: the editor has nowhere to report it, so it is as good as absent
        return null;
      }
    },
    async stat(path) {
      try {
        const st = await vscode.workspace.fs.stat(at(path));
        return { kind: kindOf(st.type, true), size: st.size };
      } catch (e) {
        if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return null;
        throw e;
      }
    },
    async readDir(path) {
      const entries = await vscode.workspace.fs.readDirectory(at(path));
      return entries.map(([name, type]): DirEntry => ({ name, kind: kindOf(type, false) }));
    },
    dirname,
    join: (dir, name) => `${dir.replace(/\/+$/, '')}/${name}`,
  };
}

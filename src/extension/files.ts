// Which documents the extension lints: what the core's file selection says a file is, by its name and content
// (src/core/files/select.ts, the CLI's), not by language id (VS Code has no built-in TOML language, and templates
// open as Jinja/Ruby/plain text), or a match of the user's auroraGuard.files globs.
import * as vscode from 'vscode';
import { fileKind, type FileKind } from '../core/files/select';
import { LINTED_SCHEMES } from './constants';

/** Why a document is linted: what it is, or 'glob' (a user glob matched it); null = not linted. */
export type Selection = FileKind | 'glob' | null;

/** Does a user glob (auroraGuard.files) match the document? Globs are tried as given and relative to each workspace folder. */
export function matchesUserGlob(doc: vscode.TextDocument, globs: readonly string[]): boolean {
  if (!globs.length) return false;
  for (const g of globs) {
    if (vscode.languages.match({ pattern: g }, doc) > 0) return true;
    if (!g.startsWith('**/') && vscode.languages.match({ pattern: `**/${g}` }, doc) > 0 && !g.includes('/')) return true;
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      if (vscode.languages.match({ pattern: new vscode.RelativePattern(f, g) }, doc) > 0) return true;
    }
  }
  return false;
}

export function selectDocument(doc: vscode.TextDocument, userGlobs: readonly string[]): Selection {
  if (!LINTED_SCHEMES.has(doc.uri.scheme)) return null;
  const kind = fileKind(doc.uri.path || doc.fileName, doc.getText());
  if (kind) return kind;
  return matchesUserGlob(doc, userGlobs) ? 'glob' : null;
}

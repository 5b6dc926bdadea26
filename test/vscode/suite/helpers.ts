/// <reference types="mocha" />
// Shared helpers for the extension-host suite. Waiting is always on events (onDidChangeDiagnostics, the
// extension's onDidLint) with a timeout, never on fixed sleeps.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AuroraGuardApi } from '../../../src/extension/extension';
import { lintText } from '../../../src/core/lint';
import { resolveOptions } from '../../../src/core/config/options';
import type { ResolvedOptions } from '../../../src/core/config/options';
import type { Finding } from '../../../src/core/rules/types';
import { ruleById } from '../../../src/core/rules/index';
import { SOURCE } from '../../../src/extension/constants';

export const EXTENSION_ID = 'aurora-guard.aurora-failover-guard';
/** Repository root (this file runs from out/test/vscode/suite). */
export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

export function workspaceRoot(): string {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the suite needs a workspace folder (a copy of test/vscode/fixtures/workspace)');
  return f.uri.fsPath;
}

let api: AuroraGuardApi | undefined;
export async function activate(): Promise<AuroraGuardApi> {
  if (api) return api;
  const ext = vscode.extensions.getExtension<AuroraGuardApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  api = await ext.activate();
  return api;
}

let scratch = 0;
/** Copy a fixture (path relative to the workspace) to a fresh scratch folder with the same file name. */
export function freshCopy(rel: string): vscode.Uri {
  const src = path.join(workspaceRoot(), rel);
  const dir = path.join(workspaceRoot(), '.scratch', String(++scratch), path.dirname(rel));
  fs.mkdirSync(dir, { recursive: true });
  const dst = path.join(dir, path.basename(rel));
  fs.copyFileSync(src, dst);
  return vscode.Uri.file(dst);
}

/** A fresh copy of a fixture, opened (and shown in an editor unless show is false). */
export async function openFresh(rel: string, show = true): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(freshCopy(rel));
  if (show) await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** Our diagnostics for a document. */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c);
}

/** Resolve once `predicate` holds for the document's diagnostics (checked now and on every change). */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (d: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const d = ours(uri);
      if (predicate(d)) {
        sub.dispose();
        clearTimeout(timer);
        resolve(d);
        return true;
      }
      return false;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; diagnostics now: ${JSON.stringify(ours(uri).map(describe))}`));
    }, timeoutMs);
    check();
  });
}

/** Resolve on the extension's next onDidLint for a document whose version is at least `minVersion`. */
export async function waitForLint(uri: vscode.Uri, minVersion: number, timeoutMs = 10_000): Promise<readonly Finding[]> {
  const a = await activate();
  return new Promise((resolve, reject) => {
    const sub = a.onDidLint((e) => {
      if (e.uri.toString() === uri.toString() && e.version >= minVersion) {
        sub.dispose();
        clearTimeout(timer);
        resolve(e.findings);
      }
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for a lint of ${uri.fsPath} at version ${minVersion}`));
    }, timeoutMs);
  });
}

/** Resolve once the options the extension linted a document with satisfy `predicate` (checked now and after each lint). */
export async function waitForOptions(
  doc: vscode.TextDocument,
  predicate: (o: ResolvedOptions) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<ResolvedOptions> {
  const a = await activate();
  if (predicate(await a.optionsFor(doc.uri))) return a.cachedOptions(doc.uri);
  return new Promise((resolve, reject) => {
    const sub = a.onDidLint((e) => {
      if (e.uri.toString() !== doc.uri.toString() || !predicate(a.cachedOptions(doc.uri))) return;
      sub.dispose();
      clearTimeout(timer);
      resolve(a.cachedOptions(doc.uri));
    });
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; options now: ${JSON.stringify(a.cachedOptions(doc.uri))}`));
    }, timeoutMs);
  });
}

export function describe_(d: vscode.Diagnostic): string {
  return describe(d);
}
function describe(d: vscode.Diagnostic): string {
  return `${codeOf(d)}@${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${vscode.DiagnosticSeverity[d.severity]}`;
}

/**
 * The options the extension lints a document with: settings, aurora-guard.json, and the DNS cache TTL the workspace's
 * JVM files set (jvm/api-manager.sh: 60 s), not the core's defaults.
 */
export async function optionsOf(doc: vscode.TextDocument): Promise<ResolvedOptions> {
  return (await activate()).optionsFor(doc.uri);
}

/** What the core reports for a document's current text with the extension's options for it. */
export async function coreFindings(doc: vscode.TextDocument): Promise<Finding[]> {
  return lintText(doc.fileName, doc.getText(), await optionsOf(doc)).findings;
}

/** Skip the current test until the core implements these rules (ids from issue 2). */
export function needsRules(ctx: Mocha.Context, ...ids: string[]): void {
  const missing = ids.filter((id) => !ruleById(id));
  if (missing.length) ctx.skip();
}

/** Skip until the core's parser for this fixture returns datasources. */
export function needsParser(ctx: Mocha.Context, doc: vscode.TextDocument): void {
  const r = lintText(doc.fileName, doc.getText(), resolveOptions());
  if (r.doc.datasources.length === 0 || r.doc.parseError) ctx.skip();
}

/** 0-based lines of the document whose text matches. */
export function linesMatching(doc: vscode.TextDocument, re: RegExp): number[] {
  const out: number[] = [];
  for (let i = 0; i < doc.lineCount; i++) if (re.test(doc.lineAt(i).text)) out.push(i);
  return out;
}

/** Set (or with undefined: remove) a workspace setting and wait until the extension re-linted `doc`. */
export async function setSetting(section: string, value: unknown, doc?: vscode.TextDocument): Promise<void> {
  const [head, ...rest] = section.split('.');
  const c = vscode.workspace.getConfiguration(head);
  const key = rest.join('.');
  if (JSON.stringify(c.inspect(key)?.workspaceValue) === JSON.stringify(value)) return; // no change, no re-lint
  const relinted = doc ? waitForLint(doc.uri, doc.version) : Promise.resolve();
  await c.update(key, value, vscode.ConfigurationTarget.Workspace);
  await relinted;
}

/** Close every editor without "save changes?" dialogs (tests leave modified scratch files behind). */
export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.files.revert').then(undefined, () => undefined);
  for (const t of allTabs()) {
    if (t.isDirty && t.input instanceof vscode.TabInputText) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === (t.input as vscode.TabInputText).uri.toString());
      if (doc) {
        await vscode.window.showTextDocument(doc);
        await vscode.commands.executeCommand('workbench.action.files.revert');
      }
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export function allTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs);
}

/** Resolve once some open tab satisfies `predicate` (checked now and on every tab change). */
export function waitForTab(predicate: (t: vscode.Tab) => boolean, what: string, timeoutMs = 10_000): Promise<vscode.Tab> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const t = allTabs().find(predicate);
      if (!t) return;
      sub.dispose();
      clearTimeout(timer);
      resolve(t);
    };
    const sub = vscode.window.tabGroups.onDidChangeTabs(check);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; tabs: ${JSON.stringify(allTabs().map((t) => t.label))}`));
    }, timeoutMs);
    check();
  });
}

/** A Markdown preview (webview panel or the preview custom editor). */
export function isMarkdownPreview(t: vscode.Tab): boolean {
  return (
    (t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType)) ||
    (t.input instanceof vscode.TabInputCustom && t.input.viewType === 'vscode.markdown.preview.editor')
  );
}

/** The loopback MariaDB writer (scripts/db/db.sh, started by scripts/vscode-host/test-vscode.sh) accepts connections. */
export function writerReachable(port = 13306): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(1000, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

/** Skips a probe test when the loopback writer is down; fails it instead where AURORA_GUARD_REQUIRE_DB=1 says it must run. */
export async function needsWriter(ctx: Mocha.Context): Promise<void> {
  if (await writerReachable()) return;
  if (process.env.AURORA_GUARD_REQUIRE_DB === '1')
    assert.fail('the MariaDB writer on 127.0.0.1:13306 is not running (scripts/db/db.sh up)');
  ctx.skip();
}

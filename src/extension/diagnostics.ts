// Findings → the Problems panel: one diagnostic per finding (range, code linked to the rule's docs page, related
// locations), and the errors of an aurora-guard.json that is ignored until fixed, on the keys they are about.
import * as vscode from 'vscode';
import type { Finding } from '../core/rules/types';
import { COLLECTION, SOURCE } from './constants';
import { TextPositions, toDiagnostic } from './convert';
import type { RuleDocs } from './docs';
import type { ProjectConfigFile } from './projectConfig';

export class Diagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(COLLECTION);
  /** aurora-guard.json files that currently carry an error diagnostic. */
  private readonly badConfigFiles = new Map<string, vscode.Uri>();

  constructor(private readonly docs: RuleDocs) {}

  dispose(): void {
    this.collection.dispose();
  }

  /** Show a document's findings (positions from the text they were found in). */
  show(uri: vscode.Uri, text: string, findings: readonly Finding[]): void {
    const pos = new TextPositions(text);
    this.collection.set(uri, findings.map((f) => toDiagnostic(f, uri, pos, (id) => this.docs.uriFor(id))));
  }

  clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
  }

  /** A config file in use: its problems as errors where they are (a JSON syntax error on the first line), or none. */
  configFile(file: ProjectConfigFile): void {
    if (!file.error) {
      this.collection.delete(file.uri);
      this.badConfigFiles.delete(file.uri.toString());
      return;
    }
    const each = file.problems.length ? file.problems : [{ message: file.error, range: new vscode.Range(0, 0, 0, 1) }];
    this.collection.set(
      file.uri,
      each.map((p) => {
        const d = new vscode.Diagnostic(p.range, `${p.message} (ignored until fixed)`, vscode.DiagnosticSeverity.Error);
        d.source = SOURCE;
        return d;
      }),
    );
    this.badConfigFiles.set(file.uri.toString(), file.uri);
  }

  /** Drop every config file's errors (the options are about to be resolved again, which reports those still there). */
  clearConfigFiles(): void {
    for (const u of this.badConfigFiles.values()) this.collection.delete(u);
    this.badConfigFiles.clear();
  }
}

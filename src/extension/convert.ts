// Core findings (offsets, plain edit lists) → VS Code diagnostics, ranges and edits.
import * as vscode from 'vscode';
import type { Span, TextEdit as CoreEdit } from '../core/model/types';
import type { Finding, Severity } from '../core/rules/types';
import { LineIndex } from '../core/text/lineIndex';
import { SOURCE } from './constants';

/** Offsets → positions for one text (the core's offsets are UTF-16 indices, like VS Code's). */
export class TextPositions {
  readonly index: LineIndex;
  constructor(readonly text: string) {
    this.index = new LineIndex(text);
  }
  position(offset: number): vscode.Position {
    const p = this.index.position(offset);
    return new vscode.Position(p.line, p.column);
  }
  offset(pos: vscode.Position): number {
    return this.index.offset(pos.line, pos.character);
  }
  range(span: Span): vscode.Range {
    return new vscode.Range(this.position(span.start), this.position(span.end));
  }
  /**
   * The range a diagnostic is shown on: the span as given; a zero-width span (e.g. the start of a file or an
   * insertion point) widens to the rest of its line's content so the squiggle and hover have something to sit on.
   */
  diagnosticRange(span: Span): vscode.Range {
    if (span.end > span.start) return this.range(span);
    const { line } = this.index.position(span.start);
    const lineEnd = this.index.lineEnd(line);
    const rest = this.text.slice(span.start, lineEnd);
    const end = span.start + rest.trimEnd().length;
    return end > span.start ? this.range({ start: span.start, end }) : this.range(span);
  }
  edits(edits: readonly CoreEdit[]): vscode.TextEdit[] {
    return edits.map((e) => vscode.TextEdit.replace(this.range(e.span), e.newText));
  }
}

export function toSeverity(s: Severity): vscode.DiagnosticSeverity {
  switch (s) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    default:
      return vscode.DiagnosticSeverity.Information;
  }
}

/** One diagnostic per finding: source, code {value: rule id, target: docs}, severity, related locations. */
export function toDiagnostic(f: Finding, uri: vscode.Uri, pos: TextPositions, docUri: (ruleId: string) => vscode.Uri): vscode.Diagnostic {
  const d = new vscode.Diagnostic(pos.diagnosticRange(f.span), f.message, toSeverity(f.severity));
  d.source = SOURCE;
  d.code = { value: f.ruleId, target: docUri(f.ruleId) };
  if (f.related.length) {
    d.relatedInformation = f.related.map(
      (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, pos.range(r.span)), r.message),
    );
  }
  return d;
}

/** The rule id of one of our diagnostics (undefined for other sources). */
export function ruleIdOf(d: vscode.Diagnostic): string | undefined {
  if (d.source !== SOURCE) return undefined;
  const c = d.code;
  if (typeof c === 'object' && c !== null) return String(c.value);
  return c === undefined ? undefined : String(c);
}

/** Identity of a finding across edits (range-free): used to let fixed findings vanish at once while typing. */
export function findingKey(f: Finding): string {
  return `${f.ruleId}\u0000${f.datasource ?? ''}\u0000${f.message}`;
}

/**
 * Edits that turn `before` into `after`, relative to `before`: a line diff (LCS), so a fix-all that touches
 * several places becomes several small edits (cursor and markers elsewhere stay put) in ONE WorkspaceEdit.
 */
export function diffEdits(before: string, after: string): CoreEdit[] {
  if (before === after) return [];
  const a = splitLines(before);
  const b = splitLines(after);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const am = a.slice(pre, a.length - suf);
  const bm = b.slice(pre, b.length - suf);
  const offsets: number[] = [0];
  for (const l of a) offsets.push(offsets[offsets.length - 1] + l.length);
  const at = (i: number) => offsets[i];
  // Too big for a quadratic LCS: one edit for the changed middle.
  if (am.length * bm.length > 4_000_000) {
    return [{ span: { start: at(pre), end: at(a.length - suf) }, newText: bm.join('') }];
  }
  const n = am.length;
  const m = bm.length;
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--) lcs[i][j] = am[i] === bm[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const edits: CoreEdit[] = [];
  let i = 0;
  let j = 0;
  let hunkA = -1;
  let hunkB = -1;
  const flush = () => {
    if (hunkA < 0) return;
    edits.push({ span: { start: at(pre + hunkA), end: at(pre + i) }, newText: bm.slice(hunkB, j).join('') });
    hunkA = -1;
  };
  while (i < n || j < m) {
    if (i < n && j < m && am[i] === bm[j]) {
      flush();
      i++;
      j++;
    } else {
      if (hunkA < 0) {
        hunkA = i;
        hunkB = j;
      }
      if (j < m && (i >= n || lcs[i][j + 1] >= lcs[i + 1][j])) j++;
      else i++;
    }
  }
  flush();
  return edits;
}

/** Lines with their line breaks kept (so joining them gives the text back). */
function splitLines(t: string): string[] {
  const out: string[] = [];
  const re = /[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) && m[0] !== '') out.push(m[0]);
  return out;
}

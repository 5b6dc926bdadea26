// Lightbulb actions. First, once per datasource whose failover forecast fails (when any of the diagnostics asked
// about is one of its forecast-decided findings or sits on its header): "Make this pool failover-safe: …", every change
// the forecast needs applied together (the core's failoverSafeFix; isPreferred, like each finding's best fix). Then,
// in a fixed order for each of our diagnostics:
//   1. the preferred fix (isPreferred)   2. the other fixes   3. "Fix all <rule> problems in this file"
//   4. "Disable <rule> for this line"     5. "Disable <rule> for this file"   6. "Show documentation for <rule>"
// and `source.fixAll.auroraGuard` (fix-on-save): every preferred fix, re-linted after each (the core's fixAll), as
// ONE WorkspaceEdit (a line diff of before/after, so edits far apart stay separate and undo is one step).
import * as vscode from 'vscode';
import type { Finding } from '../core/rules/types';
import { CommandId, FIX_ALL_KIND_SUFFIX } from './constants';
import { TextPositions, diffEdits, ruleIdOf } from './convert';
import { fixAll, preferredFix } from '../core/fixes/fixAll';
import { applyEdits } from '../core/fixes/apply';
import { dsName } from '../core/knowledge/datasourceName';
import type { ForecastCache } from './forecast';
import type { Linter } from './linter';
import { disableForFileEdits, disableForLineEdits } from './suppressEdits';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append(FIX_ALL_KIND_SUFFIX);

export class AuroraCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(
    private readonly linter: Linter,
    private readonly forecasts?: ForecastCache,
  ) {}

  async provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    if (!this.linter.isLinted(doc)) return [];
    await this.linter.optionsFor(doc.uri); // fix-all before the first lint: the document's own options
    const only = context.only;
    const actions: vscode.CodeAction[] = [];
    if (only && (only.contains(FIX_ALL_KIND) || FIX_ALL_KIND.contains(only))) {
      const a = this.fixAllAction(doc);
      if (a) actions.push(a);
    }
    if (!only || only.contains(vscode.CodeActionKind.QuickFix) || vscode.CodeActionKind.QuickFix.contains(only)) {
      actions.push(...this.quickFixes(doc, context.diagnostics));
    }
    return actions;
  }

  /** Every preferred fix of the file, to a fixed point, as one edit (undoable in one step). */
  fixAllAction(doc: vscode.TextDocument, filter?: (f: Finding) => boolean, title = 'Fix all Aurora Failover Guard problems'): vscode.CodeAction | undefined {
    const edit = this.fixAllEdit(doc, filter);
    if (!edit) return undefined;
    const a = new vscode.CodeAction(title, filter ? vscode.CodeActionKind.QuickFix : FIX_ALL_KIND);
    a.edit = edit;
    return a;
  }

  fixAllEdit(doc: vscode.TextDocument, filter?: (f: Finding) => boolean): vscode.WorkspaceEdit | undefined {
    const text = doc.getText();
    // The core's fix-all (the same as `aurora-guard fix`): preferred fixes one at a time, re-linted after each.
    const { text: fixed } = fixAll(doc.fileName, text, this.linter.cachedOptions(doc.uri), filter);
    if (fixed === text) return undefined;
    const pos = new TextPositions(text);
    const edit = new vscode.WorkspaceEdit();
    edit.set(doc.uri, pos.edits(diffEdits(text, fixed)));
    return edit;
  }

  private quickFixes(doc: vscode.TextDocument, diagnostics: readonly vscode.Diagnostic[]): vscode.CodeAction[] {
    const ours = diagnostics.filter((d) => ruleIdOf(d) !== undefined);
    if (!ours.length) return [];
    const text = doc.getText();
    const pos = new TextPositions(text);
    const { findings, doc: parsed } = this.linter.lintSync(doc);
    const out: vscode.CodeAction[] = [];
    const findingOf = (diag: vscode.Diagnostic) => {
      const ruleId = ruleIdOf(diag)!;
      return findings.find((f) => f.ruleId === ruleId && f.message === diag.message && pos.diagnosticRange(f.span).isEqual(diag.range));
    };
    // 0: "Make this pool failover-safe", first, once per datasource.
    if (this.forecasts) {
      const groups = new Map<string, vscode.Diagnostic[]>();
      for (const diag of ours) {
        const f = findingOf(diag);
        if (!f) continue;
        const named = parsed.datasources.filter((d) => !!f.datasource && (dsName(d) === f.datasource || d.id === f.datasource));
        const ds = named.find((d) => d.span.start <= f.span.start && f.span.start <= d.span.end) ?? named[0];
        const onHeader = !!ds && f.span.start <= ds.headerSpan.end && ds.headerSpan.start <= f.span.end;
        if (!ds || (f.forecast === undefined && !onHeader)) continue;
        groups.set(ds.id, [...(groups.get(ds.id) ?? []), diag]);
      }
      for (const [id, diags] of groups) {
        const fix = this.forecasts.safeFix(doc, id);
        if (!fix) continue;
        const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        a.diagnostics = diags;
        a.isPreferred = true;
        a.edit = new vscode.WorkspaceEdit();
        a.edit.set(doc.uri, pos.edits(diffEdits(text, applyEdits(text, fix.edits))));
        out.push(a);
      }
    }
    for (const diag of ours) {
      const ruleId = ruleIdOf(diag)!;
      const finding = findingOf(diag);
      // 1 + 2: the finding's own fixes, preferred first (stale diagnostics get no fixes: their offsets are gone).
      if (finding) {
        const fixes = [...finding.fixes.filter((f) => f.preferred), ...finding.fixes.filter((f) => !f.preferred)];
        for (const fix of fixes) {
          const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          a.diagnostics = [diag];
          a.isPreferred = !!fix.preferred;
          a.edit = new vscode.WorkspaceEdit();
          a.edit.set(doc.uri, pos.edits(fix.edits));
          out.push(a);
        }
        // 3: fix all of this rule (only when there is more than the one fix above to apply).
        if (findings.filter((f) => f.ruleId === ruleId && preferredFix(f)).length > 1) {
          const edit = this.fixAllEdit(doc, (f) => f.ruleId === ruleId);
          if (edit) {
            const a = new vscode.CodeAction(`Fix all ${ruleId} problems in this file`, vscode.CodeActionKind.QuickFix);
            a.diagnostics = [diag];
            a.edit = edit;
            out.push(a);
          }
        }
      }
      // 4: disable for this line
      const lineEdits = disableForLineEdits(doc.fileName, text, diag.range.start.line, ruleId);
      if (lineEdits.length) {
        const a = new vscode.CodeAction(`Disable ${ruleId} for this line`, vscode.CodeActionKind.QuickFix);
        a.diagnostics = [diag];
        a.edit = new vscode.WorkspaceEdit();
        a.edit.set(doc.uri, pos.edits(lineEdits));
        out.push(a);
      }
      // 5: disable for the file
      const fileEdits = disableForFileEdits(doc.fileName, text, ruleId);
      if (fileEdits.length) {
        const a = new vscode.CodeAction(`Disable ${ruleId} for this file`, vscode.CodeActionKind.QuickFix);
        a.diagnostics = [diag];
        a.edit = new vscode.WorkspaceEdit();
        a.edit.set(doc.uri, pos.edits(fileEdits));
        out.push(a);
      }
      // 6: documentation
      const a = new vscode.CodeAction(`Show documentation for ${ruleId}`, vscode.CodeActionKind.QuickFix);
      a.diagnostics = [diag];
      a.command = { title: a.title, command: CommandId.ShowRuleDocs, arguments: [ruleId] };
      out.push(a);
    }
    return out;
  }
}

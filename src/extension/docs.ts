// Rule documentation: the Markdown pages the extension ships (docs/rules/<category>/<name>.md), opened in VS Code's
// own Markdown preview so they work offline. A page that is missing falls back to a page built from the rule's metadata.
import * as vscode from 'vscode';
import { ALL_RULES, ruleById } from '../core/rules/index';
import { RULE_DOCS_DIR, ruleDocsPath, ruleIdOfDocsPath } from '../core/rules/define';
import { FORECAST_CAVEAT } from '../core/forecast/describe';
import { CommandId } from './constants';

const FALLBACK_SCHEME = 'aurora-guard-rule';
/** The fallback page's name for docs/forecast.md (not a rule id: rule ids have a slash). */
const FORECAST_PAGE = 'forecast';
/** Built-in Markdown preview custom editor (markdown-language-features). */
const MARKDOWN_PREVIEW_EDITOR = 'vscode.markdown.preview.editor';

export class RuleDocs implements vscode.Disposable {
  private readonly root: vscode.Uri;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext) {
    this.root = vscode.Uri.joinPath(context.extensionUri, ...RULE_DOCS_DIR.split('/'));
    this.disposables.push(
      vscode.workspace.registerTextDocumentContentProvider(FALLBACK_SCHEME, {
        provideTextDocumentContent: (uri) =>
          ruleIdFromFallback(uri) === FORECAST_PAGE ? `# Failover forecast\n\n${FORECAST_CAVEAT}\n` : fallbackPage(ruleIdFromFallback(uri)),
      }),
    );
    // A diagnostic's code link opens its target as a text editor (the workbench opens it without command support);
    // swap such a tab for the Markdown preview. Skipped when developing the extension, so the docs stay editable.
    if (context.extensionMode !== vscode.ExtensionMode.Development) {
      this.disposables.push(vscode.window.tabGroups.onDidChangeTabs((e) => void this.redirectToPreview(e.opened)));
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** Where a rule's page is: `docs/rules/pool/test-on-borrow.md` inside the extension (the diagnostic's code target). */
  uriFor(ruleId: string): vscode.Uri {
    return vscode.Uri.joinPath(this.context.extensionUri, ...ruleDocsPath(ruleId).split('/'));
  }

  /** Command link for hovers: `command:auroraGuard.showRuleDocs?["pool/test-on-borrow"]`. */
  commandLink(ruleId: string): vscode.Uri {
    return vscode.Uri.parse(`command:${CommandId.ShowRuleDocs}?${encodeURIComponent(JSON.stringify([ruleId]))}`);
  }

  /** Open a rule's page in the Markdown preview (asks for the rule when none is given). Resolves to the URI shown. */
  async show(ruleId?: string): Promise<vscode.Uri | undefined> {
    if (!ruleId) {
      const pick = await vscode.window.showQuickPick(
        ALL_RULES.map((r) => ({ label: r.meta.id, description: r.meta.title })),
        { placeHolder: 'Show documentation for which rule?', matchOnDescription: true },
      );
      if (!pick) return undefined;
      ruleId = pick.label;
    }
    const file = this.uriFor(ruleId);
    const target = (await exists(file)) ? file : vscode.Uri.from({ scheme: FALLBACK_SCHEME, path: `/${ruleId}.md` });
    await vscode.commands.executeCommand('markdown.showPreview', target);
    return target;
  }

  /** Open docs/forecast.md (how the failover forecast is modelled) in the Markdown preview; a short page if it is missing. */
  async showForecastDocs(): Promise<vscode.Uri> {
    const file = vscode.Uri.joinPath(this.context.extensionUri, 'docs', 'forecast.md');
    const target = (await exists(file)) ? file : vscode.Uri.from({ scheme: FALLBACK_SCHEME, path: `/${FORECAST_PAGE}.md` });
    await vscode.commands.executeCommand('markdown.showPreview', target);
    return target;
  }

  private isDocPage(uri: vscode.Uri): boolean {
    return uri.scheme === this.root.scheme && uri.path.startsWith(this.root.path + '/') && uri.path.endsWith('.md');
  }

  private async redirectToPreview(opened: readonly vscode.Tab[]): Promise<void> {
    for (const tab of opened) {
      if (!(tab.input instanceof vscode.TabInputText) || !this.isDocPage(tab.input.uri)) continue;
      const uri = tab.input.uri;
      // the page's path from the extension root (docs/rules/<id>.md): isDocPage checked it is under the root
      const ruleId = ruleIdOfDocsPath(uri.path.slice(this.root.path.length - RULE_DOCS_DIR.length))!;
      try {
        if (await exists(uri)) {
          await vscode.commands.executeCommand('vscode.openWith', uri, MARKDOWN_PREVIEW_EDITOR, {
            viewColumn: tab.group.viewColumn,
            preview: tab.isPreview,
          });
        } else {
          await this.show(ruleId);
        }
        await vscode.window.tabGroups.close(tab, true);
      } catch {
        /* leave the text tab as it is */
      }
    }
  }
}

function ruleIdFromFallback(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '').replace(/\.md$/, '');
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** A page from the rule's metadata, for rules whose docs page is not written yet. */
function fallbackPage(ruleId: string): string {
  const rule = ruleById(ruleId);
  if (!rule) return `# ${ruleId}\n\nUnknown rule.\n`;
  const m = rule.meta;
  return [
    `# ${m.id}: ${m.title}`,
    '',
    m.rationale,
    '',
    `- Default severity: **${m.defaultSeverity}**`,
    `- Tags: ${m.tags.map((t) => `\`${t}\``).join(', ')}`,
    `- Applies to: ${m.formats.join(', ')}${m.mysqlOnly ? ' (MySQL-family datasources)' : ''}${m.auroraOnly ? ' (Aurora/RDS endpoints or target)' : ''}`,
    '',
  ].join('\n');
}

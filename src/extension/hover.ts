// Hovers: on a flagged key or value, each finding's rule title, why it matters, the message, the value in effect
// (the file's, or the default WSO2/Tomcat applies), the suggested fix and the docs link. On a key that is not
// flagged but that WSO2 silently ignores, say so.
import * as vscode from 'vscode';
import type { Datasource, LocatedEntry, PoolSetting, Span } from '../core/model/types';
import type { Finding } from '../core/rules/types';
import { ruleById } from '../core/rules/index';
import { canonicalKey, effectiveSetting, settingEntry } from '../core/knowledge/wso2/defaults';
import { CARBON_CONFIGURATION_KEYS, TOMCAT_ONLY_KEYS, TOML_TOP_LEVEL_KEYS } from '../core/knowledge/wso2/knowledge';
import { LineIndex } from '../core/text/lineIndex';
import { CommandId } from './constants';
import { TextPositions } from './convert';
import type { RuleDocs } from './docs';
import type { ForecastCache } from './forecast';
import type { Linter } from './linter';

const RULES_ABOUT_IGNORED_KEYS = new Set(['wso2/unsupported-pool-option', 'wso2/pool-option-misplaced']);

const contains = (s: Span, o: number) => s.start <= o && o <= s.end;
const overlaps = (a: Span, b: Span) => a.start <= b.end && b.start <= a.end;

interface EntryAt {
  ds: Datasource;
  entry: LocatedEntry;
  setting: PoolSetting | null;
}

/** The innermost located entry (pool setting, URL, driver, validation query, type) under an offset. */
function entryAt(datasources: readonly Datasource[], offset: number): EntryAt | null {
  let best: EntryAt | null = null;
  const consider = (ds: Datasource, entry: LocatedEntry | null, setting: PoolSetting | null) => {
    if (!entry || !contains(entry.entrySpan, offset)) return;
    if (!best || entry.entrySpan.end - entry.entrySpan.start < best.entry.entrySpan.end - best.entry.entrySpan.start) best = { ds, entry, setting };
  };
  for (const ds of datasources) {
    if (!contains(ds.span, offset)) continue;
    for (const s of ds.settings) consider(ds, s, s);
    for (const q of ds.validationQueries) consider(ds, q, null);
    consider(ds, ds.urlEntry, null);
    consider(ds, ds.driver, null);
    consider(ds, ds.dbType, null);
  }
  return best;
}

/** Why WSO2 ignores a pool setting, or null if it reads it. */
export function ignoredReason(ds: Datasource, s: PoolSetting, text: string): string | null {
  if (s.placement === 'xml-property') return null; // generic form: not read by Carbon's reader at all, judged by rules
  if (s.placement === 'toml-top') {
    if (TOML_TOP_LEVEL_KEYS.includes(s.key)) return null;
    return `WSO2 ignores \`${s.key}\` here: directly under \`[${ds.id}]\` only url, username, password, driver and validationQuery are read. Pool settings belong under \`pool_options\`.`;
  }
  const key = canonicalKey(ds, s);
  if (key === null) return `WSO2 ignores \`${s.key}\` here.`;
  if (!CARBON_CONFIGURATION_KEYS.includes(key)) {
    const tomcat = TOMCAT_ONLY_KEYS.includes(key) ? ' It is a Tomcat JDBC pool attribute that Carbon does not pass on.' : '';
    return `WSO2 silently ignores \`${s.key}\`: Carbon's datasource reader has no such setting, so it is dropped without an error.${tomcat}`;
  }
  const winner = settingEntry(ds, key);
  if (winner && winner !== s && winner.entrySpan.start !== s.entrySpan.start) {
    const line = new LineIndex(text).position(winner.entrySpan.start).line + 1;
    return `WSO2 ignores this \`${s.key}\`: a later \`${winner.key}\` on line ${line} wins.`;
  }
  return null;
}

export class AuroraHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly linter: Linter,
    private readonly docs: RuleDocs,
    private readonly forecasts?: ForecastCache,
  ) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!this.linter.isLinted(doc)) return undefined;
    await this.linter.optionsFor(doc.uri); // a hover before the first lint: the document's own options, not the defaults
    const text = doc.getText();
    const pos = new TextPositions(text);
    const offset = pos.offset(position);
    const result = this.linter.lintSync(doc);
    const at = entryAt(result.doc.datasources, offset);
    const header = result.doc.datasources.find((ds) => contains(ds.headerSpan, offset));
    const hits = result.findings.filter((f) => {
      const r = pos.diagnosticRange(f.span);
      if (r.contains(position)) return true;
      if (at && overlaps(f.span, at.entry.entrySpan)) return true;
      return !!header && overlaps(f.span, header.headerSpan);
    });
    const md = new vscode.MarkdownString('', true);
    md.isTrusted = { enabledCommands: [CommandId.ShowRuleDocs, CommandId.ShowForecastDocs] };
    let range: vscode.Range | undefined;
    // On a datasource's header (TOML table header, XML <name>): its failover forecast first, now and after fix-all
    // (the findings stacked on the header follow).
    // (anywhere on the header's line: the XML <name> tag too, off the squiggle on the name)
    const headerLine = header ?? result.doc.datasources.find((ds) => pos.position(ds.headerSpan.start).line === position.line && contains(ds.span, offset));
    const outlook = headerLine && this.forecasts?.outlookFor(doc, headerLine.id);
    if (outlook) {
      md.appendMarkdown(this.forecasts!.markdown(outlook));
      range = pos.range(headerLine.headerSpan);
    }
    for (const f of hits) {
      const r = pos.diagnosticRange(f.span);
      // On the squiggle itself VS Code's own problem hover already shows the message: don't repeat it.
      this.appendFinding(md, f, at, result.doc.datasources, !r.contains(position));
      range = range ? range.union(r) : r;
    }
    if (at?.setting && !hits.some((f) => RULES_ABOUT_IGNORED_KEYS.has(f.ruleId))) {
      const why = ignoredReason(at.ds, at.setting, text);
      if (why) {
        if (md.value) md.appendMarkdown('\n\n---\n\n');
        md.appendMarkdown(`$(circle-slash) **Ignored by WSO2**\n\n${why}`);
        const r = pos.range(at.setting.keySpan);
        range = range ? range.union(r) : r;
      }
    }
    if (!md.value) return undefined;
    return new vscode.Hover(md, range);
  }

  private appendFinding(md: vscode.MarkdownString, f: Finding, at: EntryAt | null, datasources: readonly Datasource[], withMessage: boolean): void {
    const meta = ruleById(f.ruleId)?.meta;
    if (md.value) md.appendMarkdown('\n\n---\n\n');
    const icon = f.severity === 'error' ? '$(error)' : f.severity === 'warning' ? '$(warning)' : '$(info)';
    md.appendMarkdown(`${icon} **${escape(meta?.title ?? f.ruleId)}** \`${f.ruleId}\`\n\n`);
    if (withMessage) md.appendMarkdown(`${escape(f.message)}\n\n`);
    if (meta?.rationale) md.appendMarkdown(`*Why it matters:* ${escape(meta.rationale)}\n\n`);
    const effective = this.valueInEffect(f, at, datasources);
    if (effective) md.appendMarkdown(`*Value in effect:* ${effective}\n\n`);
    const preferred = f.fixes.find((x) => x.preferred) ?? f.fixes[0];
    if (preferred) md.appendMarkdown(`*Suggested fix:* ${escape(preferred.title)}\n\n`);
    md.appendMarkdown(`[Documentation for ${f.ruleId}](${this.docs.commandLink(f.ruleId).toString()})`);
  }

  /** The value in effect for the setting under the cursor (the file's, or WSO2's/Tomcat's default). */
  private valueInEffect(f: Finding, at: EntryAt | null, datasources: readonly Datasource[]): string | null {
    if (at?.setting) {
      const key = canonicalKey(at.ds, at.setting);
      if (!key) return `\`${at.setting.value}\` is written here, but WSO2 does not read it`;
      const eff = effectiveSetting(at.ds, key);
      return eff.value === null ? null : `\`${key} = ${eff.value}\` (${eff.origin})`;
    }
    if (at?.entry) return `\`${at.entry.value}\` (set in the file)`;
    if (f.fromDefault) {
      const ds = datasources.find((d) => d.name === f.datasource || d.id === f.datasource);
      return ds ? `a WSO2/Tomcat default for ${ds.name ?? ds.id} (the file does not set it)` : 'a WSO2/Tomcat default (the file does not set it)';
    }
    return null;
  }
}

/** Escape Markdown outside `code spans` (core messages may quote keys in backticks). */
function escape(s: string): string {
  return s
    .split(/(`[^`\n]*`)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[\\*_{}[\]<>#|]/g, (c) => `\\${c}`)))
    .join('');
}

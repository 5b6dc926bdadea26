// The engine: file text → located model → findings (with fixes as plain edit lists).
import type { ConfigDocument, Datasource } from './model/types';
import type { Finding, Report, Rule, Severity } from './rules/types';
import type { ResolvedOptions } from './config/options';
import { resolveOptions } from './config/options';
import { parseDocument } from './parse/index';
import { ALL_RULES } from './rules/index';
import { LineIndex } from './text/lineIndex';
import { maskTemplates } from './text/templates';
import { findSuppressions, isSuppressed } from './suppress/suppressions';
import { isAuroraTarget } from './rules/shared/target';
import { dsName } from './rules/shared/labels';

export interface LintResult {
  doc: ConfigDocument;
  findings: Finding[];
  /** Rules that threw (a bug in this tool, never the user's fault): reported, never raised. */
  internalErrors: string[];
}

export const PARSE_ERROR_RULE = 'syntax/parse-error';

/**
 * MySQL-family datasources (jdbc:mysql:, jdbc:mariadb:, jdbc:aws-wrapper:mysql:, type = "mysql"), and those whose
 * database is only known once a template renders (`url = {{ .Values.url }}`): their literal pool settings are still
 * judged; rules treat the templated values themselves as unknown.
 */
export function isMysqlFamily(ds: Datasource): boolean {
  if (ds.family === 'mysql') return true;
  return ds.family === 'unknown' && !!(ds.url?.templated || ds.urlEntry?.templated || ds.driver?.templated || ds.dbType?.templated);
}

/** Datasources whose extent holds template control flow (`{{- range }}`, `{% for %}`, `<% if %>`): settings may be generated, so a default cannot be assumed. */
function datasourcesWithGeneratedSettings(doc: ConfigDocument): Set<Datasource> {
  const out = new Set<Datasource>();
  if (doc.templates.length === 0) return out;
  const statements = maskTemplates(doc.text, doc.templates).regions.filter((r) => r.role === 'stmt');
  for (const ds of doc.datasources) {
    if (statements.some((r) => r.start < ds.span.end && ds.span.start < r.end)) out.add(ds);
  }
  return out;
}

export function lintDocument(doc: ConfigDocument, options: ResolvedOptions, rules: readonly Rule[] = ALL_RULES): LintResult {
  const findings: Finding[] = [];
  const internalErrors: string[] = [];
  const index = new LineIndex(doc.text);
  const suppressions = findSuppressions(doc.text, index);
  const generated = datasourcesWithGeneratedSettings(doc);
  const push = (rule: Rule['meta'], r: Report, severity: Severity) => {
    // a "value comes from the default" finding is only true when no template can generate the setting
    if (r.fromDefault && r.datasource && generated.has(r.datasource)) return;
    const line = index.position(r.span.start).line;
    if (isSuppressed(suppressions, rule.id, line)) return;
    findings.push({
      ruleId: rule.id,
      severity,
      message: r.message,
      span: r.span,
      datasource: r.datasource ? dsName(r.datasource) : null,
      fromDefault: r.fromDefault ?? false,
      fixes: r.fixes ?? [],
      related: r.related ?? [],
    });
  };
  if (doc.parseError) {
    const override = options.rules[PARSE_ERROR_RULE];
    if (override !== 'off') {
      push(
        { id: PARSE_ERROR_RULE } as Rule['meta'],
        { message: doc.parseError.message, span: doc.parseError.span },
        override ?? 'error',
      );
    }
    return { doc, findings, internalErrors };
  }
  for (const rule of rules) {
    const meta = rule.meta;
    const override = options.rules[meta.id];
    if (override === 'off') continue;
    if (!meta.formats.includes(doc.format)) continue;
    const datasources = doc.datasources.filter(
      (ds) => (!meta.mysqlOnly || isMysqlFamily(ds)) && (!meta.auroraOnly || isAuroraTarget(ds, options)) && ds.definitionType.toUpperCase() === 'RDBMS',
    );
    try {
      rule.check({
        doc,
        options,
        datasources,
        report: (r) => push(meta, r, override ?? r.severity ?? meta.defaultSeverity),
      });
    } catch (e) {
      internalErrors.push(`${meta.id}: ${(e as Error)?.stack ?? String(e)}`);
    }
  }
  findings.sort((a, b) => a.span.start - b.span.start || a.ruleId.localeCompare(b.ruleId));
  return { doc, findings, internalErrors };
}

/** Parse and lint one file's text. Never throws: a parser bug becomes a parse-error finding. */
export function lintText(fileName: string, text: string, options: ResolvedOptions = resolveOptions()): LintResult {
  let doc: ConfigDocument;
  try {
    doc = parseDocument(fileName, text);
  } catch (e) {
    doc = {
      format: 'carbon-xml', text, templates: [], datasources: [], jvmDns: [], fileSpan: { start: 0, end: 0 },
      parseError: { message: `aurora-guard could not read this file (internal error: ${(e as Error)?.message ?? e})`, span: { start: 0, end: 0 } },
    };
    return { ...lintDocument(doc, options), internalErrors: [String((e as Error)?.stack ?? e)] };
  }
  return lintDocument(doc, options);
}

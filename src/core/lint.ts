// The engine: file text → located model → findings (with fixes as plain edit lists).
import type { ConfigDocument, Datasource } from './model/types';
import type { Finding, Fix, Report, Rule, Severity } from './rules/types';
import type { ResolvedOptions } from './config/options';
import { resolveOptions } from './config/options';
import { detectFormat, parseDocument } from './parse/index';
import { ALL_RULES } from './rules/index';
import { LineIndex } from './text/lineIndex';
import { maskTemplates } from './text/templates';
import { findSuppressions, isSuppressed } from './suppress/suppressions';
import { isAuroraTarget } from './knowledge/target';
import { dsName } from './knowledge/datasourceName';

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
export function datasourcesWithGeneratedSettings(doc: ConfigDocument): Set<Datasource> {
  const out = new Set<Datasource>();
  if (doc.templates.length === 0) return out;
  const statements = doc.templateStatements ?? maskTemplates(doc.text, doc.templates).regions.filter((r) => r.role === 'stmt');
  for (const ds of doc.datasources) {
    if (statements.some((r) => r.start < ds.span.end && ds.span.start < r.end)) out.add(ds);
  }
  return out;
}

/**
 * A finding whose fixes are built on their first read when the rule reported a function (the editor's diagnostics
 * never read them), then kept. A class, not an object literal with an accessor: one shared getter instead of two
 * closures per finding (the literal looked ~1.2× slower on 1 MiB, on a busy machine). JSON output is unchanged
 * (toJSON, same keys in the same order).
 */
class LintFinding implements Finding {
  #fixes: Fix[] | null;
  #build: (() => Fix[]) | null;
  #onError: (e: unknown) => void;
  readonly datasource: string | null;
  readonly fromDefault: boolean;
  readonly related: Finding['related'];
  readonly forecast?: Finding['forecast'];

  constructor(
    readonly ruleId: string,
    readonly severity: Severity,
    readonly message: string,
    readonly span: Finding['span'],
    r: Report,
    onError: (e: unknown) => void,
  ) {
    this.datasource = r.datasource ? dsName(r.datasource) : null;
    this.fromDefault = r.fromDefault ?? false;
    this.related = r.related ?? [];
    if (r.forecast) this.forecast = r.forecast;
    this.#build = typeof r.fixes === 'function' ? r.fixes : null;
    this.#fixes = typeof r.fixes === 'function' ? null : (r.fixes ?? []);
    this.#onError = onError;
  }

  get fixes(): Fix[] {
    if (this.#fixes === null) {
      try {
        this.#fixes = this.#build!();
      } catch (e) {
        // a bug in a rule's fix: reported like a rule that threw, the finding itself stays
        this.#fixes = [];
        this.#onError(e);
      }
      this.#build = null;
    }
    return this.#fixes;
  }

  set fixes(v: Fix[]) {
    this.#fixes = v;
    this.#build = null;
  }

  toJSON(): Finding {
    const { ruleId, severity, message, span, datasource, fromDefault, fixes, related, forecast } = this;
    return { ruleId, severity, message, span, datasource, fromDefault, fixes, related, ...(forecast ? { forecast } : {}) };
  }
}

export interface LintMode {
  /**
   * 'eager' (default): every fix is built while its rule runs (the CLI's reporters need them all; building them
   * while the datasource's data is hot is the cheapest way to get all of them). 'lazy': a fix is built on the first
   * read of its finding's `fixes`, then kept (the editor: diagnostics never read them, code actions read a few).
   */
  fixes?: 'eager' | 'lazy';
}

/**
 * The RDBMS datasources a rule sees, decided once per lint (not once per rule): [mysqlOnly][auroraOnly], each in
 * document order.
 */
function eligibleDatasources(doc: ConfigDocument, options: ResolvedOptions): Datasource[][][] {
  const out: Datasource[][][] = [
    [[], []],
    [[], []],
  ];
  for (const ds of doc.datasources) {
    if (ds.definitionType.toUpperCase() !== 'RDBMS') continue;
    const mysql = isMysqlFamily(ds);
    const aurora = isAuroraTarget(ds, options);
    out[0][0].push(ds);
    if (aurora) out[0][1].push(ds);
    if (mysql) out[1][0].push(ds);
    if (mysql && aurora) out[1][1].push(ds);
  }
  return out;
}

export function lintDocument(
  doc: ConfigDocument,
  options: ResolvedOptions,
  rules: readonly Rule[] = ALL_RULES,
  mode: LintMode = {},
): LintResult {
  const lazy = mode.fixes === 'lazy';
  const findings: Finding[] = [];
  const internalErrors: string[] = [];
  // line numbers are only needed to match suppression comments (findSuppressions finds none without this word)
  const index = doc.text.includes('aurora-guard-disable') ? new LineIndex(doc.text) : null;
  const suppressions = index ? findSuppressions(doc.text, index) : findSuppressions('');
  const generated = datasourcesWithGeneratedSettings(doc);
  const anySuppression = suppressions.file !== null || suppressions.lines.size > 0;
  const push = (rule: Rule['meta'], r: Report, severity: Severity, onFixError: (e: unknown) => void) => {
    // a "value comes from the default" finding is only true when no template can generate the setting
    if (r.fromDefault && r.datasource && generated.has(r.datasource)) return;
    if (anySuppression && isSuppressed(suppressions, rule.id, index!.position(r.span.start).line)) return;
    if (lazy) {
      findings.push(new LintFinding(rule.id, severity, r.message, r.span, r, onFixError));
      return;
    }
    findings.push({
      ruleId: rule.id,
      severity,
      message: r.message,
      span: r.span,
      datasource: r.datasource ? dsName(r.datasource) : null,
      fromDefault: r.fromDefault ?? false,
      // a fix that throws aborts its rule's check here, as any rule bug does (reported as an internal error)
      fixes: typeof r.fixes === 'function' ? r.fixes() : (r.fixes ?? []),
      related: r.related ?? [],
      ...(r.forecast ? { forecast: r.forecast } : {}),
    });
  };
  const fixError = (id: string) => (e: unknown) => internalErrors.push(`${id} (building a fix): ${(e as Error)?.stack ?? String(e)}`);
  if (doc.parseError) {
    const override = options.rules[PARSE_ERROR_RULE];
    if (override !== 'off') {
      push(
        { id: PARSE_ERROR_RULE } as Rule['meta'],
        { message: doc.parseError.message, span: doc.parseError.span },
        override ?? 'error',
        fixError(PARSE_ERROR_RULE),
      );
    }
    return { doc, findings, internalErrors };
  }
  const eligible = eligibleDatasources(doc, options);
  for (const rule of rules) {
    const meta = rule.meta;
    const override = options.rules[meta.id];
    if (override === 'off') continue;
    if (!meta.formats.includes(doc.format)) continue;
    // a copy per rule: a rule may not disturb what the next one sees
    const datasources = eligible[meta.mysqlOnly ? 1 : 0][meta.auroraOnly ? 1 : 0].slice();
    const onFixError = fixError(meta.id);
    try {
      rule.check({
        doc,
        options,
        datasources,
        report: (r) => push(meta, r, override ?? r.severity ?? meta.defaultSeverity, onFixError),
      });
    } catch (e) {
      internalErrors.push(`${meta.id}: ${(e as Error)?.stack ?? String(e)}`);
    }
  }
  return { doc, findings: sortFindings(findings), internalErrors };
}

/**
 * By start offset, ties in rule-id order (localeCompare), else in report order (a stable sort). The rule ids are
 * ranked once and every finding gets one number, so a comparison is one subtraction.
 */
function sortFindings(findings: Finding[]): Finding[] {
  const ids = [...new Set(findings.map((f) => f.ruleId))].sort((a, b) => a.localeCompare(b));
  const rank = new Map(ids.map((id, i) => [id, i]));
  const n = findings.length;
  const m = ids.length;
  let maxStart = 0;
  for (const f of findings) if (f.span.start > maxStart) maxStart = f.span.start;
  if ((maxStart + 1) * m * n < Number.MAX_SAFE_INTEGER) {
    // (key, report index) packed into one exact number: unique, so a plain numeric sort of a typed array is the
    // stable sort, without an object per finding
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = (findings[i].span.start * m + rank.get(findings[i].ruleId)!) * n + i;
    packed.sort();
    const out: Finding[] = [];
    for (let i = 0; i < n; i++) out.push(findings[packed[i] % n]);
    return out;
  }
  const keyed = findings.map((f) => ({ f, k: f.span.start * m + rank.get(f.ruleId)! }));
  keyed.sort((a, b) => a.k - b.k);
  return keyed.map((x) => x.f);
}

/** Parse and lint one file's text. Never throws: a parser bug becomes a parse-error finding. */
/**
 * A file that claims a datasource format (by its name) but holds binary data — a NUL character, which no XML, TOML or
 * shell text contains (UTF-16 files are decoded by their byte-order mark before this) — is reported as not parsing,
 * instead of being read leniently as a file with nothing in it.
 */
function binaryDocument(fileName: string, text: string): ConfigDocument | null {
  const nul = text.indexOf('\u0000');
  if (nul < 0) return null;
  const fmt = detectFormat(fileName, '');
  const kind = fmt === 'toml' ? 'TOML' : fmt === 'jvm' ? 'a shell/JVM settings file' : 'XML';
  return {
    format: fmt === 'toml' ? 'deployment-toml' : 'carbon-xml',
    text,
    templates: [],
    datasources: [],
    jvmDns: [],
    fileSpan: { start: 0, end: text.length },
    parseError: {
      message: `not a text file: binary content (a NUL byte at offset ${nul}); WSO2 cannot read it as ${kind}`,
      span: { start: nul, end: nul + 1 },
    },
  };
}

export function lintText(fileName: string, text: string, options: ResolvedOptions = resolveOptions(), mode: LintMode = {}): LintResult {
  let doc: ConfigDocument;
  const binary = binaryDocument(fileName, text);
  if (binary) return lintDocument(binary, options, ALL_RULES, mode);
  try {
    doc = parseDocument(fileName, text, { helmChart: options.helmChart ?? null });
  } catch (e) {
    doc = {
      format: 'carbon-xml',
      text,
      templates: [],
      datasources: [],
      jvmDns: [],
      fileSpan: { start: 0, end: 0 },
      parseError: {
        message: `aurora-guard could not read this file (internal error: ${(e as Error)?.message ?? e})`,
        span: { start: 0, end: 0 },
      },
    };
    return { ...lintDocument(doc, options, ALL_RULES, mode), internalErrors: [String((e as Error)?.stack ?? e)] };
  }
  return lintDocument(doc, options, ALL_RULES, mode);
}

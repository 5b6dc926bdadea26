// Shared helpers of the wso2/*, aurora/*, jdbc/* and jvm/* rules: naming a datasource in messages,
// reading driver properties the way Carbon hands them to the driver, knowing when a templated URL
// hides parameters, and the few raw edits the DatasourceEditor has no operation for.
import type { ConfigDocument, Datasource, DriverProp, JdbcUrl, LocatedEntry, Span, TextEdit, UrlParam } from '../model/types';
import type { ResolvedOptions } from '../config/options';
import type { Fix, RuleContext } from './types';
import { effectiveBool, settingEntry } from '../wso2/defaults';
import { isRdsHost } from '../aurora/endpoints';

/** Template syntax or a WSO2 runtime placeholder in raw document text. */
export const TEMPLATE_MARK = /\uE000|\{\{|\{%|<%|\$\{|\$(?:env|sys|secret)\{/;

export const AWS_WRAPPER_DRIVER = 'software.amazon.jdbc.Driver';

/** How messages name a datasource: the XML <name>, or the TOML table it comes from. */
export function dsLabel(ds: Datasource): string {
  if (ds.format === 'deployment-toml') {
    if (ds.role === 'custom' || ds.id.startsWith('datasource')) return `[[datasource]] ${ds.name ?? ds.id}`;
    return `[${ds.id}]`;
  }
  return ds.name ?? ds.id;
}

/** The project says the target is Aurora (not merely an RDS-looking host). */
export function auroraConfirmed(options: ResolvedOptions): boolean {
  return options.target === 'aurora-serverless-v2' || options.target === 'aurora-provisioned';
}

/** Aurora is evident for this datasource: the project says so, or its host is an RDS endpoint (as the engine's auroraOnly filter). */
export function auroraEvident(ds: Datasource, options: ResolvedOptions): boolean {
  if (options.target === 'mysql') return false;
  return auroraConfirmed(options) || !!ds.url?.hosts.some((h) => !h.templated && isRdsHost(h.host));
}

/** Does this datasource write? Every APIM datasource does, unless defaultReadOnly is true. */
export function isWritable(ds: Datasource): boolean {
  return effectiveBool(ds, 'defaultReadOnly').b !== true;
}

/** The raw text of a span contains template syntax. */
export function spanTemplated(doc: ConfigDocument, span: Span): boolean {
  return TEMPLATE_MARK.test(doc.text.slice(span.start, span.end));
}

/** The JDBC URL is written in the file (not inferred from `type`), so its text can be edited. */
export function urlEditable(ds: Datasource): boolean {
  return !!ds.url && !!ds.urlEntry && !ds.urlInferred && ds.url.scheme !== '';
}

/** Template syntax in a raw string, each region replaced by U+0001 of the same length. */
function maskTemplateRegions(s: string): string {
  return s.replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|<%[\s\S]*?%>|\$(?:env|sys|secret)?\{[^}]*\}|\uE000+/g, (m) => '\u0001'.repeat(m.length));
}

/**
 * Are all query parameters of this URL known? False when template syntax could render more
 * parameters: a whole-URL template, a template inside the query, or a template that ends the URL
 * (a templated database or host with nothing literal after it). A templated port, host or database
 * followed by a literal `/` or `?`, and templated values of literally named parameters, hide nothing else.
 */
export function urlParamsKnown(doc: ConfigDocument, url: JdbcUrl): boolean {
  if (!url.templated) return true;
  if (!url.scheme || url.hosts.length === 0) return false;
  const last = url.hosts[url.hosts.length - 1];
  const from = last.span.end;
  let tail = doc.text.slice(from, url.span.end);
  // a templated value of a literally named parameter hides only that value
  for (const p of url.params) {
    if (!/^[A-Za-z][\w.-]*$/.test(p.name)) continue;
    const s = p.valueSpan.start - from;
    const e = p.valueSpan.end - from;
    if (s < 0 || e > tail.length) continue;
    tail = tail.slice(0, s) + ' '.repeat(e - s) + tail.slice(e);
  }
  const masked = maskTemplateRegions(tail);
  if (last.templated && masked.length === 0) return false;
  const q = masked.indexOf('?');
  if (q >= 0) return !masked.slice(q).includes('\u0001');
  return !masked.trimEnd().endsWith('\u0001');
}

/** Where a driver property is written, for messages. */
export function whereProp(p: DriverProp): string {
  switch (p.source) {
    case 'url':
      return 'in the JDBC URL';
    case 'connectionProperties':
      return 'in connectionProperties';
    case 'databaseProps':
      return 'in <databaseProps>';
  }
}

/** Carbon replaces the connectionProperties-parsed properties when <databaseProps> is present (RDBMSDataSourceUtils.createPoolConfiguration). */
export function hasDatabaseProps(ds: Datasource): boolean {
  return ds.driverProps.some((p) => p.source === 'databaseProps') || ds.settings.some((s) => s.key === 'databaseProps');
}

export interface PropLookup {
  /** The occurrence in effect: URL first, then <databaseProps>, then connectionProperties (when not replaced). */
  prop: DriverProp | null;
  /** Occurrences that Carbon discards (connectionProperties while <databaseProps> is present). */
  shadowed: DriverProp[];
  /** A place the property could be is hidden behind template syntax: the value in effect is unknown. */
  unknown: boolean;
  /** The occurrence in effect has a templated value. */
  valueTemplated: boolean;
}

/** Find a driver property (case-insensitive name) where it reaches the driver. */
export function lookupDriverProp(doc: ConfigDocument, ds: Datasource, name: string): PropLookup {
  const lower = name.toLowerCase();
  const all = ds.driverProps.filter((p) => p.name.toLowerCase() === lower);
  const dbProps = hasDatabaseProps(ds);
  const order: DriverProp['source'][] = ['url', 'databaseProps', 'connectionProperties'];
  let prop: DriverProp | null = null;
  for (const src of order) {
    if (src === 'connectionProperties' && dbProps) continue;
    const hit = all.filter((p) => p.source === src);
    if (hit.length) {
      prop = hit[hit.length - 1];
      break;
    }
  }
  const shadowed = dbProps ? all.filter((p) => p.source === 'connectionProperties') : [];
  let unknown = false;
  if (ds.url && !urlParamsKnown(doc, ds.url)) unknown = true;
  const cp = settingEntry(ds, 'connectionProperties');
  if (!dbProps && cp && (cp.templated || TEMPLATE_MARK.test(cp.value))) unknown = true;
  const valueTemplated = !!prop && (prop.value.includes('\uE000') || spanTemplated(doc, prop.valueSpan));
  return { prop, shadowed, unknown, valueTemplated };
}

/** The URL parameter object behind a driver property that comes from the URL. */
export function urlParamOf(ds: Datasource, p: DriverProp): UrlParam | null {
  if (p.source !== 'url' || !ds.url) return null;
  return ds.url.params.find((u) => u.span.start === p.span.start) ?? ds.url.params.find((u) => u.name.toLowerCase() === p.name.toLowerCase()) ?? null;
}

/** A value judged as a boolean the way Connector/J reads it (true/yes, false/no). */
export function boolValue(v: string): boolean | null {
  const t = v.trim().toLowerCase();
  if (t === 'true' || t === 'yes') return true;
  if (t === 'false' || t === 'no') return false;
  return null;
}

/** The line break the document uses. */
export function eol(doc: ConfigDocument): string {
  return doc.text.includes('\r\n') ? '\r\n' : '\n';
}

/** Leading whitespace of the line that holds `offset`. */
export function indentAt(doc: ConfigDocument, offset: number): string {
  const ls = Math.max(doc.text.lastIndexOf('\n', offset - 1) + 1, 0);
  return /^[ \t]*/.exec(doc.text.slice(ls))![0];
}

/** Remove a span; when it is alone on its line, remove the whole line with its line break. */
export function removeSpanWithLine(doc: ConfigDocument, span: Span): TextEdit {
  const t = doc.text;
  const ls = t.lastIndexOf('\n', span.start - 1) + 1;
  let le = t.indexOf('\n', span.end);
  if (le < 0) le = t.length;
  const before = t.slice(ls, span.start);
  const after = t.slice(span.end, le).replace(/\r$/, '');
  if (before.trim() === '' && after.trim() === '') {
    return { span: { start: ls, end: le < t.length ? le + 1 : le }, newText: '' };
  }
  return { span, newText: '' };
}

/** Edits that take one driver property out of the file (URL parameter, connectionProperties piece, <property>). */
export function removeDriverPropEdits(doc: ConfigDocument, ds: Datasource, p: DriverProp): TextEdit[] | null {
  if (p.source === 'url') {
    const up = urlParamOf(ds, p);
    return up ? ds.edit.removeUrlParam(up) : null;
  }
  if (p.source === 'databaseProps') return [removeSpanWithLine(doc, p.span)];
  // connectionProperties: `a=b;c=d` — drop the piece and one separator; drop the whole entry when it was the only one
  const pieces = ds.driverProps.filter((q) => q.source === 'connectionProperties');
  const cp = settingEntry(ds, 'connectionProperties');
  if (pieces.length === 1 && cp) return ds.edit.removeEntry(cp);
  const t = doc.text;
  let { start, end } = p.span;
  let j = end;
  while (j < t.length && (t[j] === ' ' || t[j] === '\t')) j++;
  if (t[j] === ';') {
    end = j + 1;
    while (end < t.length && (t[end] === ' ' || t[end] === '\t')) end++;
  } else {
    let i = start - 1;
    while (i >= 0 && (t[i] === ' ' || t[i] === '\t')) i--;
    if (t[i] === ';') start = i;
  }
  return [{ span: { start, end }, newText: '' }];
}

/** Insert `key = "value"` on its own line after a TOML entry of the same table (for keys setSetting would put under pool_options). */
export function insertTomlKeyAfter(doc: ConfigDocument, entry: LocatedEntry, key: string, value: string): TextEdit[] {
  const at = entry.entrySpan.end;
  return [{ span: { start: at, end: at }, newText: `${eol(doc)}${indentAt(doc, entry.entrySpan.start)}${key} = "${value}"` }];
}

/** Optimal-string-alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  const d: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[m][n];
}

/** snake_case / kebab-case → camelCase (`max_active` → `maxActive`). */
export function camelCase(key: string): string {
  return key.replace(/[_-]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

export interface KeyMatch {
  key: string;
  /** 0 = same name in another case/spelling style (snake_case, wrong capitals); else the edit distance. */
  distance: number;
  how: 'case' | 'snake' | 'typo';
}

/** The nearest valid key for a misspelled one, or null when nothing is close enough to be a safe rename. */
export function nearestKey(key: string, candidates: readonly string[]): KeyMatch | null {
  const lower = key.toLowerCase();
  const camel = camelCase(key);
  for (const c of candidates) if (c === camel && camel !== key) return { key: c, distance: 0, how: 'snake' };
  for (const c of candidates) if (c.toLowerCase() === lower) return { key: c, distance: 0, how: 'case' };
  for (const c of candidates) if (c.toLowerCase() === camel.toLowerCase()) return { key: c, distance: 0, how: 'snake' };
  let best: KeyMatch | null = null;
  for (const c of candidates) {
    const dist = editDistance(camel.toLowerCase(), c.toLowerCase());
    if (!best || dist < best.distance) best = { key: c, distance: dist, how: 'typo' };
  }
  if (!best) return null;
  const limit = key.length >= 12 ? 3 : key.length >= 5 ? 2 : 1;
  return best.distance <= limit ? best : null;
}

/** Human list: `a, b and c`. */
export function humanList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}


/** A fix that sets a driver property: in place where it is written, else in the URL, else in connectionProperties. */
export function setDriverPropFix(ctx: RuleContext, ds: Datasource, name: string, value: string, existing: DriverProp | null): Fix | null {
  if (existing) {
    if (existing.source === 'url') {
      const edits = ds.edit.setUrlParam(name === existing.name ? name : existing.name, value);
      return edits ? { title: `Set ${existing.name}=${value} in the JDBC URL`, edits, preferred: true } : null;
    }
    return {
      title: `Set ${existing.name}=${value} ${whereProp(existing)}`,
      edits: [{ span: existing.valueSpan, newText: value }],
      preferred: true,
    };
  }
  if (urlEditable(ds)) {
    const edits = ds.edit.setUrlParam(name, value);
    if (edits) return { title: `Add ${name}=${value} to the JDBC URL`, edits, preferred: true };
  }
  if (hasDatabaseProps(ds)) return null;
  const cp = settingEntry(ds, 'connectionProperties');
  if (cp) {
    if (cp.templated || TEMPLATE_MARK.test(cp.value)) return null;
    const v = cp.value.trim() ? `${cp.value.replace(/[;\s]+$/, '')};${name}=${value}` : `${name}=${value}`;
    return { title: `Add ${name}=${value} to connectionProperties`, edits: ds.edit.replaceValue(cp, v), preferred: true };
  }
  const title =
    ds.format === 'deployment-toml'
      ? `Add pool_options.connectionProperties = "${name}=${value}"`
      : `Add <connectionProperties>${name}=${value}</connectionProperties>`;
  return { title, edits: ds.edit.setSetting('connectionProperties', `${name}=${value}`), preferred: true };
}

export interface TimeoutSpec {
  name: 'connectTimeout' | 'socketTimeout';
  /** The value the fix writes. */
  value: number;
  /** What 0 means (`no connect timeout`). */
  what: string;
  /** Why that matters during an Aurora failover: one sentence. */
  why: string;
  /** The same for a datasource that is not (evidently) on Aurora. */
  whyGeneric: string;
  /** Advice appended after "Set name=value". */
  advice: string;
}

/** jdbc/connect-timeout and jdbc/socket-timeout: report a missing or 0 timeout where the driver would see it. */
export function checkDriverTimeout(ctx: RuleContext, spec: TimeoutSpec): void {
  const { name, value } = spec;
  for (const ds of ctx.datasources) {
    if (!ds.url) continue;
    const lk = lookupDriverProp(ctx.doc, ds, name);
    const label = dsLabel(ds);
    const why = auroraEvident(ds, ctx.options) ? spec.why : spec.whyGeneric;
    if (lk.prop) {
      if (lk.valueTemplated) continue;
      const n = Number(lk.prop.value.trim());
      if (!Number.isFinite(n) || n !== 0) continue;
      const fix = setDriverPropFix(ctx, ds, name, String(value), lk.prop);
      ctx.report({
        datasource: ds,
        span: lk.prop.span,
        message: `${name}=0 ${whereProp(lk.prop)} of ${label} means ${spec.what}. ${why} Set ${name}=${value}${spec.advice}`,
        fixes: fix ? [fix] : [],
      });
      continue;
    }
    // Missing: only judge when no template could hide it, and only for Connector/J (MariaDB's driver has other defaults).
    if (lk.unknown || ds.url.subprotocol !== 'mysql') continue;
    if (lk.shadowed.length) {
      const sh = lk.shadowed[lk.shadowed.length - 1];
      const shn = Number(sh.value.trim());
      const v = Number.isFinite(shn) && shn > 0 ? shn : value;
      const fix = setDriverPropFix(ctx, ds, name, String(v), null);
      ctx.report({
        datasource: ds,
        span: sh.span,
        fromDefault: true,
        message:
          `${name}=${sh.value} in connectionProperties of ${label} never reaches the driver: Carbon replaces the connectionProperties ` +
          `with <databaseProps> when both are present, so Connector/J's default 0 (${spec.what}) is in effect. ${why} ` +
          `Set ${name}=${v} in the JDBC URL or in <databaseProps>${spec.advice}`,
        fixes: fix ? [fix] : [],
      });
      continue;
    }
    const fix = setDriverPropFix(ctx, ds, name, String(value), null);
    ctx.report({
      datasource: ds,
      span: ds.headerSpan,
      fromDefault: true,
      message:
        `${label} sets no ${name} (not in the JDBC URL, connectionProperties or databaseProps), so Connector/J's default 0 ` +
        `(${spec.what}) is in effect. ${why} Set ${name}=${value}${spec.advice}`,
      fixes: fix ? [fix] : [],
    });
  }
}

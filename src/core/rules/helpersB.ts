// Shared helpers of the pool/* and serverless/* rules: the validation queries the catalogue recommends,
// how a validation query is classified, wording of where a value in effect comes from, and building
// fixes that set several keys at once.
import type { ConfigDocument, Datasource, DriverProp, LocatedEntry, TextEdit } from '../model/types';
import type { ResolvedOptions } from '../config/options';
import type { Fix, RuleContext } from './types';
import type { EffectiveValue } from '../wso2/defaults';
import { effectiveBool, effectiveNumber, effectiveSetting, effectiveValidationQuery, settingEntry } from '../wso2/defaults';
import { classifyHost, isRdsHost } from '../aurora/endpoints';
import { applyEdits } from '../fixes/apply';
import { parseDocument } from '../parse/index';

// ---------------------------------------------------------------------------------------------------
// Validation queries

/**
 * A validation query that RAISES on a read-only instance (error 1242 "Subquery returns more than 1 row"),
 * so Tomcat, which only looks at whether `Statement.execute` throws, discards a connection to a reader or
 * a demoted writer. Checked on MariaDB 10.11 (returns 1 on the writer, raises 1242 with innodb_read_only=1).
 * Whether MySQL 8 / Aurora MySQL evaluates it the same way (and does not fold the subquery early) is NOT
 * verified: confirm with the probe ("Probe Aurora" / `aurora-guard probe`). Reused by the probe and the docs.
 */
export const ROLE_AWARE_VALIDATION_QUERY = 'SELECT IF(@@innodb_read_only, (SELECT 1 UNION ALL SELECT 2), 1)';

/**
 * The variant used in the measured pool scenario (pool-ground-truth.md): the simulated demoted writer could
 * only flip `read_only` at run time (MariaDB's innodb_read_only is a start-up option), so that run checked both.
 * On Aurora the role is exposed through innodb_read_only, which ROLE_AWARE_VALIDATION_QUERY checks.
 */
export const ROLE_AWARE_VALIDATION_QUERY_MEASURED = 'SELECT IF(@@read_only OR @@innodb_read_only, (SELECT 1 UNION ALL SELECT 2), 1)';

/** Connector/J turns a statement that starts exactly with this marker into a protocol COM_PING. */
export const PING_VALIDATION_QUERY = '/* ping */ SELECT 1';

/** The seed article's suggestion: liveness-only, exactly like SELECT 1 (Tomcat ignores the result). */
export const SEED_VALIDATION_QUERY = 'SELECT connection_id()';

/** Safe values the fixes write. */
export const SAFE_VALIDATION_INTERVAL_MS = 3000;
export const SAFE_MAX_AGE_MS = 300000;
/** maxAge for a pool whose validation query can't tell a demoted writer: a pinned pool recovers in about this long (measured). */
export const SHORT_MAX_AGE_MS = 60000;
export const SAFE_VALIDATION_QUERY_TIMEOUT_S = 5;
export const SAFE_MAX_WAIT_MS = 60000;
export const SAFE_EVICTION_RUN_MS = 5000;
/** Aurora Serverless v2 resume after auto-pause: "up to 15 seconds", about 30 s after a long pause. */
export const AUTO_PAUSE_RESUME_MS = 30000;
export const SAFE_SOCKET_TIMEOUT_AUTO_PAUSE_MS = 60000;
export const SAFE_REMOVE_ABANDONED_TIMEOUT_S = 300;

export type ValidationQueryKind =
  | 'role-aware' // raises on a read-only instance: evicts connections to a reader / demoted writer
  | 'writes' // a write statement: raises 1290 on a read-only instance (role-aware, but writes on every validation)
  | 'select-1' // SELECT 1 and spellings of it
  | 'connection-id' // the seed article's SELECT connection_id()
  | 'ping' // /* ping */ SELECT 1 (Connector/J COM_PING)
  | 'read-only-select' // SELECT @@innodb_read_only: returns the role but does not raise
  | 'other-select' // any other plain SELECT / SHOW / DO: succeeds on a reader
  | 'none' // no query: Tomcat >= 7.0.74 validates with Connection.isValid()
  | 'unknown' // something else: can't tell whether it raises on a read-only instance
  | 'templated'; // rendered later: unknown

export interface ValidationQueryInfo {
  kind: ValidationQueryKind;
  /** The query text in effect (null when none). */
  value: string | null;
  /** The query comes from a default (deployment.toml's inferred `SELECT 1`) or is absent. */
  fromDefault: boolean;
  entry: LocatedEntry | null;
}

/** True for kinds that only prove the connection is alive: they pass on a reader or a demoted writer. */
export function isLivenessOnly(kind: ValidationQueryKind): boolean {
  return kind === 'select-1' || kind === 'connection-id' || kind === 'ping' || kind === 'read-only-select' || kind === 'other-select' || kind === 'none';
}

/** Classify a validation query by what Tomcat does with it (it ignores results; only an exception fails validation). */
export function classifyValidationQuery(query: string | null): ValidationQueryKind {
  if (query === null) return 'none';
  const raw = query.trim();
  if (raw.startsWith('/* ping */')) return 'ping';
  // strip comments and a trailing semicolon, normalise spacing and case
  const q = raw.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/;\s*$/, '').replace(/\s+/g, ' ').trim().toLowerCase();
  if (q === '') return 'unknown'; // empty: wso2/empty-validation-query's business
  if (/^(insert|update|delete|replace)\b/.test(q) || /\bfor update\b|\block in share mode\b|\bfor share\b/.test(q)) {
    return /\bfor update\b|\block in share mode\b|\bfor share\b/.test(q) ? 'unknown' : 'writes';
  }
  if (/read_only/.test(q)) {
    // IF(@@innodb_read_only, <multi-row subquery>, 1) or CASE … style: raises when read-only.
    if (/\b(if|case)\b/.test(q) && /\(\s*select\b/.test(q)) return 'role-aware';
    if (/^select @@(global\.)?(innodb_)?read_only( as \w+)?$/.test(q)) return 'read-only-select';
    return 'unknown';
  }
  if (/^select 1( from dual)?$/.test(q) || /^select '1'$/.test(q) || /^select 1 as \w+$/.test(q)) return 'select-1';
  if (/^select connection_id\(\)( as \w+)?$/.test(q)) return 'connection-id';
  if (/^(select|show|do)\b/.test(q) && !/\binto\b/.test(q) && !/;/.test(q)) return 'other-select';
  return 'unknown';
}

/** The validation query in effect for a datasource, classified. */
export function validationQueryInfo(ds: Datasource): ValidationQueryInfo {
  const eff = effectiveValidationQuery(ds);
  const entry = eff.fromDefault ? null : ds.validationQuery;
  if (entry?.templated) return { kind: 'templated', value: eff.value, fromDefault: false, entry };
  return { kind: classifyValidationQuery(eff.value), value: eff.value, fromDefault: eff.fromDefault, entry };
}

/** A custom `validatorClassName` replaces the query check with code we can't see. */
export function hasCustomValidator(ds: Datasource): boolean {
  const v = settingEntry(ds, 'validatorClassName');
  return !!v && v.value.trim() !== '';
}

/** The driver in effect is MySQL Connector/J (the only driver that honours the `/* ping *\/` marker). */
export function isConnectorJ(ds: Datasource): boolean {
  if (ds.url && !ds.url.templated && ds.url.subprotocol && ds.url.subprotocol !== 'mysql') return false;
  const d = (ds.driverClass ?? '').trim();
  if (d === 'com.mysql.cj.jdbc.Driver' || d === 'com.mysql.jdbc.Driver') return true;
  const dsc = settingEntry(ds, 'dataSourceClassName');
  return !!dsc && /^com\.mysql\./.test(dsc.value.trim());
}

/**
 * The datasource is meant to be read-only (an Aurora reader endpoint, or defaultReadOnly=true): a role-aware
 * validation query would reject every connection there, so it must never be offered.
 */
export function intendedReadOnly(ds: Datasource): boolean {
  if (ds.url?.hosts.some((h) => !h.templated && classifyHost(h.host).kind === 'cluster-ro')) return true;
  return effectiveBool(ds, 'defaultReadOnly').b === true;
}

// ---------------------------------------------------------------------------------------------------
// Targets and cluster facts

/**
 * Same decision as the engine's isAuroraTarget (lint.ts); repeated here because importing lint.ts from a rule
 * would make a module cycle (lint → rules → lint).
 */
export function targetsAurora(ds: Datasource, options: ResolvedOptions): boolean {
  if (options.target === 'mysql') return false;
  if (options.target === 'aurora-serverless-v2' || options.target === 'aurora-provisioned') return true;
  return !!ds.url?.hosts.some((h) => !h.templated && isRdsHost(h.host));
}

/** Auto-pause is on: declared, or implied by min ACU 0 (how Serverless v2 enables it); never for provisioned. */
export function autoPauseEnabled(options: ResolvedOptions): boolean {
  if (options.target === 'aurora-provisioned' || options.target === 'mysql') return false;
  if (options.cluster.autoPause !== undefined) return options.cluster.autoPause;
  return options.cluster.minAcu === 0;
}

// ---------------------------------------------------------------------------------------------------
// Wording

/** "<configuration>", "<properties>" or "[database.apim_db.pool_options]": where the key would have to be written. */
export function whereSettingsLive(ds: Datasource): string {
  if (ds.format === 'carbon-xml') return '<configuration>';
  if (ds.format === 'generic-xml') return '<properties>';
  const m = /^database\.(.+)$/.exec(ds.id);
  if (m) return `[database.${m[1]}.pool_options]`;
  return `the pool_options of ${ds.name ? `[[datasource]] "${ds.name}"` : 'this [[datasource]]'}`;
}

/**
 * Where a value in effect comes from, for messages: '' when the file sets it (the finding sits on it),
 * else e.g. "(WSO2 deployment.toml default)" or "(Tomcat default: not set in <configuration>)".
 */
export function originNote(ds: Datasource, eff: EffectiveValue, apimVersion: string | null = null, name = ''): string {
  if (eff.source === 'file') return '';
  if (eff.source === 'wso2-default') {
    if (eff.origin.includes('deployment.toml')) return '(WSO2 deployment.toml default)';
    return `(WSO2 Carbon default: not set in ${whereSettingsLive(ds)})`;
  }
  const old = name === 'validationInterval' && apimVersion && /^2\.[01](\.|$)/.test(apimVersion);
  return `(${old ? 'Tomcat 7.0.34 default in APIM 2.0/2.1' : 'Tomcat default'}: not set in ${whereSettingsLive(ds)})`;
}

/** Display name of a datasource in messages. */
export function dsLabel(ds: Datasource): string {
  return ds.name ?? ds.id;
}

/** Quote a query for a message. */
export function q(query: string): string {
  return `\`${query}\``;
}

// ---------------------------------------------------------------------------------------------------
// Spans

/** Where a finding about a setting goes: its value in the file, else the datasource header. */
export function settingSpan(ds: Datasource, eff: EffectiveValue): { span: { start: number; end: number }; fromDefault: boolean } {
  if (eff.entry) return { span: entrySpan(eff.entry), fromDefault: false };
  return { span: ds.headerSpan, fromDefault: true };
}

/** The value span of an entry, or the whole entry when the value is empty. */
export function entrySpan(e: LocatedEntry): { start: number; end: number } {
  return e.valueSpan.end > e.valueSpan.start ? e.valueSpan : e.entrySpan;
}

// ---------------------------------------------------------------------------------------------------
// Edits

/** Edits that set a pool setting: replace the entry in effect (keeps its key spelling and quoting), else insert it. */
export function setPoolValue(ds: Datasource, name: string, value: string): TextEdit[] {
  const entry = settingEntry(ds, name);
  return entry ? ds.edit.replaceValue(entry, value) : ds.edit.setSetting(name, value);
}

/** Edits that set the validation query in effect (the last one written wins, so that is the one replaced). */
export function setValidationQuery(ds: Datasource, value: string): TextEdit[] {
  return ds.validationQuery ? ds.edit.replaceValue(ds.validationQuery, value) : ds.edit.setSetting('validationQuery', value);
}

export type EditStep = (ds: Datasource) => TextEdit[] | null;

function reparse(doc: ConfigDocument, text: string): ConfigDocument {
  const base = doc.format === 'deployment-toml' ? 'deployment.toml' : 'master-datasources.xml';
  const t = doc.templates;
  const ext = t.includes('gsp') ? '.gsp' : t.includes('erb') ? '.erb' : t.includes('jinja') ? '.j2' : '';
  return parseDocument(base + ext, text);
}

/**
 * One fix made of several steps (e.g. set validationInterval AND validationQuery). Each step is computed
 * against the text the previous steps produced (so two keys that both need a new pool_options table don't
 * create it twice), and the result is expressed as edits against the original text. Returns null when a
 * step can't be built.
 */
export function multiStepFix(ctx: RuleContext, ds: Datasource, title: string, steps: EditStep[], preferred = false): Fix | null {
  const text0 = ctx.doc.text;
  const opt = preferred ? { preferred } : {};
  // When every step's edits, computed against the original text, touch separate places, they are the fix.
  const independent = steps.map((st) => st(ds));
  if (independent.every((e) => e && e.length > 0)) {
    const all = independent.flat() as TextEdit[];
    const sorted = [...all].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
    let apart = true;
    for (let i = 1; i < sorted.length; i++) if (sorted[i].span.start <= sorted[i - 1].span.end) apart = false;
    if (apart) return { title, edits: all, ...opt };
  }
  let text = text0;
  let cur: Datasource | undefined = ds;
  let firstEdits: TextEdit[] | null = null;
  for (let i = 0; i < steps.length; i++) {
    if (!cur) return null;
    const edits = steps[i](cur);
    if (!edits || edits.length === 0) return null;
    if (i === 0) firstEdits = edits;
    text = applyEdits(text, edits);
    if (i < steps.length - 1) {
      const doc = reparse(ctx.doc, text);
      if (doc.parseError) return null;
      cur = doc.datasources.find((d) => d.id === ds.id);
    }
  }
  if (steps.length === 1) return { title, edits: firstEdits!, ...(preferred ? { preferred } : {}) };
  if (text === text0) return null;
  // Express the net change as one replacement of the differing region, widened to whole lines so the
  // edit reads naturally (the widened parts are identical in both texts).
  let p = 0;
  const max = Math.min(text0.length, text.length);
  while (p < max && text0.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (s < max - p && text0.charCodeAt(text0.length - 1 - s) === text.charCodeAt(text.length - 1 - s)) s++;
  while (p > 0 && text0[p - 1] !== '\n' && text0[p - 1] !== '\r') p--;
  while (s > 0 && text0[text0.length - s] !== '\n' && text0[text0.length - s] !== '\r') s--;
  const edit: TextEdit = { span: { start: p, end: text0.length - s }, newText: text.slice(p, text.length - s) };
  return { title, edits: [edit], ...(preferred ? { preferred } : {}) };
}

/** A single-step fix (null when the editor can't build it). */
export function simpleFix(title: string, edits: TextEdit[] | null, preferred = false): Fix | null {
  if (!edits || edits.length === 0) return null;
  return { title, edits, ...(preferred ? { preferred } : {}) };
}

export function compact<T>(xs: (T | null | undefined)[]): T[] {
  return xs.filter((x): x is T => x !== null && x !== undefined);
}

// ---------------------------------------------------------------------------------------------------
// Driver properties

export interface EffectiveDriverProp {
  prop: DriverProp;
  n: number;
}

/**
 * Every occurrence of a driver property (e.g. connectTimeout) that can be the one in effect. Tomcat hands
 * <connectionProperties> to the driver as a Properties object, which Carbon REPLACES with <databaseProps> when
 * those are present (rule-research §0.1). Whether that object or the URL wins depends on the driver:
 * Connector/J 8 lets the Properties override the URL (ConnectionUrl.collectProperties), 5.1 lets the URL
 * override them. So both the URL's and the Properties' occurrence count (the last of each).
 */
export function driverPropCandidates(ds: Datasource, name: string): EffectiveDriverProp[] {
  const lower = name.toLowerCase();
  const props = ds.driverProps.filter((p) => p.name.toLowerCase() === lower);
  const hasDbProps = ds.driverProps.some((p) => p.source === 'databaseProps') || ds.settings.some((x) => x.key === 'databaseProps');
  const sources: DriverProp['source'][] = hasDbProps ? ['url', 'databaseProps'] : ['url', 'connectionProperties'];
  const out: EffectiveDriverProp[] = [];
  for (const src of sources) {
    const found = props.filter((p) => p.source === src);
    if (found.length) {
      const prop = found[found.length - 1];
      out.push({ prop, n: /^\s*-?\d+\s*$/.test(prop.value) ? Number(prop.value) : NaN });
    }
  }
  return out;
}

/**
 * Edits that set a driver property where it is written: the URL parameter, the piece of the
 * <connectionProperties> value (rewritten through the editor, so quoting and escaping stay right), or the
 * <databaseProps> <property> element.
 */
export function setDriverProp(ds: Datasource, prop: DriverProp, value: string): TextEdit[] | null {
  if (prop.source === 'url') return ds.edit.setUrlParam(prop.name, value);
  if (prop.source === 'connectionProperties') {
    const cp = settingEntry(ds, 'connectionProperties');
    if (!cp || cp.templated) return null;
    const lower = prop.name.toLowerCase();
    const pieces = cp.value.split(';');
    let idx = -1;
    pieces.forEach((piece, i) => {
      const eq = piece.indexOf('=');
      if ((eq < 0 ? piece : piece.slice(0, eq)).trim().toLowerCase() === lower) idx = i;
    });
    if (idx < 0) return null;
    const piece = pieces[idx];
    const eq = piece.indexOf('=');
    const lead = piece.slice(0, piece.length - piece.trimStart().length);
    const trail = piece.slice(piece.trimEnd().length);
    pieces[idx] = `${lead}${(eq < 0 ? piece : piece.slice(0, eq)).trim()}=${value}${trail}`;
    return ds.edit.replaceValue(cp, pieces.join(';'));
  }
  // <databaseProps><property name="k">v</property>: the property element as a located entry
  if (ds.format === 'deployment-toml') return null;
  const entry: LocatedEntry = {
    key: prop.name, value: prop.value, keySpan: prop.span, valueSpan: prop.valueSpan, entrySpan: prop.span, style: 'xml-text', templated: false,
  };
  return ds.edit.replaceValue(entry, value);
}

/** "in the JDBC URL" / "in connectionProperties" / "in <databaseProps>". */
export function whereDriverProp(prop: DriverProp): string {
  return prop.source === 'url' ? 'in the JDBC URL' : prop.source === 'connectionProperties' ? 'in connectionProperties' : 'in <databaseProps>';
}

export { effectiveBool, effectiveNumber, effectiveSetting, settingEntry };


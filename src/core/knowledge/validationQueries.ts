// Validation queries: the ones the catalogue recommends, and how a validation query is classified by what
// the Tomcat pool does with it (it ignores results; only an exception fails validation). Used by the rules,
// the forecast, the probe and the docs.
import type { Datasource, LocatedEntry } from '../model/types';
import { effectiveValidationQuery, settingEntry } from './wso2/defaults';

/**
 * The validation query measured to recover a failover (pool-ground-truth.md): it RAISES on a read-only instance
 * (error 1242 "Subquery returns more than 1 row"), so Tomcat, which only looks at whether `Statement.execute` throws,
 * discards a connection to a reader or a demoted writer. Both variables: a MySQL/MariaDB primary demoted with
 * `SET GLOBAL read_only=1` keeps `@@innodb_read_only = 0`, an Aurora reader reports `@@innodb_read_only = 1`.
 * Checked on MariaDB 10.11 (test/probe): returns 1 on the writer, raises 1242 with read_only=1. Whether Aurora MySQL
 * evaluates it the same way is NOT verified here: the probe's validation-query lab settles it for a real endpoint.
 */
export const ROLE_AWARE_VALIDATION_QUERY = 'SELECT IF(@@read_only OR @@innodb_read_only, (SELECT 1 UNION ALL SELECT 2), 1)';

/** Connector/J turns a statement that starts exactly with this marker into a protocol COM_PING. */
export const PING_VALIDATION_QUERY = '/* ping */ SELECT 1';

/** The seed article's suggestion: liveness-only, exactly like SELECT 1 (Tomcat ignores the result). */
export const SEED_VALIDATION_QUERY = 'SELECT connection_id()';


export type ValidationQueryKind =
  | 'role-aware' // provably raises when @@read_only or @@innodb_read_only is 1, passes on the writer
  | 'role-aware-innodb' // raises only when @@innodb_read_only = 1 (an Aurora reader), not on a MySQL primary demoted with read_only
  | 'role-aware-read-only' // raises only when @@read_only = 1 (a demoted MySQL/MariaDB primary), not on an Aurora reader
  | 'writes' // a write statement: raises 1290 on a read-only instance (role-aware, but writes on every validation)
  | 'select-1' // SELECT 1 and spellings of it
  | 'connection-id' // the seed article's SELECT connection_id()
  | 'ping' // /* ping */ SELECT 1 (Connector/J COM_PING)
  | 'read-only-select' // SELECT @@innodb_read_only: returns the role but does not raise
  | 'other-select' // any other plain SELECT / SHOW / DO: succeeds on a reader
  | 'none' // no query: Tomcat >= 7.0.74 validates with Connection.isValid()
  | 'unknown' // something else: can't prove from the text whether it raises on a read-only instance
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
    if (/^select @@(global\.)?(innodb_)?read_only( as \w+)?$/.test(q)) return 'read-only-select';
    return roleAwareKind(q);
  }
  if (/^select 1( from dual)?$/.test(q) || /^select '1'$/.test(q) || /^select 1 as \w+$/.test(q)) return 'select-1';
  if (/^select connection_id\(\)( as \w+)?$/.test(q)) return 'connection-id';
  if (/^(select|show|do)\b/.test(q) && !/\binto\b/.test(q) && !/;/.test(q)) return 'other-select';
  return 'unknown';
}

/** What a demoted writer looks like: the variables set on it (see ROLE_AWARE_VALIDATION_QUERY). */
export type ReadOnlyEngine = 'aurora' | 'mysql';

/**
 * Does `kind` raise on a read-only instance of `engine`? true / false where the text proves it, null where it can't
 * be known from the text (unknown, templated): the probe's validation-query lab settles those.
 */
export function raisesOnReadOnly(kind: ValidationQueryKind, engine: ReadOnlyEngine): boolean | null {
  switch (kind) {
    case 'role-aware':
    case 'writes':
      return true;
    case 'role-aware-innodb':
      return engine === 'aurora';
    case 'role-aware-read-only':
      return engine === 'mysql';
    case 'unknown':
    case 'templated':
      return null;
    default:
      return false;
  }
}

// --- proving a role-aware query from its text -------------------------------------------------------------------
// Only two shapes are proven: SELECT IF(<cond>, <a>, <b>) and SELECT CASE WHEN <cond> THEN <a> ELSE <b> END, where
// <cond> is @@read_only / @@innodb_read_only (optionally @@global., `= 1`, `<> 0`) joined by OR / AND, and the branch
// taken on a read-only instance is a subquery that returns more than one row (UNION ALL of two or more SELECTs of
// constants, or UNION of distinct constants); the other branch must be a constant. Anything else is 'unknown'.

const VAR = /^@@(?:global\.)?(innodb_read_only|read_only)(?:\s*(=|<>|!=)\s*([01]))?$/;

/** Evaluate the condition for one state, or null when it is not a condition we can read. */
function evalCond(cond: string, state: { read_only: number; innodb_read_only: number }): boolean | null {
  const ors = cond.split(/\s+or\s+|\s*\|\|\s*/);
  let any = false;
  for (const or of ors) {
    let all = true;
    for (const term of or.split(/\s+and\s+|\s*&&\s*/)) {
      const m = VAR.exec(term.trim().replace(/^\((.*)\)$/, '$1').trim());
      if (!m) return null;
      const v = state[m[1] as 'read_only' | 'innodb_read_only'];
      const lit = m[3] === undefined ? null : Number(m[3]);
      const val = m[2] === undefined ? v !== 0 : m[2] === '=' ? v === lit : v !== lit;
      all = all && val;
    }
    any = any || all;
  }
  return any;
}

const CONST = /^(?:-?\d+(?:\.\d+)?|'[^']*')$/;

/** 'raises' for a subquery that provably returns 2+ rows, 'passes' for a constant or a one-row subquery of a constant. */
function branchOutcome(expr: string): 'raises' | 'passes' | null {
  const e = expr.trim();
  if (CONST.test(e) || e === 'null') return 'passes';
  const sub = /^\(\s*(select\b[\s\S]*)\)$/.exec(e);
  if (!sub) return null;
  const all = sub[1].split(/\s+union\s+all\s+/);
  const parts = all.length > 1 ? all : sub[1].split(/\s+union\s+/);
  const consts: string[] = [];
  for (const p of parts) {
    const m = /^select\s+(-?\d+(?:\.\d+)?|'[^']*')(?:\s+from\s+dual)?$/.exec(p.trim());
    if (!m) return null;
    consts.push(m[1]);
  }
  const rows = all.length > 1 ? consts.length : new Set(consts).size;
  return rows > 1 ? 'raises' : 'passes';
}

/** Split `a, b, c` at top-level commas (parentheses and quotes respected). */
function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'") quote = !quote;
    else if (quote) continue;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out.map((x) => x.trim());
}

/** `q` is normalised (lower case, single spaces, no comments or trailing semicolon) and mentions read_only. */
function roleAwareKind(q: string): ValidationQueryKind {
  let cond: string;
  let then: string;
  let other: string;
  const body = q.replace(/\s+from\s+dual$/, '').replace(/\s+as\s+\w+$/, '');
  const iff = /^select if\s*\(([\s\S]*)\)$/.exec(body);
  const cas = /^select case when ([\s\S]+?) then ([\s\S]+) else ([\s\S]+) end$/.exec(body);
  if (iff) {
    const args = splitArgs(iff[1]);
    if (args.length !== 3) return 'unknown';
    [cond, then, other] = args;
  } else if (cas) {
    [, cond, then, other] = cas;
  } else return 'unknown';
  const outcome = (state: { read_only: number; innodb_read_only: number }): 'raises' | 'passes' | null => {
    const c = evalCond(cond, state);
    return c === null ? null : branchOutcome(c ? then : other);
  };
  const writer = outcome({ read_only: 0, innodb_read_only: 0 });
  const mysql = outcome({ read_only: 1, innodb_read_only: 0 });
  const aurora = outcome({ read_only: 0, innodb_read_only: 1 });
  if (writer !== 'passes' || mysql === null || aurora === null) return 'unknown';
  if (mysql === 'raises' && aurora === 'raises') return 'role-aware';
  if (aurora === 'raises') return 'role-aware-innodb';
  if (mysql === 'raises') return 'role-aware-read-only';
  return 'other-select'; // reads the role but never raises: liveness-only
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

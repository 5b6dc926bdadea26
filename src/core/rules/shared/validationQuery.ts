// Validation queries: the ones the catalogue recommends, and how a validation query is classified by what
// the Tomcat pool does with it (it ignores results; only an exception fails validation). Reused by the
// probe and the docs.
import type { Datasource, LocatedEntry } from '../../model/types';
import { effectiveValidationQuery, settingEntry } from '../../wso2/defaults';

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

// Whether a datasource writes: decides which endpoint and validation advice is safe for it.
import type { Datasource } from '../../model/types';
import { classifyHost } from '../../knowledge/aurora/endpoints';
import { effectiveBool } from '../../knowledge/wso2/defaults';

/** defaultReadOnly is true in effect. */
function declaredReadOnly(ds: Datasource): boolean {
  return effectiveBool(ds, 'defaultReadOnly').b === true;
}

/** Does this datasource write? Every APIM datasource does, unless defaultReadOnly is true. */
export function isWritable(ds: Datasource): boolean {
  return !declaredReadOnly(ds);
}

/**
 * The datasource is meant to be read-only (an Aurora reader endpoint, or defaultReadOnly=true): a role-aware
 * validation query would reject every connection there, so it must never be offered.
 */
export function intendedReadOnly(ds: Datasource): boolean {
  if (ds.url?.hosts.some((h) => !h.templated && classifyHost(h.host).kind === 'cluster-ro')) return true;
  return declaredReadOnly(ds);
}

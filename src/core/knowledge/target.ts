// What the datasources point at: Aurora or not, and whether the Serverless v2 cluster auto-pauses.
// The engine (lint.ts) uses isAuroraTarget for rules marked auroraOnly; rules use the same functions,
// so "is this Aurora" is decided in one place.
import type { Datasource } from '../model/types';
import type { ResolvedOptions } from '../config/options';
import { isRdsHost } from './aurora/endpoints';

/** The project says the target is Aurora (not merely an RDS-looking host). */
export function auroraConfirmed(options: ResolvedOptions): boolean {
  return options.target === 'aurora-serverless-v2' || options.target === 'aurora-provisioned';
}

/** Aurora rules apply: the project says the target is Aurora, or (target auto) the datasource's host is an RDS/Aurora endpoint. */
export function isAuroraTarget(ds: Datasource, options: ResolvedOptions): boolean {
  if (options.target === 'mysql') return false;
  return auroraConfirmed(options) || !!ds.url?.hosts.some((h) => !h.templated && isRdsHost(h.host));
}

/**
 * The Serverless v2 cluster auto-pauses: declared (cluster.autoPause), or implied by a minimum capacity of
 * 0 ACU (that is how Serverless v2 enables it); never for a provisioned or plain MySQL target.
 */
export function autoPauseEnabled(options: ResolvedOptions): boolean {
  if (options.target === 'aurora-provisioned' || options.target === 'mysql') return false;
  if (options.cluster.autoPause !== undefined) return options.cluster.autoPause;
  return options.cluster.minAcu === 0;
}

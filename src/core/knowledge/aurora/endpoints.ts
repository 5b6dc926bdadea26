// Classify RDS/Aurora endpoint host names (pattern of the AWS JDBC wrapper's RdsUtils; China regions too).
export type EndpointKind =
  | 'cluster' // writer endpoint: <cluster>.cluster-<id>.<region>.rds.amazonaws.com
  | 'cluster-ro' // reader endpoint
  | 'cluster-custom'
  | 'proxy' // RDS Proxy
  | 'instance' // <instance>.<id>.<region>.rds.amazonaws.com (Aurora instance or single RDS instance)
  | 'global' // Global Database writer endpoint
  | 'shardgrp'
  | 'ip' // an IP literal
  | 'localhost'
  | 'other'; // any other host name (service name, CNAME, placeholder)

export interface EndpointInfo {
  kind: EndpointKind;
  /** First label (cluster/instance/proxy name). */
  name: string | null;
  /** The cluster identifier label (`c1a2b3c4d5e6`). */
  id: string | null;
  region: string | null;
  /** Everything after the `cluster-`/`proxy-` label or the instance name: `<id>.<region>.rds.amazonaws.com`. */
  domain: string | null;
}

const RDS = /^(?<name>[^.]+)\.(?<dns>proxy-|cluster-ro-|cluster-custom-|cluster-|shardgrp-)?(?<domain>(?<id>[a-zA-Z0-9]+)\.(?<region>[a-zA-Z0-9-]+)\.(?:rds|rds-fips)\.amazonaws\.(?:com|au|eu|uk)\.?)$/i;
const RDS_CN = /^(?<name>[^.]+)\.(?<dns>proxy-|cluster-ro-|cluster-custom-|cluster-|shardgrp-)?(?<domain>(?<id>[a-zA-Z0-9]+)\.rds\.(?<region>[a-zA-Z0-9-]+)\.amazonaws\.com\.cn\.?)$/i;
const RDS_CN_OLD = /^(?<name>[^.]+)\.(?<dns>proxy-|cluster-ro-|cluster-custom-|cluster-|shardgrp-)?(?<domain>(?<id>[a-zA-Z0-9]+)\.(?<region>[a-zA-Z0-9-]+)\.rds\.amazonaws\.com\.cn\.?)$/i;
const GLOBAL = /^(?<name>[^.]+)\.global-(?<id>[a-zA-Z0-9]+)\.global\.rds\.amazonaws\.com\.?$/i;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** classifyHost is pure and every rule × datasource asks it about the same few hosts: remember the answers (bounded). */
const CLASSIFIED = new Map<string, Readonly<EndpointInfo>>();
const CLASSIFIED_MAX = 4096;

export function classifyHost(host: string): Readonly<EndpointInfo> {
  let info = CLASSIFIED.get(host);
  if (info === undefined) {
    if (CLASSIFIED.size >= CLASSIFIED_MAX) CLASSIFIED.clear();
    info = Object.freeze(classify(host));
    CLASSIFIED.set(host, info);
  }
  return info;
}

function classify(host: string): EndpointInfo {
  const h = host.trim();
  const none = { name: null, id: null, region: null, domain: null };
  if (IPV4.test(h) || h.includes(':')) return { kind: 'ip', ...none };
  if (/^localhost$/i.test(h)) return { kind: 'localhost', ...none };
  const g = GLOBAL.exec(h);
  if (g?.groups) return { kind: 'global', name: g.groups.name, id: g.groups.id, region: null, domain: null };
  const m = RDS.exec(h) ?? RDS_CN.exec(h) ?? RDS_CN_OLD.exec(h);
  if (m?.groups) {
    const dns = (m.groups.dns ?? '').toLowerCase();
    const kind: EndpointKind =
      dns === 'cluster-' ? 'cluster' : dns === 'cluster-ro-' ? 'cluster-ro' : dns === 'cluster-custom-' ? 'cluster-custom'
        : dns === 'proxy-' ? 'proxy' : dns === 'shardgrp-' ? 'shardgrp' : 'instance';
    return { kind, name: m.groups.name, id: m.groups.id, region: m.groups.region, domain: m.groups.domain };
  }
  return { kind: 'other', ...none };
}

/** Is this host an RDS/Aurora endpoint of any kind? */
const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** Is this an AWS region name like eu-west-1 (what an IAM token is signed for)? */
export function isAwsRegion(region: string): boolean {
  return AWS_REGION.test(region);
}

export function isRdsHost(host: string): boolean {
  const k = classifyHost(host).kind;
  return k !== 'ip' && k !== 'localhost' && k !== 'other';
}

/** The writer (cluster) endpoint for a reader endpoint: `x.cluster-ro-id…` → `x.cluster-id…`. */
export function writerEndpointFor(host: string): string | null {
  const i = classifyHost(host);
  if (i.kind !== 'cluster-ro' || !i.name || !i.domain) return null;
  return `${i.name}.cluster-${i.domain}`;
}

/** The reader endpoint for a cluster endpoint (used by the probe). */
export function readerEndpointFor(host: string): string | null {
  const i = classifyHost(host);
  if (i.kind !== 'cluster' || !i.name || !i.domain) return null;
  return `${i.name}.cluster-ro-${i.domain}`;
}

// The JVM DNS cache TTL in effect for a deployment, from the files that start its JVM (java.security, start
// scripts, Dockerfiles, Helm values with JAVA_OPTS …), for consumers such as the failover forecast.
//
// How the JDK decides (sun.net.InetAddressCachePolicy): the SECURITY property `networkaddress.cache.ttl`
// (java.security, or a file appended to it) wins; else the SYSTEM property `sun.net.inetaddr.ttl`
// (`-Dsun.net.inetaddr.ttl=N`); else 30 s when no security manager is installed (WSO2 installs none).
// `-Dnetworkaddress.cache.ttl=N` is never read. A negative value caches forever.
import type { JvmDnsSetting, Span } from '../../model/types';
import { parseDocument } from '../index';
import { JDK_DEFAULT_DNS_TTL_S } from '../../knowledge/timings';

export interface JvmFileText {
  /** Path or name of the file (decides how it is read: `java.security`, `*.sh`, `Dockerfile`, `*.yaml` …). */
  fileName: string;
  text: string;
}

export interface DnsTtlSetting {
  fileName: string;
  kind: JvmDnsSetting['kind'];
  /** The value as written. */
  value: string;
  span: Span;
}

export interface DnsTtlInEffect {
  /** Seconds a resolved address is cached, as the JDK reads it and as `forecast.dnsTtl` takes it: -1 = forever. */
  seconds: number;
  /** A negative setting: cached forever. */
  forever: boolean;
  /** What decides it: the security property, the system property fallback, or the JDK default. */
  source: 'security-property' | 'system-property' | 'default';
  /** The setting in effect (null for the default). */
  setting: DnsTtlSetting | null;
  /** Files disagree on the property in effect: `seconds` is the longest of them (the worst case for a failover). */
  conflicting: boolean;
  /** Settings the JDK ignores (`-Dnetworkaddress.cache.ttl=N`). */
  ignored: DnsTtlSetting[];
}

function secondsOf(value: string): number | null {
  if (!/^\s*-?\d+\s*$/.test(value)) return null;
  const n = Number(value);
  return n < 0 ? Infinity : n;
}

/**
 * The DNS cache TTL in effect for the JVM the given files configure (a workspace or folder's JVM files, as found by
 * the CLI's folder scan or the editor's workspace lint). Files that set nothing are fine to pass; values that are
 * not integers (templated, `$env{…}`) are skipped.
 */
export function jvmDnsTtlSeconds(files: readonly JvmFileText[]): DnsTtlInEffect {
  const security: DnsTtlSetting[] = [];
  const system: DnsTtlSetting[] = [];
  const ignored: DnsTtlSetting[] = [];
  for (const f of files) {
    let settings: JvmDnsSetting[];
    try {
      settings = parseDocument(f.fileName, f.text).jvmDns;
    } catch {
      continue;
    }
    for (const s of settings) {
      const item: DnsTtlSetting = { fileName: f.fileName, kind: s.kind, value: s.value, span: { ...s.span } };
      if (s.kind === 'ignored-system-property') ignored.push(item);
      else if (secondsOf(s.value) !== null) (s.kind === 'security-property' ? security : system).push(item);
    }
  }
  const pick = (list: DnsTtlSetting[], source: DnsTtlInEffect['source']): DnsTtlInEffect => {
    let worst = list[0];
    for (const s of list) if (secondsOf(s.value)! > secondsOf(worst.value)!) worst = s;
    const conflicting = new Set(list.map((s) => secondsOf(s.value))).size > 1;
    const worstS = secondsOf(worst.value)!;
    return { seconds: worstS === Infinity ? -1 : worstS, forever: worstS === Infinity, source, setting: worst, conflicting, ignored };
  };
  if (security.length) return pick(security, 'security-property');
  if (system.length) return pick(system, 'system-property');
  return { seconds: JDK_DEFAULT_DNS_TTL_S, forever: false, source: 'default', setting: null, conflicting: false, ignored };
}

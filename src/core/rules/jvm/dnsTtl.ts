// jvm/dns-ttl — the JVM's own DNS cache must not outlive the 5 s TTL of Aurora endpoint records, or
// new pool connections keep resolving the cluster endpoint to the demoted writer after a failover.
// The JDK reads `networkaddress.cache.ttl` only as a SECURITY property (java.security) and falls back
// to the SYSTEM property `sun.net.inetaddr.ttl`; `-Dnetworkaddress.cache.ttl=N` is never read.
// Without either, the cache lasts 30 s when no security manager is installed (WSO2 installs none).
import type { Fix } from '../types';
import { defineRule } from '../define';
import type { JvmDnsSetting } from '../../model/types';
import { eol, lineStartAt, removeSpanWithLine } from '../shared/edits';

const SAFE = 5;

function ttlWords(n: number): string {
  return n < 0 ? 'forever' : `for ${n} s`;
}

function where(s: JvmDnsSetting): string {
  return s.kind === 'security-property' ? `${s.name}=${s.value} (the java.security property)` : `-D${s.name}=${s.value}`;
}

export const dnsTtlRule = defineRule({
  meta: {
    id: 'jvm/dns-ttl',
    title: 'JVM DNS cache longer than the 5 s Aurora endpoint TTL, or set through a property the JDK ignores',
    defaultSeverity: 'warning',
    tags: ['jvm', 'aurora'],
    formats: ['jvm-options', 'carbon-xml', 'generic-xml', 'deployment-toml'],
    mysqlOnly: true,
    auroraOnly: true,
    fixable: true,
    rationale:
      'Aurora endpoint records have a 5 s TTL; a JVM that caches DNS longer (30 s by default) keeps sending new connections to the demoted writer after a failover, where SELECT 1 passes and writes fail.',
  },
  check(ctx) {
    const doc = ctx.doc;
    if (doc.format !== 'jvm-options' && doc.jvmDns.length === 0) {
      // A datasource file says nothing about the JVM: one short, honest hint per file, on the first Aurora datasource.
      const ds = ctx.datasources[0];
      if (!ds) return;
      ctx.report({
        datasource: ds,
        span: ds.headerSpan,
        fromDefault: true,
        severity: 'info',
        message:
          'Aurora endpoints have a 5 s DNS TTL, but a JVM caches DNS for 30 s by default (without a security manager), which can send new ' +
          "connections to the old writer after a failover. This file can't show the JVM's setting: set networkaddress.cache.ttl=5 in " +
          'java.security and lint that file or the start script to check.',
      });
      return;
    }
    const judgeTtl = ctx.options.target !== 'mysql';
    const sysProp = doc.jvmDns.find((s) => s.kind === 'system-property');
    for (const s of doc.jvmDns) {
      const n = /^-?\d+$/.test(s.value) ? Number(s.value) : NaN;
      if (s.kind === 'ignored-system-property') {
        const keep = Number.isNaN(n) || (n >= 0 && n <= SAFE);
        const v = keep ? s.value : String(SAFE);
        const fixes: Fix[] = [];
        if (sysProp) {
          // Take out the dead flag, with the blank before it when it is not alone on its line.
          const t = doc.text;
          let start = s.span.start;
          while (start > 0 && (t[start - 1] === ' ' || t[start - 1] === '\t')) start--;
          const lineStart = lineStartAt(t, s.span.start);
          const edit = start === lineStart ? removeSpanWithLine(doc, s.span) : { span: { start, end: s.span.end }, newText: '' };
          fixes.push({
            title: `Remove -D${s.name}=${s.value} (ignored; -D${sysProp.name}=${sysProp.value} is already set)`,
            edits: [edit],
            preferred: true,
          });
        } else {
          fixes.push({
            title: `Replace -D${s.name}=${s.value} with -Dsun.net.inetaddr.ttl=${v}`,
            edits: [{ span: s.span, newText: `-Dsun.net.inetaddr.ttl=${v}` }],
            preferred: true,
          });
        }
        ctx.report({
          span: s.span,
          message:
            `-D${s.name}=${s.value} is ignored: the JDK reads ${s.name} only as a security property (java.security), and as a system property ` +
            `it reads only sun.net.inetaddr.ttl. Unless java.security sets it, this JVM keeps its default DNS cache of 30 s (no security manager), ` +
            `while Aurora endpoints have a 5 s TTL. Use -Dsun.net.inetaddr.ttl=${v}, or better networkaddress.cache.ttl=${SAFE} in java.security ` +
            `(or in a file passed with -Djava.security.properties=…).`,
          fixes,
        });
        continue;
      }
      if (!judgeTtl || Number.isNaN(n) || (n >= 0 && n <= SAFE)) continue;
      const fallback = s.kind === 'system-property' ? ' (read only when java.security does not set networkaddress.cache.ttl)' : '';
      ctx.report({
        span: s.span,
        message:
          `${where(s)}${fallback} makes the JVM cache DNS answers ${ttlWords(n)}, while Aurora endpoint records have a 5 s TTL that ` +
          `clients should not extend. After a failover new pool connections keep resolving the cluster endpoint to the demoted writer, ` +
          `where a liveness check such as SELECT 1 still passes and writes fail with ERROR 1290. Set it to ${SAFE}.`,
        fixes: [{ title: `Set ${s.name} to ${SAFE}`, edits: [{ span: s.valueSpan, newText: String(SAFE) }], preferred: true }],
      });
    }
    // java.security that leaves the TTL at its default
    if (!judgeTtl || doc.jvmDns.some((s) => s.kind === 'security-property')) return;
    if (!/^security\.provider\.\d+\s*=/m.test(doc.text) && !/^#\s*networkaddress\.cache\.ttl\s*=/m.test(doc.text)) return;
    const commented = /^#\s*networkaddress\.cache\.ttl\s*=[^\r\n]*/m.exec(doc.text);
    const nl = eol(doc);
    let edit;
    let span;
    if (commented) {
      const end = commented.index + commented[0].length;
      span = { start: commented.index, end };
      edit = { span: { start: end, end }, newText: `${nl}networkaddress.cache.ttl=${SAFE}` };
    } else {
      span = doc.fileSpan;
      const t = doc.text;
      edit = {
        span: { start: t.length, end: t.length },
        newText: `${t.length && !/[\r\n]$/.test(t) ? nl : ''}networkaddress.cache.ttl=${SAFE}${nl}`,
      };
    }
    ctx.report({
      span,
      fromDefault: true,
      severity: 'info',
      message:
        `This java.security does not set networkaddress.cache.ttl, so unless -Dsun.net.inetaddr.ttl or a -Djava.security.properties override ` +
        `sets it, the JVM caches DNS answers for 30 s (the default without a security manager), longer than the 5 s TTL of Aurora endpoints. ` +
        `Set networkaddress.cache.ttl=${SAFE}.`,
      fixes: [{ title: `Add networkaddress.cache.ttl=${SAFE}`, edits: [edit], preferred: true }],
    });
  },
});

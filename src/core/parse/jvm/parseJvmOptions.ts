// Read the JVM DNS-cache settings out of the files that start APIM: java.security (security
// property `networkaddress.cache.ttl`), start scripts, Dockerfiles and similar command lines
// (`-Dsun.net.inetaddr.ttl=N`, the system-property fallback the JDK does read, and the trap
// `-Dnetworkaddress.cache.ttl=N`, which the JDK never reads as a system property).
//
// Commented-out lines (`#`, and `!` in java.security) are skipped. In scripts, a
// `networkaddress.cache.ttl=N` without `-D` (e.g. `echo "networkaddress.cache.ttl=5" >> …/java.security`)
// counts as a security property, since that is the file it ends up in.
import type { ConfigDocument, JvmDnsSetting } from '../../model/types';
import { detectTemplates } from '../../text/templates';

const SECURITY = 'networkaddress.cache.ttl';
const SYSTEM = 'sun.net.inetaddr.ttl';

/** Does this text look like a java.security properties file (rather than a script)? */
function isJavaSecurity(text: string, fileName: string): boolean {
  const base = fileName.replace(/\\/g, '/').split('/').pop()!.toLowerCase();
  if (base.startsWith('java.security')) return true;
  return /^security\.provider\.\d+\s*=/m.test(text) && !/^\s*(export|JAVA_OPTS|FROM|RUN|ENV)\b/m.test(text);
}

export function parseJvmOptions(text: string, fileName: string): ConfigDocument {
  const jvmDns: JvmDnsSetting[] = [];
  const props = isJavaSecurity(text, fileName);
  let lineStart = 0;
  const lineBreak = /\r\n|\r|\n/g; // LF, CRLF and CR-only files alike
  while (lineStart <= text.length) {
    lineBreak.lastIndex = lineStart;
    const br = lineBreak.exec(text);
    const lineEnd = br ? br.index : text.length;
    const nextLineStart = br ? br.index + br[0].length : text.length;
    const line = text.slice(lineStart, lineEnd);
    const trimmed = line.trimStart();
    const commented = trimmed.startsWith('#') || (props && trimmed.startsWith('!'));
    if (!commented && line.includes('.ttl')) {
      if (props) {
        // java.security: `key=value`, `key: value` or `key value`
        const m = /^(\s*)(networkaddress\.cache\.ttl)(\s*[=:]\s*|\s+)(\S*)\s*$/.exec(line);
        if (m) {
          const keyAt = lineStart + m[1].length;
          const valAt = keyAt + m[2].length + m[3].length;
          jvmDns.push({
            kind: 'security-property',
            name: SECURITY,
            value: m[4],
            span: { start: keyAt, end: valAt + m[4].length },
            valueSpan: { start: valAt, end: valAt + m[4].length },
          });
        }
      } else {
        const re = /(-D)?(networkaddress\.cache\.ttl|sun\.net\.inetaddr\.ttl)=([^\s"'`\\;|&)]*)/g;
        let m: RegExpExecArray | null;
        while ((m = re.exec(line))) {
          const dashD = !!m[1];
          const name = m[2];
          const before = line[m.index - 1];
          if (!dashD && before !== undefined && /[\w.-]/.test(before)) continue; // part of a longer name
          let value = m[3];
          // `sed s/…networkaddress.cache.ttl=5/` : stop the value at a slash
          const slash = value.indexOf('/');
          if (slash >= 0) value = value.slice(0, slash);
          const start = lineStart + m.index;
          const valAt = start + m[0].length - m[3].length;
          const span = { start, end: valAt + value.length };
          const valueSpan = { start: valAt, end: valAt + value.length };
          if (name === SECURITY) {
            if (dashD) jvmDns.push({ kind: 'ignored-system-property', name, value, span, valueSpan });
            else if (/^-?\d+$/.test(value)) jvmDns.push({ kind: 'security-property', name, value, span, valueSpan });
          } else if (dashD) {
            jvmDns.push({ kind: 'system-property', name: SYSTEM, value, span, valueSpan });
          }
        }
      }
    }
    if (!br) break;
    lineStart = nextLineStart;
  }
  const firstLineEnd = text.search(/[\r\n]/);
  return {
    format: 'jvm-options',
    text,
    templates: detectTemplates(text, fileName),
    datasources: [],
    parseError: null,
    jvmDns,
    fileSpan: { start: 0, end: firstLineEnd < 0 ? text.length : firstLineEnd },
  };
}

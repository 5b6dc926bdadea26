// The --dry-run diff shows lines of the user's file, and a datasource file holds the database password (a
// `password` key, a <password> element or property, a `password=` URL parameter). A diff goes to terminals and
// CI logs, so those values are masked in it; references (WSO2 `$secret{alias}`, `${VAR}`, templates) stay readable.
import { scrubSecrets } from '../core/probe/errors';

const KEY = '(?:password|passwd|pwd)';
const PATTERNS = [
  new RegExp(`^[ \\t]*["']?${KEY}["']?[ \\t]*=[ \\t]*"([^"\\r\\n]*)"`, 'gim'),
  new RegExp(`^[ \\t]*["']?${KEY}["']?[ \\t]*=[ \\t]*'([^'\\r\\n]*)'`, 'gim'),
  new RegExp(`<${KEY}>([^<]*)</${KEY}>`, 'gi'),
  new RegExp(`<property\\s+name\\s*=\\s*["']${KEY}["']\\s*>([^<]*)</property>`, 'gi'),
  new RegExp(`[?&;]${KEY}=([^&;"'<>\\s]*)`, 'gi'),
];
const REFERENCE = /^\s*(\$secret\{|\$\{|\{\{|\{%|<%|\$\{\{)/;

/** Password values written in a datasource file's text (not references to a secret store). */
export function secretValuesIn(text: string): string[] {
  const out = new Set<string>();
  for (const re of PATTERNS) {
    for (const m of text.matchAll(re)) {
      const v = m[1].trim();
      if (v && !REFERENCE.test(v)) {
        out.add(v);
        // &amp;-escaped XML and URL-encoded forms of the same value
        out.add(v.replace(/&amp;/g, '&'));
        try {
          out.add(decodeURIComponent(v));
        } catch {
          /* not URL-encoded */
        }
      }
    }
  }
  // longest first, so a value that contains another is masked whole
  return [...out].sort((a, b) => b.length - a.length);
}

/** `text` with every password value of the given file texts replaced by `***`. */
export function maskSecrets(text: string, ...sources: string[]): string {
  return scrubSecrets(text, sources.flatMap(secretValuesIn));
}

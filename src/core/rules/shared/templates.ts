// Knowing when template syntax (Helm/Jinja/ERB/GSP) or a WSO2 runtime placeholder hides what a value
// will be once the file is rendered: the rules then stay silent instead of guessing.
import type { ConfigDocument, JdbcUrl, LocatedEntry, Span } from '../../model/types';

/** Template syntax or a WSO2 runtime placeholder in raw document text. */
export const TEMPLATE_MARK = /\uE000|\{\{|\{%|<%|\$\{|\$(?:env|sys|secret)\{/;

/** The raw text of a span contains template syntax. */
export function spanTemplated(doc: ConfigDocument, span: Span): boolean {
  return TEMPLATE_MARK.test(doc.text.slice(span.start, span.end));
}

/** An entry whose value is (partly) rendered later: flagged by the parser, or a placeholder in its decoded value. */
export function entryTemplated(e: LocatedEntry): boolean {
  return e.templated || TEMPLATE_MARK.test(e.value);
}

/** Template syntax in a raw string, each region replaced by U+0001 of the same length. */
function maskTemplateRegions(s: string): string {
  return s.replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}|<%[\s\S]*?%>|\$(?:env|sys|secret)?\{[^}]*\}|\uE000+/g, (m) =>
    '\u0001'.repeat(m.length),
  );
}

/**
 * Are all query parameters of this URL known? False when template syntax could render more
 * parameters: a whole-URL template, a template inside the query, or a template that ends the URL
 * (a templated database or host with nothing literal after it). A templated port, host or database
 * followed by a literal `/` or `?`, and templated values of literally named parameters, hide nothing else.
 */
export function urlParamsKnown(doc: ConfigDocument, url: JdbcUrl): boolean {
  if (!url.templated) return true;
  if (!url.scheme || url.hosts.length === 0) return false;
  const last = url.hosts[url.hosts.length - 1];
  const from = last.span.end;
  let tail = doc.text.slice(from, url.span.end);
  // a templated value of a literally named parameter hides only that value
  for (const p of url.params) {
    if (!/^[A-Za-z][\w.-]*$/.test(p.name)) continue;
    const s = p.valueSpan.start - from;
    const e = p.valueSpan.end - from;
    if (s < 0 || e > tail.length) continue;
    tail = tail.slice(0, s) + ' '.repeat(e - s) + tail.slice(e);
  }
  const masked = maskTemplateRegions(tail);
  if (last.templated && masked.length === 0) return false;
  const q = masked.indexOf('?');
  if (q >= 0) return !masked.slice(q).includes('\u0001');
  return !masked.trimEnd().endsWith('\u0001');
}

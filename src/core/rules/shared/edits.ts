// Text edits the DatasourceEditor has no operation for: removing a driver property, a line, or
// inserting a TOML key next to another. Everything else goes through `ds.edit`.
import type { ConfigDocument, Datasource, DriverProp, LocatedEntry, Span, TextEdit, UrlParam } from '../../model/types';
import { settingEntry } from '../../wso2/defaults';

/** The line break the document uses. */
export function eol(doc: ConfigDocument): string {
  return doc.text.includes('\r\n') ? '\r\n' : '\n';
}

/** Leading whitespace of the line that holds `offset`. */
export function indentAt(doc: ConfigDocument, offset: number): string {
  const ls = Math.max(doc.text.lastIndexOf('\n', offset - 1) + 1, 0);
  return /^[ \t]*/.exec(doc.text.slice(ls))![0];
}

/** The JDBC URL is written in the file (not inferred from `type`), so its text can be edited. */
export function urlEditable(ds: Datasource): boolean {
  return !!ds.url && !!ds.urlEntry && !ds.urlInferred && ds.url.scheme !== '';
}

/** Remove a span; when it is alone on its line, remove the whole line with its line break. */
export function removeSpanWithLine(doc: ConfigDocument, span: Span): TextEdit {
  const t = doc.text;
  const ls = t.lastIndexOf('\n', span.start - 1) + 1;
  let le = t.indexOf('\n', span.end);
  if (le < 0) le = t.length;
  const before = t.slice(ls, span.start);
  const after = t.slice(span.end, le).replace(/\r$/, '');
  if (before.trim() === '' && after.trim() === '') {
    return { span: { start: ls, end: le < t.length ? le + 1 : le }, newText: '' };
  }
  return { span, newText: '' };
}

/** The URL parameter object behind a driver property that comes from the URL. */
function urlParamOf(ds: Datasource, p: DriverProp): UrlParam | null {
  if (p.source !== 'url' || !ds.url) return null;
  return ds.url.params.find((u) => u.span.start === p.span.start) ?? ds.url.params.find((u) => u.name.toLowerCase() === p.name.toLowerCase()) ?? null;
}

/** Edits that take one driver property out of the file (URL parameter, connectionProperties piece, <property>). */
export function removeDriverPropEdits(doc: ConfigDocument, ds: Datasource, p: DriverProp): TextEdit[] | null {
  if (p.source === 'url') {
    const up = urlParamOf(ds, p);
    return up ? ds.edit.removeUrlParam(up) : null;
  }
  if (p.source === 'databaseProps') return [removeSpanWithLine(doc, p.span)];
  // connectionProperties: `a=b;c=d` — drop the piece and one separator; drop the whole entry when it was the only one
  const pieces = ds.driverProps.filter((q) => q.source === 'connectionProperties');
  const cp = settingEntry(ds, 'connectionProperties');
  if (pieces.length === 1 && cp) return ds.edit.removeEntry(cp);
  const t = doc.text;
  let { start, end } = p.span;
  let j = end;
  while (j < t.length && (t[j] === ' ' || t[j] === '\t')) j++;
  if (t[j] === ';') {
    end = j + 1;
    while (end < t.length && (t[end] === ' ' || t[end] === '\t')) end++;
  } else {
    let i = start - 1;
    while (i >= 0 && (t[i] === ' ' || t[i] === '\t')) i--;
    if (t[i] === ';') start = i;
  }
  return [{ span: { start, end }, newText: '' }];
}

/** Insert `key = "value"` on its own line after a TOML entry of the same table (for keys setSetting would put under pool_options). */
export function insertTomlKeyAfter(doc: ConfigDocument, entry: LocatedEntry, key: string, value: string): TextEdit[] {
  const at = entry.entrySpan.end;
  return [{ span: { start: at, end: at }, newText: `${eol(doc)}${indentAt(doc, entry.entrySpan.start)}${key} = "${value}"` }];
}

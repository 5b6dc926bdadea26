// Text edits the DatasourceEditor has no operation for: removing a driver property, a line, or
// inserting a TOML key next to another. Everything else goes through `ds.edit`.
import type { ConfigDocument, Datasource, DriverProp, LocatedEntry, Span, TextEdit, UrlParam } from '../../model/types';
import { settingEntry } from '../../knowledge/wso2/defaults';
import { joinTouchingEdits } from '../../text/edits';

/** The line break the document uses. */
export function eol(doc: ConfigDocument): string {
  const t = doc.text;
  if (t.includes('\r\n')) return '\r\n';
  if (t.includes('\n')) return '\n';
  return t.includes('\r') ? '\r' : '\n'; // CR-only (classic Mac) files
}

/** Start of the line that holds `offset` (after a LF, CRLF or CR line break). */
export function lineStartAt(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

/** Leading whitespace of the line that holds `offset`. */
export function indentAt(doc: ConfigDocument, offset: number): string {
  const ls = lineStartAt(doc.text, offset);
  return /^[ \t]*/.exec(doc.text.slice(ls))![0];
}

/** The JDBC URL is written in the file (not inferred from `type`), so its text can be edited. */
export function urlEditable(ds: Datasource): boolean {
  return !!ds.url && !!ds.urlEntry && !ds.urlInferred && ds.url.scheme !== '';
}

/** Remove a span; when it is alone on its line, remove the whole line with its line break. */
export function removeSpanWithLine(doc: ConfigDocument, span: Span): TextEdit {
  const t = doc.text;
  const ls = lineStartAt(t, span.start);
  let le = span.end;
  while (le < t.length && t[le] !== '\n' && t[le] !== '\r') le++;
  const before = t.slice(ls, span.start);
  const after = t.slice(span.end, le);
  if (before.trim() === '' && after.trim() === '') {
    const brLen = t.startsWith('\r\n', le) ? 2 : le < t.length ? 1 : 0;
    return { span: { start: ls, end: le + brLen }, newText: '' };
  }
  return { span, newText: '' };
}

/** The URL parameter object behind a driver property that comes from the URL. */
function urlParamOf(ds: Datasource, p: DriverProp): UrlParam | null {
  if (p.source !== 'url' || !ds.url) return null;
  return ds.url.params.find((u) => u.span.start === p.span.start) ?? ds.url.params.find((u) => u.name.toLowerCase() === p.name.toLowerCase()) ?? null;
}

/**
 * Edits that remove every occurrence of a URL parameter (by name, case-insensitive as the driver reads it): the
 * driver reads the last one, so removing one would only bring an earlier one into effect. Consecutive occurrences
 * are removed as one run, with one separator, so the edits never overlap.
 */
function removeUrlParamEverywhere(ds: Datasource, up: UrlParam): TextEdit[] {
  const params = ds.url?.params ?? [];
  const lower = up.name.toLowerCase();
  const hit = params.map((q) => q.name.toLowerCase() === lower);
  if (!hit.some(Boolean)) return ds.edit.removeUrlParam(up);
  const edits: TextEdit[] = [];
  for (let i = 0; i < params.length; i++) {
    if (!hit[i]) continue;
    let j = i;
    while (j + 1 < params.length && hit[j + 1]) j++;
    const run: UrlParam = i === j ? params[i] : { ...params[i], span: { start: params[i].span.start, end: params[j].span.end } };
    edits.push(...ds.edit.removeUrlParam(run));
    i = j;
  }
  return joinTouchingEdits(edits);
}

/** Edits that take one driver property out of the file (URL parameter, connectionProperties piece, <property>). */
export function removeDriverPropEdits(doc: ConfigDocument, ds: Datasource, p: DriverProp): TextEdit[] | null {
  if (p.source === 'url') {
    const up = urlParamOf(ds, p);
    return up ? removeUrlParamEverywhere(ds, up) : null;
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

// Minimal, format-preserving edits for one XML datasource. Every edit keeps the file well-formed:
// values are escaped, new elements copy the neighbours' indentation and the file's line ending.
import type { Datasource, DatasourceEditor, DriverProp, DriverPropSource, JdbcHost, LocatedEntry, TextEdit, UrlParam } from '../../model/types';
import type { XmlElement } from './scanner';
import type { XmlDatasourceParts } from './context';
import { driverPropsInEffect } from '../../knowledge/wso2/driverProps';
import { joinTouchingEdits, uniquePairs } from '../../text/edits';

export function escapeXmlText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeXmlAttr(value: string): string {
  return escapeXmlText(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** One line of a block to insert, `depth` levels below the insertion's indentation. */
interface BlockLine {
  depth: number;
  text: string;
}

export function createXmlEditor(parts: XmlDatasourceParts, ds: Pick<Datasource, 'driverProps' | 'settings'>): DatasourceEditor {
  const text = parts.ctx.text;
  const urlEncode = (v: string) => (parts.urlInCdata ? v : escapeXmlText(v));

  /** The entry in effect for a key: url/driverClassName/validationQuery wherever written, else the container's last. */
  const entryInEffect = (name: string): LocatedEntry | null => {
    let existing: LocatedEntry | null = parts.connectionEntries.find((e) => e.key === name) ?? null;
    if (!existing) for (const e of parts.containerEntries) if (e.key === name) existing = e;
    return existing;
  };

  const settingElement = (name: string, value: string): string =>
    parts.format === 'generic-xml'
      ? `<${propertyTag(parts)} name="${escapeXmlAttr(name)}">${escapeXmlText(value)}</${propertyTag(parts)}>`
      : `<${name}>${escapeXmlText(value)}</${name}>`;

  /** Insert new setting elements where WSO2 reads them, creating <configuration>/<properties> (and <definition>) once. */
  const insertSettings = (elements: string[]): TextEdit[] | null => {
    const at = (depth: number) => elements.map((text) => ({ depth, text }));
    if (parts.container) return insertAsLastChild(parts, parts.container, at(0));
    if (parts.format === 'generic-xml') {
      const holder = parts.definition ?? parts.element;
      return insertAsLastChild(parts, holder, [{ depth: 0, text: '<properties>' }, ...at(1), { depth: 0, text: '</properties>' }]);
    }
    if (parts.definition) {
      return insertAsLastChild(parts, parts.definition, [{ depth: 0, text: '<configuration>' }, ...at(1), { depth: 0, text: '</configuration>' }]);
    }
    return insertAsLastChild(parts, parts.element, [
      { depth: 0, text: '<definition type="RDBMS">' },
      { depth: 1, text: '<configuration>' },
      ...at(2),
      { depth: 1, text: '</configuration>' },
      { depth: 0, text: '</definition>' },
    ]);
  };

  const setSettings = (pairs: readonly (readonly [string, string])[]): TextEdit[] => {
    if (pairs.length === 1) {
      // the usual fix: one setting that exists, replaced in place (the general path's result, without its lists)
      const existing = entryInEffect(pairs[0][0]);
      if (existing) return joinTouchingEdits(replaceValue(text, existing, pairs[0][1]));
    }
    const edits: TextEdit[] = [];
    const fresh: string[] = [];
    for (const [name, value] of uniquePairs(pairs)) {
      const existing = entryInEffect(name);
      if (existing) edits.push(...replaceValue(text, existing, value));
      else fresh.push(settingElement(name, value));
    }
    if (fresh.length) {
      const inserted = insertSettings(fresh);
      // Nowhere to insert that the file would read (an unclosed element): no fix rather than half of one.
      if (!inserted) return [];
      edits.push(...inserted);
    }
    return joinTouchingEdits(edits);
  };

  /** Edit that sets the value of a connectionProperties piece or a <databaseProps> <property>, in place. */
  const propertyValueEdits = (p: DriverProp, value: string): TextEdit[] | null => {
    if (p.source === 'databaseProps') {
      const entry: LocatedEntry = {
        key: p.name, value: p.value, keySpan: p.span, valueSpan: p.valueSpan, entrySpan: p.span, style: 'xml-text', templated: false,
      };
      return replaceValue(text, entry, value);
    }
    // a piece of connectionProperties: `a=b;c=d`, in plain text (escaped) or in CDATA (verbatim)
    const cdata = insideCdata(text, p.valueSpan.start);
    if (cdata && value.includes(']]>')) return null;
    const enc = cdata ? value : escapeXmlText(value);
    if (!text.slice(p.span.start, p.span.end).includes('=')) return [{ span: { start: p.span.end, end: p.span.end }, newText: `=${enc}` }];
    return [{ span: p.valueSpan, newText: enc }];
  };

  const setDriverProp = (name: string, value: string, where?: DriverPropSource): TextEdit[] | null => {
    const inEffect = driverPropsInEffect(ds, name);
    const targets = where ? inEffect.filter((p) => p.source === where) : inEffect;
    if (targets.length === 0) return where && where !== 'url' ? null : setUrlParam(name, value);
    const edits: TextEdit[] = [];
    for (const p of targets) {
      const e = p.source === 'url' ? setUrlParam(p.name, value) : propertyValueEdits(p, value);
      if (!e) return null;
      edits.push(...e);
    }
    return joinTouchingEdits(edits);
  };

  const setUrlParam = (name: string, value: string): TextEdit[] | null => {
    const url = parts.url;
    if (!url || !url.scheme) return null; // missing, or wholly templated
    const existing = findParam(url.params, name);
    if (existing) {
      if (existing.valueSpan.start > existing.span.start) return [{ span: existing.valueSpan, newText: urlEncode(value) }];
      return [{ span: { start: existing.span.end, end: existing.span.end }, newText: `=${urlEncode(value)}` }];
    }
    const authority = url.text.slice(url.scheme.length).startsWith('//');
    const at = url.queryEnd;
    const piece = `${name}=${urlEncode(value)}`;
    if (url.subprotocol === 'sqlserver' || (!authority && url.subprotocol !== 'oracle')) {
      // `;k=v` style (H2, SQL Server)
      return [{ span: { start: at, end: at }, newText: (text[at - 1] === ';' ? '' : ';') + piece }];
    }
    if (!authority) return null;
    if (!url.hasQuery) return [{ span: { start: at, end: at }, newText: `?${piece}` }];
    // A trailing separator (`…=true&amp;`) or a bare `?` (no parameter yet) already separates. Judged from the
    // parsed parameters, not the last character: a stray `?` after a value (`useSSL=true?`) is part of that value.
    const lastParam = url.params.length ? url.params[url.params.length - 1] : null;
    const separated = !lastParam || lastParam.span.end < at;
    return [{ span: { start: at, end: at }, newText: (separated ? '' : parts.urlInCdata ? '&' : '&amp;') + piece }];
  };

  return {
    setSetting: (name, value) => setSettings([[name, value]]),
    setSettings,
    setDriverProp,
    replaceValue: (entry, value) => replaceValue(text, entry, value),
    removeEntry: (entry) => removeEntry(text, entry),
    renameKey: (entry, newKey) => renameKey(text, entry, newKey),
    moveToPoolOptions: () => null,
    setUrlParam,
    removeUrlParam: (param) => removeUrlParam(text, param),
    replaceHost: (host: JdbcHost, newHost: string) => [{ span: host.span, newText: urlEncode(newHost) }],
  };
}

/** The last parameter of that name (Connector/J reads the last), exact case first. */
function findParam(params: readonly UrlParam[], name: string): UrlParam | null {
  let exact: UrlParam | null = null;
  let loose: UrlParam | null = null;
  const lower = name.toLowerCase();
  for (const p of params) {
    if (p.name === name) exact = p;
    if (p.name.toLowerCase() === lower) loose = p;
  }
  return exact ?? loose;
}

/** Tag name of the element starting at `<` at `start`. */
function elementNameAt(text: string, start: number): string {
  let j = start + 1;
  while (j < text.length && !/[\s/>]/.test(text[j])) j++;
  return text.slice(start + 1, j);
}

function replaceValue(text: string, entry: LocatedEntry, value: string): TextEdit[] {
  if (entry.style === 'xml-attr') return [{ span: entry.valueSpan, newText: escapeXmlAttr(value) }];
  const v = entry.valueSpan.start;
  if (v === entry.entrySpan.end - 2 && text.startsWith('/>', v)) {
    // `<x/>` → `<x>value</x>`
    const tag = elementNameAt(text, entry.entrySpan.start);
    return [{ span: { start: v, end: entry.entrySpan.end }, newText: `>${escapeXmlText(value)}</${tag}>` }];
  }
  return [{ span: entry.valueSpan, newText: escapeXmlText(value) }];
}

/** `pos` lies inside a `<![CDATA[ … ]]>` section. */
function insideCdata(text: string, pos: number): boolean {
  const open = text.lastIndexOf('<![CDATA[', pos - 1);
  if (open < 0) return false;
  const close = text.indexOf(']]>', open);
  return close < 0 || close >= pos;
}

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function removeEntry(text: string, entry: LocatedEntry): TextEdit[] {
  const { start, end } = entry.entrySpan;
  let lineStart = start;
  while (lineStart > 0 && isBlank(text[lineStart - 1])) lineStart--;
  let lineEnd = end;
  while (lineEnd < text.length && isBlank(text[lineEnd])) lineEnd++;
  const aloneBefore = lineStart === 0 || text[lineStart - 1] === '\n' || text[lineStart - 1] === '\r';
  const aloneAfter = lineEnd === text.length || text[lineEnd] === '\n' || text[lineEnd] === '\r';
  if (!aloneBefore || !aloneAfter) return [{ span: { start, end }, newText: '' }];
  if (lineEnd < text.length) {
    const nl = text[lineEnd] === '\r' && text[lineEnd + 1] === '\n' ? 2 : 1;
    return [{ span: { start: lineStart, end: lineEnd + nl }, newText: '' }];
  }
  // last line without a newline after it: take the newline before it instead
  let from = lineStart;
  if (from > 0 && text[from - 1] === '\n') from--;
  if (from > 0 && text[from - 1] === '\r') from--;
  return [{ span: { start: from, end: lineEnd }, newText: '' }];
}

function renameKey(text: string, entry: LocatedEntry, newKey: string): TextEdit[] {
  if (entry.keySpan.start !== entry.entrySpan.start + 1) {
    // <property name="key">: the key is an attribute value
    return [{ span: entry.keySpan, newText: escapeXmlAttr(newKey) }];
  }
  const edits: TextEdit[] = [{ span: entry.keySpan, newText: newKey }];
  const oldKey = text.slice(entry.keySpan.start, entry.keySpan.end);
  const endTag = text.lastIndexOf('</', entry.entrySpan.end - 1);
  if (endTag > entry.keySpan.end && text.startsWith(oldKey, endTag + 2) && !text.startsWith('/>', entry.entrySpan.end - 2)) {
    edits.push({ span: { start: endTag + 2, end: endTag + 2 + oldKey.length }, newText: newKey });
  }
  return edits;
}

function isSeparatorBefore(text: string, at: number): number {
  if (text.startsWith('&amp;', at - 5)) return 5;
  const c = text[at - 1];
  return c === '&' || c === ';' ? 1 : 0;
}

function separatorAfter(text: string, at: number): number {
  if (text.startsWith('&amp;', at)) return 5;
  return text[at] === '&' ? 1 : 0;
}

function removeUrlParam(text: string, param: UrlParam): TextEdit[] {
  const { start, end } = param.span;
  const before = isSeparatorBefore(text, start);
  if (before) return [{ span: { start: start - before, end }, newText: '' }];
  const after = separatorAfter(text, end);
  if (after) return [{ span: { start, end: end + after }, newText: '' }];
  // the only parameter: drop the `?` too
  if (text[start - 1] === '?') return [{ span: { start: start - 1, end }, newText: '' }];
  return [{ span: { start, end }, newText: '' }];
}

// ---------------------------------------------------------------------------------------------
// Insertion with the file's own layout

function lineEnding(text: string): string {
  const lf = text.indexOf('\n');
  if (lf > 0 && text[lf - 1] === '\r') return '\r\n';
  if (lf >= 0) return '\n';
  return text.includes('\r') ? '\r' : '\n';
}

/** The whitespace between the start of the line and `pos`, or null when something else precedes `pos` on its line. */
function indentBefore(text: string, pos: number): string | null {
  let j = pos;
  while (j > 0 && isBlank(text[j - 1])) j--;
  if (j > 0 && text[j - 1] !== '\n' && text[j - 1] !== '\r') return null;
  return text.slice(j, pos);
}

/** The leading whitespace of the line holding `pos`. */
function lineIndent(text: string, pos: number): string {
  let j = pos;
  while (j > 0 && text[j - 1] !== '\n' && text[j - 1] !== '\r') j--;
  let k = j;
  while (k < text.length && isBlank(text[k])) k++;
  return text.slice(j, k);
}

/** One indentation level as this datasource writes it (from a parent/child pair), else by the file's habit. */
function indentUnit(parts: XmlDatasourceParts): string {
  const text = parts.ctx.text;
  const candidates: (XmlElement | null)[] = [parts.container, parts.definition, parts.element, parts.element.parent];
  for (const parent of candidates) {
    if (!parent || parent.children.length === 0 || parent.name === '') continue;
    const outer = indentBefore(text, parent.start);
    const inner = indentBefore(text, parent.children[0].start);
    if (outer !== null && inner !== null && inner.length > outer.length && inner.startsWith(outer)) return inner.slice(outer.length);
  }
  return lineIndent(text, parts.element.start).includes('\t') ? '\t' : '    ';
}

function propertyTag(parts: XmlDatasourceParts): string {
  const existing = parts.container?.children.find((k) => k.name.toLowerCase() === 'property');
  return existing ? parts.ctx.text.slice(existing.start + 1, existing.nameEnd) : 'property';
}

/**
 * Insert `block` as the last child of `parent`, each line on its own line, indented like its siblings. Null
 * when the text would not read it there: `parent` has no end tag in the scan (an unclosed element, or a
 * template comment left open that masks the rest of the file), or its last child has none (the insertion
 * would land inside that child, e.g. `<a>x</A>`).
 */
function insertAsLastChild(parts: XmlDatasourceParts, parent: XmlElement, block: BlockLine[]): TextEdit[] | null {
  const text = parts.ctx.text;
  if (!parent.closed) return null;
  const eol = lineEnding(text);
  const unit = indentUnit(parts);
  const parentIndent = indentBefore(text, parent.start) ?? lineIndent(text, parent.start);
  const render = (childIndent: string) => block.map((l) => eol + childIndent + unit.repeat(l.depth) + l.text).join('');
  const kids = parent.children;
  if (kids.length > 0) {
    const last = kids[kids.length - 1];
    if (!last.closed) return null;
    const childIndent = indentBefore(text, last.start) ?? parentIndent + unit;
    return [{ span: { start: last.end, end: last.end }, newText: render(childIndent) }];
  }
  const body = render(parentIndent + unit);
  if (parent.selfClosing) {
    // `<configuration/>` → `<configuration>…</configuration>`
    const tag = text.slice(parent.start + 1, parent.nameEnd);
    return [{ span: { start: parent.startTagEnd - 2, end: parent.startTagEnd }, newText: `>${body}${eol}${parentIndent}</${tag}>` }];
  }
  const content = text.slice(parent.startTagEnd, parent.endTagStart);
  const closeOnNewLine = /[\r\n]/.test(content);
  return [{ span: { start: parent.startTagEnd, end: parent.startTagEnd }, newText: closeOnNewLine ? body : body + eol + parentIndent }];
}

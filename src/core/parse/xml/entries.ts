// Located entries of a datasource element: `<key>value</key>` and `<property name="key">` with their exact key and
// value ranges and decoded values, and what is parsed out of a value (the JDBC URL, connection and database
// properties), mapped back to document offsets when comments or CDATA split the value.
import type { DriverProp, JdbcUrl, LocatedEntry, Span } from '../../model/types';
import { TEMPLATE_CHAR, isTemplatedValue } from '../../text/templates';
import { decodeEntities, parseConnectionProperties, parseJdbcUrl } from '../jdbcUrl';
import type { XmlContext } from './context';
import { attrNamed, childrenNamed, firstSpecialFrom, textPieces, type TextPiece, type XmlElement } from './scanner';
import { hasTemplateChar, regionsAt, templatedAt } from './templated';

const XML_SPACE = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/** Decoded character data of an element: comments dropped, CDATA unwrapped, trimmed. */
function elementValue(ctx: XmlContext, el: XmlElement): string {
  if (el.children.length === 0 && !specialWithin(ctx, el.startTagEnd, el.endTagStart)) {
    return decodeEntities(ctx.text.slice(el.startTagEnd, el.endTagStart)).trim(); // the common leaf: no comment, no CDATA
  }
  return joinPieces(ctx.text, textPieces(el, ctx.scan.specials)).trim();
}

function specialWithin(ctx: XmlContext, start: number, end: number): boolean {
  const specials = ctx.scan.specials;
  const k = firstSpecialFrom(specials, start);
  return k < specials.length && specials[k].start < end;
}

function joinPieces(text: string, pieces: readonly TextPiece[]): string {
  if (pieces.length === 1) return pieces[0].cdata ? text.slice(pieces[0].start, pieces[0].end) : decodeEntities(text.slice(pieces[0].start, pieces[0].end));
  let out = '';
  for (const p of pieces) out += p.cdata ? text.slice(p.start, p.end) : decodeEntities(text.slice(p.start, p.end));
  return out;
}

/** The element's content without surrounding whitespace; an empty span at the content position when empty. */
function contentSpan(text: string, el: XmlElement): Span {
  if (el.selfClosing) return { start: el.startTagEnd - 2, end: el.startTagEnd - 2 };
  let lo = el.startTagEnd;
  let hi = el.endTagStart;
  while (lo < hi && XML_SPACE(text.charCodeAt(lo))) lo++;
  while (hi > lo && XML_SPACE(text.charCodeAt(hi - 1))) hi--;
  return lo < hi ? { start: lo, end: hi } : { start: el.startTagEnd, end: el.startTagEnd };
}

/** An element written `<key>value</key>`. */
export function elementEntry(ctx: XmlContext, el: XmlElement): LocatedEntry {
  const value = elementValue(ctx, el);
  const valueSpan = contentSpan(ctx.text, el);
  return {
    key: el.name, // the masked name equals the written one: templated names never become entries
    value,
    keySpan: { start: el.start + 1, end: el.nameEnd },
    valueSpan,
    entrySpan: { start: el.start, end: el.end },
    style: 'xml-text',
    templated: isTemplatedValue(value, valueSpan, regionsAt(ctx, valueSpan)),
  };
}

/** `<property name="key">value</property>` (or `value="…"` as an attribute); null without a literal name. */
export function propertyEntry(ctx: XmlContext, el: XmlElement): LocatedEntry | null {
  const nameAttr = attrNamed(el, 'name');
  if (!nameAttr || nameAttr.valueStart < 0 || hasTemplateChar(ctx, nameAttr.valueStart, nameAttr.valueEnd)) return null;
  const key = decodeEntities(ctx.text.slice(nameAttr.valueStart, nameAttr.valueEnd)).trim();
  if (!key) return null;
  const keySpan = { start: nameAttr.valueStart, end: nameAttr.valueEnd };
  const entrySpan = { start: el.start, end: el.end };
  const valueAttr = attrNamed(el, 'value');
  const content = contentSpan(ctx.text, el);
  if (valueAttr && valueAttr.valueStart >= 0 && content.start === content.end) {
    const valueSpan = { start: valueAttr.valueStart, end: valueAttr.valueEnd };
    const value = decodeEntities(ctx.text.slice(valueSpan.start, valueSpan.end)).trim();
    return { key, value, keySpan, valueSpan, entrySpan, style: 'xml-attr', templated: isTemplatedValue(value, valueSpan, regionsAt(ctx, valueSpan)) };
  }
  const value = elementValue(ctx, el);
  return { key, value, keySpan, valueSpan: content, entrySpan, style: 'xml-text', templated: isTemplatedValue(value, content, regionsAt(ctx, content)) };
}

/** The raw pieces an entry's value is made of (for the URL and connectionProperties parsers). */
function valuePieces(ctx: XmlContext, el: XmlElement, entry: LocatedEntry): TextPiece[] {
  if (entry.style === 'xml-attr') return [{ start: entry.valueSpan.start, end: entry.valueSpan.end, cdata: false }];
  return textPieces(el, ctx.scan.specials);
}

// ---------------------------------------------------------------------------------------------
// Values split by comments or CDATA: parse the joined raw text, then map offsets back.

class PieceMap {
  private readonly starts: number[] = [];
  readonly joined: string;
  constructor(source: string, private readonly pieces: readonly TextPiece[]) {
    let joined = '';
    for (const p of pieces) {
      this.starts.push(joined.length);
      joined += source.slice(p.start, p.end);
    }
    this.joined = joined;
  }
  /** Document offset of the joined-text offset `o`; `asEnd` maps a piece boundary to the end of the previous piece. */
  at(o: number, asEnd: boolean): number {
    const { pieces, starts } = this;
    if (pieces.length === 0) return 0;
    for (let k = pieces.length - 1; k >= 0; k--) {
      if (asEnd ? starts[k] < o : starts[k] <= o) return Math.min(pieces[k].end, pieces[k].start + (o - starts[k]));
    }
    return pieces[0].start;
  }
  span(s: Span): Span {
    if (s.start === s.end) {
      const p = this.at(s.start, true);
      return { start: p, end: p };
    }
    return { start: this.at(s.start, false), end: this.at(s.end, true) };
  }
}

/** The JDBC URL of an entry, parsed on the masked raw source so `&amp;` and host spans are exact. */
export function parseUrlEntry(ctx: XmlContext, el: XmlElement, entry: LocatedEntry): JdbcUrl | null {
  const pieces = valuePieces(ctx, el, entry).filter((p) => p.end > p.start);
  if (pieces.length === 0) return null;
  let url: JdbcUrl | null;
  if (pieces.length === 1) {
    url = parseJdbcUrl(ctx.masked.slice(pieces[0].start, pieces[0].end), pieces[0].start, (s) => templatedAt(ctx, s));
  } else {
    const map = new PieceMap(ctx.masked, pieces);
    url = parseJdbcUrl(map.joined, 0, (s) => templatedAt(ctx, map.span(s)));
    if (url) {
      url.span = map.span(url.span);
      url.queryEnd = map.at(url.queryEnd, true);
      for (const h of url.hosts) h.span = map.span(h.span);
      for (const p of url.params) {
        p.span = map.span(p.span);
        p.valueSpan = map.span(p.valueSpan);
      }
    }
  }
  if (!url) return null;
  if (url.templated) {
    // Parsed on masked text for structure; show what is really written.
    url.text = entry.value;
    if (url.database?.includes(TEMPLATE_CHAR)) url.database = null;
    for (const h of url.hosts) if (h.templated) h.host = decodeEntities(ctx.text.slice(h.span.start, h.span.end));
    for (const p of url.params) {
      if (p.templated) p.value = decodeEntities(ctx.text.slice(p.valueSpan.start, p.valueSpan.end));
      if (p.name.includes(TEMPLATE_CHAR)) p.templated = true;
    }
  }
  return url;
}

/** `<connectionProperties>k=v;k2=v2</connectionProperties>` → driver properties with exact spans. */
export function connectionProps(ctx: XmlContext, el: XmlElement, entry: LocatedEntry): DriverProp[] {
  const pieces = valuePieces(ctx, el, entry).filter((p) => p.end > p.start);
  if (pieces.length === 0) return [];
  if (pieces.length === 1) {
    return parseConnectionProperties(ctx.text.slice(pieces[0].start, pieces[0].end), pieces[0].start).map((p) => ({ ...p, source: 'connectionProperties' as const }));
  }
  const map = new PieceMap(ctx.text, pieces);
  return parseConnectionProperties(map.joined, 0).map((p) => ({ ...p, span: map.span(p.span), valueSpan: map.span(p.valueSpan), source: 'connectionProperties' as const }));
}

/** `<databaseProps><property name="k">v</property>…` → driver properties. */
export function databaseProps(ctx: XmlContext, el: XmlElement): DriverProp[] {
  const out: DriverProp[] = [];
  for (const p of childrenNamed(el, 'property', true)) {
    const e = propertyEntry(ctx, p);
    if (e) out.push({ name: e.key, value: e.value, source: 'databaseProps', span: e.entrySpan, valueSpan: e.valueSpan });
  }
  return out;
}

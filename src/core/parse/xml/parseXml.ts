// Carbon `*-datasources.xml` and the generic `<datasource>…<properties><property name=…>` form → the located model.
// Plain files are validated strictly first (one clear parse error); templated files and XML embedded in other
// text (YAML ConfigMaps) are scanned tolerantly on the template-masked text and linted for what is literal.
import type {
  ConfigDocument, ConfigFormat, Datasource, DriverProp, JdbcUrl, LocatedEntry, PoolSetting, SettingPlacement, Span, TemplateKind,
} from '../../model/types';
import { decodeEntities, parseConnectionProperties, parseJdbcUrl } from '../jdbcUrl';
import { TEMPLATE_CHAR, detectTemplates, isTemplatedValue, maskTemplates } from '../../text/templates';
import type { TemplateRegion } from '../../text/templates';
import { familyOf, roleFromXmlName } from '../../wso2/knowledge';
import { attrNamed, childrenNamed, firstSpecialFrom, lastChildNamed, scanXml, textPieces } from './scanner';
import type { TextPiece, XmlElement, XmlScan } from './scanner';
import { checkWellFormed } from './wellFormed';
import { createXmlEditor } from './editor';

/** Everything the model builder and the editor need about one scanned document. */
export interface XmlContext {
  /** The document text as given (values and edits use it). */
  text: string;
  /** The text with template regions masked (structure is read from it; same offsets). */
  masked: string;
  scan: XmlScan;
  /** Template regions in document order. */
  regions: readonly TemplateRegion[];
}

export function parseXml(text: string, fileName: string): ConfigDocument {
  try {
    return parseXmlDocument(text, fileName);
  } catch (e) {
    // Defensive only: a bug here must surface as one finding, never as an exception in the editor.
    return {
      format: 'carbon-xml', text, templates: [], datasources: [], jvmDns: [], fileSpan: firstLineSpan(text),
      parseError: { message: `aurora-guard could not read this XML (internal error: ${(e as Error)?.message ?? String(e)})`, span: { start: 0, end: 0 } },
    };
  }
}

function parseXmlDocument(text: string, fileName: string): ConfigDocument {
  const templates: TemplateKind[] = detectTemplates(text, fileName);
  const fileSpan = firstLineSpan(text);
  // Strict only for a plain XML document; template syntax and YAML around embedded XML are not errors.
  const strict = templates.length === 0 && startsWithMarkup(text);
  if (strict) {
    const parseError = checkWellFormed(text);
    if (parseError) return { format: 'carbon-xml', text, templates, datasources: [], parseError, jvmDns: [], fileSpan };
  }
  const { masked, regions } = templates.length ? maskTemplates(text, templates) : { masked: text, regions: [] as TemplateRegion[] };
  const ctx: XmlContext = { text, masked, scan: scanXml(masked, strict), regions };
  const datasources: Datasource[] = datasourceElements(ctx.scan.root).map((el) => buildDatasource(ctx, el));
  const ids = uniqueIds(datasources.map((d) => d.name));
  datasources.forEach((d, i) => (d.id = ids[i]));
  const format: ConfigFormat = datasources.some((d) => d.format === 'carbon-xml') || datasources.length === 0 ? 'carbon-xml' : 'generic-xml';
  return { format, text, templates, datasources, parseError: null, jvmDns: [], fileSpan };
}

function firstLineSpan(text: string): Span {
  let end = 0;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (c === 10 || c === 13) break;
    end++;
  }
  return { start: 0, end };
}

/** After an optional BOM and whitespace, the text starts with `<`. */
function startsWithMarkup(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfeff && i === 0) continue;
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    return c === 60;
  }
  return false;
}

/** Outermost `<datasource>` elements in document order (commented-out ones were never elements). */
function datasourceElements(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const todo: XmlElement[] = [root];
  while (todo.length) {
    const el = todo.pop()!;
    if (el.name === 'datasource') {
      out.push(el);
      continue;
    }
    for (let k = el.children.length - 1; k >= 0; k--) todo.push(el.children[k]);
  }
  return out;
}

/** `<name>` text, or `datasource[i]` when missing or already taken. */
function uniqueIds(names: (string | null)[]): string[] {
  const used = new Set<string>();
  return names.map((name, i) => {
    let id = name && !used.has(name) ? name : `datasource[${i}]`;
    for (let k = 2; used.has(id); k++) id = `datasource[${i}]#${k}`;
    used.add(id);
    return id;
  });
}

// ---------------------------------------------------------------------------------------------
// Located values

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

const NO_REGIONS: Span[] = [];

/** First template region overlapping `span` (binary search), as the short list isTemplatedValue wants. */
function regionsAt(ctx: XmlContext, span: Span): Span[] {
  const r = ctx.regions;
  let lo = 0;
  let hi = r.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (r[mid].end <= span.start) lo = mid + 1;
    else hi = mid;
  }
  // overlap as isTemplatedValue defines it: r.start < span.end && span.start < r.end
  return lo < r.length && r[lo].start < span.end ? [r[lo]] : NO_REGIONS;
}

function templatedAt(ctx: XmlContext, span: Span): boolean {
  return regionsAt(ctx, span).length > 0;
}

/** A template expression or statement (not a template comment) lies inside `span`. */
function hasTemplateLogic(ctx: XmlContext, span: Span): boolean {
  const r = ctx.regions;
  let lo = 0;
  let hi = r.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (r[mid].end <= span.start) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < r.length && r[k].start < span.end; k++) if (r[k].role !== 'comment') return true;
  return false;
}

function hasTemplateChar(ctx: XmlContext, start: number, end: number): boolean {
  return ctx.masked.slice(start, end).includes(TEMPLATE_CHAR) || templatedAt(ctx, { start, end });
}

/** An element written `<key>value</key>`. */
function elementEntry(ctx: XmlContext, el: XmlElement): LocatedEntry {
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
function propertyEntry(ctx: XmlContext, el: XmlElement): LocatedEntry | null {
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
function parseUrlEntry(ctx: XmlContext, el: XmlElement, entry: LocatedEntry): JdbcUrl | null {
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
function connectionProps(ctx: XmlContext, el: XmlElement, entry: LocatedEntry): DriverProp[] {
  const pieces = valuePieces(ctx, el, entry).filter((p) => p.end > p.start);
  if (pieces.length === 0) return [];
  if (pieces.length === 1) {
    return parseConnectionProperties(ctx.text.slice(pieces[0].start, pieces[0].end), pieces[0].start).map((p) => ({ ...p, source: 'connectionProperties' as const }));
  }
  const map = new PieceMap(ctx.text, pieces);
  return parseConnectionProperties(map.joined, 0).map((p) => ({ ...p, span: map.span(p.span), valueSpan: map.span(p.valueSpan), source: 'connectionProperties' as const }));
}

/** `<databaseProps><property name="k">v</property>…` → driver properties. */
function databaseProps(ctx: XmlContext, el: XmlElement): DriverProp[] {
  const out: DriverProp[] = [];
  for (const p of childrenNamed(el, 'property', true)) {
    const e = propertyEntry(ctx, p);
    if (e) out.push({ name: e.key, value: e.value, source: 'databaseProps', span: e.entrySpan, valueSpan: e.valueSpan });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// One datasource

/** Internal facts about one datasource that the editor needs (never exposed in the model). */
export interface XmlDatasourceParts {
  ctx: XmlContext;
  element: XmlElement;
  definition: XmlElement | null;
  /** The element WSO2 reads pool settings from: Carbon <configuration>, generic <properties>. */
  container: XmlElement | null;
  format: 'carbon-xml' | 'generic-xml';
  /** Every entry in the container, in file order (settings and connection keys). */
  containerEntries: LocatedEntry[];
  /** The url/driverClassName/validationQuery entries in effect, wherever they are written (generic: also in <definition>). */
  connectionEntries: LocatedEntry[];
  url: JdbcUrl | null;
  /** The URL is written inside CDATA: parameters are separated by a raw `&`. */
  urlInCdata: boolean;
}

interface Gathered {
  settings: PoolSetting[];
  containerEntries: LocatedEntry[];
  urls: { el: XmlElement; entry: LocatedEntry }[];
  drivers: LocatedEntry[];
  validationQueries: LocatedEntry[];
  driverProps: DriverProp[];
  dataSourceClass: LocatedEntry | null;
  templatedKeys: boolean;
}

function emptyGathered(): Gathered {
  return { settings: [], containerEntries: [], urls: [], drivers: [], validationQueries: [], driverProps: [], dataSourceClass: null, templatedKeys: false };
}

/** Sort one entry into the datasource's fields by its key. */
function classify(ctx: XmlContext, g: Gathered, el: XmlElement, entry: LocatedEntry, placement: SettingPlacement): void {
  switch (entry.key) {
    case 'url':
      g.urls.push({ el, entry });
      return;
    case 'driverClassName':
      g.drivers.push(entry);
      return;
    case 'validationQuery':
      g.validationQueries.push(entry);
      return;
    case 'username':
    case 'password':
      return;
    default:
      // an explicit literal rather than a spread keeps one object shape (spread copies are slow and large)
      g.settings.push({
        key: entry.key, value: entry.value, keySpan: entry.keySpan, valueSpan: entry.valueSpan, entrySpan: entry.entrySpan,
        style: entry.style, templated: entry.templated, placement,
      });
  }
  if (entry.key === 'connectionProperties') {
    // JAXB calls the setter once per element: a later <connectionProperties> replaces an earlier one
    g.driverProps = g.driverProps.filter((p) => p.source !== 'connectionProperties');
    g.driverProps.push(...connectionProps(ctx, el, entry));
  }
  else if (entry.key === 'dataSourceClassName') g.dataSourceClass = entry;
}

function gatherCarbon(ctx: XmlContext, config: XmlElement): Gathered {
  const g = emptyGathered();
  const dsPropsUrls: { el: XmlElement; entry: LocatedEntry }[] = [];
  for (const kid of config.children) {
    if (kid.name.includes(TEMPLATE_CHAR) || templatedAt(ctx, { start: kid.start + 1, end: kid.nameEnd })) {
      g.templatedKeys = true; // `<{{ name }}>…`: unknown setting
      continue;
    }
    const entry = elementEntry(ctx, kid);
    g.containerEntries.push(entry);
    classify(ctx, g, kid, entry, 'xml-configuration');
    if (kid.name === 'databaseProps') g.driverProps.push(...databaseProps(ctx, kid));
    else if (kid.name === 'dataSourceProps') {
      for (const p of childrenNamed(kid, 'property', true)) {
        const e = propertyEntry(ctx, p);
        if (e && e.key.toLowerCase() === 'url') dsPropsUrls.push({ el: p, entry: e });
      }
    }
  }
  // With dataSourceClassName the URL sits in <dataSourceProps><property name="url">.
  if (g.urls.length === 0) g.urls.push(...dsPropsUrls);
  return g;
}

function gatherGeneric(ctx: XmlContext, holders: XmlElement[], props: XmlElement | null): Gathered {
  const g = emptyGathered();
  const direct = emptyGathered();
  for (const h of holders) {
    for (const kid of h.children) {
      if (kid.name !== 'url' && kid.name !== 'driverClassName' && kid.name !== 'validationQuery') continue;
      classify(ctx, direct, kid, elementEntry(ctx, kid), 'xml-property');
    }
  }
  if (props) {
    for (const kid of childrenNamed(props, 'property', true)) {
      const entry = propertyEntry(ctx, kid);
      if (!entry) {
        if (attrNamed(kid, 'name')) g.templatedKeys = true;
        continue;
      }
      g.containerEntries.push(entry);
      classify(ctx, g, kid, entry, 'xml-property');
      if (entry.key === 'databaseProps') g.driverProps.push(...databaseProps(ctx, kid));
    }
  }
  // Elements written directly in <definition> take precedence over same-named properties.
  if (direct.urls.length) g.urls = direct.urls;
  if (direct.drivers.length) g.drivers = direct.drivers;
  g.validationQueries = [...direct.validationQueries, ...g.validationQueries].sort((a, b) => a.entrySpan.start - b.entrySpan.start);
  return g;
}

function hasNamedProperty(props: XmlElement | null): boolean {
  return !!props && childrenNamed(props, 'property', true).some((p) => attrNamed(p, 'name'));
}

/** The datasource model of one `<datasource>` element; its id is assigned once all names are known. */
function buildDatasource(ctx: XmlContext, el: XmlElement): Datasource {
  const nameEl = lastChildNamed(el, 'name');
  const nameEntry = nameEl ? elementEntry(ctx, nameEl) : null;
  const jndiNameEl = lastChildNamed(lastChildNamed(el, 'jndiConfig'), 'name');
  const jndiEntry = jndiNameEl ? elementEntry(ctx, jndiNameEl) : null;
  const definition = lastChildNamed(el, 'definition');
  let config = lastChildNamed(definition, 'configuration') ?? lastChildNamed(el, 'configuration');
  // `<% if %><configuration><% else %><configuration><% end %>…</configuration>`: the unclosed outer one holds the
  // branch that really closes; read that one.
  let nested: XmlElement | null;
  while (config && !config.closed && (nested = lastChildNamed(config, 'configuration'))) config = nested;
  const props = config ? null : (lastChildNamed(definition, 'properties', true) ?? lastChildNamed(el, 'properties', true));
  const holders = definition ? [el, definition] : [el];
  const generic = !config && (hasNamedProperty(props) || holders.some((h) => h.children.some((k) => k.name === 'url' || k.name === 'driverClassName')));
  const g = config ? gatherCarbon(ctx, config) : generic ? gatherGeneric(ctx, holders, props) : emptyGathered();
  const format: 'carbon-xml' | 'generic-xml' = generic ? 'generic-xml' : 'carbon-xml';

  const lastUrl = g.urls.length ? g.urls[g.urls.length - 1] : null;
  const url = lastUrl ? parseUrlEntry(ctx, lastUrl.el, lastUrl.entry) : null;
  const urlInCdata = !!lastUrl && lastUrl.entry.style === 'xml-text' && ctx.masked.startsWith('<![CDATA[', lastUrl.entry.valueSpan.start);
  const driver = g.drivers.length ? g.drivers[g.drivers.length - 1] : null;
  const validationQuery = g.validationQueries.length ? g.validationQueries[g.validationQueries.length - 1] : null;
  const driverProps: DriverProp[] = [];
  for (const p of url?.params ?? []) driverProps.push({ name: p.name, value: p.value, source: 'url', span: p.span, valueSpan: p.valueSpan });
  for (const p of g.driverProps) driverProps.push(p);

  let driverClass: string | null = null;
  if (driver && !driver.templated && driver.value) driverClass = driver.value;
  else if (!driver && g.dataSourceClass && !g.dataSourceClass.templated && g.dataSourceClass.value) driverClass = g.dataSourceClass.value;

  const name = nameEntry && nameEntry.value ? nameEntry.value : null;
  const headerSpan = nameEntry && nameEntry.valueSpan.end > nameEntry.valueSpan.start ? nameEntry.valueSpan : { start: el.start, end: el.startTagEnd };
  const span = { start: el.start, end: el.end };
  const templated =
    g.templatedKeys || !!url?.templated || !!nameEntry?.templated || !!jndiEntry?.templated || !!driver?.templated ||
    !!lastUrl?.entry.templated || g.validationQueries.some((e) => e.templated) || g.settings.some((e) => e.templated) ||
    hasTemplateLogic(ctx, span);

  let definitionType = 'RDBMS';
  const typeAttr = definition && !generic ? attrNamed(definition, 'type') : null;
  if (typeAttr && typeAttr.valueStart >= 0 && !hasTemplateChar(ctx, typeAttr.valueStart, typeAttr.valueEnd)) {
    definitionType = decodeEntities(ctx.text.slice(typeAttr.valueStart, typeAttr.valueEnd)).trim() || 'RDBMS';
  }

  const parts: XmlDatasourceParts = {
    ctx, element: el, definition, container: config ?? props, format, containerEntries: g.containerEntries, url, urlInCdata,
    connectionEntries: [lastUrl?.entry, driver, validationQuery].filter((e): e is LocatedEntry => !!e),
  };
  return {
    id: '',
    name,
    jndiName: jndiEntry && jndiEntry.value ? jndiEntry.value : null,
    role: roleFromXmlName(name && !nameEntry?.templated ? name : null),
    format,
    headerSpan,
    span,
    definitionType,
    dbType: null,
    url,
    urlEntry: lastUrl?.entry ?? null,
    urlInferred: false,
    driver,
    driverClass,
    validationQuery,
    validationQueries: g.validationQueries,
    settings: g.settings,
    driverProps,
    family: familyOf(url?.subprotocol || null, driverClass, null),
    templated,
    edit: createXmlEditor(parts, { driverProps, settings: g.settings }),
    poolOptionsHeaderSpan: null,
  };
}

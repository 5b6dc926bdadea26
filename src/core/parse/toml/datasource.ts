// One collected datasource record → the located model: its URL (written, or inferred from type/hostname/port/name as
// WSO2's infer.json does), driver, validation queries, pool settings, driver properties and role, and the layout its
// editor needs to add or change a setting in place.
import type { Datasource, DriverProp, JdbcUrl, LocatedEntry, PoolSetting, Span } from '../../model/types';
import { decodeEntities, parseConnectionProperties, parseJdbcUrl } from '../jdbcUrl';
import { CONNECTION_KEYS, TOML_DATABASES, TOML_TOP_LEVEL_KEYS, TOML_TYPE_INFERENCE, familyOf } from '../../knowledge/wso2/knowledge';
import type { DsBuild, Rec } from './collect';
import { TomlDatasourceEditor } from './editor';
import type { TomlDatasourceLayout, TomlLineRef } from './layout';
import type { TomlValueKind } from './syntax';
import type { TemplatedText } from './templated';
import { STRING_KINDS } from './values';

/** The same object becomes the setting, so the editor recognises the entries rules hand back to it. */
function asSetting(loc: LocatedEntry, placement: PoolSetting['placement']): PoolSetting {
  const s = loc as PoolSetting;
  s.placement = placement;
  return s;
}

/** Entries already sorted by position (the usual case): a sort would only copy them. */
function inFileOrder(entries: readonly LocatedEntry[]): boolean {
  for (let i = 1; i < entries.length; i++) if (entries[i].entrySpan.start < entries[i - 1].entrySpan.start) return false;
  return true;
}

/** Where a header or entry sits on its line, for inserting lines after it. */
function lineRef(source: TemplatedText, item: { lineStart: number; lineEnd: number; nextLineStart: number; span: Span }): TomlLineRef {
  const indent = source.text.slice(item.lineStart, item.span.start);
  return {
    lineStart: item.lineStart,
    lineEnd: item.lineEnd,
    nextLineStart: item.nextLineStart,
    indent: /^[ \t]*$/.test(indent) ? indent : '',
  };
}

/** The JDBC URL of a `url = …` entry, parsed on the masked text so template syntax cannot confuse it. */
function urlOf(source: TemplatedText, r: Rec): JdbcUrl | null {
  const v = r.value;
  const isString = STRING_KINDS.has(v.kind);
  if (!isString && v.kind !== 'template') return null;
  const at = isString ? v.content : v.span;
  const url = parseJdbcUrl(source.masked.slice(at.start, at.end), at.start, (s) => source.overlapsTemplate(s));
  if (url && url.templated && source.templates.length) source.unmaskUrl(url);
  return url;
}

/** `type` + `hostname`/`port`/`name` without `url`: the URL WSO2's infer.json builds, located on those keys. */
function inferredUrl(typeRec: Rec, typeVal: string, lastTop: (k: string) => Rec | undefined): JdbcUrl | null {
  const inf = TOML_TYPE_INFERENCE[typeVal];
  const host = lastTop('hostname');
  if (!inf || !inf.defaultPort || !host) return null; // h2 has no host to infer from
  const port = lastTop('port');
  const name = lastTop('name');
  const text =
    inf.urlPrefix +
    host.loc.value.trim() +
    ':' +
    (port ? port.loc.value.trim() : String(inf.defaultPort)) +
    (name ? '/' + name.loc.value.trim() : '');
  const parsed = parseJdbcUrl(text, 0);
  if (!parsed) return null;
  const hostSpan = STRING_KINDS.has(host.value.kind) ? { ...host.value.content } : { ...host.loc.valueSpan };
  const templated = [typeRec, host, port, name].some((r) => r?.loc.templated);
  const span = { ...typeRec.loc.entrySpan };
  return {
    ...parsed,
    text,
    span,
    params: [],
    queryEnd: span.end,
    hasQuery: false,
    templated,
    hosts: parsed.hosts.slice(0, 1).map((h) => ({ ...h, span: hostSpan, templated: h.templated || host.loc.templated })),
  };
}

/** The located datasource of one record, with its editor. */
export function buildDatasource(source: TemplatedText, b: DsBuild, eol: string): Datasource {
  const top = b.top;
  // the last one wins, as in the rendered XML (a backward scan of a few entries: cheaper than a map per datasource)
  const lastTop = (k: string): Rec | undefined => {
    for (let i = top.length - 1; i >= 0; i--) if (top[i].loc.key === k) return top[i];
    return undefined;
  };
  const typeRec = lastTop('type');
  const urlRec = lastTop('url');
  const driverRec = lastTop('driver');
  const isDb = b.kind === 'database';
  const typeVal = typeRec && !typeRec.loc.templated ? typeRec.loc.value.trim().toLowerCase() : null;

  let url: JdbcUrl | null = null;
  let urlInferred = false;
  if (urlRec) url = urlOf(source, urlRec);
  else if (isDb && typeRec && typeVal) {
    url = inferredUrl(typeRec, typeVal, lastTop);
    urlInferred = url !== null;
  }
  const driverClass = driverRec
    ? driverRec.loc.templated
      ? null
      : driverRec.loc.value.trim()
    : (isDb && typeVal && TOML_TYPE_INFERENCE[typeVal]?.driver) || null;

  // settings: misplaced top-level keys and pool_options keys, in file order (same objects as the editor sees)
  const settings: PoolSetting[] = [];
  const topVqs: LocatedEntry[] = [];
  const poolVqs: LocatedEntry[] = [];
  for (const r of b.top) {
    if (r.loc.key === 'validationQuery') topVqs.push(r.loc);
    else if (!TOML_TOP_LEVEL_KEYS.includes(r.loc.key)) settings.push(asSetting(r.loc, 'toml-top'));
  }
  for (const r of b.pool) {
    if (r.loc.key === 'validationQuery') poolVqs.push(r.loc);
    else if (!CONNECTION_KEYS.includes(r.loc.key)) settings.push(asSetting(r.loc, 'toml-pool-options'));
  }
  if (b.top.length && b.pool.length && !inFileOrder(settings)) settings.sort((x, y) => x.entrySpan.start - y.entrySpan.start);
  // The template renders the top-level validationQuery first and pool_options' after it: the later one wins.
  const validationQuery = poolVqs[poolVqs.length - 1] ?? topVqs[topVqs.length - 1] ?? null;
  const validationQueries = topVqs.length === 0 ? poolVqs : poolVqs.length === 0 ? topVqs : [...topVqs, ...poolVqs];
  if (!inFileOrder(validationQueries)) validationQueries.sort((x, y) => x.entrySpan.start - y.entrySpan.start);

  const driverProps: DriverProp[] = [];
  if (url && !urlInferred) {
    for (const p of url.params) driverProps.push({ name: p.name, value: p.value, source: 'url', span: p.span, valueSpan: p.valueSpan });
  }
  for (const r of b.pool) {
    if (r.loc.key !== 'connectionProperties' || !STRING_KINDS.has(r.value.kind)) continue;
    const c = r.value.content;
    for (const p of parseConnectionProperties(source.masked.slice(c.start, c.end), c.start)) {
      const fromText = source.overlapsTemplate(p.span);
      driverProps.push({
        name: fromText ? decodeEntities(source.text.slice(p.span.start, p.valueSpan.start).replace(/=$/, '')).trim() : p.name,
        value: fromText ? decodeEntities(source.text.slice(p.valueSpan.start, p.valueSpan.end)).trim() : p.value,
        source: 'connectionProperties',
        span: p.span,
        valueSpan: p.valueSpan,
      });
    }
  }

  const span = { start: b.first, end: b.last };
  const headerSpan =
    b.mainHeader?.span ?? [b.poolHeader?.span, b.firstKeySpan].filter((s): s is Span => !!s).sort((x, y) => x.start - y.start)[0] ?? span;
  const isTemplated = (r: Rec) => r.loc.templated;
  const templated = b.templatedKeys || b.top.some(isTemplated) || b.pool.some(isTemplated) || source.overlapsTemplate(span);

  let role: Datasource['role'];
  let name: string | null;
  let jndiName: string | null;
  if (isDb) {
    const known = TOML_DATABASES[b.dbName];
    role = known?.role ?? 'unknown';
    name = known?.name ?? null;
    jndiName = known?.jndi ?? null;
  } else {
    role = 'custom';
    name = lastTop('id')?.loc.value ?? null;
    // APIM's template uses jndi_config.name; the kernel's older one renders jdbc/<id>.
    jndiName = b.jndi?.loc.value ?? (name ? `jdbc/${name}` : null);
  }

  const ds: Datasource = {
    id: isDb ? `database.${b.dbName}` : `datasource[${b.index}]`,
    name,
    jndiName,
    role,
    format: 'deployment-toml',
    headerSpan,
    span,
    definitionType: 'RDBMS',
    dbType: typeRec?.loc ?? null,
    url,
    urlEntry: urlRec?.loc ?? null,
    urlInferred,
    driver: driverRec?.loc ?? null,
    driverClass,
    validationQuery,
    validationQueries,
    settings,
    driverProps,
    family: familyOf(url?.subprotocol || null, driverClass, typeVal),
    templated,
    edit: undefined as unknown as Datasource['edit'],
    poolOptionsHeaderSpan: b.poolHeader?.span ?? null,
  };
  // entry → value kind (only the editor asks, when it builds a fix): a scan of a few entries, no map per datasource
  const kindOf = (e: LocatedEntry): TomlValueKind | undefined => {
    for (const r of b.top) if (r.loc === e) return r.value.kind;
    for (const r of b.pool) if (r.loc === e) return r.value.kind;
    return undefined;
  };
  const layout: TomlDatasourceLayout = {
    eol,
    tablePath: b.tablePath,
    mainHeader: b.mainHeader ? lineRef(source, b.mainHeader) : null,
    mainLast: b.mainLast ? lineRef(source, b.mainLast) : null,
    keyPrefix: b.mainHeader ? '' : b.keyPrefix,
    poolTable: b.poolHeader ? { header: lineRef(source, b.poolHeader), last: b.poolLast ? lineRef(source, b.poolLast) : null } : null,
    poolInline: b.inline
      ? {
          span: { ...b.inline.value.span },
          lastEntryEnd: b.inline.value.entries?.length ? b.inline.value.entries[b.inline.value.entries.length - 1].span.end : null,
        }
      : null,
    poolDotted: b.dotted ? { last: lineRef(source, b.dotted), prefix: b.dottedPrefix } : null,
    topEntries: b.top.map((r) => r.loc),
    poolEntries: b.pool.map((r) => r.loc),
    kindOf,
  };
  ds.edit = new TomlDatasourceEditor(source.text, ds, layout);
  return ds;
}

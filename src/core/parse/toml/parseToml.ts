// deployment.toml (APIM 3.x/4.x) → the located datasource model.
// [database.<db>] tables and [[datasource]] entries become Datasources; pool settings come from
// pool_options (sub-table, dotted keys or inline table), misplaced keys directly under the table are kept
// with placement 'toml-top' (WSO2 ignores them; a rule says so). See rule-research.md §0.2 / §0.5.
//
// Modes: a plain `*.toml` file without template syntax is strict: our scanner checks the full grammar and
// TOML's definition rules in the same pass that builds the model; when it finds an error, smol-toml must
// confirm it (we never report an error smol-toml does not see). Templates (Helm/Jinja/ERB, masked first)
// and non-.toml files that embed a deployment.toml (YAML ConfigMaps) are read tolerantly: a line that
// does not parse is skipped.
import type { parse as SmolParse, TomlError as SmolTomlError } from 'smol-toml' with { 'resolution-mode': 'import' };
import type {
  ConfigDocument, Datasource, DriverProp, JdbcUrl, LocatedEntry, ParseError, PoolSetting, Span, TemplateKind, ValueStyle,
} from '../../model/types';
import { detectTemplates, isTemplatedValue, maskTemplates, type TemplateRegion } from '../../text/templates';
import { decodeEntities, parseConnectionProperties, parseJdbcUrl } from '../jdbcUrl';
import { CONNECTION_KEYS, TOML_DATABASES, TOML_TOP_LEVEL_KEYS, TOML_TYPE_INFERENCE, familyOf } from '../../wso2/knowledge';
import { decodeString, scanTomlWith, type TomlEntry, type TomlHeader, type TomlSkipped, type TomlValue, type TomlValueKind, type TomlScanError, type TomlVisitor } from './scanner';
import { TomlDatasourceEditor, type TomlDatasourceLayout, type TomlLineRef } from './editor';

// smol-toml's types describe its ESM build; this CommonJS project loads its CJS build (same API).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: smolParse, TomlError } = require('smol-toml') as { parse: typeof SmolParse; TomlError: typeof SmolTomlError };

export function parseToml(text: string, fileName: string): ConfigDocument {
  try {
    return parseTomlDocument(text, fileName);
  } catch (e) {
    // A bug in this parser, never the user's fault: say so instead of throwing.
    return {
      format: 'deployment-toml', text, templates: [], datasources: [], jvmDns: [], fileSpan: firstLineSpan(text),
      parseError: { message: `aurora-guard could not read this TOML (internal error: ${(e as Error)?.message ?? String(e)})`, span: { start: 0, end: 0 } },
    };
  }
}

function parseTomlDocument(text: string, fileName: string): ConfigDocument {
  const base = fileName.replace(/\\/g, '/').split('/').pop()!.toLowerCase();
  const isTomlFile = base.endsWith('.toml');
  // `deployment.toml.j2` is still a TOML document; `*.yaml` only embeds one (indented under a key).
  const embedded = !base.replace(/\.(j2|jinja2?|erb|gsp|tmpl|tpl|template)$/, '').endsWith('.toml');
  const templates = detectTemplates(text, fileName);
  const doc = (datasources: Datasource[], parseError: ParseError | null): ConfigDocument => ({
    format: 'deployment-toml', text, templates, datasources, parseError, jvmDns: [], fileSpan: firstLineSpan(text),
  });
  const strict = isTomlFile && templates.length === 0;
  const { masked, regions } = maskTemplates(text, templates);
  let builder = new Builder(text, masked, regions, templates, embedded);
  let scan = scanTomlWith(masked, { tolerant: !strict, templates: templates.length > 0 }, builder);
  if (scan.error) {
    const err = confirmedError(text, scan.error);
    if (err) return doc([], err);
    // smol-toml accepts the file: our scanner is stricter than TOML here, so read it tolerantly.
    builder = new Builder(text, masked, regions, templates, embedded);
    scan = scanTomlWith(masked, { tolerant: true, templates: templates.length > 0 }, builder);
  }
  return doc(builder.finish(scan.eol), null);
}

/**
 * The error of a plain TOML file our scanner rejected, once smol-toml confirms the file is invalid (null
 * when smol-toml accepts it). Our message is used when it is on the same line, not after smol-toml's: it
 * names the cause where smol-toml may name a symptom (an unterminated string is "unterminated string" at its
 * quote, not "control characters are not allowed" at the line end).
 */
function confirmedError(text: string, own: TomlScanError): ParseError | null {
  const smol = smolTomlError(text);
  if (smol === 'valid') return null;
  if (smol === 'no-verdict' || (own.offset <= smol.offset && !/[\r\n]/.test(text.slice(own.offset, smol.offset)))) {
    return { message: `TOML is not valid: ${own.message}`, span: errorSpan(text, own.offset) };
  }
  return { message: `TOML is not valid: ${smol.reason}`, span: errorSpan(text, smol.offset) };
}

/** smol-toml's error as reason + offset; 'no-verdict' when it fails for another reason (e.g. its stack). */
function smolTomlError(text: string): { reason: string; offset: number } | 'valid' | 'no-verdict' {
  // A lone CR is a line break for editors and for our scanner; give smol-toml LF there (same length, same offsets).
  const norm = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  try {
    smolParse(norm);
    return 'valid';
  } catch (e) {
    if (!(e instanceof TomlError)) return 'no-verdict';
    let off = 0;
    for (let l = 1; l < e.line; l++) {
      const i = norm.indexOf('\n', off);
      if (i < 0) break;
      off = i + 1;
    }
    let offset = Math.min(text.length, off + Math.max(0, e.column - 1));
    // smol-toml points just inside a table header's bracket(s): include them
    while (offset > 0 && text[offset - 1] === '[' && /^[ \t]*\[*$/.test(text.slice(lineStart(text, offset), offset))) offset--;
    return { reason: e.message.split('\n')[0].replace(/^Invalid TOML document:\s*/, ''), offset };
  }
}

function lineStart(text: string, p: number): number {
  while (p > 0 && text[p - 1] !== '\n' && text[p - 1] !== '\r') p--;
  return p;
}

/** A visible range for an error at `at`: from there to the end of its line; at a line end, the line's content before it. */
function errorSpan(text: string, at: number): Span {
  let end = at;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  while (end > at && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  if (end > at) return { start: at, end };
  let start = lineStart(text, at);
  while (start < at && (text[start] === ' ' || text[start] === '\t')) start++;
  return { start, end: at };
}

function firstLineSpan(text: string): Span {
  const i = text.search(/[\r\n]/);
  return { start: 0, end: i < 0 ? text.length : i };
}

// ── model building ───────────────────────────────────────────────────────────────────────────────

interface Rec {
  loc: LocatedEntry;
  value: TomlValue;
}

interface DsBuild {
  kind: 'database' | 'datasource';
  /** `apim_db` for [database.apim_db]; the array index for [[datasource]]. */
  dbName: string;
  index: number;
  mainHeader: TomlHeader | null;
  poolHeader: TomlHeader | null;
  tablePath: string;
  firstKeySpan: Span | null;
  first: number;
  last: number;
  top: Rec[];
  pool: Rec[];
  inline: TomlEntry | null;
  dotted: TomlEntry | null;
  dottedPrefix: string;
  mainLast: TomlEntry | null;
  poolLast: TomlEntry | null;
  keyPrefix: string;
  jndi: Rec | null;
  templatedKeys: boolean;
}

type Ctx =
  | { kind: 'none' }
  | { kind: 'root' } // before any header: `database.X.k = v`
  | { kind: 'database' } // [database]: `X.k = v`
  | { kind: 'ds'; ds: DsBuild; rel: string[]; section: 'main' | 'pool' | 'other' };

const NONE: Ctx = { kind: 'none' };

/** The same object becomes the setting, so the editor recognises the entries rules hand back to it. */
function asSetting(loc: LocatedEntry, placement: PoolSetting['placement']): PoolSetting {
  const s = loc as PoolSetting;
  s.placement = placement;
  return s;
}
const STRING_KINDS: ReadonlySet<TomlValueKind> = new Set(['basic', 'literal', 'ml-basic', 'ml-literal']);

/** Entries already sorted by position (the usual case): a sort would only copy them. */
function inFileOrder(entries: readonly LocatedEntry[]): boolean {
  for (let i = 1; i < entries.length; i++) if (entries[i].entrySpan.start < entries[i - 1].entrySpan.start) return false;
  return true;
}

/** Builds datasources from the scanner's statement stream. */
class Builder implements TomlVisitor {
  private readonly all: DsBuild[] = [];
  private ctx: Ctx = { kind: 'root' };
  /** Indentation of the current table's header (embedded mode). */
  private ctxIndent = -1;
  /** Latest datasource per [database.X] name (templated files may define one twice in if/else branches). */
  private readonly dbLatest = new Map<string, DsBuild>();
  private custom: DsBuild | null = null;
  private customCount = 0;
  private readonly valueRegions: TemplateRegion[];

  constructor(
    private readonly text: string,
    private readonly masked: string,
    regions: TemplateRegion[],
    private readonly templates: TemplateKind[],
    private readonly embedded: boolean,
  ) {
    this.valueRegions = regions.filter((r) => r.role !== 'comment');
  }

  header(h: TomlHeader): boolean {
    this.ctx = this.headerCtx(h);
    this.ctxIndent = h.span.start - h.lineStart;
    return this.ctx.kind !== 'none'; // entries of other tables are only checked, not built
  }

  entry(e: TomlEntry): void {
    this.dedent(e.span.start, e.lineStart, e.lineEnd);
    this.addEntry(e, this.ctx);
  }

  skipped(s: TomlSkipped): void {
    this.dedent(s.span.end, s.lineStart, s.lineEnd);
  }

  finish(eol: string): Datasource[] {
    return this.all.sort((a, b) => a.first - b.first).map((b) => this.datasource(b, eol));
  }

  /** Embedded mode: a line less indented than the table header ends the TOML inside a YAML block scalar. */
  private dedent(start: number, lineStart: number, lineEnd: number): void {
    if (this.embedded && this.ctx.kind !== 'none' && this.indentOf(start, lineStart, lineEnd) < this.ctxIndent) this.ctx = NONE;
  }

  private indentOf(start: number, lineStart: number, lineEnd: number): number {
    let p = lineStart;
    while (p < lineEnd && (this.masked[p] === ' ' || this.masked[p] === '\t')) p++;
    return Math.min(p, start) - lineStart;
  }

  private newDs(kind: DsBuild['kind'], dbName: string, index: number, at: number): DsBuild {
    const ds: DsBuild = {
      kind, dbName, index, mainHeader: null, poolHeader: null, tablePath: kind === 'database' ? `database.${dbName}` : 'datasource',
      firstKeySpan: null, first: at, last: at, top: [], pool: [], inline: null, dotted: null, dottedPrefix: '', mainLast: null,
      poolLast: null, keyPrefix: '', jndi: null, templatedKeys: false,
    };
    this.all.push(ds);
    if (kind === 'database') this.dbLatest.set(dbName, ds);
    return ds;
  }

  private db(name: string, at: number): DsBuild {
    return this.dbLatest.get(name) ?? this.newDs('database', name, -1, at);
  }

  private extend(ds: DsBuild, start: number, lineEnd: number): void {
    ds.first = Math.min(ds.first, start);
    ds.last = Math.max(ds.last, lineEnd);
  }

  private headerCtx(h: TomlHeader): Ctx {
    if (h.keys.some((k) => k.templated)) return NONE;
    const path = h.keys.map((k) => k.name);
    const written = this.text.slice(h.keys[0].span.start, h.keys[h.keys.length - 1].span.end);
    if (h.array) {
      if (path.length !== 1 || path[0] !== 'datasource') return NONE;
      const ds = this.newDs('datasource', String(this.customCount), this.customCount++, h.span.start);
      ds.mainHeader = h;
      ds.tablePath = written;
      this.custom = ds;
      this.extend(ds, h.span.start, h.lineEnd);
      return { kind: 'ds', ds, rel: [], section: 'main' };
    }
    let ds: DsBuild;
    let rel: string[];
    if (path[0] === 'database') {
      if (path.length === 1) return { kind: 'database' };
      rel = path.slice(2);
      const existing = this.dbLatest.get(path[1]);
      if (rel.length === 0) {
        ds = existing && !existing.mainHeader ? existing : this.newDs('database', path[1], -1, h.span.start);
        ds.mainHeader = h;
        ds.tablePath = written;
      } else ds = existing ?? this.newDs('database', path[1], -1, h.span.start);
    } else if (path[0] === 'datasource' && path.length > 1 && this.custom) {
      ds = this.custom; // [datasource.pool_options] belongs to the latest [[datasource]]
      rel = path.slice(1);
    } else return NONE;
    const section = rel.length === 0 ? 'main' : rel.length === 1 && rel[0] === 'pool_options' ? 'pool' : 'other';
    if (section === 'pool' && !ds.poolHeader) ds.poolHeader = h;
    this.extend(ds, h.span.start, h.lineEnd);
    return { kind: 'ds', ds, rel, section };
  }

  private addEntry(e: TomlEntry, ctx: Ctx): void {
    const keys = e.keys;
    for (const k of keys) {
      if (k.templated) {
        // e.g. `{{ $key }} = "{{ $value }}"` in a range loop: keys unknown until rendered
        if (ctx.kind === 'ds') ctx.ds.templatedKeys = true;
        return;
      }
    }
    let skip = 0; // key segments that name the datasource (headerless forms)
    if (ctx.kind === 'root' && keys[0].name === 'database' && keys.length >= 3) skip = 2;
    else if (ctx.kind === 'database' && keys.length >= 2) skip = 1;
    else if (ctx.kind !== 'ds') return;
    const ds = ctx.kind === 'ds' ? ctx.ds : this.db(keys[skip - 1].name, e.span.start);
    // The key relative to the datasource's table: the header's rest (ctx.rel) then this entry's segments after the
    // `skip` ones, read in place (no array per entry). `off` = index of rel[0] in `keys` (negative: in ctx.rel).
    const headerRel = ctx.kind === 'ds' ? ctx.rel : null;
    const off = headerRel ? -headerRel.length : skip;
    const relLength = keys.length - off;
    const rel = (i: number) => (i + off < 0 ? headerRel![i] : keys[i + off].name);
    if (skip && !ds.keyPrefix) ds.keyPrefix = this.text.slice(keys[0].span.start, keys[skip].span.start);
    ds.firstKeySpan ??= { start: keys[0].span.start, end: keys[keys.length - 1].span.end };
    this.extend(ds, e.span.start, e.lineEnd);
    if (skip || (ctx.kind === 'ds' && ctx.section === 'main')) ds.mainLast = e;
    if (ctx.kind === 'ds' && ctx.section === 'pool') ds.poolLast = e;

    if (relLength === 1) {
      if (rel(0) === 'pool_options' && e.value.kind === 'inline-table') {
        ds.inline = e;
        for (const ie of e.value.entries ?? []) {
          if (ie.keys.some((k) => k.templated)) ds.templatedKeys = true;
          else if (ie.keys.length === 1) ds.pool.push(this.rec(ie));
        }
      } else ds.top.push(this.rec(e));
    } else if (relLength >= 2 && rel(0) === 'pool_options') {
      if (relLength === 2) ds.pool.push(this.rec(e));
      // Index of the `pool_options` segment in this entry's own keys (negative when a header names it).
      const pi = off;
      if (pi >= 0 && pi + 1 < keys.length) {
        // pool_options written as dotted keys (`pool_options.k = v`, `pool_options.x.y = v`) rather than under a
        // [X.pool_options] header: that defines the table, so new keys must stay dotted too (a header would be invalid)
        ds.dotted = e;
        ds.dottedPrefix = this.text.slice(keys[0].span.start, keys[pi + 1].span.start);
      }
    } else if (relLength === 2 && rel(0) === 'jndi_config' && rel(1) === 'name') {
      ds.jndi = this.rec(e);
    }
  }

  /** Regions are sorted and disjoint: binary search keeps heavily templated files linear. */
  private overlapsTemplate(span: Span): boolean {
    const rs = this.valueRegions;
    let lo = 0;
    let hi = rs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rs[mid].end <= span.start) lo = mid + 1;
      else hi = mid;
    }
    return lo < rs.length && rs[lo].start < span.end && (span.start < span.end || rs[lo].start <= span.start);
  }

  private rec(e: TomlEntry): Rec {
    const v = e.value;
    const last = e.keys[e.keys.length - 1];
    let value: string;
    if (STRING_KINDS.has(v.kind)) {
      // a template inside a string is kept as written (its quotes and backslashes are not TOML escapes)
      value = this.overlapsTemplate(v.span)
        ? decodeString(this.text, { ...v, kind: v.kind === 'ml-basic' ? 'ml-literal' : v.kind === 'basic' ? 'literal' : v.kind })
        : decodeString(this.text, v);
    } else value = this.text.slice(v.span.start, v.span.end);
    const style: ValueStyle =
      v.kind === 'basic' ? 'basic-string'
        : v.kind === 'literal' ? 'literal-string'
          : v.kind === 'integer' || v.kind === 'float' || v.kind === 'boolean' || v.kind === 'datetime' ? 'bare'
            : 'other';
    const templated = v.kind === 'template' || this.overlapsTemplate(v.span) || isTemplatedValue(value, v.span, []);
    return { loc: { key: last.name, value, keySpan: last.span, valueSpan: v.span, entrySpan: e.span, style, templated }, value: v };
  }

  private lineRef(item: { lineStart: number; lineEnd: number; nextLineStart: number; span: Span }): TomlLineRef {
    const indent = this.text.slice(item.lineStart, item.span.start);
    return { lineStart: item.lineStart, lineEnd: item.lineEnd, nextLineStart: item.nextLineStart, indent: /^[ \t]*$/.test(indent) ? indent : '' };
  }

  /** The JDBC URL of a `url = …` entry, parsed on the masked text so template syntax cannot confuse it. */
  private urlOf(r: Rec): JdbcUrl | null {
    const v = r.value;
    const isString = STRING_KINDS.has(v.kind);
    if (!isString && v.kind !== 'template') return null;
    const at = isString ? v.content : v.span;
    const url = parseJdbcUrl(this.masked.slice(at.start, at.end), at.start, (s) => this.overlapsTemplate(s));
    if (url && url.templated && this.templates.length) this.unmaskUrl(url);
    return url;
  }

  /** Put the original template text back into the decoded parts of a URL parsed on masked text. */
  private unmaskUrl(url: JdbcUrl): void {
    const t = this.text;
    const dbMasked = url.database;
    url.text = decodeEntities(t.slice(url.span.start, url.span.end));
    for (const h of url.hosts) h.host = decodeEntities(t.slice(h.span.start, h.span.end));
    for (const p of url.params) {
      const hasEq = p.valueSpan.start > p.span.start && this.masked[p.valueSpan.start - 1] === '=';
      p.name = decodeEntities(t.slice(p.span.start, hasEq ? p.valueSpan.start - 1 : p.span.end)).trim();
      p.value = decodeEntities(t.slice(p.valueSpan.start, p.valueSpan.end));
    }
    if (dbMasked && dbMasked.includes('\uE000')) {
      const i = this.masked.slice(url.span.start, url.span.end).indexOf(dbMasked);
      if (i >= 0) url.database = t.slice(url.span.start + i, url.span.start + i + dbMasked.length);
    }
  }

  /** `type` + `hostname`/`port`/`name` without `url`: the URL WSO2's infer.json builds, located on those keys. */
  private inferredUrl(typeRec: Rec, typeVal: string, lastTop: (k: string) => Rec | undefined): JdbcUrl | null {
    const inf = TOML_TYPE_INFERENCE[typeVal];
    const host = lastTop('hostname');
    if (!inf || !inf.defaultPort || !host) return null; // h2 has no host to infer from
    const port = lastTop('port');
    const name = lastTop('name');
    const text = inf.urlPrefix + host.loc.value.trim() + ':' + (port ? port.loc.value.trim() : String(inf.defaultPort)) + (name ? '/' + name.loc.value.trim() : '');
    const parsed = parseJdbcUrl(text, 0);
    if (!parsed) return null;
    const hostSpan = STRING_KINDS.has(host.value.kind) ? { ...host.value.content } : { ...host.loc.valueSpan };
    const templated = [typeRec, host, port, name].some((r) => r?.loc.templated);
    const span = { ...typeRec.loc.entrySpan };
    return {
      ...parsed, text, span, params: [], queryEnd: span.end, hasQuery: false, templated,
      hosts: parsed.hosts.slice(0, 1).map((h) => ({ ...h, span: hostSpan, templated: h.templated || host.loc.templated })),
    };
  }

  private datasource(b: DsBuild, eol: string): Datasource {
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
    if (urlRec) url = this.urlOf(urlRec);
    else if (isDb && typeRec && typeVal) {
      url = this.inferredUrl(typeRec, typeVal, lastTop);
      urlInferred = url !== null;
    }
    const driverClass = driverRec
      ? (driverRec.loc.templated ? null : driverRec.loc.value.trim())
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
      for (const p of parseConnectionProperties(this.masked.slice(c.start, c.end), c.start)) {
        const fromText = this.overlapsTemplate(p.span);
        driverProps.push({
          name: fromText ? decodeEntities(this.text.slice(p.span.start, p.valueSpan.start).replace(/=$/, '')).trim() : p.name,
          value: fromText ? decodeEntities(this.text.slice(p.valueSpan.start, p.valueSpan.end)).trim() : p.value,
          source: 'connectionProperties', span: p.span, valueSpan: p.valueSpan,
        });
      }
    }

    const span = { start: b.first, end: b.last };
    const headerSpan = b.mainHeader?.span
      ?? [b.poolHeader?.span, b.firstKeySpan].filter((s): s is Span => !!s).sort((x, y) => x.start - y.start)[0]
      ?? span;
    const isTemplated = (r: Rec) => r.loc.templated;
    const templated = b.templatedKeys || b.top.some(isTemplated) || b.pool.some(isTemplated) || this.overlapsTemplate(span);

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
      name, jndiName, role, format: 'deployment-toml', headerSpan, span, definitionType: 'RDBMS',
      dbType: typeRec?.loc ?? null, url, urlEntry: urlRec?.loc ?? null, urlInferred,
      driver: driverRec?.loc ?? null, driverClass,
      validationQuery, validationQueries, settings, driverProps,
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
      mainHeader: b.mainHeader ? this.lineRef(b.mainHeader) : null,
      mainLast: b.mainLast ? this.lineRef(b.mainLast) : null,
      keyPrefix: b.mainHeader ? '' : b.keyPrefix,
      poolTable: b.poolHeader ? { header: this.lineRef(b.poolHeader), last: b.poolLast ? this.lineRef(b.poolLast) : null } : null,
      poolInline: b.inline
        ? { span: { ...b.inline.value.span }, lastEntryEnd: b.inline.value.entries?.length ? b.inline.value.entries[b.inline.value.entries.length - 1].span.end : null }
        : null,
      poolDotted: b.dotted ? { last: this.lineRef(b.dotted), prefix: b.dottedPrefix } : null,
      topEntries: b.top.map((r) => r.loc),
      poolEntries: b.pool.map((r) => r.loc),
      kindOf,
    };
    ds.edit = new TomlDatasourceEditor(this.text, ds, layout);
    return ds;
  }
}

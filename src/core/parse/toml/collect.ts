// The statements of a deployment.toml → one record per datasource: which tables and entries belong to which
// [database.<db>] or [[datasource]] (under a header, as dotted keys, or headerless), and how its pool_options are
// written (a sub-table, dotted keys or an inline table). datasource.ts turns each record into the model.
import type { LocatedEntry, Span, ValueStyle } from '../../model/types';
import { isTemplatedValue } from '../../text/templates';
import type { TomlEntry, TomlHeader, TomlSkipped, TomlValue, TomlVisitor } from './syntax';
import type { TemplatedText } from './templated';
import { decodeString, STRING_KINDS } from './values';

/** An entry as the model sees it, with the TOML value it was read from. */
export interface Rec {
  loc: LocatedEntry;
  value: TomlValue;
}

/** What the statements say about one datasource, gathered while scanning. */
export interface DsBuild {
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

/** Collects datasource records from the scanner's statement stream. */
export class DatasourceCollector implements TomlVisitor {
  private readonly all: DsBuild[] = [];
  private ctx: Ctx = { kind: 'root' };
  /** Indentation of the current table's header (embedded mode). */
  private ctxIndent = -1;
  /** Latest datasource per [database.X] name (templated files may define one twice in if/else branches). */
  private readonly dbLatest = new Map<string, DsBuild>();
  private custom: DsBuild | null = null;
  private customCount = 0;

  constructor(
    private readonly source: TemplatedText,
    private readonly embedded: boolean,
  ) {}

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

  /** The datasources' records in file order. */
  records(): DsBuild[] {
    return this.all.sort((a, b) => a.first - b.first);
  }

  /** Embedded mode: a line less indented than the table header ends the TOML inside a YAML block scalar. */
  private dedent(start: number, lineStart: number, lineEnd: number): void {
    if (this.embedded && this.ctx.kind !== 'none' && this.indentOf(start, lineStart, lineEnd) < this.ctxIndent) this.ctx = NONE;
  }

  private indentOf(start: number, lineStart: number, lineEnd: number): number {
    let p = lineStart;
    while (p < lineEnd && (this.source.masked[p] === ' ' || this.source.masked[p] === '\t')) p++;
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
    const written = this.source.text.slice(h.keys[0].span.start, h.keys[h.keys.length - 1].span.end);
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
    if (skip && !ds.keyPrefix) ds.keyPrefix = this.source.text.slice(keys[0].span.start, keys[skip].span.start);
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
        ds.dottedPrefix = this.source.text.slice(keys[0].span.start, keys[pi + 1].span.start);
      }
    } else if (relLength === 2 && rel(0) === 'jndi_config' && rel(1) === 'name') {
      ds.jndi = this.rec(e);
    }
  }

  /** The located entry of `e`: its decoded value, how it is written, whether a template makes it unknown. */
  private rec(e: TomlEntry): Rec {
    const v = e.value;
    const last = e.keys[e.keys.length - 1];
    let value: string;
    if (STRING_KINDS.has(v.kind)) {
      // a template inside a string is kept as written (its quotes and backslashes are not TOML escapes)
      value = this.source.overlapsTemplate(v.span)
        ? decodeString(this.source.text, { ...v, kind: v.kind === 'ml-basic' ? 'ml-literal' : v.kind === 'basic' ? 'literal' : v.kind })
        : decodeString(this.source.text, v);
    } else value = this.source.text.slice(v.span.start, v.span.end);
    const style: ValueStyle =
      v.kind === 'basic' ? 'basic-string'
        : v.kind === 'literal' ? 'literal-string'
          : v.kind === 'integer' || v.kind === 'float' || v.kind === 'boolean' || v.kind === 'datetime' ? 'bare'
            : 'other';
    const templated = v.kind === 'template' || this.source.overlapsTemplate(v.span) || isTemplatedValue(value, v.span, []);
    return { loc: { key: last.name, value, keySpan: last.span, valueSpan: v.span, entrySpan: e.span, style, templated }, value: v };
  }
}

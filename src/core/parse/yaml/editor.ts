// DatasourceEditor for a datasource of a Helm values file (`wso2.apim.configurations.databases.<db>`): minimal
// text edits that keep the file's comments, indentation, quoting style and key order. Pool settings live in
// `<db>.poolParameters` (the chart renders each into [database.<db>.pool_options]); a missing `poolParameters`
// mapping is created under the datasource, after its last key. URL and connectionProperties edits work inside
// a scalar whose characters the source holds one for one (see exactContent), through the TOML editor's URL
// logic, which only ever writes inside the string.
import type { YAMLMap } from 'yaml';
import { isMap, isScalar } from './library';
import type { Datasource, DatasourceEditor, DriverPropSource, JdbcHost, LocatedEntry, TextEdit, UrlParam } from '../../model/types';
import { SHARED_DB_SNAKE_ALIASES } from '../../knowledge/wso2/knowledge';
import { joinTouchingEdits, uniquePairs } from '../../text/edits';
import { TomlDatasourceEditor } from '../toml/editor';
import { rangeOf, type YPair } from './yamlNodes';

export interface HelmDatasourceLayout {
  eol: string;
  /** The `apim_db:` pair. */
  dbPair: YPair;
  /** The `poolParameters:` pair under it, if any. */
  poolPair: YPair | null;
  /** Entries of poolParameters and, for the misplaced ones, directly under the datasource, with their pairs. */
  poolEntries: { entry: LocatedEntry; pair: YPair }[];
  topEntries: { entry: LocatedEntry; pair: YPair }[];
  /** Entries whose scalar holds its characters one for one (URL / connectionProperties edits are safe in them). */
  exact: ReadonlySet<LocatedEntry>;
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const YAML11_WORDS = /^(y|n|yes|no|on|off|true|false|null|~)$/i;

/** A new value: booleans and integers plain, simple words plain, anything else double-quoted (a JSON string is valid YAML). */
export function yamlNewValue(v: string): string {
  if (/^(true|false)$/.test(v) || /^-?\d+$/.test(v)) return v;
  return plainSafe(v) ? v : JSON.stringify(v);
}

function plainSafe(v: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_ ./()=;,+-]*$/.test(v) && !/\s$/.test(v) && !YAML11_WORDS.test(v) && !/:\s|\s#/.test(v);
}

function yamlKey(k: string): string {
  return PLAIN_KEY.test(k) && !YAML11_WORDS.test(k) ? k : JSON.stringify(k);
}

export class HelmValuesEditor implements DatasourceEditor {
  private readonly urlEditor: TomlDatasourceEditor;

  constructor(
    private readonly text: string,
    private readonly ds: Datasource,
    private readonly layout: HelmDatasourceLayout,
  ) {
    // The TOML editor's URL / connectionProperties logic, on the entries whose source is the value itself: plain
    // and single-quoted scalars take the text as is (as a TOML literal string), double-quoted ones with JSON/TOML escapes.
    const exact = (e: LocatedEntry | null) => !!e && layout.exact.has(e);
    const urlEntries = exact(ds.urlEntry) ? [ds.urlEntry!] : [];
    this.urlEditor = new TomlDatasourceEditor(text, { ...ds, urlEntry: exact(ds.urlEntry) ? ds.urlEntry : null }, {
      eol: layout.eol, tablePath: '', mainHeader: null, mainLast: null, keyPrefix: '', poolTable: null, poolInline: null, poolDotted: null,
      topEntries: urlEntries,
      poolEntries: layout.poolEntries.map((p) => p.entry).filter((e) => e.key === 'connectionProperties' && exact(e)),
      kindOf: (e) => (e.style === 'basic-string' ? 'basic' : 'literal'),
    });
  }

  setSetting(name: string, value: string): TextEdit[] {
    return this.setSettings([[name, value]]);
  }

  setSettings(pairs: readonly (readonly [string, string])[]): TextEdit[] {
    const edits: TextEdit[] = [];
    const fresh: string[] = [];
    for (const [name, value] of uniquePairs(pairs)) {
      const existing = this.poolEntryFor(name);
      if (existing) edits.push(this.valueEdit(existing, value));
      else fresh.push(`${yamlKey(name)}: ${yamlNewValue(value)}`);
    }
    if (fresh.length) {
      const ins = this.insertPool(fresh, null);
      if (!ins) return [];
      edits.push(...ins);
    }
    return joinTouchingEdits(edits);
  }

  setDriverProp(name: string, value: string, where?: DriverPropSource): TextEdit[] | null {
    return this.plainAmp(this.urlEditor.setDriverProp(name, value, where));
  }

  /** The TOML editor writes `&amp;` into a URL that has no `&` yet (XML habit); a YAML URL takes a plain `&`. */
  private plainAmp(edits: TextEdit[] | null): TextEdit[] | null {
    const url = this.ds.url;
    if (!edits || !url || this.text.slice(url.span.start, url.queryEnd).includes('&amp;')) return edits;
    return edits.map((e) => (e.span.start >= url.span.start && e.span.end <= url.queryEnd ? { span: e.span, newText: e.newText.replace(/&amp;/g, '&') } : e));
  }

  replaceValue(entry: LocatedEntry, value: string): TextEdit[] {
    return [this.valueEdit(entry, value)];
  }

  removeEntry(entry: LocatedEntry): TextEdit[] {
    const found = this.find(entry);
    if (!found) return [];
    return this.removePair(found.pair, found.map);
  }

  renameKey(entry: LocatedEntry, newKey: string): TextEdit[] {
    const found = this.find(entry);
    if (!found) return [];
    const siblings = found.inPool ? this.layout.poolEntries : this.layout.topEntries;
    const clash = siblings.filter((s) => s.entry !== entry && s.entry.key === newKey).pop();
    if (clash) {
      // renaming onto an existing key would leave two: keep the existing one, with this entry's value
      const removal = this.removePair(found.pair, found.map);
      if (removal.length === 0) return [];
      return joinTouchingEdits([...removal, { span: clash.entry.valueSpan, newText: this.text.slice(entry.valueSpan.start, entry.valueSpan.end) }]);
    }
    const written = this.text[entry.keySpan.start];
    const key = written === '"' ? JSON.stringify(newKey) : written === "'" ? `'${newKey.replace(/'/g, "''")}'` : yamlKey(newKey);
    return [{ span: entry.keySpan, newText: key }];
  }

  moveToPoolOptions(entry: LocatedEntry): TextEdit[] | null {
    const found = this.layout.topEntries.find((t) => t.entry === entry || t.entry.entrySpan.start === entry.entrySpan.start);
    if (!found) return null;
    const removal = this.removePair(found.pair, this.dbMap());
    if (removal.length === 0) return null;
    const valueText = this.text.slice(entry.valueSpan.start, entry.valueSpan.end);
    const existing = this.poolEntryFor(this.canonical(entry.key));
    if (existing) return joinTouchingEdits([...removal, { span: existing.valueSpan, newText: valueText }]);
    if (/[\r\n]/.test(valueText)) return null; // a multi-line value would need re-indenting
    const ins = this.insertPool([`${this.text.slice(entry.keySpan.start, entry.keySpan.end)}: ${valueText}`], found.pair);
    return ins ? joinTouchingEdits([...removal, ...ins]) : null;
  }

  setUrlParam(name: string, value: string): TextEdit[] | null {
    return this.plainAmp(this.urlEditor.setUrlParam(name, value));
  }

  removeUrlParam(param: UrlParam): TextEdit[] {
    return this.ds.urlEntry && this.layout.exact.has(this.ds.urlEntry) ? this.urlEditor.removeUrlParam(param) : [];
  }

  replaceHost(host: JdbcHost, newHost: string): TextEdit[] {
    if (!this.ds.urlEntry || !this.layout.exact.has(this.ds.urlEntry)) return [];
    if (this.ds.urlEntry.style === 'bare' && !/^[A-Za-z0-9.-]+$/.test(newHost)) return [];
    return this.urlEditor.replaceHost(host, newHost);
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────────────

  private canonical(key: string): string {
    return this.ds.role === 'shared_db' && SHARED_DB_SNAKE_ALIASES[key] ? SHARED_DB_SNAKE_ALIASES[key] : key;
  }

  private poolEntryFor(name: string): LocatedEntry | null {
    let found: LocatedEntry | null = null;
    for (const p of this.layout.poolEntries) if (this.canonical(p.entry.key) === name) found = p.entry;
    return found;
  }

  private dbMap(): YAMLMap<unknown, unknown> | null {
    return isMap(this.layout.dbPair.value) ? (this.layout.dbPair.value as YAMLMap<unknown, unknown>) : null;
  }

  private poolMap(): YAMLMap<unknown, unknown> | null {
    const v = this.layout.poolPair?.value;
    return isMap(v) ? (v as YAMLMap<unknown, unknown>) : null;
  }

  private find(entry: LocatedEntry): { pair: YPair; map: YAMLMap<unknown, unknown> | null; inPool: boolean } | null {
    const same = (e: LocatedEntry) => e === entry || (e.keySpan.start === entry.keySpan.start && e.valueSpan.end === entry.valueSpan.end);
    const p = this.layout.poolEntries.find((x) => same(x.entry));
    if (p) return { pair: p.pair, map: this.poolMap(), inPool: true };
    const t = this.layout.topEntries.find((x) => same(x.entry));
    if (t) return { pair: t.pair, map: this.dbMap(), inPool: false };
    return null;
  }

  private valueEdit(entry: LocatedEntry, value: string): TextEdit {
    const span = entry.valueSpan;
    let newText: string;
    switch (entry.style) {
      case 'bare':
        newText = yamlNewValue(value);
        break;
      case 'basic-string':
        newText = JSON.stringify(value);
        break;
      case 'literal-string':
        newText = /[\u0000-\u001f\u007f]/.test(value) ? JSON.stringify(value) : `'${value.replace(/'/g, "''")}'`;
        break;
      default:
        // an empty value (`key:`) gets a space after the colon; a block scalar is replaced by a one-line value
        newText = (span.start === span.end && this.text[span.start - 1] === ':' ? ' ' : '') + yamlNewValue(value);
    }
    return { span: { ...span }, newText };
  }

  private lineStart(p: number): number {
    while (p > 0 && this.text[p - 1] !== '\n' && this.text[p - 1] !== '\r') p--;
    return p;
  }

  private lineEnd(p: number): number {
    while (p < this.text.length && this.text[p] !== '\n' && this.text[p] !== '\r') p++;
    return p;
  }

  private afterEol(p: number): number {
    return this.text[p] === '\r' && this.text[p + 1] === '\n' ? p + 2 : p < this.text.length ? p + 1 : p;
  }

  /** End of the last line a node's content is on (before its line break). */
  private lastLineEnd(node: unknown, fallback: number): number {
    const r = rangeOf(node);
    let e = r ? r[1] : fallback;
    const s = r ? r[0] : fallback;
    while (e > s && (this.text[e - 1] === '\n' || this.text[e - 1] === '\r')) e--;
    return this.lineEnd(Math.max(e, fallback));
  }

  private column(p: number): number {
    return p - this.lineStart(p);
  }

  /** The indentation one level deeper than `keyAt`'s: the file's own step where it shows one, else two spaces. */
  private childIndent(keyAt: number): string {
    const own = this.column(keyAt);
    const dbKey = rangeOf(this.layout.dbPair.key)![0];
    const first = this.dbMap()?.items[0];
    const fr = first ? rangeOf(first.key) : null;
    const step = fr && !this.dbMap()!.flow ? this.column(fr[0]) - this.column(dbKey) : 2;
    return ' '.repeat(own + (step > 0 ? step : 2));
  }

  /** The pair's text lines (with a trailing comment), or the pair and a comma in a flow mapping. */
  private removePair(pair: YPair, map: YAMLMap<unknown, unknown> | null): TextEdit[] {
    const kr = rangeOf(pair.key);
    if (!kr || !map) return [];
    const t = this.text;
    if (map.flow) {
      const vEnd = rangeOf(pair.value)?.[1] ?? kr[1];
      let e = vEnd;
      while (t[e] === ' ' || t[e] === '\t') e++;
      if (t[e] === ',') {
        e++;
        while (t[e] === ' ' || t[e] === '\t') e++;
        return [{ span: { start: kr[0], end: e }, newText: '' }];
      }
      let s = kr[0];
      while (s > 0 && (t[s - 1] === ' ' || t[s - 1] === '\t')) s--;
      if (t[s - 1] === ',') return [{ span: { start: s - 1, end: vEnd }, newText: '' }];
      return [{ span: { start: kr[0], end: vEnd }, newText: '' }];
    }
    const ls = this.lineStart(kr[0]);
    if (t.slice(ls, kr[0]).trim() !== '') return []; // `- key: v` or another construct on the line: no safe deletion
    const le = this.lastLineEnd(pair.value, kr[1]);
    const removal: TextEdit = le < t.length ? { span: { start: ls, end: this.afterEol(le) }, newText: '' } : { span: { start: ls > 0 ? this.lineStartBreak(ls) : ls, end: le }, newText: '' };
    if (map.items.length > 1) return [removal];
    // the only key: keep the mapping (an empty `poolParameters:` would be null, which makes Helm drop the chart's defaults)
    const owner = map === this.poolMap() ? this.layout.poolPair : map === this.dbMap() ? this.layout.dbPair : null;
    const or = owner ? rangeOf(owner.key) : null;
    if (!or) return [];
    const colon = t.indexOf(':', or[1]);
    if (colon < 0 || colon >= ls) return [];
    return [{ span: { start: colon + 1, end: colon + 1 }, newText: ' {}' }, removal];
  }

  /** Offset of the line break before the line that starts at `ls`. */
  private lineStartBreak(ls: number): number {
    return ls >= 2 && this.text[ls - 2] === '\r' && this.text[ls - 1] === '\n' ? ls - 2 : ls - 1;
  }

  /** New `key: value` lines where the chart reads pool parameters (creating `poolParameters:` if needed). */
  private insertPool(lines: string[], exclude: YPair | null): TextEdit[] | null {
    const L = this.layout;
    const eol = L.eol;
    const t = this.text;
    const pool = this.poolMap();
    if (pool && pool.flow) {
      const r = rangeOf(pool);
      if (!r) return null;
      const close = t.lastIndexOf('}', r[1]);
      if (close < r[0]) return null;
      const last = pool.items[pool.items.length - 1];
      if (!last) return [{ span: { start: r[0], end: r[1] }, newText: `{ ${lines.join(', ')} }` }];
      const end = rangeOf(last.value)?.[1] ?? rangeOf(last.key)![1];
      return [{ span: { start: end, end }, newText: ', ' + lines.join(', ') }];
    }
    if (pool && pool.items.length) {
      const last = pool.items[pool.items.length - 1];
      const kr = rangeOf(last.key)!;
      const indent = t.slice(this.lineStart(kr[0]), kr[0]);
      if (indent.trim() !== '') return null;
      const at = this.lastLineEnd(last.value, kr[1]);
      return [{ span: { start: at, end: at }, newText: lines.map((l) => eol + indent + l).join('') }];
    }
    if (L.poolPair) {
      // `poolParameters:` with no value, `~`, `null` or `{}`: the new keys go on the lines below it
      const kr = rangeOf(L.poolPair.key)!;
      const indent = this.childIndent(kr[0]);
      const edits: TextEdit[] = [];
      const v = L.poolPair.value;
      const vr = rangeOf(v);
      if (vr && vr[1] > vr[0]) {
        if (!(isScalar(v) && v.value === null) && !(isMap(v) && (v as YAMLMap).items.length === 0)) return null;
        let s = vr[0];
        while (s > kr[1] && (t[s - 1] === ' ' || t[s - 1] === '\t')) s--;
        edits.push({ span: { start: s, end: vr[1] }, newText: '' });
      }
      const at = this.lineEnd(vr ? Math.max(vr[1], kr[1]) : kr[1]);
      edits.push({ span: { start: at, end: at }, newText: lines.map((l) => eol + indent + l).join('') });
      return edits;
    }
    const db = this.dbMap();
    const dkr = rangeOf(L.dbPair.key)!;
    if (db && db.flow) return null;
    const items = db ? db.items.filter((p) => p !== exclude) : [];
    if (db && items.length) {
      const last = items[items.length - 1];
      const kr = rangeOf(last.key)!;
      const indent = t.slice(this.lineStart(kr[0]), kr[0]);
      if (indent.trim() !== '') return null;
      const at = this.lastLineEnd(last.value, kr[1]);
      const inner = indent + ' '.repeat(Math.max(2, this.column(kr[0]) - this.column(dkr[0])));
      return [{ span: { start: at, end: at }, newText: eol + indent + 'poolParameters:' + lines.map((l) => eol + inner + l).join('') }];
    }
    if (db && db.items.length) return null; // only the excluded key: nothing to anchor to
    // `apim_db:` with no mapping
    const v = L.dbPair.value;
    const vr = rangeOf(v);
    if (vr && vr[1] > vr[0] && !(isScalar(v) && v.value === null) && !(isMap(v) && (v as YAMLMap).items.length === 0)) return null;
    const indent = this.childIndent(dkr[0]);
    const inner = indent + '  ';
    const edits: TextEdit[] = [];
    if (vr && vr[1] > vr[0]) {
      let s = vr[0];
      while (s > dkr[1] && (t[s - 1] === ' ' || t[s - 1] === '\t')) s--;
      edits.push({ span: { start: s, end: vr[1] }, newText: '' });
    }
    const at = this.lineEnd(vr ? Math.max(vr[1], dkr[1]) : dkr[1]);
    edits.push({ span: { start: at, end: at }, newText: eol + indent + 'poolParameters:' + lines.map((l) => eol + inner + l).join('') });
    return edits;
  }
}


// DatasourceEditor for deployment.toml: minimal text edits that keep the user's formatting (quoting
// style, indentation, line endings) and touch nothing else. Every edit list leaves valid TOML.
import type { Datasource, DatasourceEditor, DriverProp, DriverPropSource, JdbcHost, LocatedEntry, Span, TextEdit, UrlParam } from '../../model/types';
import { SHARED_DB_SNAKE_ALIASES } from '../../knowledge/wso2/knowledge';
import { driverPropsInEffect } from '../../knowledge/wso2/driverProps';
import { joinTouchingEdits, uniquePairs } from '../../text/edits';
import type { TomlValueKind } from './syntax';
import { classifyBare } from './values';

/** One line of the file, located. */
export interface TomlLineRef {
  lineStart: number;
  /** Before the line break. */
  lineEnd: number;
  /** After the line break (= lineEnd on a last line without one). */
  nextLineStart: number;
  /** The line's leading whitespace. */
  indent: string;
}

/** Where the parts of one datasource sit in the file: what the editor needs to insert in the right place. */
export interface TomlDatasourceLayout {
  eol: string;
  /** The table name as written in its header (`database.apim_db`, `datasource`), for a new `[….pool_options]`. */
  tablePath: string;
  /** `[database.X]` / `[[datasource]]` header line, if the datasource has one. */
  mainHeader: TomlLineRef | null;
  /** Last key line of the main table (or, without a header, of the datasource's dotted keys). */
  mainLast: TomlLineRef | null;
  /** Key prefix for a datasource written without a header (`database.apim_db.`), else ''. */
  keyPrefix: string;
  /** `[database.X.pool_options]` table: header line and last key line. */
  poolTable: { header: TomlLineRef; last: TomlLineRef | null } | null;
  /** `pool_options = { … }`: the braces and the end of the last pair inside. */
  poolInline: { span: Span; lastEntryEnd: number | null } | null;
  /** Dotted `pool_options.k = v` lines: the last one and the prefix as written (`pool_options.`). */
  poolDotted: { last: TomlLineRef; prefix: string } | null;
  /** Every entry directly in [database.X] (incl. url/username/…), and every pool_options entry. */
  topEntries: LocatedEntry[];
  poolEntries: LocatedEntry[];
  /** The TOML token kind of an entry's value (decides escaping inside strings; only fixes ask). */
  kindOf(entry: LocatedEntry): TomlValueKind | undefined;
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** A TOML basic string for any text. */
export function tomlBasicString(s: string): string {
  return '"' + escapeBasic(s) + '"';
}

function escapeBasic(s: string): string {
  return s.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => {
    switch (c) {
      case '\\': return '\\\\';
      case '"': return '\\"';
      case '\n': return '\\n';
      case '\r': return '\\r';
      case '\t': return '\\t';
      case '\b': return '\\b';
      case '\f': return '\\f';
      default: return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
    }
  });
}

/** How a new value is written: booleans and integers bare, everything else a basic string. */
export function tomlNewValue(value: string): string {
  const k = classifyBare(value);
  return k === 'boolean' || k === 'integer' ? value : tomlBasicString(value);
}

function tomlKey(name: string): string {
  return BARE_KEY.test(name) ? name : tomlBasicString(name);
}

export class TomlDatasourceEditor implements DatasourceEditor {
  constructor(
    private readonly text: string,
    private readonly ds: Datasource,
    private readonly layout: TomlDatasourceLayout,
  ) {}

  setSetting(name: string, value: string): TextEdit[] {
    return this.setSettings([[name, value]]);
  }

  setSettings(pairs: readonly (readonly [string, string])[]): TextEdit[] {
    if (pairs.length === 1) {
      // The usual fix: one setting that exists, replaced in place (what the general path gives, without its lists).
      const [name, value] = pairs[0];
      const existing = name === 'validationQuery' ? this.ds.validationQuery : this.poolEntryFor(name);
      if (existing) {
        const e = this.valueEdit(existing, value);
        return [{ span: { start: e.span.start, end: e.span.end }, newText: e.newText }];
      }
    }
    const L = this.layout;
    const edits: TextEdit[] = [];
    const fresh: string[] = []; // `key = value` pairs for pool_options, inserted together
    let poolSlot = -1; // where the pool_options insertion goes in `edits`: new keys meeting at one place keep the given order
    for (const [name, value] of uniquePairs(pairs)) {
      if (name === 'validationQuery') {
        // Replace the one in effect; a new one goes to the top level of [database.X] (where WSO2's own default lives).
        if (this.ds.validationQuery) {
          edits.push(this.valueEdit(this.ds.validationQuery, value));
          continue;
        }
        const ref = L.mainLast ?? L.mainHeader;
        if (ref && (L.mainHeader || L.keyPrefix)) {
          edits.push(this.insertLinesAfter(ref, [ref.indent + L.keyPrefix + 'validationQuery = ' + tomlNewValue(value)]));
          continue;
        }
        if (poolSlot < 0) poolSlot = edits.length;
        fresh.push('validationQuery = ' + tomlNewValue(value));
        continue;
      }
      const existing = this.poolEntryFor(name);
      if (existing) {
        edits.push(this.valueEdit(existing, value));
      } else {
        if (poolSlot < 0) poolSlot = edits.length;
        fresh.push(tomlKey(name) + ' = ' + tomlNewValue(value));
      }
    }
    if (fresh.length) {
      // A new [X.pool_options] table starts where the main table's keys end: top-level keys added there must precede it.
      const newTable = !L.poolTable && !L.poolInline && !L.poolDotted && !!L.mainHeader;
      const inserted = this.insertPool(fresh);
      if (edits.length === 0) return joinTouchingEdits(inserted);
      edits.splice(newTable ? edits.length : poolSlot, 0, ...inserted);
    }
    return joinTouchingEdits(edits);
  }

  setDriverProp(name: string, value: string, where?: DriverPropSource): TextEdit[] | null {
    const inEffect = driverPropsInEffect(this.ds, name);
    const targets = where ? inEffect.filter((p) => p.source === where) : inEffect;
    if (targets.length === 0) return where && where !== 'url' ? null : this.setUrlParam(name, value);
    const edits: TextEdit[] = [];
    for (const p of targets) {
      const e = p.source === 'url' ? this.setUrlParam(p.name, value) : this.connectionPropertyEdits(p, value);
      if (!e) return null;
      edits.push(...e);
    }
    return joinTouchingEdits(edits);
  }

  replaceValue(entry: LocatedEntry, value: string): TextEdit[] {
    return [this.valueEdit(entry, value)];
  }

  private valueEdit(entry: LocatedEntry, value: string): TextEdit {
    return { span: entry.valueSpan, newText: this.formatKeepingStyle(entry, value) };
  }

  /**
   * Removes the entry's whole line (with its line break) when it stands alone on it — a trailing comment on
   * that line goes with it. Inside an inline table it removes the pair and one adjacent comma.
   */
  removeEntry(entry: LocatedEntry): TextEdit[] {
    const t = this.text;
    const { start, end } = entry.entrySpan;
    const ls = lineStartOf(t, start);
    let p = skipWs(t, end);
    if (t[p] === '#') p = findEol(t, p);
    const aloneOnLine = t.slice(ls, start).trim() === '' && (p >= t.length || t[p] === '\n' || t[p] === '\r');
    if (aloneOnLine) {
      if (p < t.length) return [{ span: { start: ls, end: afterEol(t, p) }, newText: '' }];
      // last line without a line break: take the previous line's break instead
      const prev = ls >= 2 && t[ls - 2] === '\r' && t[ls - 1] === '\n' ? ls - 2 : ls > 0 ? ls - 1 : ls;
      return [{ span: { start: prev, end: p }, newText: '' }];
    }
    // inline table: `{ a = 1, b = 2 }`
    const after = skipWs(t, end);
    if (t[after] === ',') return [{ span: { start, end: skipWs(t, after + 1) }, newText: '' }];
    let b = start;
    while (b > 0 && (t[b - 1] === ' ' || t[b - 1] === '\t')) b--;
    if (t[b - 1] === ',') return [{ span: { start: b - 1, end }, newText: '' }];
    // unparsed text follows on the line (a tolerant, templated file): deleting the entry alone would turn that
    // text into the next statement, so there is no safe deletion
    if (p < t.length && t[p] !== '\n' && t[p] !== '\r') return [];
    return [{ span: { start, end }, newText: '' }];
  }

  renameKey(entry: LocatedEntry, newKey: string): TextEdit[] {
    const siblings = this.containerOf(entry);
    const clash = siblings?.filter((e) => !sameEntry(e, entry) && e.key === newKey).pop();
    if (clash) {
      // Renaming onto an existing key would duplicate it (invalid TOML): keep one key, with this entry's value.
      return [...this.removeEntry(entry), { span: clash.valueSpan, newText: this.text.slice(entry.valueSpan.start, entry.valueSpan.end) }];
    }
    const written = this.text[entry.keySpan.start];
    let key: string;
    if (BARE_KEY.test(newKey) && written !== '"' && written !== "'") key = newKey;
    else if (written === "'" && !/['\r\n]/.test(newKey)) key = `'${newKey}'`;
    else key = tomlBasicString(newKey);
    return [{ span: entry.keySpan, newText: key }];
  }

  moveToPoolOptions(entry: LocatedEntry): TextEdit[] | null {
    if (!findEntry(this.layout.topEntries, entry)) return null;
    const valueText = this.text.slice(entry.valueSpan.start, entry.valueSpan.end);
    const canonical = this.canonical(entry.key);
    const existing = this.layout.poolEntries.filter((e) => this.canonical(e.key) === canonical).pop();
    const removal = this.removeEntry(entry);
    if (removal.length === 0) return null;
    if (existing) return mergeIntoRemoval(this.text, removal, [{ span: existing.valueSpan, newText: valueText }]);
    return mergeIntoRemoval(this.text, removal, this.insertPool([this.text.slice(entry.keySpan.start, entry.keySpan.end) + ' = ' + valueText]));
  }

  setUrlParam(name: string, value: string): TextEdit[] | null {
    const { url, urlEntry } = this.ds;
    if (!url || !urlEntry || this.ds.urlInferred || url.templated || !url.scheme || url.subprotocol === 'oracle') return null;
    const literal = this.isLiteral(urlEntry);
    if (literal && /['\r\n]/.test(name + value)) return null;
    const t = this.text;
    const raw = t.slice(url.span.start, url.queryEnd);
    const xmlAmp = raw.includes('&amp;') || !/&(?!amp;)/.test(raw);
    const enc = (s: string) => this.encodeInString(xmlAmp ? s.replace(/&/g, '&amp;') : s, literal);
    let same = url.params.filter((p) => p.name === name);
    if (same.length === 0) same = url.params.filter((p) => p.name.toLowerCase() === name.toLowerCase());
    if (same.length > 0) {
      return same.map((p) =>
        t.slice(p.span.start, p.span.end).includes('=')
          ? { span: p.valueSpan, newText: enc(value) }
          : { span: { start: p.span.end, end: p.span.end }, newText: '=' + enc(value) },
      );
    }
    const semicolons = url.subprotocol === 'sqlserver' || !url.text.slice(url.scheme.length).startsWith('//');
    const pair = enc(name) + '=' + enc(value);
    let newText: string;
    if (semicolons) newText = (raw.endsWith(';') ? '' : ';') + pair;
    else if (!url.hasQuery) newText = '?' + pair;
    // a trailing '?' is a separator only before the first parameter (`…?useSSL=true?` ends a value, not the query)
    else if (/(&amp;|&)$/.test(raw) || (url.params.length === 0 && raw.endsWith('?'))) newText = pair;
    else newText = (xmlAmp ? '&amp;' : '&') + pair;
    return [{ span: { start: url.queryEnd, end: url.queryEnd }, newText }];
  }

  removeUrlParam(param: UrlParam): TextEdit[] {
    const t = this.text;
    const url = this.ds.url;
    const queryEnd = url ? url.queryEnd : param.span.end;
    const sepAfter = (i: number) => (t.startsWith('&amp;', i) ? 5 : t[i] === '&' || t[i] === ';' ? 1 : 0);
    const sepBefore = (i: number) => (t.slice(i - 5, i) === '&amp;' ? 5 : t[i - 1] === '&' || t[i - 1] === ';' ? 1 : 0);
    let { start, end } = param.span;
    const after = end < queryEnd ? sepAfter(end) : 0;
    if (after > 0) {
      end += after;
      // the only parameter, with a trailing separator: take the '?' too
      if (end >= queryEnd && t[start - 1] === '?') start--;
    } else {
      const before = sepBefore(start);
      if (before > 0) start -= before;
      else if (t[start - 1] === '?') start--;
    }
    return [{ span: { start, end }, newText: '' }];
  }

  replaceHost(host: JdbcHost, newHost: string): TextEdit[] {
    const owner = [this.ds.urlEntry, ...this.layout.topEntries].find(
      (e) => e && e.valueSpan.start <= host.span.start && host.span.end <= e.valueSpan.end,
    );
    return [{ span: host.span, newText: this.encodeInString(newHost, !!owner && this.isLiteral(owner)) }];
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────────────────

  /** The key WSO2 reads a pool_options key as (shared_db maps five snake_case aliases). */
  private canonical(key: string): string {
    return this.ds.role === 'shared_db' && SHARED_DB_SNAKE_ALIASES[key] ? SHARED_DB_SNAKE_ALIASES[key] : key;
  }

  private poolEntryFor(name: string): LocatedEntry | null {
    let found: LocatedEntry | null = null;
    for (const e of this.layout.poolEntries) if (this.canonical(e.key) === name) found = e;
    return found;
  }

  private containerOf(entry: LocatedEntry): LocatedEntry[] | null {
    if (findEntry(this.layout.poolEntries, entry)) return this.layout.poolEntries;
    if (findEntry(this.layout.topEntries, entry)) return this.layout.topEntries;
    return null;
  }

  private isLiteral(entry: LocatedEntry): boolean {
    const { topEntries, poolEntries } = this.layout;
    // as findEntry on both lists joined (identity first, then position), without joining them
    const own = topEntries.find((e) => e === entry) ?? poolEntries.find((e) => e === entry)
      ?? topEntries.find((e) => sameEntry(e, entry)) ?? poolEntries.find((e) => sameEntry(e, entry)) ?? entry;
    const k = this.layout.kindOf(own);
    return k === 'literal' || k === 'ml-literal';
  }

  /** Text to put inside an existing string of the given kind. */
  private encodeInString(s: string, literal: boolean): string {
    return literal ? s : escapeBasic(s);
  }

  private formatKeepingStyle(entry: LocatedEntry, value: string): string {
    switch (entry.style) {
      case 'basic-string':
        return tomlBasicString(value);
      case 'literal-string':
        return /['\u0000-\u0008\u000a-\u001f\u007f]/.test(value) ? tomlBasicString(value) : `'${value}'`;
      case 'bare':
        return classifyBare(value) ? value : tomlBasicString(value);
      default:
        return tomlNewValue(value);
    }
  }

  /** The value of a connectionProperties piece (`a=b;c=d` inside a TOML string), set in place. */
  private connectionPropertyEdits(p: DriverProp, value: string): TextEdit[] | null {
    if (p.source !== 'connectionProperties') return null; // <databaseProps> does not exist in deployment.toml
    const owner = this.layout.poolEntries.find((e) => e.key === 'connectionProperties' && e.valueSpan.start <= p.span.start && p.span.end <= e.valueSpan.end);
    if (!owner) return null;
    const literal = this.isLiteral(owner);
    if (literal && /['\r\n]/.test(value)) return null;
    const enc = this.encodeInString(value, literal);
    if (!this.text.slice(p.span.start, p.span.end).includes('=')) return [{ span: { start: p.span.end, end: p.span.end }, newText: '=' + enc }];
    return [{ span: p.valueSpan, newText: enc }];
  }

  /** New lines after `ref` (before its line break, if it is the last line without one). */
  private insertLinesAfter(ref: TomlLineRef, lines: string[]): TextEdit {
    const { eol } = this.layout;
    if (ref.nextLineStart > ref.lineEnd) return { span: { start: ref.nextLineStart, end: ref.nextLineStart }, newText: lines.map((l) => l + eol).join('') };
    return { span: { start: ref.lineEnd, end: ref.lineEnd }, newText: lines.map((l) => eol + l).join('') };
  }

  /** Insert `key = value` pairs where WSO2 reads pool options, in the form the file already uses (one new table at most). */
  private insertPool(pairs: string[]): TextEdit[] {
    const L = this.layout;
    if (pairs.length === 0) return [];
    if (L.poolTable) {
      const ref = L.poolTable.last ?? L.poolTable.header;
      return [this.insertLinesAfter(ref, pairs.map((p) => ref.indent + p))];
    }
    if (L.poolInline) {
      const t = this.text;
      const { span, lastEntryEnd } = L.poolInline;
      const joined = pairs.join(', ');
      if (lastEntryEnd === null) return [{ span: { start: span.start + 1, end: span.end - 1 }, newText: ` ${joined} ` }];
      // after a trailing comma (TOML 1.1) just add the pairs; else add ", pairs"
      let p = lastEntryEnd;
      while (p < span.end && /[ \t\r\n]/.test(t[p])) p++;
      if (t[p] === ',') return [{ span: { start: p + 1, end: p + 1 }, newText: ' ' + joined }];
      return [{ span: { start: lastEntryEnd, end: lastEntryEnd }, newText: ', ' + joined }];
    }
    if (L.poolDotted) {
      const { last: ref, prefix } = L.poolDotted;
      return [this.insertLinesAfter(ref, pairs.map((p) => ref.indent + prefix + p))];
    }
    if (L.mainHeader) {
      // a new [X.pool_options] table right after the main table's own keys, after a blank line
      const ref = L.mainLast ?? L.mainHeader;
      const keyIndent = ref.indent;
      const header = L.mainHeader.indent + '[' + L.tablePath + '.pool_options]';
      const { eol } = L;
      if (ref.nextLineStart > ref.lineEnd) {
        return [{ span: { start: ref.nextLineStart, end: ref.nextLineStart }, newText: eol + header + eol + pairs.map((p) => keyIndent + p + eol).join('') }];
      }
      return [{ span: { start: ref.lineEnd, end: ref.lineEnd }, newText: eol + eol + header + pairs.map((p) => eol + keyIndent + p).join('') }];
    }
    // no header (dotted keys only): stay dotted, so no header swallows the lines that follow
    const ref = L.mainLast;
    if (!ref) return [];
    return [this.insertLinesAfter(ref, pairs.map((p) => ref.indent + L.keyPrefix + 'pool_options.' + p))];
  }
}

/**
 * One edit list for a removal plus other edits, with no overlaps: an insertion that falls inside a removed range
 * (the last line without a line break is removed together with the line break before it, and the insertion
 * point is that line's start) becomes part of one edit that keeps the removed text before the insertion point
 * (the line break) and, at the end of a file without a final line break, adds none. Touching edits are joined.
 */
function mergeIntoRemoval(t: string, removal: readonly TextEdit[], others: readonly TextEdit[]): TextEdit[] {
  const rest: TextEdit[] = [];
  const removals = removal.map((r) => ({ span: { ...r.span }, newText: r.newText }));
  for (const e of others) {
    const p = e.span.start;
    const host = e.span.start === e.span.end ? removals.find((r) => r.newText === '' && r.span.start < p && p < r.span.end) : undefined;
    if (!host) {
      rest.push(e);
      continue;
    }
    let inserted = e.newText;
    if (host.span.end === t.length && !/[\r\n]$/.test(t)) inserted = inserted.replace(/(\r\n|\r|\n)$/, '');
    host.newText = t.slice(host.span.start, p) + inserted;
  }
  return joinTouchingEdits([...removals, ...rest]);
}

/** Entries are matched by identity, or by position when a caller passes a copy. */
function sameEntry(a: LocatedEntry, b: LocatedEntry): boolean {
  return a === b || (a.entrySpan.start === b.entrySpan.start && a.keySpan.start === b.keySpan.start && a.valueSpan.end === b.valueSpan.end);
}

function findEntry(list: readonly LocatedEntry[], entry: LocatedEntry): LocatedEntry | undefined {
  return list.find((e) => e === entry) ?? list.find((e) => sameEntry(e, entry));
}

function lineStartOf(t: string, p: number): number {
  while (p > 0 && t[p - 1] !== '\n' && t[p - 1] !== '\r') p--;
  return p;
}

function skipWs(t: string, p: number): number {
  while (p < t.length && (t[p] === ' ' || t[p] === '\t')) p++;
  return p;
}

function findEol(t: string, p: number): number {
  while (p < t.length && t[p] !== '\n' && t[p] !== '\r') p++;
  return p;
}

function afterEol(t: string, p: number): number {
  return t[p] === '\r' && t[p + 1] === '\n' ? p + 2 : p + 1;
}

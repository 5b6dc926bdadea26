// A hand-written, located TOML scanner (TOML 1.0 and 1.1 lexical syntax). It streams the document's
// statements — table headers and key/value entries — with exact key and value ranges, in file order.
// Strict mode checks the whole grammar plus TOML's definition rules (duplicate keys, redefined tables:
// definitions.ts), so a valid plain file needs no second parser; it stops at the first error.
//
// Design constraints: linear time, iterative (nested arrays/inline tables use an explicit stack, so any
// depth is fine), never throws. In tolerant mode (templates, YAML around embedded TOML) a statement
// that does not parse is reported as `skipped` and scanning resumes on the next line. Entries of tables
// the visitor is not interested in are checked but not built (most of a deployment.toml is not datasources).
import type { Span } from '../../model/types';
import { Definitions } from './definitions';

const TEMPLATE = 0xe000; // TEMPLATE_CHAR of text/templates.ts: filler for a masked template expression

export type TomlValueKind =
  | 'basic' // "…"
  | 'literal' // '…'
  | 'ml-basic' // """…"""
  | 'ml-literal' // '''…'''
  | 'integer'
  | 'float'
  | 'boolean'
  | 'datetime'
  | 'array'
  | 'inline-table'
  | 'template'; // a masked template expression in value position (tolerant mode only)

export interface TomlKeyPart {
  /** Decoded key segment. */
  name: string;
  /** The segment as written, incl. quotes. */
  span: Span;
  quote: '' | '"' | "'";
  /** The segment is (partly) a masked template expression. */
  templated: boolean;
}

export interface TomlValue {
  kind: TomlValueKind;
  /** The value token as written, incl. quotes/brackets. */
  span: Span;
  /** Strings: the raw text between the delimiters (a multi-line string's first newline included). Others: = span. */
  content: Span;
  /** Inline tables: their key/value pairs in order (else null). Array items are not kept. */
  entries: TomlEntry[] | null;
}

interface LineInfo {
  /** Offset of the start of the line the statement starts on. */
  lineStart: number;
  /** End of the line the statement ends on, before its line break (after any trailing comment). -1 inside inline tables. */
  lineEnd: number;
  /** Offset after that line break (= text length on the last line). -1 inside inline tables. */
  nextLineStart: number;
}

export interface TomlEntry extends LineInfo {
  kind: 'entry';
  keys: TomlKeyPart[];
  value: TomlValue;
  /** From the first key segment to the end of the value. */
  span: Span;
}

export interface TomlHeader extends LineInfo {
  kind: 'header';
  /** `[[x]]` (array of tables) rather than `[x]`. */
  array: boolean;
  keys: TomlKeyPart[];
  /** The whole bracket expression. */
  span: Span;
}

/** Tolerant mode: a statement that did not parse (from its line start to the end of the line of the error). */
export interface TomlSkipped extends LineInfo {
  kind: 'skipped';
  span: Span;
  message: string;
}

export type TomlItem = TomlHeader | TomlEntry | TomlSkipped;

export interface TomlScanError {
  message: string;
  offset: number;
}

export interface TomlScan {
  items: TomlItem[];
  /** Strict mode: the first syntax error (scanning stopped there). Always null in tolerant mode. */
  error: TomlScanError | null;
  /** The file's line ending (its first one; LF when it has none). */
  eol: string;
}

export interface ScanOptions {
  /** Skip statements that do not parse instead of stopping at the first error. */
  tolerant?: boolean;
  /** The text is template-masked: TEMPLATE_CHAR runs are values/keys of unknown content. */
  templates?: boolean;
}

/** Receives statements in file order while scanning (the scanner itself keeps nothing). */
export interface TomlVisitor {
  /** A table header. Return false when the entries under it are of no interest: they are still checked, not built. */
  header(h: TomlHeader): boolean;
  entry(e: TomlEntry): void;
  skipped(s: TomlSkipped): void;
}

interface Fail {
  message: string;
  offset: number;
  /** The construct ran to the end of the text: resume right after its first line. */
  eof: boolean;
}

function fail(message: string, offset: number, eof = false): never {
  // A plain object, not an Error: no stack capture, so tolerant mode can skip many bad lines cheaply.
  throw { message, offset, eof } as Fail;
}

function isFail(e: unknown): e is Fail {
  return typeof e === 'object' && e !== null && typeof (e as Fail).offset === 'number' && typeof (e as Fail).message === 'string';
}

const DEC_INT = /^[+-]?(?:0|[1-9](?:_?\d)*)$/;
const HEX_INT = /^0x[0-9A-Fa-f](?:_?[0-9A-Fa-f])*$/;
const OCT_INT = /^0o[0-7](?:_?[0-7])*$/;
const BIN_INT = /^0b[01](?:_?[01])*$/;
const FLOAT = /^[+-]?(?:0|[1-9](?:_?\d)*)(?:\.\d(?:_?\d)*)?(?:[eE][+-]?\d(?:_?\d)*)?$/;
const SPECIAL_FLOAT = /^[+-]?(?:inf|nan)$/;
const DATETIME = /^\d{4}-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:[Zz]|[+-](\d{2}):(\d{2}))?)?$/;
const LOCAL_TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** Kind of an unquoted TOML value (`50`, `true`, `1e3`, `1979-05-27`), or null if it is not one. */
export function classifyBare(tok: string): 'integer' | 'float' | 'boolean' | 'datetime' | null {
  if (tok === 'true' || tok === 'false') return 'boolean';
  if (DEC_INT.test(tok)) return 'integer';
  if (tok.charCodeAt(0) === 48 /* 0 */ && (HEX_INT.test(tok) || OCT_INT.test(tok) || BIN_INT.test(tok))) return 'integer';
  if (FLOAT.test(tok) || SPECIAL_FLOAT.test(tok)) return 'float';
  const dt = DATETIME.exec(tok);
  if (dt) return inRange(dt[1], 1, 12) && inRange(dt[2], 1, 31) && validTime(dt[3], dt[4], dt[5]) && validTime(dt[6], dt[7], undefined) ? 'datetime' : null;
  const t = LOCAL_TIME.exec(tok);
  if (t) return validTime(t[1], t[2], t[3]) ? 'datetime' : null;
  return null;
}

const inRange = (v: string | undefined, lo: number, hi: number) => v === undefined || (+v >= lo && +v <= hi);
/** Hours 00–23, minutes and seconds 00–59 (what smol-toml accepts; absent parts are fine). */
const validTime = (h: string | undefined, m: string | undefined, sec: string | undefined) => inRange(h, 0, 23) && inRange(m, 0, 59) && inRange(sec, 0, 59);

const isDigit = (c: number) => c >= 48 && c <= 57;
const isHex = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const hexValue = (c: number) => (c <= 57 ? c - 48 : c <= 70 ? c - 55 : c - 87);
/** Ends an unquoted value: whitespace, line break, comment; inside [ ] / { } also , ] }. */
const endsBare = (c: number, inCompound: boolean) =>
  c === 32 || c === 9 || c === 10 || c === 13 || c === 35 || (inCompound && (c === 44 || c === 93 || c === 125));

interface Frame {
  table: boolean;
  close: number;
  start: number;
  /** 0: expecting an item (or the close), 1: after an item, 2: after a comma. */
  state: 0 | 1 | 2;
  keys: TomlKeyPart[] | null;
  entries: TomlEntry[] | null;
  /** Strict mode: the keys this inline table defines. */
  defs: Definitions | null;
}

class Scanner {
  error: TomlScanError | null = null;
  private readonly n: number;
  /** Scratch: where the last key/value read ended (saves a result object per call). */
  private end = 0;
  /** Build the entries of the current table (false: only check them). */
  private collect = true;
  /** Work spent on statements that were then skipped: bounds tolerant mode to linear time on hostile input. */
  private work = 0;
  /** Tolerant mode: from this offset on there is no closing triple quote (learnt from an unterminated string). */
  private readonly noMlClose = [Infinity, Infinity];
  /** Strict mode: the document's tables and keys, for TOML's definition rules. */
  private readonly defs: Definitions | null;
  /**
   * Scratch: decoded segments of the last key read (strict mode or when collecting), the first `nameCount` of them.
   * Reused by every key and never shortened (shortening an array can free its store; the next push would make another).
   */
  private readonly names: string[] = [];
  private nameCount = 0;

  constructor(
    private readonly text: string,
    private readonly tolerant: boolean,
    private readonly templates: boolean,
    private readonly visitor: TomlVisitor,
  ) {
    this.n = text.length;
    this.defs = tolerant ? null : new Definitions();
  }

  run(): void {
    const { text, n } = this;
    const budget = 16 * n + 100_000;
    let p = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    for (;;) {
      let start = p;
      let item: TomlHeader | TomlEntry | null = null;
      let end = -1;
      try {
        p = this.skipBlank(p);
        if (p >= n) return;
        start = p;
        if (text.charCodeAt(p) === 91 /* [ */) {
          item = this.header(p);
          end = item.span.end;
        } else {
          item = this.entry(p);
          end = this.end;
        }
        const eolAt = this.endOfStatement(end);
        p = this.afterEol(eolAt);
        if (item) this.emit(item, eolAt, p);
      } catch (e) {
        if (!isFail(e)) throw e;
        if (!this.tolerant) {
          this.error = { message: e.message, offset: Math.min(e.offset, n) };
          return;
        }
        if (end >= 0) {
          // The statement itself is fine, only junk follows it on the line: keep it, drop the junk.
          const eolAt = this.findEol(end);
          p = this.afterEol(eolAt);
          if (item) this.emit(item, eolAt, p);
          continue;
        }
        p = this.skip(start, e);
        if (this.work > budget) return;
      }
    }
  }

  private emit(item: TomlHeader | TomlEntry, lineEnd: number, next: number): void {
    item.lineEnd = lineEnd;
    item.nextLineStart = next;
    if (item.kind === 'header') this.collect = this.visitor.header(item) !== false;
    else this.visitor.entry(item);
  }

  /** Tolerant recovery: report the statement as skipped and resume on the line after the error. */
  private skip(start: number, e: Fail): number {
    const at = e.eof ? start : Math.max(start, Math.min(e.offset, this.n));
    const lineEnd = this.findEol(at);
    const next = this.afterEol(lineEnd);
    this.work += (e.eof ? this.n : lineEnd) - start;
    const lineStart = this.lineStartOf(start);
    this.visitor.skipped({ kind: 'skipped', span: { start: lineStart, end: lineEnd }, lineStart, lineEnd, nextLineStart: next, message: e.message });
    return next;
  }

  private cc(i: number): number {
    return this.text.charCodeAt(i);
  }

  private lineStartOf(p: number): number {
    while (p > 0) {
      const c = this.text.charCodeAt(p - 1);
      if (c === 10 || c === 13) break;
      p--;
    }
    return p;
  }

  private findEol(p: number): number {
    const { text, n } = this;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === 10 || c === 13) return p;
      p++;
    }
    return n;
  }

  private afterEol(i: number): number {
    if (i >= this.n) return this.n;
    return this.text.charCodeAt(i) === 13 && this.text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }

  private skipWs(p: number): number {
    const { text, n } = this;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c !== 32 && c !== 9) break;
      p++;
    }
    return p;
  }

  /** Skip a comment starting at `p` (on '#'); returns the offset of its line break (or the end). */
  private comment(p: number): number {
    if (this.tolerant) return this.findEol(p);
    const { text, n } = this;
    for (p++; p < n; p++) {
      const c = text.charCodeAt(p);
      if (c === 10 || c === 13) break;
      if ((c < 32 && c !== 9) || c === 127) fail('control characters are not allowed in comments', p);
    }
    return p;
  }

  /** Skip whitespace, line breaks and comments. */
  private skipBlank(p: number): number {
    const { text, n } = this;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === 32 || c === 9 || c === 10 || c === 13) p++;
      else if (c === 35 /* # */) p = this.comment(p);
      else break;
    }
    return p;
  }

  /** After a statement: optional whitespace and comment, then a line break or the end. Returns the line-break offset. */
  private endOfStatement(p: number): number {
    p = this.skipWs(p);
    if (this.cc(p) === 35) p = this.comment(p);
    if (p < this.n) {
      const c = this.cc(p);
      if (c !== 10 && c !== 13) fail('expected the end of the line (one key = value or [table] per line)', p);
    }
    return p;
  }

  private isBareKeyChar(c: number): boolean {
    return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || (c === TEMPLATE && this.templates);
  }

  private header(p: number): TomlHeader {
    const start = p;
    const array = this.cc(p + 1) === 91;
    const keys = this.key(p + (array ? 2 : 1), true)!;
    p = this.skipWs(this.end);
    if (this.cc(p) !== 93 /* ] */ || (array && this.cc(p + 1) !== 93)) {
      fail(array ? 'expected "]]" to close the [[array of tables]] header' : 'expected "]" to close the [table] header', p);
    }
    p += array ? 2 : 1;
    const problem = this.defs?.header(this.names, this.nameCount, array);
    if (problem) fail(problem, start);
    return { kind: 'header', array, keys, span: { start, end: p }, lineStart: this.lineStartOf(start), lineEnd: -1, nextLineStart: -1 };
  }

  /** A key/value line; null (after checking it) when this table's entries are not collected. `this.end` = value end. */
  private entry(p: number): TomlEntry | null {
    const collect = this.collect;
    const keys = this.key(p, collect);
    const problem = this.defs?.key(this.names, this.nameCount);
    if (problem) fail(problem, p);
    let q = this.skipWs(this.end);
    if (this.cc(q) !== 61 /* = */) fail('expected "=" after the key', q);
    q = this.skipWs(q + 1);
    const value = this.value(q, false, collect);
    if (!keys || !value) return null;
    return {
      kind: 'entry', keys, value, span: { start: keys[0].span.start, end: value.span.end },
      lineStart: this.lineStartOf(p), lineEnd: -1, nextLineStart: -1,
    };
  }

  /** A (dotted) key: bare or quoted segments separated by dots, whitespace allowed around the dots. `this.end` = its end. */
  private key(p: number, collect: boolean): TomlKeyPart[] | null {
    // Most keys have one segment: the parts array is made only for a second one, and `names` is a scratch array
    // (Definitions reads it at once and keeps only the strings).
    let first: TomlKeyPart | null = null;
    let parts: TomlKeyPart[] | null = null;
    const names = this.names;
    const wantNames = collect || this.defs !== null;
    let count = 0;
    for (;;) {
      p = this.skipWs(p);
      const c = this.cc(p);
      let part: TomlKeyPart | null = null;
      if (c === 34 || c === 39) {
        if (this.cc(p + 1) === c && this.cc(p + 2) === c) fail('a key cannot be a multi-line string', p);
        const e = this.singleString(p, c === 39);
        if (wantNames) {
          const v: TomlValue = { kind: c === 39 ? 'literal' : 'basic', span: { start: p, end: e }, content: { start: p + 1, end: e - 1 }, entries: null };
          const name = decodeString(this.text, v);
          names[count] = name;
          if (collect) part = { name, span: v.span, quote: c === 34 ? '"' : "'", templated: name.includes('\uE000') };
        }
        p = e;
      } else if (p < this.n && this.isBareKeyChar(c)) {
        let q = p + 1;
        while (q < this.n && this.isBareKeyChar(this.cc(q))) q++;
        if (wantNames) {
          const name = this.text.slice(p, q);
          names[count] = name;
          if (collect) part = { name, span: { start: p, end: q }, quote: '', templated: this.templates && name.includes('\uE000') };
        }
        p = q;
      } else {
        fail(count ? 'expected a key after "."' : 'expected a key (letters, digits, "_", "-" or a quoted string)', p);
      }
      if (part) {
        if (first === null) first = part;
        else if (parts === null) parts = [first, part];
        else parts.push(part);
      }
      count++;
      p = this.skipWs(p);
      if (this.cc(p) !== 46 /* . */) {
        this.end = p;
        this.nameCount = count;
        return collect ? (parts ?? [first!]) : null;
      }
      p++;
    }
  }

  /** A value at `p`; null when not collecting. `this.end` = its end. */
  private value(p: number, inCompound: boolean, collect: boolean): TomlValue | null {
    const c = this.cc(p);
    let kind: TomlValueKind;
    let end: number;
    let cs = p;
    let ce: number;
    if (c === 34 || c === 39) {
      if (this.cc(p + 1) === c && this.cc(p + 2) === c) {
        end = this.mlString(p, c === 39);
        kind = c === 39 ? 'ml-literal' : 'ml-basic';
        cs = p + 3;
        ce = this.end;
      } else {
        end = this.singleString(p, c === 39);
        kind = c === 39 ? 'literal' : 'basic';
        cs = p + 1;
        ce = end - 1;
      }
    } else if (c === 91 || c === 123) {
      return this.compound(p, collect);
    } else {
      kind = this.bare(p, inCompound);
      end = ce = this.end;
    }
    this.end = end;
    if (!collect) return null;
    const span = { start: p, end };
    return { kind, span, content: cs === p ? span : { start: cs, end: ce }, entries: null };
  }

  /** Returns the offset after the closing quote. */
  private singleString(p: number, literal: boolean): number {
    const { text, n } = this;
    const q = literal ? 39 : 34;
    let i = p + 1;
    for (;;) {
      if (i >= n) fail('unterminated string', p);
      const c = text.charCodeAt(i);
      if (c === q) return i + 1;
      if (c === 10 || c === 13) fail('unterminated string (a single-line string cannot span lines)', p);
      if (c === 92 /* \ */ && !literal) {
        i = this.escape(i, false);
        continue;
      }
      if (!this.tolerant && ((c < 32 && c !== 9) || c === 127)) fail('control characters are not allowed in strings', i);
      i++;
    }
  }

  /** Returns the offset after the closing delimiter; `this.end` = end of the content. */
  private mlString(p: number, literal: boolean): number {
    const { text, n } = this;
    const q = literal ? 39 : 34;
    const slot = literal ? 1 : 0;
    if (this.noMlClose[slot] <= p) fail('unterminated multi-line string', p, true);
    let i = p + 3;
    for (;;) {
      if (i >= n) {
        this.noMlClose[slot] = Math.min(this.noMlClose[slot], p);
        fail('unterminated multi-line string', p, true);
      }
      const c = text.charCodeAt(i);
      if (c === q && text.charCodeAt(i + 1) === q && text.charCodeAt(i + 2) === q) {
        // Up to two more quotes right before the closing delimiter belong to the content.
        let extra = 0;
        while (extra < 2 && text.charCodeAt(i + 3 + extra) === q) extra++;
        this.end = i + extra;
        return i + 3 + extra;
      }
      if (c === 92 && !literal) {
        i = this.escape(i, true);
        continue;
      }
      if (!this.tolerant && ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127)) fail('control characters are not allowed in strings', i);
      i++;
    }
  }

  /** Validate the escape sequence at `i` (on the backslash); returns the offset after it. */
  private escape(i: number, ml: boolean): number {
    const c = this.cc(i + 1);
    switch (c) {
      case 98: case 116: case 110: case 102: case 114: case 101: case 34: case 92: // b t n f r e " and backslash
        return i + 2;
      case 120: case 117: case 85: { // x u U
        const len = c === 120 ? 2 : c === 117 ? 4 : 8;
        let v = 0;
        for (let j = 0; j < len; j++) {
          const h = this.cc(i + 2 + j);
          if (!isHex(h)) fail(`invalid \\${String.fromCharCode(c)} escape: expected ${len} hex digits`, i);
          v = v * 16 + hexValue(h);
        }
        if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) fail('escape is not a valid Unicode scalar value', i);
        return i + 2 + len;
      }
      default: {
        if (ml && (c === 32 || c === 9 || c === 10 || c === 13)) {
          // Line-ending backslash: only whitespace may follow it on its line; it eats all following blank space.
          let j = this.skipWs(i + 1);
          const d = this.cc(j);
          if (d !== 10 && d !== 13) fail('only whitespace may follow a line-ending backslash', i);
          while (j < this.n) {
            const e = this.cc(j);
            if (e !== 32 && e !== 9 && e !== 10 && e !== 13) break;
            j++;
          }
          return j;
        }
        fail(i + 1 >= this.n ? 'unterminated string' : `invalid escape sequence \\${this.text[i + 1]}`, i);
      }
    }
  }

  /** An unquoted value: number, boolean, date/time — or, in a template, a masked expression. `this.end` = its end. */
  private bare(p: number, inCompound: boolean): TomlValueKind {
    const { text, n } = this;
    let i = p;
    while (i < n && !endsBare(text.charCodeAt(i), inCompound)) i++;
    // `1979-05-27 07:32:00`: a space may separate date and time.
    if (i - p === 10 && text.charCodeAt(i) === 32 && isDigit(text.charCodeAt(i + 1)) && isDigit(text.charCodeAt(i + 2)) && text.charCodeAt(i + 3) === 58 && DATE_ONLY.test(text.slice(p, i))) {
      i++;
      while (i < n && !endsBare(text.charCodeAt(i), inCompound)) i++;
    }
    if (i === p) fail('expected a value', p);
    const tok = text.slice(p, i);
    if (this.templates && tok.includes('\uE000')) {
      if (!inCompound) {
        // `k = {{ a }} {{ b }}`: the rest of the line (before a comment) is the templated value.
        let j = i;
        while (j < n && text.charCodeAt(j) !== 10 && text.charCodeAt(j) !== 13 && text.charCodeAt(j) !== 35) j++;
        while (j > i && (text.charCodeAt(j - 1) === 32 || text.charCodeAt(j - 1) === 9)) j--;
        i = j;
      }
      this.end = i;
      return 'template';
    }
    const kind = classifyBare(tok);
    if (!kind) fail(`invalid value ${JSON.stringify(tok.length > 40 ? tok.slice(0, 40) + '…' : tok)} (strings need quotes)`, p);
    this.end = i;
    return kind;
  }

  /** Arrays and inline tables, nested to any depth, without recursion. Null when not collecting. `this.end` = its end. */
  private compound(p0: number, collect: boolean): TomlValue | null {
    const stack: Frame[] = [this.frame(p0, collect)];
    let i = p0 + 1;
    for (;;) {
      const f = stack[stack.length - 1];
      i = this.skipBlank(i); // TOML 1.1 allows line breaks and comments inside inline tables too
      if (i >= this.n) fail(f.table ? 'unterminated inline table (missing "}")' : 'unterminated array (missing "]")', f.start, true);
      const c = this.cc(i);
      if (c === f.close) {
        // empty, after an item, or after a trailing comma
        const span = { start: f.start, end: i + 1 };
        const v: TomlValue | null = collect ? { kind: f.table ? 'inline-table' : 'array', span, content: span, entries: f.entries } : null;
        stack.pop();
        i++;
        if (stack.length === 0) {
          this.end = i;
          return v;
        }
        this.attach(stack[stack.length - 1], v);
        continue;
      }
      if (f.state === 1) {
        if (c !== 44 /* , */) fail(`expected "," or "${String.fromCharCode(f.close)}"`, i);
        f.state = 2;
        i++;
        continue;
      }
      if (f.table) {
        f.keys = this.key(i, collect);
        const problem = f.defs?.key(this.names, this.nameCount);
        if (problem) fail(problem, i);
        const q = this.skipWs(this.end);
        if (this.cc(q) !== 61) fail('expected "=" after the key', q);
        i = this.skipWs(q + 1);
      }
      const d = this.cc(i);
      if (d === 91 || d === 123) {
        stack.push(this.frame(i, collect));
        i++;
        continue;
      }
      if (d === 44) fail('expected a value before ","', i);
      this.attach(f, this.value(i, true, collect));
      i = this.end;
    }
  }

  private frame(p: number, collect: boolean): Frame {
    const table = this.cc(p) === 123;
    return {
      table, close: table ? 125 : 93, start: p, state: 0, keys: null, entries: table && collect ? [] : null,
      defs: table && this.defs ? new Definitions() : null,
    };
  }

  private attach(f: Frame, v: TomlValue | null): void {
    f.state = 1;
    if (f.entries && f.keys && v) {
      f.entries.push({
        kind: 'entry', keys: f.keys, value: v, span: { start: f.keys[0].span.start, end: v.span.end }, lineStart: -1, lineEnd: -1, nextLineStart: -1,
      });
    }
    f.keys = null;
  }
}

/** Scan TOML text, streaming its statements to `visitor`. Never throws (a throwing visitor ends the scan). */
export function scanTomlWith(text: string, options: ScanOptions, visitor: TomlVisitor): { error: TomlScanError | null; eol: string } {
  const s = new Scanner(text, !!options.tolerant, !!options.templates, visitor);
  try {
    s.run();
  } catch (e) {
    // Only a bug gets here; what was read so far stands.
    if (!options.tolerant) s.error ??= { message: `internal scanner error: ${(e as Error)?.message ?? String(e)}`, offset: 0 };
  }
  return { error: s.error, eol: detectEol(text) };
}

/** Scan TOML text into located statements, all kept (tests, tools). Never throws. */
export function scanToml(text: string, options: ScanOptions = {}): TomlScan {
  const items: TomlItem[] = [];
  const keep = (i: TomlItem) => {
    items.push(i);
    return true;
  };
  const r = scanTomlWith(text, options, { header: keep, entry: keep, skipped: keep });
  return { items, error: r.error, eol: r.eol };
}

/** The first line break of the text (LF when there is none). */
export function detectEol(text: string): string {
  const i = text.search(/[\r\n]/);
  if (i < 0) return '\n';
  return text[i] === '\n' ? '\n' : text[i + 1] === '\n' ? '\r\n' : '\r';
}

/** The decoded value of a string token (escapes resolved, a multi-line string's first newline trimmed). */
export function decodeString(text: string, v: TomlValue): string {
  let { start } = v.content;
  const { end } = v.content;
  const ml = v.kind === 'ml-basic' || v.kind === 'ml-literal';
  if (ml) {
    if (text.charCodeAt(start) === 10) start++;
    else if (text.charCodeAt(start) === 13) start += text.charCodeAt(start + 1) === 10 ? 2 : 1;
    if (start > end) start = end;
  }
  if (v.kind === 'literal' || v.kind === 'ml-literal') return text.slice(start, end);
  const raw = text.slice(start, end);
  return raw.includes('\\') ? unescapeBasic(raw, ml) : raw;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\x1b', '"': '"', '\\': '\\' };

/** Resolve basic-string escapes; lenient (an invalid escape is kept as written). */
function unescapeBasic(raw: string, ml: boolean): string {
  let out = '';
  let last = 0;
  for (let i = raw.indexOf('\\'); i >= 0; i = raw.indexOf('\\', i)) {
    out += raw.slice(last, i);
    const c = raw[i + 1];
    if (c !== undefined && SIMPLE_ESCAPES[c] !== undefined) {
      out += SIMPLE_ESCAPES[c];
      i += 2;
    } else if (c === 'x' || c === 'u' || c === 'U') {
      const len = c === 'x' ? 2 : c === 'u' ? 4 : 8;
      const hex = raw.slice(i + 2, i + 2 + len);
      const cp = hex.length === len && /^[0-9A-Fa-f]+$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
        out += String.fromCodePoint(cp);
        i += 2 + len;
      } else {
        out += '\\';
        i += 1;
      }
    } else if (ml && isLineEndingBackslash(raw, i)) {
      // drop the backslash and all whitespace and line breaks after it
      i++;
      while (i < raw.length && (raw[i] === ' ' || raw[i] === '\t' || raw[i] === '\r' || raw[i] === '\n')) i++;
    } else {
      out += '\\';
      i += 1;
    }
    last = i;
  }
  return out + raw.slice(last);
}

function isLineEndingBackslash(raw: string, i: number): boolean {
  let j = i + 1;
  while (raw[j] === ' ' || raw[j] === '\t') j++;
  return raw[j] === '\n' || raw[j] === '\r';
}

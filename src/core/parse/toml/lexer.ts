// The TOML lexer: keys (bare, quoted, dotted), strings and their escapes, unquoted values, and arrays and inline
// tables nested to any depth (an explicit stack, no recursion), each read at an offset with its exact range. The
// statement structure (headers, entries, line ends, tolerant recovery) is scanner.ts, built on this class.
//
// Errors are thrown as plain Fail objects (no stack capture: tolerant mode skips many bad lines cheaply); the
// scanner catches them. Strict mode also checks TOML's control-character rules and the keys of inline tables.
import { Definitions } from './definitions';
import type { TomlEntry, TomlKeyPart, TomlValue, TomlValueKind } from './syntax';
import { classifyBare, decodeString } from './values';

const TEMPLATE = 0xe000; // TEMPLATE_CHAR of text/templates.ts: filler for a masked template expression
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export interface Fail {
  message: string;
  offset: number;
  /** The construct ran to the end of the text: resume right after its first line. */
  eof: boolean;
}

export function fail(message: string, offset: number, eof = false): never {
  // A plain object, not an Error: no stack capture, so tolerant mode can skip many bad lines cheaply.
  throw { message, offset, eof } as Fail;
}

export function isFail(e: unknown): e is Fail {
  return typeof e === 'object' && e !== null && typeof (e as Fail).offset === 'number' && typeof (e as Fail).message === 'string';
}

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

export class TomlLexer {
  protected readonly n: number;
  /** Scratch: where the last key/value read ended (saves a result object per call). */
  protected end = 0;
  /** Tolerant mode: from this offset on there is no closing triple quote (learnt from an unterminated string). */
  private readonly noMlClose = [Infinity, Infinity];
  /**
   * Scratch: decoded segments of the last key read (strict mode or when collecting), the first `nameCount` of them.
   * Reused by every key and never shortened (shortening an array can free its store; the next push would make another).
   */
  protected readonly names: string[] = [];
  protected nameCount = 0;

  constructor(
    protected readonly text: string,
    protected readonly tolerant: boolean,
    private readonly templates: boolean,
  ) {
    this.n = text.length;
  }

  protected cc(i: number): number {
    return this.text.charCodeAt(i);
  }

  protected lineStartOf(p: number): number {
    while (p > 0) {
      const c = this.text.charCodeAt(p - 1);
      if (c === 10 || c === 13) break;
      p--;
    }
    return p;
  }

  protected findEol(p: number): number {
    const { text, n } = this;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === 10 || c === 13) return p;
      p++;
    }
    return n;
  }

  protected afterEol(i: number): number {
    if (i >= this.n) return this.n;
    return this.text.charCodeAt(i) === 13 && this.text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }

  protected skipWs(p: number): number {
    const { text, n } = this;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c !== 32 && c !== 9) break;
      p++;
    }
    return p;
  }

  /** Skip a comment starting at `p` (on '#'); returns the offset of its line break (or the end). */
  protected comment(p: number): number {
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
  protected skipBlank(p: number): number {
    const { text, n } = this;
    while (p < n) {
      const c = text.charCodeAt(p);
      if (c === 32 || c === 9 || c === 10 || c === 13) p++;
      else if (c === 35 /* # */) p = this.comment(p);
      else break;
    }
    return p;
  }

  private isBareKeyChar(c: number): boolean {
    return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || (c === TEMPLATE && this.templates);
  }

  /** A (dotted) key: bare or quoted segments separated by dots, whitespace allowed around the dots. `this.end` = its end. */
  protected key(p: number, collect: boolean): TomlKeyPart[] | null {
    // Most keys have one segment: the parts array is made only for a second one, and `names` is a scratch array
    // (Definitions reads it at once and keeps only the strings).
    let first: TomlKeyPart | null = null;
    let parts: TomlKeyPart[] | null = null;
    const names = this.names;
    const wantNames = collect || !this.tolerant; // strict mode checks the names
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
  protected value(p: number, inCompound: boolean, collect: boolean): TomlValue | null {
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
      defs: table && !this.tolerant ? new Definitions() : null,
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

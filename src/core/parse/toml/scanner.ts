// A hand-written, located TOML scanner (TOML 1.0 and 1.1 lexical syntax). It streams the document's
// statements — table headers and key/value entries — with exact key and value ranges, in file order.
// Strict mode checks the whole grammar plus TOML's definition rules (duplicate keys, redefined tables:
// definitions.ts), so a valid plain file needs no second parser; it stops at the first error.
//
// Design constraints: linear time, iterative (nested arrays/inline tables use an explicit stack, so any
// depth is fine), never throws. In tolerant mode (templates, YAML around embedded TOML) a statement
// that does not parse is reported as `skipped` and scanning resumes on the next line. Entries of tables
// the visitor is not interested in are checked but not built (most of a deployment.toml is not datasources).
//
// This file is the statement structure: one header or key = value per line, what may follow it, and tolerant
// recovery. Keys and values themselves are read by the lexer (lexer.ts).
import { Definitions } from './definitions';
import { fail, isFail, TomlLexer, type Fail } from './lexer';
import type { ScanOptions, TomlEntry, TomlHeader, TomlItem, TomlScan, TomlScanError, TomlVisitor } from './syntax';

class TomlScanner extends TomlLexer {
  error: TomlScanError | null = null;
  /** Build the entries of the current table (false: only check them). */
  private collect = true;
  /** Work spent on statements that were then skipped: bounds tolerant mode to linear time on hostile input. */
  private work = 0;
  /** Strict mode: the document's tables and keys, for TOML's definition rules. */
  private readonly defs: Definitions | null;

  constructor(text: string, tolerant: boolean, templates: boolean, private readonly visitor: TomlVisitor) {
    super(text, tolerant, templates);
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
}

/** Scan TOML text, streaming its statements to `visitor`. Never throws (a throwing visitor ends the scan). */
export function scanTomlWith(text: string, options: ScanOptions, visitor: TomlVisitor): { error: TomlScanError | null; eol: string } {
  const s = new TomlScanner(text, !!options.tolerant, !!options.templates, visitor);
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

// The located TOML statements the scanner reports (table headers, key/value entries, skipped lines), and the
// visitor that receives them in file order.
import type { Span } from '../../model/types';

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

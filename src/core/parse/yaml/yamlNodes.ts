// Reading YAML with the `yaml` package, located: every node keeps its source range (UTF-16 offsets into the
// text, the unit the model uses), so findings and edits land on the characters the user wrote.
import type { Document, Node as YamlNode, Pair, Scalar, YAMLMap } from 'yaml';
import { isMap, isScalar, parseAllDocuments } from './library';
import type { LocatedEntry, ParseError, Span, ValueStyle } from '../../model/types';
import { isTemplatedValue } from '../../text/templates';

export type YPair = Pair<unknown, unknown>;

export interface YamlRead {
  docs: Document.Parsed[];
  /** The first syntax error of the stream, located; null when the text is valid YAML. */
  error: ParseError | null;
}

/**
 * The documents of a YAML stream, read as Helm reads values (YAML 1.1 scalars: `yes`/`no` are booleans), duplicate
 * keys allowed (the last one wins, as in Helm).
 */
export function readYaml(text: string): YamlRead {
  const docs = parseAllDocuments(text, { keepSourceTokens: true, version: '1.1', uniqueKeys: false, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [];
  for (const d of list) {
    const e = d.errors[0];
    if (e) {
      const start = Math.max(0, Math.min(text.length, e.pos[0]));
      const end = Math.max(start, Math.min(text.length, e.pos[1]));
      return { docs: list, error: { message: `YAML is not valid: ${e.message.split('\n')[0]}`, span: { start, end } } };
    }
  }
  return { docs: list, error: null };
}

export function keyName(p: YPair): string | null {
  const k = p.key;
  if (isScalar(k)) return k.value === null || k.value === undefined ? null : String(k.value);
  return null;
}

/** The pair of `key` in a map (the last one: Helm keeps the last of duplicate keys), or null. */
export function mapGet(map: unknown, key: string): YPair | null {
  if (!isMap(map)) return null;
  let found: YPair | null = null;
  for (const p of (map as YAMLMap<unknown, unknown>).items) if (keyName(p) === key) found = p;
  return found;
}

/** Follow a path of keys from a node; the pair of the last key, or null. */
export function pathGet(node: unknown, path: readonly string[]): YPair | null {
  let cur: unknown = node;
  let pair: YPair | null = null;
  for (const k of path) {
    pair = mapGet(cur, k);
    if (!pair) return null;
    cur = pair.value;
  }
  return pair;
}

export function rangeOf(node: unknown): [number, number, number] | null {
  const r = (node as YamlNode | null)?.range;
  return r ? [r[0], r[1], r[2]] : null;
}

export function isBlockScalar(node: unknown): boolean {
  return isScalar(node) && (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED');
}

/** Span of a value as written: quotes included; a block scalar from its header to its last content character. */
export function valueSpanOf(text: string, node: unknown, after: number): Span {
  const r = rangeOf(node);
  if (!r) return { start: after, end: after };
  let end = r[1];
  if (isBlockScalar(node)) while (end > r[0] && (text[end - 1] === '\n' || text[end - 1] === '\r')) end--;
  return { start: r[0], end };
}

/**
 * Where the characters of a scalar's value sit, when the source holds them one for one (a plain scalar on one line,
 * a quoted one without escapes or folding): what lets a JDBC URL or connectionProperties be located and edited
 * inside it. Null otherwise.
 */
export function exactContent(text: string, node: unknown): Span | null {
  if (!isScalar(node) || typeof node.value !== 'string') return null;
  const r = rangeOf(node);
  if (!r) return null;
  const s = node as Scalar;
  let span: Span;
  if (s.type === 'PLAIN') span = { start: r[0], end: r[1] };
  else if (s.type === 'QUOTE_DOUBLE' || s.type === 'QUOTE_SINGLE') span = { start: r[0] + 1, end: r[1] - 1 };
  else return null;
  return text.slice(span.start, span.end) === node.value ? span : null;
}

/** The value of a scalar as Helm's template prints it (`{{ $value }}`): booleans true/false, numbers as written. */
export function scalarText(text: string, node: unknown): string {
  if (node === null || node === undefined) return '';
  if (!isScalar(node)) {
    const r = rangeOf(node);
    return r ? text.slice(r[0], r[1]) : '';
  }
  const v = node.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number' || typeof v === 'bigint') return node.source ?? String(v);
  return String(v);
}

export function styleOf(node: unknown): ValueStyle {
  if (!isScalar(node)) return 'other';
  switch (node.type) {
    case 'PLAIN':
      return node.value === null ? 'other' : 'bare';
    case 'QUOTE_DOUBLE':
      return 'basic-string';
    case 'QUOTE_SINGLE':
      return 'literal-string';
    default:
      return 'other';
  }
}

/** A `key: value` pair as a located entry of the model. */
export function entryOf(text: string, p: YPair): LocatedEntry | null {
  const kr = rangeOf(p.key);
  const key = keyName(p);
  if (!kr || key === null) return null;
  const valueSpan = valueSpanOf(text, p.value, kr[1]);
  const value = scalarText(text, p.value);
  const entrySpan = { start: kr[0], end: Math.max(kr[1], valueSpan.end) };
  const templated = /\{\{/.test(value) || isTemplatedValue(value, valueSpan, []);
  return { key, value, keySpan: { start: kr[0], end: kr[1] }, valueSpan, entrySpan, style: styleOf(p.value), templated };
}

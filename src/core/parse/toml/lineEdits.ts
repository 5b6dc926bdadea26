// Where new lines and pairs go, and what goes when an entry is removed: the insertion and deletion edits of the
// TOML editor, kept to whole lines (or one pair and its comma inside an inline table) so the file stays valid.
import type { LocatedEntry, TextEdit } from '../../model/types';
import { joinTouchingEdits } from '../../text/edits';
import type { TomlDatasourceLayout, TomlLineRef } from './layout';

/**
 * Removes the entry's whole line (with its line break) when it stands alone on it — a trailing comment on
 * that line goes with it. Inside an inline table it removes the pair and one adjacent comma.
 */
export function removeEntryEdits(t: string, entry: LocatedEntry): TextEdit[] {
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

/** New lines after `ref` (before its line break, if it is the last line without one). */
export function insertLinesAfter(eol: string, ref: TomlLineRef, lines: string[]): TextEdit {
  if (ref.nextLineStart > ref.lineEnd)
    return { span: { start: ref.nextLineStart, end: ref.nextLineStart }, newText: lines.map((l) => l + eol).join('') };
  return { span: { start: ref.lineEnd, end: ref.lineEnd }, newText: lines.map((l) => eol + l).join('') };
}

/** Insert `key = value` pairs where WSO2 reads pool options, in the form the file already uses (one new table at most). */
export function insertPool(t: string, L: TomlDatasourceLayout, pairs: string[]): TextEdit[] {
  if (pairs.length === 0) return [];
  if (L.poolTable) {
    const ref = L.poolTable.last ?? L.poolTable.header;
    return [
      insertLinesAfter(
        L.eol,
        ref,
        pairs.map((p) => ref.indent + p),
      ),
    ];
  }
  if (L.poolInline) {
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
    return [
      insertLinesAfter(
        L.eol,
        ref,
        pairs.map((p) => ref.indent + prefix + p),
      ),
    ];
  }
  if (L.mainHeader) {
    // a new [X.pool_options] table right after the main table's own keys, after a blank line
    const ref = L.mainLast ?? L.mainHeader;
    const keyIndent = ref.indent;
    const header = L.mainHeader.indent + '[' + L.tablePath + '.pool_options]';
    const { eol } = L;
    if (ref.nextLineStart > ref.lineEnd) {
      return [
        {
          span: { start: ref.nextLineStart, end: ref.nextLineStart },
          newText: eol + header + eol + pairs.map((p) => keyIndent + p + eol).join(''),
        },
      ];
    }
    return [
      { span: { start: ref.lineEnd, end: ref.lineEnd }, newText: eol + eol + header + pairs.map((p) => eol + keyIndent + p).join('') },
    ];
  }
  // no header (dotted keys only): stay dotted, so no header swallows the lines that follow
  const ref = L.mainLast;
  if (!ref) return [];
  return [
    insertLinesAfter(
      L.eol,
      ref,
      pairs.map((p) => ref.indent + L.keyPrefix + 'pool_options.' + p),
    ),
  ];
}

/**
 * One edit list for a removal plus other edits, with no overlaps: an insertion that falls inside a removed range
 * (the last line without a line break is removed together with the line break before it, and the insertion
 * point is that line's start) becomes part of one edit that keeps the removed text before the insertion point
 * (the line break) and, at the end of a file without a final line break, adds none. Touching edits are joined.
 */
export function mergeIntoRemoval(t: string, removal: readonly TextEdit[], others: readonly TextEdit[]): TextEdit[] {
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

// Small operations on edit lists that both DatasourceEditors need.
import type { TextEdit } from '../model/types';

/**
 * One edit list whose edits neither overlap nor touch: edits that meet at one offset (a replacement and
 * an insertion right after it, or two insertions at the same place) become one edit, their texts in
 * list order. Editors that build several edits for one fix use it, so every client applies them alike.
 */
export function joinTouchingEdits(edits: readonly TextEdit[]): TextEdit[] {
  // most fixes are one edit: the same copy, without a sort
  if (edits.length === 1) return [{ span: { start: edits[0].span.start, end: edits[0].span.end }, newText: edits[0].newText }];
  const order = (a: TextEdit, b: TextEdit) => a.span.start - b.span.start || a.span.end - b.span.end;
  let inOrder = true;
  for (let i = 1; i < edits.length && inOrder; i++) inOrder = order(edits[i - 1], edits[i]) <= 0;
  // a stable sort of a list already in order is the list itself
  const sorted = inOrder ? edits : [...edits].sort(order);
  const out: TextEdit[] = [];
  for (const e of sorted) {
    const prev = out[out.length - 1];
    if (prev && e.span.start === prev.span.end) {
      out[out.length - 1] = { span: { start: prev.span.start, end: e.span.end }, newText: prev.newText + e.newText };
    } else {
      out.push({ span: { ...e.span }, newText: e.newText });
    }
  }
  return out;
}

/** The pairs of a multi-key set: one per name, the last value given for it, in first-seen order. */
export function uniquePairs(pairs: readonly (readonly [string, string])[]): readonly (readonly [string, string])[] {
  if (pairs.length <= 1) return pairs; // already unique (most calls set one setting)
  const m = new Map<string, string>();
  for (const [k, v] of pairs) m.set(k, v);
  return [...m];
}

// Apply plain edit lists to text. Edits of one fix must not overlap; edits are applied back to front.
import type { TextEdit } from '../model/types';

export class EditConflictError extends Error {}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].span.start < sorted[i - 1].span.end) throw new EditConflictError('overlapping edits');
  }
  for (const e of sorted) {
    if (e.span.start < 0 || e.span.end > text.length || e.span.start > e.span.end) throw new EditConflictError('edit outside the text');
  }
  let out = '';
  let last = 0;
  for (const e of sorted) {
    out += text.slice(last, e.span.start) + e.newText;
    last = e.span.end;
  }
  return out + text.slice(last);
}

// Count violations by kind, keep the first input of each distinct bug, and reduce it to a small
// reproduction (delta debugging over lines, then characters) within a time budget.
import type { Violation } from './check';
import { signature } from './check';

export interface Example {
  signature: string;
  count: number;
  /** Where the input came from: seed file, run index, mutations, options. */
  origin: string;
  fileName: string;
  optionsLabel: string;
  violation: Violation;
  /** The failing input (kept whole only when small). */
  text: string;
  reduced?: string;
}

export class Recorder {
  readonly byKind = new Map<string, number>();
  readonly examples = new Map<string, Example>();
  /** Examples reduced so far (reduction is bounded per recorder, so a run with many bugs stays short). */
  private reducedCount = 0;

  add(vs: Violation[], ctx: { origin: string; fileName: string; format: string; optionsLabel: string; text: string }): void {
    for (const v of vs) {
      this.byKind.set(v.kind, (this.byKind.get(v.kind) ?? 0) + 1);
      const sig = signature(v, ctx.format);
      const ex = this.examples.get(sig);
      if (ex) ex.count++;
      else
        this.examples.set(sig, {
          signature: sig,
          count: 1,
          origin: ctx.origin,
          fileName: ctx.fileName,
          optionsLabel: ctx.optionsLabel,
          violation: v,
          text: ctx.text,
        });
    }
  }

  count(...kinds: string[]): number {
    return kinds.reduce((n, k) => n + (this.byKind.get(k) ?? 0), 0);
  }

  total(): number {
    let n = 0;
    for (const c of this.byKind.values()) n += c;
    return n;
  }

  /** Reduce the first example of each distinct bug not reduced yet, each within `budgetMs`, at most `max` in all. */
  reduceAll(pred: (ex: Example, text: string) => boolean, budgetMs: number, max = 6): void {
    for (const ex of this.examples.values()) {
      if (ex.reduced !== undefined || !ex.text) continue;
      if (this.reducedCount >= max) break;
      this.reducedCount++;
      ex.reduced = reduceText(ex.text, (t) => pred(ex, t), budgetMs);
    }
  }

  /** Counts by signature now, to report only what a test added (see report). */
  mark(): Map<string, number> {
    return new Map([...this.examples.values()].map((e) => [e.signature, e.count]));
  }

  report(since?: Map<string, number>): string {
    const lines: string[] = [];
    for (const ex of this.examples.values()) {
      if (since && (since.get(ex.signature) ?? 0) >= ex.count) continue;
      lines.push(`- [${ex.count}×] ${ex.signature}`);
      lines.push(`    ${ex.violation.detail.slice(0, 500)}`);
      lines.push(`    input: ${ex.origin}; options: ${ex.optionsLabel}; file name: ${ex.fileName}`);
      if (ex.reduced !== undefined)
        lines.push(
          `    reduced input (${ex.reduced.length} chars): ${JSON.stringify(ex.reduced.length > 1500 ? ex.reduced.slice(0, 1500) + '…' : ex.reduced)}`,
        );
    }
    return lines.join('\n');
  }

  toJSON() {
    return {
      byKind: Object.fromEntries(this.byKind),
      bugs: [...this.examples.values()].map((ex) => ({
        signature: ex.signature,
        count: ex.count,
        detail: ex.violation.detail,
        origin: ex.origin,
        fileName: ex.fileName,
        options: ex.optionsLabel,
        reduced: ex.reduced ?? null,
        inputLength: ex.text.length,
        input: ex.text.length <= 4000 ? ex.text : null,
      })),
    };
  }
}

function safe(pred: (t: string) => boolean, t: string): boolean {
  try {
    return pred(t);
  } catch {
    return false;
  }
}

/** ddmin over pieces: remove chunks while the predicate still holds. */
function ddmin(pieces: string[], pred: (t: string) => boolean, deadline: number): string[] {
  let cur = pieces;
  let n = 2;
  while (cur.length >= 2 && Date.now() < deadline) {
    const size = Math.ceil(cur.length / n);
    let reduced = false;
    for (let i = 0; i < cur.length && Date.now() < deadline; i += size) {
      const cand = cur.slice(0, i).concat(cur.slice(i + size));
      if (safe(pred, cand.join(''))) {
        cur = cand;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (n >= cur.length) break;
      n = Math.min(cur.length, n * 2);
    }
  }
  return cur;
}

/** A smaller text for which pred still holds (the input itself when pred does not hold on it). */
export function reduceText(text: string, pred: (t: string) => boolean, budgetMs: number): string {
  const deadline = Date.now() + budgetMs;
  if (!safe(pred, text)) return text;
  const lines = text.match(/[^\r\n]*(\r\n|\r|\n)|[^\r\n]+$/g) ?? [text];
  let t = ddmin(lines, pred, deadline).join('');
  // characters: in big pieces first (a long value halves quickly), then one by one
  t = ddmin([...t], pred, deadline).join('');
  return t;
}

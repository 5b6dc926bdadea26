// Inline suppression comments. They are found by their text alone, whatever the comment syntax around
// them (XML <!-- -->, TOML/shell #, Helm {{/* */}}, Jinja {# #}, ERB <%# %>), so they survive templates.
//   aurora-guard-disable-next-line RULE[, RULE…]   the next line that is not only a comment
//   aurora-guard-disable-line RULE…                 this line
//   aurora-guard-disable-file RULE…                 the whole file
// With no rule id, every rule is meant. Text after " -- " is a reason and ignored.
import { LineIndex } from '../text/lineIndex';

export interface Suppressions {
  file: Set<string> | 'all' | null;
  /** 0-based line → rule ids (or 'all'). */
  lines: Map<number, Set<string> | 'all'>;
}

const DIRECTIVE = /aurora-guard-disable(-next-line|-line|-file)\b([^\n\r]*)/g;
const RULE_ID = /[a-z0-9]+\/[a-z0-9-]+/g;
const COMMENT_ONLY = /^\s*(<!--.*-->|#.*|\{\{-?\s*\/\*.*\*\/\s*-?\}\}|\{#.*#\}|<%#.*%>|)\s*$/;

function ruleSet(rest: string): Set<string> | 'all' {
  const body = rest.split(' -- ')[0];
  const ids = body.match(RULE_ID);
  return ids && ids.length ? new Set(ids) : 'all';
}

function add(target: Set<string> | 'all' | null | undefined, more: Set<string> | 'all'): Set<string> | 'all' {
  if (target === 'all' || more === 'all') return 'all';
  const s = new Set(target ?? []);
  for (const r of more) s.add(r);
  return s;
}

export function findSuppressions(text: string, index = new LineIndex(text)): Suppressions {
  const out: Suppressions = { file: null, lines: new Map() };
  if (!text.includes('aurora-guard-disable')) return out;
  // nextTarget[l]: the first line at or after l that is not only a comment (lineCount when there is none).
  // Computed once, on the first -next-line directive, with one backward pass: stacked directives would
  // otherwise each walk forward over all the comment lines after them (quadratic).
  let nextTarget: Int32Array | null = null;
  const targetFrom = (first: number): number => {
    if (first >= index.lineCount) return first;
    if (!nextTarget) {
      const n = index.lineCount;
      nextTarget = new Int32Array(n + 1);
      nextTarget[n] = n;
      for (let l = n - 1; l >= 0; l--) {
        const t = text.slice(index.lineStart(l), index.lineEnd(l));
        const commentOnly = COMMENT_ONLY.test(t) && t.trim() !== '';
        nextTarget[l] = commentOnly ? nextTarget[l + 1] : l;
      }
    }
    return nextTarget[first];
  };
  DIRECTIVE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DIRECTIVE.exec(text))) {
    const rules = ruleSet(m[2]);
    const line = index.position(m.index).line;
    if (m[1] === '-file') out.file = add(out.file, rules);
    else if (m[1] === '-line') out.lines.set(line, add(out.lines.get(line), rules));
    else {
      // the next line that is not only a comment (so stacked directives all apply to the same line)
      const target = targetFrom(line + 1);
      out.lines.set(target, add(out.lines.get(target), rules));
    }
  }
  return out;
}

export function isSuppressed(s: Suppressions, ruleId: string, line: number): boolean {
  if (s.file === 'all' || s.file?.has(ruleId)) return true;
  const l = s.lines.get(line);
  return l === 'all' || (l !== undefined && l.has(ruleId));
}

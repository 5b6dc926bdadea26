// Reports written as they are produced, one file at a time: memory holds one file's findings, not the run's.
// The bytes are exactly those of the whole-report functions (toText, JSON.stringify(toJsonReport(…), null, 2),
// JSON.stringify(toSarif(…), null, 2)): JSON and SARIF are cut around their results array, and each element is
// indented as JSON.stringify would indent it there.
import type { FileResult } from './positions';
import type { Rule } from '../rules/types';
import type { Colors, Counts } from './text';
import { countFixable, textLine, textSummary } from './text';
import { LineIndex } from '../text/lineIndex';
import { toJsonFinding } from './json';
import type { SarifOptions } from './sarif';
import { eachSarifResult, sarifLog, sarifRuleIndex } from './sarif';

export type ReportFormat = 'text' | 'json' | 'sarif';

export interface ReportWriter {
  /** Report one file (its findings as they should be shown, e.g. errors only with --quiet). */
  file(r: FileResult): void;
  /**
   * Finish: the text summary, or the closing brackets. `skipped`: named files that are not files this tool reads;
   * `hidden`: findings left out of the report (--quiet), said in the text summary.
   */
  end(skipped: number, hidden?: { warning: number; info: number }): void;
}

const PLACEHOLDER = '"@@aurora-guard-results-placeholder@@"';

/** An array's elements, written one by one inside `head` … `tail` as JSON.stringify(…, null, 2) lays them out. */
class ArrayWriter {
  private count = 0;
  private readonly head: string;
  private readonly tail: string;
  private readonly indent: string;

  /**
   * `skeleton`: the whole document (or an element of an enclosing array, whose lines are indented by `outer`) with one
   * placeholder element where the elements go.
   */
  constructor(
    private readonly write: (s: string) => void,
    skeleton: string,
    outer = '',
  ) {
    const at = skeleton.indexOf(PLACEHOLDER);
    const lineStart = skeleton.lastIndexOf('\n', at) + 1;
    this.indent = outer + skeleton.slice(lineStart, at);
    // head ends with the '[', tail starts with the ']' (its indentation included)
    this.head = skeleton.slice(0, lineStart - 1).replace(/\n/g, `\n${outer}`);
    this.tail = skeleton.slice(at + PLACEHOLDER.length).replace(/\n/g, `\n${outer}`);
    this.write(this.head);
  }

  /** Start an element whose own content is written by `inner` (an array inside it). */
  open(): string {
    this.write(this.count++ === 0 ? '\n' : ',\n');
    return this.indent;
  }

  element(value: unknown): void {
    const body = JSON.stringify(value, null, 2).replace(/\n/g, `\n${this.indent}`);
    this.write(`${this.count++ === 0 ? '\n' : ',\n'}${this.indent}${body}`);
  }

  end(): void {
    // no element: "[]" as JSON.stringify writes an empty array
    this.write(this.count === 0 ? this.tail.replace(/^\n\s*/, '') : this.tail);
  }
}

export function createReportWriter(
  format: ReportFormat,
  write: (s: string) => void,
  opts: { colors?: Colors; rules: readonly Rule[]; sarif?: SarifOptions },
): ReportWriter {
  if (format === 'json') {
    const arr = new ArrayWriter(write, JSON.stringify([JSON.parse(PLACEHOLDER)], null, 2) + '\n');
    return {
      // each file's findings one by one too: one file can have a million of them (a 50 MB file)
      file: (r) => {
        const indent = arr.open();
        const findings = new ArrayWriter(
          write,
          indent + JSON.stringify({ file: r.file, findings: [JSON.parse(PLACEHOLDER)] }, null, 2),
          indent,
        );
        const index = new LineIndex(r.text);
        for (const f of r.findings) findings.element(toJsonFinding(index, f));
        findings.end();
      },
      end: () => arr.end(),
    };
  }
  if (format === 'sarif') {
    const log = sarifLog(opts.rules, [JSON.parse(PLACEHOLDER)], opts.sarif);
    const arr = new ArrayWriter(write, JSON.stringify(log, null, 2) + '\n');
    const ruleIndex = sarifRuleIndex(opts.rules);
    return {
      file: (r) => {
        for (const x of eachSarifResult(r, ruleIndex, opts.sarif)) arr.element(x);
      },
      end: () => arr.end(),
    };
  }
  const counts: Counts = { error: 0, warning: 0, info: 0 };
  let files = 0;
  let fixable = 0;
  return {
    file: (r) => {
      files++;
      for (const f of r.findings) counts[f.severity]++;
      fixable += countFixable(r);
      const index = new LineIndex(r.text);
      for (const f of r.findings) write(textLine(r.file, index, f, opts.colors));
    },
    end: (skipped, hidden) => {
      const summary = textSummary(counts, files, fixable, opts.colors, skipped);
      const n = hidden ? hidden.warning + hidden.info : 0;
      // "… in 25 files." → "… in 25 files (144 warnings, 195 info not shown: --quiet)."
      write(
        n
          ? summary.replace(
              /\.(\S*)\n$/,
              ` (${hidden!.warning} warning${hidden!.warning === 1 ? '' : 's'}, ${hidden!.info} info not shown: --quiet).$1\n`,
            )
          : summary,
      );
    },
  };
}

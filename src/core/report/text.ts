// `--format text`: file:line:col  severity  rule-id  message, and a summary line.
import type { FileResult } from './positions';
import { range1 } from './positions';
import { LineIndex } from '../text/lineIndex';
import type { Finding } from '../rules/types';

export interface Colors {
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const PLAIN: Colors = { red: (s) => s, yellow: (s) => s, blue: (s) => s, dim: (s) => s, bold: (s) => s };

export interface Counts {
  error: number;
  warning: number;
  info: number;
}

export function countBySeverity(results: FileResult[]): Counts {
  const c = { error: 0, warning: 0, info: 0 };
  for (const r of results) for (const f of r.findings) c[f.severity]++;
  return c;
}

/** One finding's line (with its newline): `file:line:col  severity  rule-id  message`. */
export function textLine(file: string, index: LineIndex, f: Finding, colors: Colors = PLAIN): string {
  const p = range1(index, f.span);
  const sev = f.severity === 'error' ? colors.red('error  ') : f.severity === 'warning' ? colors.yellow('warning') : colors.blue('info   ');
  return `${file}:${p.line}:${p.column}  ${sev}  ${colors.dim(f.ruleId)}  ${f.message}\n`;
}

/** One file's lines (each ending in a newline). */
export function textLines(r: FileResult, colors: Colors = PLAIN): string {
  const index = new LineIndex(r.text);
  let out = '';
  for (const f of r.findings) out += textLine(r.file, index, f, colors);
  return out;
}

/** Findings with a preferred fix (what `aurora-guard fix` would apply). */
export function countFixable(r: FileResult): number {
  return r.findings.filter((f) => f.fixes.some((x) => x.preferred)).length;
}

/** The summary line (with its newline). `skipped`: files named on the command line that are not files this tool reads. */
export function textSummary(c: Counts, files: number, fixable: number, colors: Colors = PLAIN, skipped = 0): string {
  const total = c.error + c.warning + c.info;
  const summary =
    total === 0
      ? `No problems found in ${files} file${files === 1 ? '' : 's'}`
      : `${total} problem${total === 1 ? '' : 's'} (${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.info} info) in ${files} file${files === 1 ? '' : 's'}` +
        (fixable ? `; ${fixable} fixable with \`aurora-guard fix\`` : '');
  const skip = skipped ? `; ${skipped} file${skipped === 1 ? '' : 's'} skipped (not a WSO2 datasource file)` : '';
  return colors.bold(`${summary}${skip}.`) + '\n';
}

export function toText(results: FileResult[], colors: Colors = PLAIN): string {
  let out = '';
  for (const r of results) out += textLines(r, colors);
  return (
    out +
    textSummary(
      countBySeverity(results),
      results.length,
      results.reduce((n, r) => n + countFixable(r), 0),
      colors,
    )
  );
}

// `--format text`: file:line:col  severity  rule-id  message, and a summary line.
import type { FileResult } from './positions';
import { range1 } from './positions';
import { LineIndex } from '../text/lineIndex';

export interface Colors {
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const PLAIN: Colors = { red: (s) => s, yellow: (s) => s, blue: (s) => s, dim: (s) => s, bold: (s) => s };

export function countBySeverity(results: FileResult[]) {
  const c = { error: 0, warning: 0, info: 0 };
  for (const r of results) for (const f of r.findings) c[f.severity]++;
  return c;
}

export function toText(results: FileResult[], colors: Colors = PLAIN): string {
  const lines: string[] = [];
  for (const r of results) {
    const index = new LineIndex(r.text);
    for (const f of r.findings) {
      const p = range1(index, f.span);
      const sev = f.severity === 'error' ? colors.red('error  ') : f.severity === 'warning' ? colors.yellow('warning') : colors.blue('info   ');
      lines.push(`${r.file}:${p.line}:${p.column}  ${sev}  ${colors.dim(f.ruleId)}  ${f.message}`);
    }
  }
  const c = countBySeverity(results);
  const total = c.error + c.warning + c.info;
  const files = results.length;
  const fixable = results.reduce((n, r) => n + r.findings.filter((f) => f.fixes.some((x) => x.preferred)).length, 0);
  const summary = total === 0
    ? `No problems found in ${files} file${files === 1 ? '' : 's'}.`
    : `${total} problem${total === 1 ? '' : 's'} (${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.info} info) in ${files} file${files === 1 ? '' : 's'}` +
      (fixable ? `; ${fixable} fixable with \`aurora-guard fix\`.` : '.');
  lines.push(colors.bold(summary));
  return lines.join('\n') + '\n';
}

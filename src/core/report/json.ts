// `--format json`: a contract read by other tooling. Change only by adding fields.
import type { FindingForecast } from '../rules/types';
import type { FileResult } from './positions';
import { range1 } from './positions';
import { LineIndex } from '../text/lineIndex';
import type { Finding } from '../rules/types';

export interface JsonEdit {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** 0-based UTF-16 offsets of the replaced range. */
  offset: number;
  length: number;
  newText: string;
}

export interface JsonFix {
  title: string;
  preferred: boolean;
  edits: JsonEdit[];
}

export interface JsonFinding {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  datasource: string | null;
  fromDefault: boolean;
  fixes: JsonFix[];
  /** Findings decided by the failover forecast: its numbers now, and after the finding's best fix. */
  forecast?: FindingForecast;
}

export interface JsonFileReport {
  file: string;
  findings: JsonFinding[];
}

export function toJsonReport(results: FileResult[]): JsonFileReport[] {
  return results.map(toJsonFileReport);
}

/** One file's entry of the report. */
export function toJsonFileReport(r: FileResult): JsonFileReport {
  const index = new LineIndex(r.text);
  return { file: r.file, findings: r.findings.map((f) => toJsonFinding(index, f)) };
}

/** One finding of a file's entry (the stream writer emits them one by one). */
export function toJsonFinding(index: LineIndex, f: Finding): JsonFinding {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    ...range1(index, f.span),
    datasource: f.datasource,
    fromDefault: f.fromDefault,
    fixes: f.fixes.map((x) => ({
      title: x.title,
      preferred: !!x.preferred,
      edits: x.edits.map((e) => ({
        ...range1(index, e.span),
        offset: e.span.start,
        length: e.span.end - e.span.start,
        newText: e.newText,
      })),
    })),
    ...(f.forecast ? { forecast: f.forecast } : {}),
  };
}

// Findings with 1-based line/column positions, the shape every reporter starts from.
import type { Finding } from '../rules/types';
import type { Span } from '../model/types';
import { LineIndex } from '../text/lineIndex';

export interface Range1 {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export function range1(index: LineIndex, span: Span): Range1 {
  const s = index.position(span.start);
  const e = index.position(span.end);
  return { line: s.line + 1, column: s.column + 1, endLine: e.line + 1, endColumn: e.column + 1 };
}

export interface FileResult {
  /** Path as the user gave it (or relative to the working directory). */
  file: string;
  text: string;
  findings: Finding[];
}

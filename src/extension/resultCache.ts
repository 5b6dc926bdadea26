// What the linter keeps per document: its last lint (lintText is a pure function of file name, text and options, so
// the debounced lint of the text the per-keystroke pass already linted reuses it) and its published result (what the
// diagnostics show; code actions and hovers read its findings and fixes).
import type { ResolvedOptions } from '../core/config/options';
import type { LintResult } from '../core/lint';
import { lintText } from '../core/lint';
import { findingKey } from './convert';

/**
 * The editor lints without building fixes (diagnostics never need them): a finding builds its fixes when code
 * actions, a hover or fix-all first read them, and keeps them with the published result of that text.
 */
const LAZY_FIXES = { fixes: 'lazy' } as const;

export interface Published {
  /** Document version (-1: a file read from disk; -2: only the findings known before a change are shown). */
  version: number;
  text: string;
  options: ResolvedOptions;
  result: LintResult;
  /** findingKey of each finding shown. */
  keys: Set<string>;
}

export class LintResults {
  private readonly last = new Map<string, { fileName: string; text: string; optionsKey: string; result: LintResult }>();
  private readonly shown = new Map<string, Published>();

  /** Lint (or reuse the last lint of the same file name, text and options). */
  lint(key: string, fileName: string, text: string, options: ResolvedOptions): LintResult {
    const optionsKey = JSON.stringify(options);
    const last = this.last.get(key);
    if (last && last.text === text && last.fileName === fileName && last.optionsKey === optionsKey) return last.result;
    const result = lintText(fileName, text, options, LAZY_FIXES);
    this.last.set(key, { fileName, text, optionsKey, result });
    return result;
  }

  published(key: string): Published | undefined {
    return this.shown.get(key);
  }

  publish(key: string, version: number, text: string, options: ResolvedOptions, result: LintResult): void {
    this.shown.set(key, { version, text, options, result, keys: new Set(result.findings.map(findingKey)) });
  }

  /** Only the findings that were known before a change stay shown (the new ones wait for the debounced lint). */
  keepKnown(key: string, kept: LintResult['findings']): void {
    const prev = this.shown.get(key);
    if (prev) this.shown.set(key, { ...prev, keys: new Set(kept.map(findingKey)), version: -2 });
  }

  forget(key: string): void {
    this.shown.delete(key);
    this.last.delete(key);
  }
}

// The properties, as functions that return violations instead of throwing, so a run can count every
// failure (and the suite can say "0 crashes" with a number behind it) and then reduce each kind.
import { lintText } from '../../../src/core/lint';
import type { LintResult } from '../../../src/core/lint';
import { applyEdits } from '../../../src/core/fixes/apply';
import { fixAll } from '../../../src/core/fixes/fixAll';
import { resolveOptions } from '../../../src/core/config/options';
import type { ProjectConfig, ResolvedOptions } from '../../../src/core/config/options';
import type { Finding, Fix } from '../../../src/core/rules/types';
import type { Span, TextEdit } from '../../../src/core/model/types';

export type ViolationKind =
  // part 1: linting
  | 'crash' // lintText threw
  | 'internal-error' // internalErrors not empty, or a parse error that is an internal error in disguise
  | 'range' // a finding / related / parse-error range outside the document or reversed
  | 'edit-range' // a fix edit outside the document, reversed, overlapping another edit of its fix
  | 'edit-splits-char' // a fix edit starts or ends between the two halves of a surrogate pair
  | 'slow' // linting took longer than the stated bound
  | 'hang' // linting did not finish within the hard limit (the worker was terminated)
  // part 2: fixes
  | 'fix-apply-throws'
  | 'fix-outside-changed'
  | 'fix-crash' // linting the fixed text crashed / had internal errors / out-of-range ranges
  | 'fix-breaks-parse'
  | 'fix-exposes-parse-error' // the fix removed the last template construct; the strict parser rejects what the tolerant one accepted
  | 'fix-not-effective' // the same finding (rule, datasource, message) is still at that place
  | 'fix-not-idempotent' // the same fix offered again changes the text again
  | 'fixall-throws'
  | 'fixall-not-converged'
  | 'fixall-breaks-parse';

export interface Violation {
  kind: ViolationKind;
  ruleId: string | null;
  fixTitle: string | null;
  detail: string;
}

/** A fix title without what varies between instances of one bug: numbers, table names, camelCase key names. */
export function titleShape(title: string | null): string {
  return (title ?? '-')
    .replace(/\[[^\]]*\]/g, '[T]')
    .replace(/\b[a-z]+[A-Z][\w.]*/g, 'K')
    .replace(/\d+/g, 'N')
    .slice(0, 80);
}

/** What makes two violations "the same bug". */
export function signature(v: Violation, format: string): string {
  return [v.kind, v.ruleId ?? '-', titleShape(v.fixTitle), format].join(' | ');
}

/** The same bug as `b` (kind, rule, fix title shape), whatever the format detected. */
export function sameBug(a: Violation, b: Violation): boolean {
  return a.kind === b.kind && a.ruleId === b.ruleId && titleShape(a.fixTitle) === titleShape(b.fixTitle);
}

// ---------------------------------------------------------------------------------------------
// Options the inputs are linted with: defaults, every target, cluster facts, severity overrides.

export const OPTION_CONFIGS: { label: string; config: ProjectConfig }[] = [
  { label: 'defaults', config: {} },
  {
    label: 'serverless-autopause',
    config: { target: 'aurora-serverless-v2', cluster: { minAcu: 0, maxAcu: 16, autoPause: true, apimNodes: 3, maxConnections: 90 } },
  },
  { label: 'provisioned-4.2', config: { target: 'aurora-provisioned', apimVersion: '4.2.0' } },
  { label: 'mysql-3.2', config: { target: 'mysql', apimVersion: '3.2.0' } },
  {
    label: 'serverless-small',
    config: { target: 'aurora-serverless-v2', apimVersion: '2.6.0', cluster: { minAcu: 0.5, maxAcu: 1, apimNodes: 12 } },
  },
  {
    label: 'overrides',
    config: { target: 'aurora-serverless-v2', rules: { 'pool/max-age': 'error', 'jdbc/tls': 'off', 'syntax/parse-error': 'off' } },
  },
];
export const OPTIONS: ResolvedOptions[] = OPTION_CONFIGS.map((o) => resolveOptions(o.config));
export const optionsIndex = (label: string) =>
  Math.max(
    0,
    OPTION_CONFIGS.findIndex((o) => o.label === label),
  );

// ---------------------------------------------------------------------------------------------
// Part 1

const inside = (s: Span, len: number) =>
  Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end <= len && s.start <= s.end;
const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
/** Offset p falls between a high and a low surrogate that the text pairs. */
const splitsPair = (text: string, p: number) => p > 0 && p < text.length && isHigh(text.charCodeAt(p - 1)) && isLow(text.charCodeAt(p));
const show = (s: Span) => `${s.start}-${s.end}`;

function stackHead(s: string): string {
  return s.split('\n').slice(0, 3).join(' / ').slice(0, 400);
}

/** Check one fix's edits against the text they were computed for. */
export function editProblems(text: string, fix: Fix): { kind: ViolationKind; detail: string } | null {
  if (!Array.isArray(fix.edits)) return { kind: 'edit-range', detail: 'edits is not an array' };
  const sorted = [...fix.edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i];
    if (typeof e.newText !== 'string') return { kind: 'edit-range', detail: `edit ${show(e.span)} has no newText` };
    if (!inside(e.span, text.length)) return { kind: 'edit-range', detail: `edit ${show(e.span)} outside 0-${text.length}` };
    if (i > 0 && e.span.start < sorted[i - 1].span.end)
      return { kind: 'edit-range', detail: `edits ${show(sorted[i - 1].span)} and ${show(e.span)} overlap` };
    if (splitsPair(text, e.span.start) || splitsPair(text, e.span.end))
      return { kind: 'edit-splits-char', detail: `edit ${show(e.span)} splits a surrogate pair` };
  }
  return null;
}

export interface LintCheck {
  result: LintResult | null;
  violations: Violation[];
}

/** Part 1 properties for one input: never throws, no internal error, every range and edit inside the text. */
export function checkLint(fileName: string, text: string, options: ResolvedOptions): LintCheck {
  const violations: Violation[] = [];
  let result: LintResult;
  try {
    result = lintText(fileName, text, options);
  } catch (e) {
    violations.push({ kind: 'crash', ruleId: null, fixTitle: null, detail: stackHead(String((e as Error)?.stack ?? e)) });
    return { result: null, violations };
  }
  for (const ie of result.internalErrors)
    violations.push({ kind: 'internal-error', ruleId: ie.split(':')[0] || null, fixTitle: null, detail: stackHead(ie) });
  const pe = result.doc.parseError;
  if (pe) {
    if (/internal error/i.test(pe.message))
      violations.push({ kind: 'internal-error', ruleId: 'parser', fixTitle: null, detail: pe.message.slice(0, 400) });
    if (!inside(pe.span, text.length))
      violations.push({
        kind: 'range',
        ruleId: 'parser',
        fixTitle: null,
        detail: `parse error at ${show(pe.span)} outside 0-${text.length}`,
      });
  }
  for (const f of result.findings) {
    if (!inside(f.span, text.length))
      violations.push({
        kind: 'range',
        ruleId: f.ruleId,
        fixTitle: null,
        detail: `finding at ${show(f.span)} outside 0-${text.length}: ${f.message.slice(0, 120)}`,
      });
    for (const r of f.related ?? []) {
      if (!inside(r.span, text.length))
        violations.push({
          kind: 'range',
          ruleId: f.ruleId,
          fixTitle: null,
          detail: `related location ${show(r.span)} outside 0-${text.length}`,
        });
    }
    for (const fix of f.fixes) {
      const p = editProblems(text, fix);
      if (p) violations.push({ kind: p.kind, ruleId: f.ruleId, fixTitle: fix.title, detail: p.detail });
    }
  }
  return { result, violations };
}

// ---------------------------------------------------------------------------------------------
// Part 2

/** Where offset p of the original text can be after the edits: [lo, hi] (a range when p was replaced or inserted at). */
export function mapOffset(p: number, edits: readonly TextEdit[]): [number, number] {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end); // applyEdits' order
  let shift = 0;
  for (const e of sorted) {
    if (p < e.span.start) break;
    if (p < e.span.end || p === e.span.start) return [e.span.start + shift, e.span.start + shift + e.newText.length];
    shift += e.newText.length - (e.span.end - e.span.start);
  }
  return [p + shift, p + shift];
}

// The bytes outside the edits are identical: the same check the fixture tests use (independent of applyEdits).
export { outsideEditsUnchanged } from '../../unit/helpers';
import { outsideEditsUnchanged } from '../../unit/helpers';

export interface FixCheckStats {
  fixesApplied: number;
  fixAllRuns: number;
  fixAllApplied: number;
  /** A fix inserted a bare LF into a file that uses CRLF only (not a failure: reported as a note). */
  lfIntoCrlf: number;
}

export function emptyFixStats(): FixCheckStats {
  return { fixesApplied: 0, fixAllRuns: 0, fixAllApplied: 0, lfIntoCrlf: 0 };
}

export interface FixCheckOptions {
  /** Only fixes of findings this accepts (used to reduce a failing input quickly). */
  only?: (f: Finding, fix: Fix) => boolean;
  /** Run fix-all too (default true). */
  fixAll?: boolean;
}

/**
 * Part 2 properties for one input that parsed: every fix of every finding applies, keeps the bytes outside
 * its edits, leaves a file that parses, removes its finding and is idempotent; fix-all converges.
 */
export function checkFixes(
  fileName: string,
  text: string,
  options: ResolvedOptions,
  before: LintResult,
  stats: FixCheckStats,
  opts: FixCheckOptions = {},
): Violation[] {
  const out: Violation[] = [];
  if (before.doc.parseError) return out;
  const crlfOnly = text.includes('\r\n') && !/(^|[^\r])\n/.test(text);
  for (const f of before.findings) {
    for (const fix of f.fixes) {
      if (opts.only && !opts.only(f, fix)) continue;
      const v = (kind: ViolationKind, detail: string) => out.push({ kind, ruleId: f.ruleId, fixTitle: fix.title, detail });
      if (editProblems(text, fix)) continue; // already a part-1 violation
      let after: string;
      try {
        after = applyEdits(text, fix.edits);
      } catch (e) {
        v('fix-apply-throws', String((e as Error)?.message ?? e));
        continue;
      }
      stats.fixesApplied++;
      if (crlfOnly && fix.edits.some((e) => /(^|[^\r])\n/.test(e.newText))) stats.lfIntoCrlf++;
      if (!outsideEditsUnchanged(text, after, fix.edits)) v('fix-outside-changed', 'bytes outside the edits differ');
      const re = checkLint(fileName, after, options);
      const crashes = re.violations.filter((x) => x.kind === 'crash' || x.kind === 'internal-error');
      if (!re.result || crashes.length) {
        v(
          'fix-crash',
          `linting the fixed text: ${crashes
            .map((x) => `${x.kind} ${x.ruleId ?? ''} ${x.detail}`)
            .join('; ')
            .slice(0, 400)}`,
        );
        continue;
      }
      // a part-1 problem (range, edit) of the fixed text is that bug again, on another input: count it as such
      for (const x of re.violations) out.push({ ...x, detail: `in the text after "${fix.title}": ${x.detail}` });
      const res = re.result;
      if (res.doc.parseError) {
        if (before.doc.templates.length > 0 && res.doc.templates.length === 0) {
          v(
            'fix-exposes-parse-error',
            `the fix removed the file's last template construct, so it is parsed strictly now: ${res.doc.parseError.message.slice(0, 200)} at ${show(res.doc.parseError.span)}`,
          );
        } else {
          v('fix-breaks-parse', `after the fix: ${res.doc.parseError.message.slice(0, 200)} at ${show(res.doc.parseError.span)}`);
        }
        continue;
      }
      const [lo, hi] = mapOffset(f.span.start, fix.edits);
      const here = (g: Finding) => g.ruleId === f.ruleId && g.datasource === f.datasource && g.span.start >= lo && g.span.start <= hi;
      const still = res.findings.find((g) => here(g) && g.message === f.message);
      if (still) {
        v('fix-not-effective', `still reported at ${show(still.span)}: ${f.message.slice(0, 160)}`);
        continue; // applying it again would change the text again: one bug, reported once
      }
      // idempotent: the same fix (same title) offered again for this finding (same place, or same message
      // elsewhere) must not change the fixed text again. Other findings of the rule may rightly offer a fix
      // with the same title for another entry (connectTimeout in the URL and in databaseProps).
      // a finding with the same message elsewhere that was already reported before the fix is another finding
      // (a duplicated line), not this one coming back
      const preExisting = (g: Finding) =>
        before.findings.some(
          (h) =>
            h !== f &&
            h.ruleId === g.ruleId &&
            h.datasource === g.datasource &&
            h.message === g.message &&
            (([a, b]) => g.span.start >= a && g.span.start <= b)(mapOffset(h.span.start, fix.edits)),
        );
      for (const g of res.findings) {
        const sameElsewhere = g.ruleId === f.ruleId && g.datasource === f.datasource && g.message === f.message && !preExisting(g);
        if (!here(g) && !sameElsewhere) continue;
        const again = g.fixes.find((h) => h.title === fix.title);
        if (!again) continue;
        let twice: string;
        try {
          twice = applyEdits(after, again.edits);
        } catch {
          continue; // reported when that text is checked on its own
        }
        if (twice !== after) {
          v(
            'fix-not-idempotent',
            `offered again on the fixed text (finding at ${show(g.span)}: ${g.message.slice(0, 120)}) and changes it again (edits ${JSON.stringify(again.edits).slice(0, 200)})`,
          );
          break;
        }
      }
    }
  }
  if (opts.fixAll !== false) {
    stats.fixAllRuns++;
    let r: ReturnType<typeof fixAll>;
    try {
      r = fixAll(fileName, text, options);
    } catch (e) {
      out.push({ kind: 'fixall-throws', ruleId: null, fixTitle: null, detail: stackHead(String((e as Error)?.stack ?? e)) });
      return out;
    }
    stats.fixAllApplied += r.applied.length;
    if (!r.converged) {
      const last = r.applied[r.applied.length - 1];
      // name the fix that stopped it: the next preferred one on the final text
      const next = lintText(fileName, r.text, options).findings.find((x) => x.fixes.some((y) => y.preferred));
      const stopper = next?.fixes.find((y) => y.preferred);
      out.push({
        kind: 'fixall-not-converged',
        ruleId: next?.ruleId ?? null,
        fixTitle: stopper?.title ?? null,
        detail: `after ${r.applied.length} fixes (last: ${last ? `${last.ruleId} "${last.title}"` : 'none'}); the next preferred fix ${next ? `${next.ruleId} "${stopper?.title}"` : '(none)'} breaks the file or cycles`,
      });
    }
    const end = lintText(fileName, r.text, options);
    if (end.doc.parseError)
      out.push({ kind: 'fixall-breaks-parse', ruleId: null, fixTitle: null, detail: end.doc.parseError.message.slice(0, 200) });
  }
  return out;
}

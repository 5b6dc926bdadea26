// `--format sarif`: SARIF 2.1.0 for GitHub code scanning, with the full rules[] catalogue.
import type * as sarif from 'sarif';
import type { FileResult } from './positions';
import type { Rule, Severity } from '../rules/types';
import { range1 } from './positions';
import { LineIndex } from '../text/lineIndex';
import { ruleDocsUrl, TOOL_INFO } from './ruleDocs';

const LEVEL: Record<Severity, sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

/** `pool/validation-interval` → `PoolValidationInterval` (SARIF wants an identifier-like name). */
export function sarifRuleName(id: string): string {
  return id
    .split(/[/-]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}

/** Forward-slash URI relative to the working directory, as code scanning expects. */
function artifactUri(file: string): string {
  return file
    .replace(/\\/g, '/')
    .split('/')
    .map(encodeURIComponent)
    .join('/')
    .replace(/^(\.\/)+/, '');
}

export interface SarifOptions {
  /**
   * Where a file is: by default its path as given (relative ones under `%SRCROOT%`). The CLI passes one that makes
   * every path under the working directory relative to it (`uriBaseId: "%SRCROOT%"`) and others absolute `file://` URIs.
   */
  artifact?: (file: string) => sarif.ArtifactLocation;
  /** `run.originalUriBaseIds`, e.g. `{ "%SRCROOT%": { uri: "file:///work/repo/" } }`. */
  originalUriBaseIds?: Record<string, sarif.ArtifactLocation>;
}

function defaultArtifact(file: string): sarif.ArtifactLocation {
  return { uri: artifactUri(file), uriBaseId: file.startsWith('/') ? undefined : '%SRCROOT%' };
}

/** One file's SARIF results. */
export function sarifResults(r: FileResult, ruleIndex: ReadonlyMap<string, number>, options: SarifOptions = {}): sarif.Result[] {
  return [...eachSarifResult(r, ruleIndex, options)];
}

/** One file's SARIF results, one at a time (the stream writer writes each as it is made). */
export function* eachSarifResult(
  r: FileResult,
  ruleIndex: ReadonlyMap<string, number>,
  options: SarifOptions = {},
): Generator<sarif.Result> {
  const index = new LineIndex(r.text);
  const location = (options.artifact ?? defaultArtifact)(r.file);
  for (const f of r.findings) {
    const p = range1(index, f.span);
    const result: sarif.Result = {
      ruleId: f.ruleId,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { ...location },
            region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
          },
        },
      ],
    };
    const idx = ruleIndex.get(f.ruleId);
    if (idx !== undefined) result.ruleIndex = idx;
    if (f.related.length) {
      result.relatedLocations = f.related.map((rel, i) => {
        const q = range1(index, rel.span);
        return {
          id: i + 1,
          message: { text: rel.message },
          physicalLocation: {
            artifactLocation: { ...location },
            region: { startLine: q.line, startColumn: q.column, endLine: q.endLine, endColumn: q.endColumn },
          },
        };
      });
    }
    const fixes = f.fixes.filter((x) => x.edits.length > 0);
    if (fixes.length) {
      result.fixes = fixes.map((x) => ({
        description: { text: x.title },
        artifactChanges: [
          {
            artifactLocation: { ...location },
            replacements: x.edits.map((e) => ({
              deletedRegion: { charOffset: e.span.start, charLength: e.span.end - e.span.start },
              insertedContent: { text: e.newText },
            })),
          },
        ],
      }));
    }
    if (f.datasource) result.properties = { datasource: f.datasource, fromDefault: f.fromDefault };
    yield result;
  }
}

export function sarifRuleIndex(rules: readonly Rule[]): Map<string, number> {
  return new Map(rules.map((r, i) => [r.meta.id, i]));
}

/** The SARIF log with the given results (the stream writer passes none and writes them into `results` itself). */
export function sarifLog(rules: readonly Rule[], results: sarif.Result[], options: SarifOptions = {}): sarif.Log {
  return {
    version: '2.1.0',
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_INFO.name,
            version: TOOL_INFO.version,
            informationUri: TOOL_INFO.homepage,
            rules: rules.map((r) => ({
              id: r.meta.id,
              name: sarifRuleName(r.meta.id),
              shortDescription: { text: r.meta.title },
              fullDescription: { text: r.meta.rationale },
              helpUri: ruleDocsUrl(r.meta),
              help: { text: `${r.meta.title}. ${r.meta.rationale} See ${ruleDocsUrl(r.meta)}` },
              defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity] },
              properties: { tags: [...r.meta.tags] },
            })),
          },
        },
        ...(options.originalUriBaseIds ? { originalUriBaseIds: options.originalUriBaseIds } : {}),
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

export function toSarif(results: FileResult[], rules: readonly Rule[], options: SarifOptions = {}): sarif.Log {
  const ruleIndex = sarifRuleIndex(rules);
  return sarifLog(
    rules,
    results.flatMap((r) => sarifResults(r, ruleIndex, options)),
    options,
  );
}

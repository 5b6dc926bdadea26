// Shared test helpers: lint a fixture, read the expectations a fixture carries.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lintText } from '../../src/core/lint';
import { resolveOptions, validateProjectConfig } from '../../src/core/config/options';
import type { ProjectConfig } from '../../src/core/config/options';
import { LineIndex } from '../../src/core/text/lineIndex';
import { applyEdits } from '../../src/core/fixes/apply';
import type { EntryKind, FileSystem } from '../../src/core/files/fs';

/** Repository root (tests run from out/test/unit). */
export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures');

/** No corpus file points at Aurora; its Aurora variant swaps every literal MySQL host for a cluster endpoint. */
export const AURORA_HOST = 'apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';

export function auroraVariant(text: string): string {
  return helmAuroraValues(text)
    .replace(/(jdbc:(?:aws-wrapper:)?mysql:\/\/)([A-Za-z0-9_.-]+)/g, (_m, scheme: string) => scheme + AURORA_HOST)
    .replace(/^(\s*hostname\s*=\s*")([^"{}$]*)(")/gm, (_m, a: string, _h: string, c: string) => a + AURORA_HOST + c);
}

/** A wso2/helm-apim values file with empty `type` / `url` (the chart's own values.yaml): filled as a user would for Aurora. */
function helmAuroraValues(text: string): string {
  if (!/^wso2:/m.test(text) || !/^\s+databases:/m.test(text)) return text;
  return text
    .replace(/^(\s+databases:\n(?:\s+#.*\n)*\s+type: )""/m, '$1"mysql"')
    .replace(/^(\s+)(apim_db|shared_db):\n((?:\1\s+#.*\n)*)(\1\s+url: )""/gm, (_m, ind: string, db: string, comments: string, key: string) => `${ind}${db}:\n${comments}${key}"jdbc:mysql://${AURORA_HOST}:3306/${db}"`);
}

export function readFixture(rel: string): string {
  return fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
}

export function lint(fileName: string, text: string, config: ProjectConfig = {}) {
  return lintText(fileName, text, resolveOptions(config));
}

/**
 * Fixture convention (XML `<!-- … -->`, TOML/shell `# …`):
 *   aurora-guard-test-rules: a/b, c/d         which rules this fixture checks (others are ignored)
 *   aurora-guard-test-config: {"target": …}   project config to lint with (JSON on one line)
 *   expect: a/b[, c/d]                          a finding of each rule starts on the next line that is not a comment
 *   expect-here: a/b                            …on this line
 */
export interface FixtureExpectations {
  rules: string[];
  config: ProjectConfig;
  /** "ruleId@line" (1-based) strings. */
  expected: string[];
}

export function fixtureExpectations(text: string): FixtureExpectations {
  const idx = new LineIndex(text);
  const rulesM = /aurora-guard-test-rules:\s*([^\n\r]*?)\s*(?:-->|$)/m.exec(text);
  const rules = rulesM ? rulesM[1].split(/[\s,]+/).filter(Boolean) : [];
  const cfgM = /aurora-guard-test-config:\s*(\{.*\})/.exec(text);
  const config = cfgM ? validateProjectConfig(JSON.parse(cfgM[1]), 'fixture') : {};
  const expected: string[] = [];
  const re = /\bexpect(-here)?:\s*([a-z0-9/, -]+?)\s*(?:-->|\n|\r|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    let line = idx.position(m.index).line;
    if (!m[1]) {
      line++;
      while (line < idx.lineCount) {
        const t = text.slice(idx.lineStart(line), idx.lineEnd(line)).trim();
        if (t !== '' && !/^(<!--.*-->|#.*)$/.test(t)) break;
        line++;
      }
    }
    for (const id of m[2].split(/[\s,]+/).filter((s) => s.includes('/'))) expected.push(`${id}@${line + 1}`);
  }
  return { rules, config, expected: expected.sort() };
}

/** Findings of the given rules as "ruleId@line" (1-based), sorted. */
export function actualFindings(text: string, findings: { ruleId: string; span: { start: number } }[], rules: string[]): string[] {
  const idx = new LineIndex(text);
  return findings
    .filter((f) => rules.includes(f.ruleId))
    .map((f) => `${f.ruleId}@${idx.position(f.span.start).line + 1}`)
    .sort();
}

/** Bytes outside the edits are unchanged (checked independently of applyEdits, walking both texts). */
export function outsideEditsUnchanged(before: string, after: string, edits: readonly { span: { start: number; end: number }; newText: string }[]): boolean {
  // same order as applyEdits: by start, then end (an insertion before a deletion that starts at the same offset)
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  let pos = 0;
  let shift = 0;
  for (const e of sorted) {
    if (before.slice(pos, e.span.start) !== after.slice(pos + shift, e.span.start + shift)) return false;
    if (after.slice(e.span.start + shift, e.span.start + shift + e.newText.length) !== e.newText) return false;
    shift += e.newText.length - (e.span.end - e.span.start);
    pos = e.span.end;
  }
  return before.slice(pos) === after.slice(pos + shift);
}

export { applyEdits };

/** XML lines of `<tag attrs>children</tag>`, children indented one level (4 spaces). */
export function xmlElement(tag: string, children: string[], attrs = ''): string[] {
  return [`<${tag}${attrs}>`, ...children.map((l) => '    ' + l), `</${tag}>`];
}

/**
 * A Carbon master-datasources.xml with one RDBMS datasource `name`: `<url>` then `config` lines inside its
 * <configuration>, or no <configuration> at all when `url` is null.
 */
export function carbonXml(url: string | null, config: string[] = [], name = 'WSO2AM_DB'): string {
  const definition = xmlElement('definition', url === null ? [] : xmlElement('configuration', [`<url>${url}</url>`, ...config]), ' type="RDBMS"');
  const datasource = xmlElement('datasource', [`<name>${name}</name>`, ...definition]);
  return [...xmlElement('datasources-configuration', xmlElement('datasources', datasource)), ''].join('\n');
}

/** A fix judged by the forecast: its title is the fix's own words, then " → " and the forecast after it. */
export function assertForecastTitle(title: string, expected: string): void {
  assert.ok(title.startsWith(`${expected} → `), `title "${title}" should be "${expected} → <forecast>"`);
  assert.match(title.slice(expected.length), / → (with the other fixes: )?(failover|auto-pause resume|hung writer|black-holed writer) (≤|pinned|p95)/);
}

/**
 * The core's injected file system (src/core/files/fs.ts) over an in-memory tree of POSIX paths → file text; folders
 * are the paths' parents. `unreadable` folders throw on readDir; `links` are entries of kind 'other'. Counts reads.
 */
export function memoryFs(files: Record<string, string>, opts: { unreadable?: string[]; links?: string[] } = {}): FileSystem & { reads: string[] } {
  const dirs = new Map<string, Map<string, EntryKind>>();
  const add = (p: string, kind: EntryKind) => {
    const dir = path.posix.dirname(p);
    if (!dirs.has(dir)) dirs.set(dir, new Map());
    dirs.get(dir)!.set(path.posix.basename(p), kind);
    if (dir !== p && dir !== '/' && !dirs.get(path.posix.dirname(dir))?.has(path.posix.basename(dir))) add(dir, 'directory');
  };
  for (const p of Object.keys(files)) add(p, 'file');
  for (const p of opts.links ?? []) add(p, 'other');
  const reads: string[] = [];
  return {
    reads,
    async readText(p) {
      reads.push(p);
      return files[p] ?? null;
    },
    async stat(p) {
      if (p in files) return { kind: 'file', size: Buffer.byteLength(files[p]) };
      return dirs.has(p) ? { kind: 'directory', size: 0 } : null;
    },
    async readDir(p) {
      if (opts.unreadable?.includes(p)) throw new Error(`EACCES: ${p}`);
      const entries = dirs.get(p);
      if (!entries) throw new Error(`ENOENT: ${p}`);
      return [...entries].map(([name, kind]) => ({ name, kind }));
    },
    dirname: (p) => path.posix.dirname(p),
    join: (d, n) => path.posix.join(d, n),
  };
}

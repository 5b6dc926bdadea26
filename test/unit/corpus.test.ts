// Every real config in ../shared/corpus: no crash, no internal error, every range inside its file, and the
// findings equal a snapshot that was reviewed by hand (test/snapshots/corpus-findings.txt).
// UPDATE_SNAPSHOTS=1 rewrites the snapshot; review the diff before committing it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AURORA_HOST, ROOT, auroraVariant, lint } from './helpers';
import { LineIndex } from '../../src/core/text/lineIndex';

const CORPUS = process.env.AURORA_GUARD_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus');
const SNAPSHOT = path.join(ROOT, 'test', 'snapshots', 'corpus-findings.txt');
const AURORA_SNAPSHOT = path.join(ROOT, 'test', 'snapshots', 'corpus-aurora-findings.txt');
const HEADER = [
  '# Findings of aurora-guard over ../shared/corpus (48 real WSO2 datasource configs).',
  '# Reviewed by hand: each line was checked against the file it names and rule-research.md.',
  '# Regenerate with UPDATE_SNAPSHOTS=1 npm run test:unit -- corpus, then review the diff line by line.',
  '',
];

const files = fs.existsSync(CORPUS)
  ? fs
      .readdirSync(CORPUS)
      .filter((f) => f !== 'INDEX.tsv' && fs.statSync(path.join(CORPUS, f)).isFile())
      .sort()
  : [];

test(
  'corpus: every file lints without a crash, internal error or out-of-range finding',
  { skip: files.length === 0 ? `corpus not found at ${CORPUS}` : false },
  () => {
    for (const f of files) {
      const text = fs.readFileSync(path.join(CORPUS, f), 'utf8');
      const res = lint(f, text);
      assert.deepEqual(res.internalErrors, [], f);
      for (const x of res.findings) {
        assert.ok(
          x.span.start >= 0 && x.span.end <= text.length && x.span.start <= x.span.end,
          `${f}: ${x.ruleId} range ${x.span.start}-${x.span.end} outside 0-${text.length}`,
        );
        for (const fix of x.fixes)
          for (const e of fix.edits) assert.ok(e.span.start >= 0 && e.span.end <= text.length, `${f}: fix edit outside the file`);
      }
    }
  },
);

function snapshotLines(variant: (t: string) => string = (t) => t): string[] {
  const lines: string[] = [];
  for (const f of files) {
    const original = fs.readFileSync(path.join(CORPUS, f), 'utf8');
    const text = variant(original);
    if (variant !== identity && text === original) continue;
    const idx = new LineIndex(text);
    const res = lint(f, text);
    for (const x of res.findings) {
      const p = idx.position(x.span.start);
      lines.push(`${f}:${p.line + 1}:${p.column + 1} ${x.severity} ${x.ruleId} [${x.datasource ?? '-'}] ${x.message}`);
    }
  }
  return lines;
}

const identity = (t: string) => t;

function compareSnapshot(file: string, actual: string[], header: string[]): void {
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    fs.writeFileSync(file, header.join('\n') + actual.join('\n') + '\n');
    return;
  }
  assert.ok(fs.existsSync(file), `snapshot missing: run with UPDATE_SNAPSHOTS=1 and review ${file}`);
  const expected = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));
  assert.deepEqual(actual, expected);
}

test(
  'corpus (Aurora variant, hosts swapped for a cluster endpoint): findings equal the hand-reviewed snapshot',
  { skip: files.length === 0 ? `corpus not found at ${CORPUS}` : false },
  () => {
    compareSnapshot(AURORA_SNAPSHOT, snapshotLines(auroraVariant), [
      '# Findings of aurora-guard over the Aurora variant of ../shared/corpus: every literal jdbc:mysql host and TOML hostname',
      `# replaced by ${AURORA_HOST} (files without a literal MySQL host are left out). Reviewed by hand.`,
      '# Regenerate with UPDATE_SNAPSHOTS=1 npm run test:unit -- corpus, then review the diff line by line.',
      '',
    ]);
  },
);

test('corpus: findings equal the hand-reviewed snapshot', { skip: files.length === 0 ? `corpus not found at ${CORPUS}` : false }, () => {
  compareSnapshot(SNAPSHOT, snapshotLines(identity), HEADER);
});

// The rule catalogue, one rule id at a time. For each rule: its file and export, its metadata, whether it can fix
// (held against what it does on every fixture), its fixture folder (test/fixtures/rules/<id>/: every fixture's
// expected findings, and every fix it offers applied) and its table of specific cases (cases/<id>.ts).
// A newcomer finds a rule's code, fixtures and cases from its id alone; the docs page is checked by docs.test.ts.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { FIXTURES, ROOT, lint, fixtureExpectations, actualFindings, applyEdits, outsideEditsUnchanged } from '../helpers';
import { ALL_RULES } from '../../../src/core/rules/index';
import type { Rule, RuleMeta } from '../../../src/core/rules/types';
import { lintClean, type RuleCase } from './cases/harness';

const RULES_SRC = path.join(ROOT, 'src', 'core', 'rules');
const FIXTURE_ROOT = path.join(FIXTURES, 'rules');
const CASES_SRC = path.join(ROOT, 'test', 'unit', 'rules', 'cases');
const IDS = ALL_RULES.map((r) => r.meta.id);
/** Loads compiled modules by path: a rule's own file, and a rule's table of cases. */
const load = createRequire(__filename);

/** What every rule of a category shares. */
const CATEGORY: Record<string, Partial<Pick<RuleMeta, 'mysqlOnly' | 'auroraOnly' | 'formats'>>> = {
  syntax: { mysqlOnly: false },
  // WSO2's own mechanics apply to every database family
  wso2: { mysqlOnly: false },
  aurora: { mysqlOnly: true },
  jdbc: { mysqlOnly: true },
  jvm: {},
  pool: { mysqlOnly: true, formats: ['carbon-xml', 'generic-xml', 'deployment-toml'] },
  serverless: { mysqlOnly: true, auroraOnly: true, formats: ['carbon-xml', 'generic-xml', 'deployment-toml'] },
};
/** Rules outside serverless/ that only fire on Aurora (the others judge any MySQL, or hosts that are not RDS names). */
const AURORA_ONLY = ['aurora/instance-endpoint-for-writer', 'aurora/reader-endpoint-for-writer', 'jdbc/aws-wrapper'];
/** Categories whose rules judge a pool setting in effect: fixtures in every format, TOML with and without pool_options. */
const POOL_SETTING_CATEGORIES = ['pool', 'serverless'];

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const dirsIn = (dir: string) =>
  fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const sourceOf = (id: string) => `${id.split('/')[0]}/${camel(id.split('/')[1])}.ts`;
const fixturesOf = (id: string) => filesUnder(path.join(FIXTURE_ROOT, id)).sort();

/** Each fixture linted with its own config, once, for the fixable check: per rule, its findings and those with a fix. */
let fixStats: Map<string, { findings: number; withFix: string[] }> | undefined;
function fixableStats(): Map<string, { findings: number; withFix: string[] }> {
  if (fixStats) return fixStats;
  fixStats = new Map(IDS.map((id) => [id, { findings: 0, withFix: [] as string[] }]));
  for (const file of filesUnder(FIXTURE_ROOT)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const f of lint(file, text, fixtureExpectations(text).config).findings) {
      const s = fixStats.get(f.ruleId)!;
      s.findings++;
      if (f.fixes.length > 0) s.withFix.push(path.relative(FIXTURE_ROOT, file));
    }
  }
  return fixStats;
}

test('the catalogue lists every rule file once, and nothing else', () => {
  assert.equal(new Set(IDS).size, IDS.length, 'rule ids are unique');
  const categories = dirsIn(RULES_SRC).filter((d) => d !== 'shared');
  const files = categories.flatMap((cat) =>
    fs
      .readdirSync(path.join(RULES_SRC, cat))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => `${cat}/${f}`),
  );
  assert.deepEqual(files.sort(), IDS.map(sourceOf).sort(), 'every file directly in a category folder is a rule in index.ts');
  assert.deepEqual(categories.sort(), Object.keys(CATEGORY).sort(), 'every category is described in CATEGORY above');
});

test('every fixture folder and every cases table is named after a rule id', () => {
  const folders = dirsIn(FIXTURE_ROOT).flatMap((cat) => {
    const loose = fs.readdirSync(path.join(FIXTURE_ROOT, cat)).filter((f) => !fs.statSync(path.join(FIXTURE_ROOT, cat, f)).isDirectory());
    assert.deepEqual(loose, [], `${cat}: fixtures live in a folder per rule`);
    return dirsIn(path.join(FIXTURE_ROOT, cat)).map((r) => `${cat}/${r}`);
  });
  assert.deepEqual(
    folders.filter((id) => !IDS.includes(id)),
    [],
    'fixture folders without a rule',
  );
  const tables = dirsIn(CASES_SRC).flatMap((cat) =>
    fs.readdirSync(path.join(CASES_SRC, cat)).map((f) => `${cat}/${f.replace(/\.ts$/, '')}`),
  );
  assert.deepEqual(
    tables.filter((id) => !IDS.includes(id)),
    [],
    'cases tables without a rule',
  );
});

function kindOf(file: string, text: string): string {
  if (file.endsWith('.toml'))
    return /^\s*(\[[^\]]*\.pool_options\]|pool_options\.)/m.test(text) ? 'toml-pool-options' : 'toml-no-pool-options';
  if (!file.endsWith('.xml')) return 'other';
  return /<configuration>/.test(text) ? 'carbon-xml' : 'generic-xml';
}

function ruleSuite(rule: Rule): void {
  const { meta } = rule;
  const id = meta.id;
  const cat = id.split('/')[0];

  test('one source file named after the id, exporting <camelName>Rule: the rule the catalogue holds', () => {
    const file = path.join(RULES_SRC, sourceOf(id));
    assert.ok(fs.existsSync(file), `expected ${path.relative(ROOT, file)}`);
    assert.match(fs.readFileSync(file, 'utf8'), new RegExp(`id: '${id}'`), 'the file declares the rule');
    const mod = load(path.join(ROOT, 'out', 'src', 'core', 'rules', sourceOf(id).replace(/\.ts$/, '.js'))) as Record<string, unknown>;
    assert.deepEqual(Object.keys(mod), [`${camel(id.split('/')[1])}Rule`]);
    assert.equal(Object.values(mod)[0], rule);
  });

  test('metadata is complete and consistent', () => {
    assert.ok(meta.title.length > 10 && meta.title.length < 110, 'title');
    assert.ok(['error', 'warning', 'info'].includes(meta.defaultSeverity), 'severity');
    assert.ok(meta.tags.length > 0, 'tags');
    assert.ok(meta.formats.length > 0, 'formats');
    assert.ok(meta.rationale.length > 40 && meta.rationale.endsWith('.'), 'rationale is one sentence');
    assert.equal(meta.docs, `docs/rules/${id}.md`);
    const shared = CATEGORY[cat];
    assert.ok(shared, `category ${cat} is described in CATEGORY`);
    if (shared.mysqlOnly !== undefined) assert.equal(meta.mysqlOnly, shared.mysqlOnly, `${cat}/* mysqlOnly`);
    if (shared.auroraOnly !== undefined) assert.equal(meta.auroraOnly, shared.auroraOnly, `${cat}/* auroraOnly`);
    if (shared.formats) assert.deepEqual([...meta.formats].sort(), [...shared.formats].sort(), `${cat}/* formats`);
    if (AURORA_ONLY.includes(id)) assert.equal(meta.auroraOnly, true, 'auroraOnly');
  });

  test(`fixable is ${meta.fixable}: ${meta.fixable ? 'some fixture gets a fix from it' : 'no fixture gets a fix from it'}`, () => {
    const s = fixableStats().get(id)!;
    if (meta.fixable) assert.ok(s.withFix.length > 0, `${s.findings} findings over the fixtures, none with a fix`);
    else assert.deepEqual(s.withFix, [], 'findings with a fix, from a rule that says it has none');
  });

  const fixtures = fixturesOf(id);
  test(`fixture folder test/fixtures/rules/${id}/: each fixture names the rule, valid* expect none of its findings, invalid* some`, () => {
    assert.ok(fixtures.length > 0, 'no fixtures');
    let valid = 0;
    let invalid = 0;
    for (const file of fixtures) {
      const name = path.relative(path.join(FIXTURE_ROOT, id), file);
      const exp = fixtureExpectations(fs.readFileSync(file, 'utf8'));
      assert.ok(exp.rules.includes(id), `${name} does not check ${id}`);
      const expects = exp.expected.some((e) => e.startsWith(`${id}@`));
      if (expects) invalid++;
      else valid++;
      if (name.startsWith('valid')) assert.ok(!expects, `${name}: named valid, but expects a finding`);
      if (name.startsWith('invalid')) assert.ok(expects, `${name}: named invalid, but expects no finding`);
    }
    assert.ok(invalid > 0, 'an invalid fixture (expects a finding of the rule)');
    assert.ok(valid > 0, 'a valid fixture (names the rule, expects nothing)');
  });

  if (POOL_SETTING_CATEGORIES.includes(cat)) {
    test("fixtures cover every format, TOML with and without pool_options, and the seed article's example", () => {
      const seen = new Set<string>();
      let seed = false;
      for (const file of fixtures) {
        const name = path.basename(file);
        const text = fs.readFileSync(file, 'utf8');
        const valid = !fixtureExpectations(text).expected.some((e) => e.startsWith(`${id}@`));
        assert.equal(valid, name.startsWith('valid'), `${name}: name says ${name.startsWith('valid') ? 'valid' : 'invalid'}`);
        const kind = kindOf(name, text);
        seen.add(`${valid ? 'valid' : 'invalid'} ${kind.startsWith('toml') ? 'toml' : kind}`);
        seen.add(kind);
        if (name.includes('seed-article')) seed = true;
      }
      for (const need of [
        'valid carbon-xml',
        'invalid carbon-xml',
        'valid generic-xml',
        'invalid generic-xml',
        'valid toml',
        'invalid toml',
        'toml-pool-options',
        'toml-no-pool-options',
      ]) {
        assert.ok(seen.has(need), `no ${need} fixture`);
      }
      assert.ok(seed, "no fixture with the seed article's example");
    });
  }

  for (const file of fixtures) {
    const rel = path.relative(FIXTURES, file);
    test(`fixture ${rel}: findings match its expectations`, () => {
      const text = fs.readFileSync(file, 'utf8');
      const exp = fixtureExpectations(text);
      assert.ok(exp.rules.length > 0, 'fixture must name its rules with aurora-guard-test-rules:');
      const res = lint(file, text, exp.config);
      assert.deepEqual(res.internalErrors, []);
      assert.deepEqual(actualFindings(text, res.findings, exp.rules), exp.expected);
    });
    test(`fixture ${rel}: each fix applies cleanly, leaves the rest byte-identical, removes its finding`, () => {
      const text = fs.readFileSync(file, 'utf8');
      const exp = fixtureExpectations(text);
      const res = lint(file, text, exp.config);
      for (const f of res.findings.filter((x) => exp.rules.includes(x.ruleId))) {
        for (const fix of f.fixes) {
          const after = applyEdits(text, fix.edits);
          assert.ok(outsideEditsUnchanged(text, after, fix.edits), `${f.ruleId}: "${fix.title}" changed bytes outside its edits`);
          const again = lint(file, after, exp.config);
          assert.equal(again.doc.parseError, null, `${f.ruleId}: "${fix.title}" broke the file: ${again.doc.parseError?.message}`);
          const same = again.findings.filter((g) => g.ruleId === f.ruleId && g.datasource === f.datasource && g.message === f.message);
          assert.equal(same.length, 0, `${f.ruleId}: finding still there after "${fix.title}"`);
        }
      }
    });
  }

  const table = path.join(__dirname, 'cases', `${id}.js`);
  const cases: RuleCase[] = fs.existsSync(table) ? (load(table) as { cases: RuleCase[] }).cases : [];
  for (const c of cases) {
    test(c.name, () => {
      const res = lintClean(c.file, c.text, c.config);
      c.expect(
        res.findings.filter((f) => f.ruleId === id),
        res,
      );
    });
  }
}

for (const rule of ALL_RULES) describe(rule.meta.id, () => ruleSuite(rule));

// Lazy fixes (the editor's path: lintText(..., { fixes: 'lazy' })) give exactly what the eager lint gives, fixes
// included, and build no fix until one is read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIXTURES, ROOT, auroraVariant } from './helpers';
import { lintDocument, lintText } from '../../src/core/lint';
import { resolveOptions } from '../../src/core/config/options';
import type { ProjectConfig } from '../../src/core/config/options';
import { parseDocument } from '../../src/core/parse/index';
import type { Rule } from '../../src/core/rules/types';
import { defineRule } from '../../src/core/rules/define';

const CORPUS = process.env.AURORA_GUARD_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus');

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

const inputs: { name: string; text: string }[] = [];
for (const f of walk(FIXTURES)) inputs.push({ name: path.basename(f), text: fs.readFileSync(f, 'utf8') });
if (fs.existsSync(CORPUS)) {
  for (const f of fs
    .readdirSync(CORPUS)
    .filter((x) => x !== 'INDEX.tsv')
    .sort()) {
    const text = fs.readFileSync(path.join(CORPUS, f), 'utf8');
    inputs.push({ name: f, text }, { name: f, text: auroraVariant(text) });
  }
}

const CONFIGS: ProjectConfig[] = [
  {},
  { target: 'aurora-serverless-v2', cluster: { minAcu: 0, maxAcu: 8, apimNodes: 3, maxConnections: 90 } },
  { target: 'aurora-provisioned', apimVersion: '2.6.0' },
  { target: 'mysql', apimVersion: '4.2.0', rules: { 'pool/max-age': 'off', 'jdbc/tls': 'error' } },
];

test('lazy fixes: findings, fixes and their JSON are identical to the eager lint (fixtures, corpus and its Aurora variant, 4 configs)', () => {
  let fixes = 0;
  for (const { name, text } of inputs) {
    for (const config of CONFIGS) {
      const options = resolveOptions(config);
      const eager = lintText(name, text, options);
      const lazy = lintText(name, text, options, { fixes: 'lazy' });
      // the diagnostics part first, before any fix is read
      assert.deepEqual(
        lazy.findings.map((f) => [f.ruleId, f.severity, f.message, f.span, f.datasource, f.fromDefault, f.related]),
        eager.findings.map((f) => [f.ruleId, f.severity, f.message, f.span, f.datasource, f.fromDefault, f.related]),
        name,
      );
      assert.equal(JSON.stringify(lazy.findings), JSON.stringify(eager.findings), name);
      assert.deepEqual(lazy.internalErrors, eager.internalErrors, name);
      fixes += eager.findings.reduce((n, f) => n + f.fixes.length, 0);
    }
  }
  assert.ok(fixes > 1000, `the inputs offer many fixes (${fixes})`);
});

/** A rule whose fixes count how often they are built. */
function countingRule(built: { n: number }, fail = false): Rule {
  return defineRule({
    meta: {
      id: 'test/counting',
      title: 't',
      defaultSeverity: 'info',
      tags: ['pool'],
      formats: ['deployment-toml'],
      mysqlOnly: false,
      auroraOnly: false,
      fixable: true,
      rationale: 't',
    },
    check(ctx) {
      for (const ds of ctx.datasources) {
        ctx.report({
          datasource: ds,
          span: ds.headerSpan,
          message: 'm',
          fixes: () => {
            built.n++;
            if (fail) throw new Error('broken fix');
            return [{ title: 'x', edits: [{ span: { start: 0, end: 0 }, newText: '#' }], preferred: true }];
          },
        });
      }
    },
  });
}

const TOML = '[database.apim_db]\ntype = "mysql"\nurl = "jdbc:mysql://db:3306/apim"\n';

test('lazy fixes: none is built by the lint, each once on its first read; eager builds them during the lint', () => {
  const built = { n: 0 };
  const lazy = lintDocument(parseDocument('deployment.toml', TOML), resolveOptions(), [countingRule(built)], { fixes: 'lazy' });
  assert.equal(lazy.findings.length, 1);
  assert.equal(built.n, 0, 'the lint built no fix');
  assert.equal(lazy.findings[0].fixes[0].title, 'x');
  assert.equal(lazy.findings[0].fixes.length, 1);
  assert.equal(built.n, 1, 'built once, then kept');
  const eager = lintDocument(parseDocument('deployment.toml', TOML), resolveOptions(), [countingRule(built)]);
  assert.equal(built.n, 2, 'eager: built during the lint');
  assert.equal(eager.findings[0].fixes.length, 1);
  assert.equal(built.n, 2);
});

test('a fix that throws: eager reports the rule as an internal error (as before); lazy keeps the finding, without fixes, and reports it when read', () => {
  const built = { n: 0 };
  const eager = lintDocument(parseDocument('deployment.toml', TOML), resolveOptions(), [countingRule(built, true)]);
  assert.equal(eager.findings.length, 0);
  assert.match(eager.internalErrors[0], /^test\/counting: Error: broken fix/);
  const lazy = lintDocument(parseDocument('deployment.toml', TOML), resolveOptions(), [countingRule(built, true)], { fixes: 'lazy' });
  assert.equal(lazy.findings.length, 1);
  assert.deepEqual(lazy.internalErrors, []);
  assert.deepEqual(lazy.findings[0].fixes, []);
  assert.match(lazy.internalErrors[0], /^test\/counting \(building a fix\): Error: broken fix/);
});

// The schema of aurora-guard.json (schemas/aurora-guard.schema.json): generated from the rule catalogue together with
// its ajv standalone validator and the auroraGuard.rules setting (scripts/schema.js), contributed to VS Code, and the
// validator the CLI and the extension use agrees with ajv compiling the schema file itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { ROOT } from './helpers';
import { ALL_RULES } from '../../src/core/rules/index';
import { ruleDocsUrl } from '../../src/core/report/ruleDocs';
import { configProblems, didYouMean, SCHEMA_RULE_IDS } from '../../src/core/config/schema';
import { ConfigError, validateProjectConfig } from '../../src/core/config/options';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const gen = require(path.join(ROOT, 'scripts', 'schema.js')) as {
  expected(
    rules: typeof ALL_RULES,
    docsUrl: (meta: { docs: string }) => string,
  ): { schema: string; packageJson: string; validator: string; readme: string };
  README_FILE: string;
  SCHEMA_FILE: string;
  PACKAGE_FILE: string;
  VALIDATOR_FILE: string;
};

const schema = JSON.parse(fs.readFileSync(gen.SCHEMA_FILE, 'utf8'));
const pkg = JSON.parse(fs.readFileSync(gen.PACKAGE_FILE, 'utf8'));
const ids = ALL_RULES.map((r) => r.meta.id).sort();

test('the schema, its validator and the auroraGuard.rules setting are current with the rule catalogue (node scripts/schema.js)', () => {
  const want = gen.expected(ALL_RULES, ruleDocsUrl);
  assert.equal(
    fs.readFileSync(gen.SCHEMA_FILE, 'utf8'),
    want.schema,
    'schemas/aurora-guard.schema.json is stale: npx tsc -p . && node scripts/schema.js',
  );
  assert.equal(
    fs.readFileSync(gen.VALIDATOR_FILE, 'utf8'),
    want.validator,
    'schemaValidator.generated.ts is stale: npx tsc -p . && node scripts/schema.js',
  );
  assert.equal(
    fs.readFileSync(gen.PACKAGE_FILE, 'utf8'),
    want.packageJson,
    'package.json auroraGuard.rules is stale: npx tsc -p . && node scripts/schema.js',
  );
  assert.equal(
    fs.readFileSync(gen.README_FILE, 'utf8'),
    want.readme,
    'README.md rules/settings tables are stale: npx tsc -p . && node scripts/schema.js',
  );
});

test('rule ids: the schema, the validator and the setting name exactly the catalogue', () => {
  assert.deepEqual(Object.keys(schema.properties.rules.properties).sort(), ids);
  assert.deepEqual([...SCHEMA_RULE_IDS].sort(), ids);
  const setting = pkg.contributes.configuration.properties['auroraGuard.rules'];
  assert.deepEqual(Object.keys(setting.properties).sort(), ids);
  assert.equal(setting.additionalProperties, false);
  for (const p of Object.values(setting.properties) as { enum: string[] }[]) assert.deepEqual(p.enum, ['off', 'info', 'warning', 'error']);
});

test('VS Code gets the schema for aurora-guard.json and .aurora-guard.json; the npm package ships it', () => {
  const j = pkg.contributes.jsonValidation.find((x: { url: string }) => x.url === './schemas/aurora-guard.schema.json');
  assert.deepEqual(j.fileMatch.sort(), ['.aurora-guard.json', 'aurora-guard.json']);
  assert.ok(pkg.files.some((f: string) => f.startsWith('schemas')));
});

const samples: unknown[] = [
  {},
  {
    $schema: './schemas/aurora-guard.schema.json',
    target: 'mysql',
    apimVersion: '4.2.0',
    cluster: { minAcu: 0.5, maxAcu: 16, autoPause: false, apimNodes: 2, maxConnections: 1000 },
    rules: { 'pool/max-age': 'off', 'jdbc/connect-timeout': 'error' },
  },
  { rules: { 'pool/validaton-interval': 'off' } },
  { targett: 'mysql' },
  { target: 'aurora' },
  { apimVersion: '4.x' },
  { apimVersion: 4 },
  { cluster: { minAcu: -1 } },
  { cluster: { apimNodes: 2.5 } },
  { cluster: { apimNodes: '3' } },
  { cluster: { acu: 1 } },
  { cluster: [] },
  { rules: { 'pool/max-age': 'fatal' } },
  { rules: [] },
  { rules: null },
  [],
  null,
  'x',
  { rules: { 'zzz/unknown': 'off' }, target: 'nope', extra: 1 },
];

test('the bundled validator agrees with ajv compiling the schema file, on valid and invalid configs', () => {
  const ajv = new Ajv({ allErrors: true, strict: true });
  for (const k of ['enumDescriptions', 'markdownDescription', 'patternErrorMessage', 'markdownEnumDescriptions']) ajv.addKeyword(k);
  const library = ajv.compile(schema);
  for (const s of samples) {
    const problems = configProblems(s);
    assert.equal(
      problems.length === 0,
      library(s),
      `${JSON.stringify(s)}: ${problems.map((p) => p.message).join('; ')} vs ${ajv.errorsText(library.errors)}`,
    );
    // each problem ajv finds is one message (the same paths)
    if (!library(s)) {
      const paths = new Set(
        library.errors!.map((e) =>
          e.keyword === 'additionalProperties'
            ? `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}`
            : e.instancePath,
        ),
      );
      assert.equal(problems.length, paths.size, JSON.stringify(s));
    }
  }
});

test('messages name the key and suggest the closest rule id or key', () => {
  const msg = (v: unknown) => {
    try {
      validateProjectConfig(v);
      return '';
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      return e.message;
    }
  };
  assert.equal(
    msg({ rules: { 'pool/validaton-interval': 'off' } }),
    "aurora-guard.json: unknown rule 'pool/validaton-interval' (did you mean 'pool/validation-interval'?)",
  );
  assert.equal(msg({ targett: 'mysql' }), 'aurora-guard.json: unknown key "targett" (did you mean "target"?)');
  assert.match(msg({ rules: { 'zzz/unknown': 'off' } }), /unknown rule 'zzz\/unknown' \(`aurora-guard rules` lists the rule ids\)/);
  assert.match(msg({ cluster: { apimNodes: 2.5 } }), /"cluster\.apimNodes" must be a non-negative integer/);
  assert.match(msg({ cluster: { acu: 1 } }), /unknown key "cluster\.acu"/);
  assert.equal(msg({ rules: { 'pool/max-age': 'off' } }), '');
  assert.equal(didYouMean('completely-different', ids), null);
  const e = (() => {
    try {
      validateProjectConfig({ rules: { 'pool/validaton-interval': 'off' } });
    } catch (x) {
      return x as ConfigError;
    }
  })()!;
  assert.deepEqual(e.problems[0].path, ['rules', 'pool/validaton-interval']);
  assert.equal(e.problems[0].key, true);
});

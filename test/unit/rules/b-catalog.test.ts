// The pool/* and serverless/* catalogue: metadata, a docs page per rule, and fixtures that cover every format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from '../../../src/core/rules/index';
import { ROOT, FIXTURES, fixtureExpectations } from '../helpers';

const EXPECTED_IDS = [
  'pool/test-on-borrow', 'pool/validation-interval', 'pool/validation-query', 'pool/validation-query-timeout', 'pool/max-age',
  'pool/idle-eviction', 'pool/max-wait', 'pool/remove-abandoned', 'pool/default-auto-commit', 'serverless/max-connections-budget',
  'serverless/auto-pause-resume-timeouts', 'serverless/auto-pause-blocked',
];
const CATALOG_POOL_SERVERLESS = ALL_RULES.filter((r) => EXPECTED_IDS.includes(r.meta.id));

test('catalogue B holds exactly the pool/serverless rules, each once, all registered', () => {
  const ids = CATALOG_POOL_SERVERLESS.map((r) => r.meta.id);
  assert.deepEqual([...ids].sort(), [...EXPECTED_IDS].sort());
  for (const id of ids) assert.equal(ALL_RULES.filter((r) => r.meta.id === id).length, 1, id);
});

test('every rule is MySQL-only, has tags, formats and a one-sentence rationale; serverless/* are Aurora-only', () => {
  for (const { meta } of CATALOG_POOL_SERVERLESS) {
    assert.ok(meta.mysqlOnly, meta.id);
    assert.ok(meta.tags.length > 0 && meta.formats.length === 3, meta.id);
    assert.ok(meta.title.length > 5 && meta.rationale.endsWith('.'), meta.id);
    if (meta.id.startsWith('serverless/')) assert.ok(meta.auroraOnly, meta.id);
  }
});

test('every rule has a docs page with the required heading, severity line and sections', () => {
  const sections = ['## What it checks', '## Why it matters on Aurora', '## Default per APIM version', '## Safe value', '## Fix', '## What was measured / what is not verified', '## Sources'];
  for (const { meta } of CATALOG_POOL_SERVERLESS) {
    const file = path.join(ROOT, 'docs', 'rules', `${meta.id}.md`);
    assert.ok(fs.existsSync(file), `missing ${file}`);
    const text = fs.readFileSync(file, 'utf8');
    assert.equal(text.split('\n')[0], `# ${meta.id}`);
    assert.match(text, new RegExp(`^Severity: ${meta.defaultSeverity}\\b.* · Tags: .* · Formats: .*$`, 'm'), meta.id);
    const sev = text.split('\n').find((l) => l.startsWith('Severity: '))!;
    for (const f of meta.formats) assert.ok(sev.includes(f), `${meta.id}: the severity line lists format ${f}`);
    for (const t of meta.tags) assert.ok(sev.includes(t), `${meta.id}: the severity line lists tag ${t}`);
    for (const s of sections) assert.ok(text.includes(`\n${s}\n`), `${meta.id}: missing section "${s}"`);
    assert.match(text, /https:\/\/|github\.com|apache\/tomcat|wso2\//, `${meta.id}: no sources`);
  }
});

type Kind = 'carbon-xml' | 'generic-xml' | 'toml-pool-options' | 'toml-no-pool-options';

function kindOf(file: string, text: string): Kind {
  if (file.endsWith('.toml')) return /^\s*(\[[^\]]*\.pool_options\]|pool_options\.)/m.test(text) ? 'toml-pool-options' : 'toml-no-pool-options';
  return /<configuration>/.test(text) ? 'carbon-xml' : 'generic-xml';
}

test('every rule has an invalid and a valid fixture per format, TOML with and without pool_options, and the seed example', () => {
  for (const { meta } of CATALOG_POOL_SERVERLESS) {
    const dir = path.join(FIXTURES, 'rules', meta.id);
    assert.ok(fs.existsSync(dir), `no fixtures for ${meta.id}`);
    const seen = new Set<string>();
    let seed = false;
    for (const name of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, name), 'utf8');
      const exp = fixtureExpectations(text);
      assert.ok(exp.rules.includes(meta.id), `${meta.id}/${name} does not check ${meta.id}`);
      const valid = exp.expected.filter((e) => e.startsWith(meta.id + '@')).length === 0;
      assert.equal(valid, name.startsWith('valid'), `${meta.id}/${name}: name says ${name.startsWith('valid') ? 'valid' : 'invalid'}`);
      const kind = kindOf(name, text);
      seen.add(`${valid ? 'valid' : 'invalid'} ${kind.startsWith('toml') ? 'toml' : kind}`);
      seen.add(kind);
      if (name.includes('seed-article')) seed = true;
    }
    for (const need of ['valid carbon-xml', 'invalid carbon-xml', 'valid generic-xml', 'invalid generic-xml', 'valid toml', 'invalid toml', 'toml-pool-options', 'toml-no-pool-options']) {
      assert.ok(seen.has(need), `${meta.id}: no ${need} fixture`);
    }
    assert.ok(seed, `${meta.id}: no fixture with the seed article's example`);
  }
});

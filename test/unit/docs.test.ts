// Rule docs and the catalogue agree: every rule has a page, every page has a rule, and
// docs/rules/README.md lists every rule with its title, severity and tags (UPDATE_DOCS=1 regenerates it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './helpers';
import { ALL_RULES } from '../../src/core/rules/index';

const DOCS = path.join(ROOT, 'docs', 'rules');
const INDEX = path.join(DOCS, 'README.md');
/** Pages of docs/rules that are about the catalogue, not one rule (coverage.md: checked by coverage.test.ts). */
const NOT_RULE_PAGES = ['README.md', 'coverage.md'];

function pages(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? pages(path.join(dir, e.name)) : e.name.endsWith('.md') && !NOT_RULE_PAGES.includes(e.name) ? [path.join(dir, e.name)] : [],
  );
}

export function renderIndex(): string {
  const rows = [...ALL_RULES]
    .sort((a, b) => a.meta.id.localeCompare(b.meta.id))
    .map((r) => `| [${r.meta.id}](${r.meta.id}.md) | ${r.meta.title} | ${r.meta.defaultSeverity} | ${r.meta.tags.join(', ')} |`);
  return [
    '# Rules',
    '',
    `Aurora Failover Guard has ${ALL_RULES.length} rules. Each page says what the rule checks, why it matters on Aurora,`,
    'the default per APIM version, the safe value, the fix, what is not verified, and its sources.',
    'Severities are defaults: change them per rule in `aurora-guard.json` (`"rules": { "<id>": "off" | "info" | "warning" | "error" }`)',
    'or in the VS Code setting `auroraGuard.rules`.',
    'How the AWS JDBC wrapper\'s own anti-pattern and symptom tables map onto these rules: [coverage.md](coverage.md).',
    '',
    'The rules judge every file the tool reads: `deployment.toml`, `*-datasources.xml` and their templates, `wso2/helm-apim`',
    'Helm values files (`poolParameters`, with the chart\'s defaults for what they omit), Kubernetes ConfigMaps and Secrets',
    'that embed a datasource file, and for `jvm/dns-ttl` the JVM files (`java.security`, start scripts, Dockerfiles,',
    '`JAVA_OPTS` in Helm values).',
    '',
    '| rule | title | severity | tags |',
    '|---|---|---|---|',
    ...rows,
    '',
    '<!-- Generated from the rule metadata by test/unit/docs.test.ts (UPDATE_DOCS=1 npm run test:unit -- docs). -->',
    '',
  ].join('\n');
}

test('every rule has a docs page and every docs page belongs to a rule', () => {
  const ids = new Set(ALL_RULES.map((r) => r.meta.id));
  const pageIds = new Set(pages(DOCS).map((p) => path.relative(DOCS, p).replace(/\\/g, '/').replace(/\.md$/, '')));
  assert.deepEqual([...ids].filter((id) => !pageIds.has(id)).sort(), [], 'rules without docs');
  assert.deepEqual([...pageIds].filter((id) => !ids.has(id)).sort(), [], 'docs without a rule');
  for (const r of ALL_RULES) assert.ok(fs.existsSync(path.join(ROOT, r.meta.docs)), r.meta.id);
});

test('every docs page starts with its id and states the severity the code uses', () => {
  for (const r of ALL_RULES) {
    const text = fs.readFileSync(path.join(ROOT, r.meta.docs), 'utf8');
    assert.equal(text.split('\n')[0], `# ${r.meta.id}`, r.meta.id);
    assert.match(text, new RegExp(`^Severity: ${r.meta.defaultSeverity}\\b`, 'm'), r.meta.id);
  }
});

/** Per category, the sections a page must have (until one template covers every page). */
const SECTIONS: Record<string, string[]> = {
  wso2: ['## What it checks', '## Why it matters on Aurora', '## Safe value', '## Fix', '## Sources'],
  aurora: ['## What it checks', '## Why it matters on Aurora', '## Safe value', '## Fix', '## Sources'],
  jdbc: ['## What it checks', '## Why it matters on Aurora', '## Safe value', '## Fix', '## Sources'],
  jvm: ['## What it checks', '## Why it matters on Aurora', '## Safe value', '## Fix', '## Sources'],
  pool: ['## What it checks', '## Why it matters on Aurora', '## Default per APIM version', '## Safe value', '## Fix', '## What was measured / what is not verified', '## Sources'],
  serverless: ['## What it checks', '## Why it matters on Aurora', '## Default per APIM version', '## Safe value', '## Fix', '## What was measured / what is not verified', '## Sources'],
  'jdbc/aws-wrapper-': ['## What it checks', '## Why it matters on Aurora', '## Safe value', '## Fix', '## What was measured / what is not verified', '## Sources'],
};

test('every rule page: its severity line lists the formats and tags, the sections its family requires, sources', () => {
  for (const { meta } of ALL_RULES.filter((r) => !r.meta.id.startsWith('syntax/'))) {
    const md = fs.readFileSync(path.join(ROOT, meta.docs), 'utf8');
    const sev = md.split('\n').find((l) => l.startsWith('Severity: '))!;
    assert.match(sev, new RegExp(`^Severity: ${meta.defaultSeverity}\\b.* · Tags: .* · Formats: .*$`), meta.id);
    for (const f of meta.formats) assert.ok(sev.includes(f), `${meta.id}: the severity line lists format ${f}`);
    for (const t of meta.tags) assert.ok(sev.includes(t), `${meta.id}: the severity line lists tag ${t}`);
    const family = meta.id.startsWith('jdbc/aws-wrapper-') ? 'jdbc/aws-wrapper-' : meta.id.split('/')[0];
    for (const s of SECTIONS[family]) assert.ok(md.includes(`\n${s}\n`), `${meta.id}: missing section "${s}"`);
    assert.match(md, /https:\/\/|[a-z0-9-]+\/[a-z0-9-]+ /i, `${meta.id}: sources name URLs or repositories`);
    if (family === 'pool' || family === 'serverless') assert.match(md, /https:\/\/|github\.com|apache\/tomcat|wso2\//, `${meta.id}: no sources`);
  }
});

test('docs/rules/README.md lists every rule with its title, severity and tags', () => {
  const expected = renderIndex();
  if (process.env.UPDATE_DOCS === '1') fs.writeFileSync(INDEX, expected);
  assert.equal(fs.readFileSync(INDEX, 'utf8'), expected);
});

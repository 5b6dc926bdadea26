// Rule docs and the catalogue agree: every rule has a page, every page has a rule and follows docs/rules/TEMPLATE.md
// (its Fix section says None: exactly when the rule cannot fix), and docs/rules/README.md lists every rule with its
// title, severity and tags (UPDATE_DOCS=1 regenerates it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './helpers';
import { ALL_RULES } from '../../src/core/rules/index';
import { RULE_DOCS_DIR } from '../../src/core/rules/define';

const DOCS = path.join(ROOT, 'docs', 'rules');
const INDEX = path.join(DOCS, 'README.md');
/** Pages of docs/rules that are not one rule's (coverage.md: checked by coverage.test.ts; TEMPLATE.md: the pages' template). */
const NOT_RULE_PAGES = ['README.md', 'coverage.md', 'TEMPLATE.md'];

function pages(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? pages(path.join(dir, e.name))
        : e.name.endsWith('.md') && !NOT_RULE_PAGES.includes(e.name)
          ? [path.join(dir, e.name)]
          : [],
    );
}

export function renderIndex(): string {
  const rows = [...ALL_RULES]
    .sort((a, b) => a.meta.id.localeCompare(b.meta.id))
    .map(
      (r) =>
        `| [${r.meta.id}](${path.posix.relative(RULE_DOCS_DIR, r.meta.docs)}) | ${r.meta.title} | ${r.meta.defaultSeverity} | ${r.meta.tags.join(', ')} |`,
    );
  return [
    '# Rules',
    '',
    `Aurora Failover Guard has ${ALL_RULES.length} rules. Each page says what the rule checks, why it matters on Aurora,`,
    'the default per APIM version, the safe value, the fix, what was measured and what is not verified, and its sources',
    '(one template for every page: [TEMPLATE.md](TEMPLATE.md)).',
    'Severities are defaults: change them per rule in `aurora-guard.json` (`"rules": { "<id>": "off" | "info" | "warning" | "error" }`)',
    'or in the VS Code setting `auroraGuard.rules`.',
    "How the AWS JDBC wrapper's own anti-pattern and symptom tables map onto these rules: [coverage.md](coverage.md).",
    '',
    'The rules judge every file the tool reads: `deployment.toml`, `*-datasources.xml` and their templates, `wso2/helm-apim`',
    "Helm values files (`poolParameters`, with the chart's defaults for what they omit), Kubernetes ConfigMaps and Secrets",
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

/** The rule page template: every rule page has its `## ` sections, in its order. */
const TEMPLATE_SECTIONS = sectionsOf(fs.readFileSync(path.join(DOCS, 'TEMPLATE.md'), 'utf8'));

function sectionsOf(md: string): string[] {
  return md.split('\n').filter((l) => l.startsWith('## '));
}

/** The text of a `## ` section, up to the next one. */
function sectionText(md: string, heading: string): string {
  const start = md.indexOf(`\n${heading}\n`);
  if (start < 0) return '';
  const rest = md.slice(start + heading.length + 2);
  const end = rest.indexOf('\n## ');
  return (end < 0 ? rest : rest.slice(0, end)).trim();
}

test('every rule page follows docs/rules/TEMPLATE.md: title, the severity line of its metadata, the sections in order', () => {
  assert.ok(TEMPLATE_SECTIONS.includes('## Fix') && TEMPLATE_SECTIONS.includes('## Sources'), TEMPLATE_SECTIONS.join(' | '));
  for (const { meta } of ALL_RULES) {
    const md = fs.readFileSync(path.join(ROOT, meta.docs), 'utf8');
    const lines = md.split('\n');
    assert.equal(lines[0], `# ${meta.id}`);
    assert.equal(lines[1], '', `${meta.id}: a blank line after the title`);
    // the default severity, optionally qualified ("info (error when maxWait ≤ 0)"), then the tags and formats as in meta
    assert.match(
      lines[2],
      new RegExp(
        `^Severity: ${meta.defaultSeverity}( \\([^)]*\\))? · Tags: ${meta.tags.join(', ')} · Formats: ${meta.formats.join(', ')}$`,
      ),
      meta.id,
    );
    assert.deepEqual(sectionsOf(md), TEMPLATE_SECTIONS, `${meta.id}: the template's sections, in its order`);
    assert.match(sectionText(md, '## Sources'), /https:\/\/|[a-z0-9-]+\/[a-z0-9._-]+/i, `${meta.id}: sources name URLs or repositories`);
    const fix = sectionText(md, '## Fix');
    assert.ok(fix.length > 0, `${meta.id}: the Fix section says something`);
    assert.equal(
      fix.startsWith('None:'),
      !meta.fixable,
      `${meta.id}: fixable is ${meta.fixable}, and the Fix section ${fix.startsWith('None:') ? 'says None:' : 'describes a fix'}`,
    );
  }
});

test('docs/rules/README.md lists every rule with its title, severity and tags', () => {
  const expected = renderIndex();
  if (process.env.UPDATE_DOCS === '1') fs.writeFileSync(INDEX, expected);
  assert.equal(fs.readFileSync(INDEX, 'utf8'), expected);
});

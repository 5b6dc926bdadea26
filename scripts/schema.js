// The JSON Schema of aurora-guard.json (schemas/aurora-guard.schema.json), its ajv standalone validator
// (src/core/config/schemaValidator.generated.ts), the `auroraGuard.rules` setting in package.json and the rules and
// settings tables of README.md, all generated from the rule catalogue so that the rule ids never drift:
//   npx tsc -p . && node scripts/schema.js          rewrite both files from out/src/core/rules
//   node scripts/schema.js --check                  exit 1 when a file differs (test/unit/schema.test.ts checks the same)
// The CLI and the extension validate aurora-guard.json with this schema (src/core/config/schema.ts, ajv); VS Code
// offers completion and hovers in the file through package.json `contributes.jsonValidation`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const SCHEMA_FILE = path.join(ROOT, 'schemas', 'aurora-guard.schema.json');
const PACKAGE_FILE = path.join(ROOT, 'package.json');
const VALIDATOR_FILE = path.join(ROOT, 'src', 'core', 'config', 'schemaValidator.generated.ts');
const README_FILE = path.join(ROOT, 'README.md');

const TARGETS = ['auto', 'aurora-serverless-v2', 'aurora-provisioned', 'mysql'];
const TARGET_DESCRIPTIONS = [
  'Decide per datasource: Aurora rules apply when the host is an RDS/Aurora endpoint.',
  'The datasources point at Aurora MySQL Serverless v2 (Aurora and Serverless rules apply to every MySQL datasource).',
  'The datasources point at provisioned Aurora MySQL (Aurora rules apply to every MySQL datasource).',
  'Plain MySQL/MariaDB: Aurora and Serverless rules never apply.',
];
const SEVERITIES = ['off', 'info', 'warning', 'error'];
const SEVERITY_DESCRIPTIONS = [
  'Turn the rule off.',
  'Report as information.',
  'Report as a warning.',
  'Report as an error (the CLI exits 1).',
];

/** @param {{ meta: { id: string, title: string, defaultSeverity: string } }[]} rules */
function ruleProperties(rules, docsUrl) {
  const out = {};
  for (const r of [...rules].sort((a, b) => a.meta.id.localeCompare(b.meta.id))) {
    out[r.meta.id] = {
      $ref: '#/definitions/severity',
      description: `${r.meta.title} (default: ${r.meta.defaultSeverity})`,
      markdownDescription: `${r.meta.title} (default: \`${r.meta.defaultSeverity}\`). [Documentation](${docsUrl(r.meta)})`,
    };
  }
  return out;
}

/** The schema of aurora-guard.json for a rule catalogue. */
function buildSchema(rules, docsUrl) {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/aurora-failover-guard/aurora-failover-guard/blob/main/schemas/aurora-guard.schema.json',
    title: 'aurora-guard.json',
    description:
      'Aurora Failover Guard project configuration: what the datasources run on, facts about the cluster, and rule severities. Found upward from each linted file (aurora-guard.json or .aurora-guard.json), or given with --config.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The schema of this file.' },
      target: {
        description: 'What the datasources point at.',
        enum: TARGETS,
        enumDescriptions: TARGET_DESCRIPTIONS,
        default: 'auto',
      },
      apimVersion: {
        description: 'WSO2 API Manager version the files are for, e.g. "4.2.0" (decides which WSO2/Tomcat defaults apply).',
        type: 'string',
        pattern: '^\\d+(\\.\\d+){0,2}$',
        patternErrorMessage: 'A version like 4.2.0',
      },
      helmChartVersion: {
        description:
          'Version of the wso2/helm-apim chart a values file is for, e.g. "4.5.0-3" (decides the chart defaults in effect); a Chart.yaml beside the values file wins.',
        type: 'string',
        pattern: '^v?\\d+\\.\\d+(\\.\\d+)?(-[0-9A-Za-z.-]+)?$',
        patternErrorMessage: 'A chart version like 4.5.0-3',
      },
      cluster: {
        description: 'Facts about the Aurora cluster, where the rules cannot read them from the files.',
        type: 'object',
        additionalProperties: false,
        properties: {
          minAcu: {
            description: 'Aurora Serverless v2 minimum capacity (ACU); 0 means the cluster can auto-pause.',
            type: 'number',
            minimum: 0,
          },
          maxAcu: { description: 'Aurora Serverless v2 maximum capacity (ACU).', type: 'number', minimum: 0 },
          autoPause: { description: 'The Serverless v2 cluster auto-pauses when idle (minimum capacity 0 ACU).', type: 'boolean' },
          apimNodes: {
            description: 'Number of APIM nodes that share the cluster (for the connection budget).',
            type: 'integer',
            minimum: 0,
          },
          maxConnections: { description: "The cluster's @@max_connections, if known.", type: 'integer', minimum: 0 },
        },
      },
      forecast: {
        description: 'What the failover forecast (docs/forecast.md) assumes about the application and the JVM.',
        type: 'object',
        additionalProperties: false,
        properties: {
          threads: { description: 'APIM worker threads that use each pool (default 8).', type: 'integer', minimum: 1 },
          borrowEveryMs: { description: 'Each thread uses a connection every this many ms (default 50).', type: 'integer', minimum: 1 },
          dnsTtl: {
            description:
              "The JVM DNS cache TTL in effect (networkaddress.cache.ttl, s; -1 = forever). Default: what the workspace's JVM files set, else the JDK's 30 s.",
            type: 'integer',
            minimum: -1,
          },
          resumeMs: {
            description: 'Auto-pause resume time in ms (default 30000, the worst case AWS gives; 15000 after a pause under 24 h).',
            type: 'integer',
            minimum: 0,
          },
        },
      },
      rules: {
        description: "Severity per rule id, overriding the rule's default. `aurora-guard rules` lists the ids.",
        type: 'object',
        additionalProperties: false,
        properties: ruleProperties(rules, docsUrl),
      },
    },
    definitions: {
      severity: { enum: SEVERITIES, enumDescriptions: SEVERITY_DESCRIPTIONS },
    },
  };
}

/** package.json contributes.configuration `auroraGuard.rules`, with the same ids (a settings schema cannot $ref a file). */
function buildRulesSetting(rules, docsUrl, current) {
  const props = ruleProperties(rules, docsUrl);
  for (const p of Object.values(props)) {
    delete p.$ref;
    p.type = 'string';
    p.enum = SEVERITIES;
    p.enumDescriptions = SEVERITY_DESCRIPTIONS;
  }
  return {
    type: 'object',
    default: {},
    properties: props,
    additionalProperties: false,
    scope: current?.scope ?? 'resource',
    markdownDescription: current?.markdownDescription ?? '',
  };
}

const json = (v) => JSON.stringify(v, null, 2) + '\n';

/**
 * The schema compiled by ajv into a standalone validation function (ajv's own code generation, the same checks
 * ajv runs): the CLI and the extension validate with it without bundling the ajv compiler (~130 KB minified, which
 * would push the extension's activation bundle over its 400 KB budget).
 */
function buildValidator(schema) {
  const Ajv = require('ajv');
  const standalone = require('ajv/dist/standalone').default;
  const ajv = new Ajv({ allErrors: true, strict: true, code: { source: true, esm: true, lines: true } });
  for (const k of ['enumDescriptions', 'markdownDescription', 'patternErrorMessage', 'markdownEnumDescriptions']) ajv.addKeyword(k);
  // the checks only: annotations (descriptions for the editor) stay in the schema file, out of the bundles
  const strip = (v) => {
    if (Array.isArray(v)) return v.map(strip);
    if (!v || typeof v !== 'object') return v;
    const o = {};
    for (const [k, x] of Object.entries(v)) {
      if (
        [
          'description',
          'markdownDescription',
          'enumDescriptions',
          'markdownEnumDescriptions',
          'patternErrorMessage',
          'title',
          'default',
        ].includes(k) &&
        typeof x !== 'object'
      )
        continue;
      if (k === 'enumDescriptions') continue;
      o[k] = k === 'properties' ? Object.fromEntries(Object.entries(x).map(([pk, pv]) => [pk, strip(pv)])) : strip(x);
    }
    return o;
  };
  const checks = strip(schema);
  const code = standalone(ajv, ajv.compile(checks));
  const facts = {
    keys: Object.keys(checks.properties),
    targets: checks.properties.target.enum,
    cluster: Object.fromEntries(Object.entries(checks.properties.cluster.properties).map(([k, v]) => [k, v.type])),
    ruleIds: Object.keys(checks.properties.rules.properties),
    severities: checks.definitions.severity.enum,
  };
  if (/\brequire\(/.test(code))
    throw new Error('the standalone validator needs ajv at run time: keep the schema to keywords that compile without it');
  return [
    '// Generated by scripts/schema.js from schemas/aurora-guard.schema.json (ajv standalone code): do not edit.',
    '// Regenerate with: npx tsc -p . && node scripts/schema.js',
    '/* eslint-disable */',
    '// @ts-nocheck',
    code.replace(/^"use strict";/, ''),
    "/** What the messages name: the schema's keys, targets, cluster fact types, rule ids and severities. */",
    `export const SCHEMA_FACTS = ${JSON.stringify(facts)};`,
    '',
  ].join('\n');
}

function load() {
  const out = path.join(ROOT, 'out', 'src', 'core');
  if (!fs.existsSync(path.join(out, 'rules', 'index.js'))) {
    console.error('scripts/schema.js: out/src/core/rules/index.js is missing: run npx tsc -p . first');
    process.exit(2);
  }
  const { ALL_RULES } = require(path.join(out, 'rules', 'index.js'));
  const { ruleDocsUrl } = require(path.join(out, 'report', 'ruleDocs.js'));
  return { rules: ALL_RULES, docsUrl: ruleDocsUrl };
}

const cell = (t) =>
  String(t)
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ');

/** README.md's rules table (between <!-- rules:start --> and <!-- rules:end -->). */
function rulesTable(rules) {
  const rows = [...rules]
    .sort((a, b) => a.meta.id.localeCompare(b.meta.id))
    .map((r) => `| [\`${r.meta.id}\`](${r.meta.docs}) | ${cell(r.meta.title)} | ${r.meta.defaultSeverity} |`);
  return [
    `${rules.length} rules; the severity is the default (change it in \`aurora-guard.json\` or \`auroraGuard.rules\`).`,
    '',
    '| rule | what | severity |',
    '|---|---|---|',
    ...rows,
  ].join('\n');
}

/** README.md's settings table (between <!-- settings:start --> and <!-- settings:end -->), from package.json. */
function settingsTable(pkg) {
  const rows = Object.entries(pkg.contributes.configuration.properties).map(([k, v]) => {
    const def = v.default === undefined ? '' : `\`${JSON.stringify(v.default)}\``;
    const text = (v.markdownDescription ?? v.description ?? '').replace(/`#([\w.]+)#`/g, '`$1`');
    const choices = v.enum ? ` One of ${v.enum.map((e) => `\`${e}\``).join(', ')}.` : '';
    return `| \`${k}\` | ${def} | ${cell(text)}${choices} |`;
  });
  return ['| setting | default | |', '|---|---|---|', ...rows].join('\n');
}

function fillReadme(text, rules, pkg) {
  const fill = (t, name, body) => {
    const re = new RegExp(`(<!-- ${name}:start -->)[\\s\\S]*?(<!-- ${name}:end -->)`);
    if (!re.test(t)) throw new Error(`README.md has no <!-- ${name}:start --> … <!-- ${name}:end --> markers`);
    return t.replace(re, (_m, a, b) => `${a}\n${body}\n${b}`);
  };
  return fill(fill(text, 'rules', rulesTable(rules)), 'settings', settingsTable(pkg));
}

/** The expected contents of the generated files for a catalogue. */
function expected(rules, docsUrl) {
  const pkg = JSON.parse(fs.readFileSync(PACKAGE_FILE, 'utf8'));
  const props = pkg.contributes.configuration.properties;
  props['auroraGuard.rules'] = buildRulesSetting(rules, docsUrl, props['auroraGuard.rules']);
  const schema = buildSchema(rules, docsUrl);
  const readme = fillReadme(fs.readFileSync(README_FILE, 'utf8'), rules, pkg);
  return { schema: json(schema), packageJson: json(pkg), validator: buildValidator(schema), readme };
}

module.exports = {
  buildSchema,
  buildRulesSetting,
  buildValidator,
  expected,
  SCHEMA_FILE,
  PACKAGE_FILE,
  VALIDATOR_FILE,
  README_FILE,
  SEVERITIES,
  TARGETS,
};

if (require.main === module) {
  const { rules, docsUrl } = load();
  const want = expected(rules, docsUrl);
  const files = [
    [SCHEMA_FILE, want.schema],
    [PACKAGE_FILE, want.packageJson],
    [VALIDATOR_FILE, want.validator],
    [README_FILE, want.readme],
  ];
  if (process.argv.includes('--check')) {
    const stale = files
      .filter(([f, text]) => !fs.existsSync(f) || fs.readFileSync(f, 'utf8') !== text)
      .map(([f]) => path.relative(ROOT, f));
    if (stale.length) {
      console.error(`out of date with the rule catalogue: ${stale.join(', ')} (run: npx tsc -p . && node scripts/schema.js)`);
      process.exit(1);
    }
    console.log('schema and settings match the rule catalogue');
  } else {
    fs.mkdirSync(path.dirname(SCHEMA_FILE), { recursive: true });
    for (const [f, text] of files) fs.writeFileSync(f, text);
    console.log(`wrote ${files.map(([f]) => path.relative(ROOT, f)).join(', ')} (${rules.length} rules)`);
  }
}

#!/usr/bin/env node
// Writes the extension's parts of package.json (contributes, activationEvents, capabilities, the test:vscode
// script) and leaves every other key as it is. Run after changing a setting, command or grammar:
//   node scripts/vscode-host/manifest.js            (write)
//   node scripts/vscode-host/manifest.js --check    (exit 1 if package.json differs)
// The settings' TypeScript twin is src/extension/settings.ts; a test in test/vscode keeps both equal.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const file = path.join(__dirname, '..', '..', 'package.json');

const severity = { type: 'string', enum: ['off', 'info', 'warning', 'error'] };
const optionalNumber = (description, extra = {}) => ({
  type: ['number', 'null'],
  default: null,
  minimum: 0,
  markdownDescription: description,
  scope: 'resource',
  ...extra,
});

const templateSuffixes = '{j2,jinja,jinja2,erb,gsp,tmpl,tpl,template}';

const manifest = {
  activationEvents: [
    'workspaceContains:**/deployment.toml',
    `workspaceContains:**/deployment.toml.${templateSuffixes}`,
    'workspaceContains:**/*-datasources.xml',
    `workspaceContains:**/*-datasources.xml.${templateSuffixes}`,
    'onLanguage:xml',
    'onLanguage:toml',
  ],
  capabilities: {
    untrustedWorkspaces: {
      supported: 'limited',
      description:
        'Linting, quick fixes and hovers work in untrusted workspaces (files are only read, never executed). Anything that connects to a database (the "Probe Aurora" command, the Probes view, failover drills) needs a trusted workspace and says so when run in an untrusted one.',
    },
    virtualWorkspaces: {
      supported: 'limited',
      description: 'Linting works on virtual file systems; live probes need a local or remote machine.',
    },
  },
  contributes: {
    languages: [
      {
        id: 'toml',
        aliases: ['TOML', 'toml'],
        extensions: ['.toml'],
        configuration: './syntaxes/toml.language-configuration.json',
      },
    ],
    grammars: [
      { language: 'toml', scopeName: 'source.toml', path: './syntaxes/toml.tmLanguage.json' },
      {
        scopeName: 'source.aurora-guard.datasource-injection',
        path: './syntaxes/datasource-injection.tmLanguage.json',
        injectTo: ['text.xml', 'source.toml'],
        embeddedLanguages: { 'meta.embedded.sql.aurora-guard': 'sql' },
      },
    ],
    commands: [
      { command: 'auroraGuard.lintWorkspace', title: 'Lint All Datasource Files in the Workspace', category: 'Aurora Failover Guard' },
      { command: 'auroraGuard.fixAll', title: 'Fix All Auto-fixable Problems in This File', category: 'Aurora Failover Guard' },
      { command: 'auroraGuard.showRuleDocs', title: 'Show Rule Documentation', category: 'Aurora Failover Guard' },
      { command: 'auroraGuard.probe', title: 'Probe Aurora', category: 'Aurora Guard', icon: '$(pulse)' },
      { command: 'auroraGuard.forgetPassword', title: 'Forget Saved Probe Password', category: 'Aurora Guard' },
      { command: 'auroraGuard.showForecast', title: 'Show Failover Forecast of This Datasource', category: 'Aurora Failover Guard' },
      { command: 'auroraGuard.showForecastDocs', title: 'Show How the Failover Forecast Is Modelled', category: 'Aurora Failover Guard' },
    ],
    // The Probes side panel (src/extension/probe/view.ts; webview assets in media/probe/ and dist/webview/).
    viewsContainers: {
      activitybar: [{ id: 'auroraGuard', title: 'Aurora Guard', icon: 'media/probes.svg' }],
    },
    views: {
      auroraGuard: [{ type: 'webview', id: 'auroraGuard.probes', name: 'Probes', icon: 'media/probes.svg' }],
    },
    menus: {
      'view/title': [{ command: 'auroraGuard.probe', when: 'view == auroraGuard.probes', group: 'navigation' }],
    },
    // Getting-started walkthrough (media in media/walkthrough/). The probe step's command is auroraGuard.probe.
    walkthroughs: [
      {
        id: 'auroraGuard.gettingStarted',
        title: 'Get started with Aurora Failover Guard',
        description: 'Find the datasource settings that break WSO2 API Manager during an Aurora failover, fix them, and check the cluster.',
        featuredFor: ['**/deployment.toml', '**/*-datasources.xml'],
        steps: [
          {
            id: 'openConfig',
            title: 'Open your deployment.toml',
            description:
              'Open repository/conf/deployment.toml (APIM 3.x/4.x) or master-datasources.xml (APIM 2.x): the extension lints it as you type.\n[Open deployment.toml](command:workbench.action.quickOpen?%5B%22deployment.toml%22%5D)\nOr lint every datasource file in the workspace: [Lint Workspace](command:auroraGuard.lintWorkspace)',
            media: { markdown: 'media/walkthrough/open.md' },
          },
          {
            id: 'fixFindings',
            title: 'Fix the findings',
            description:
              'Hover a squiggle for why it matters and the value in effect; press Ctrl+. for its fix. [Show Problems](command:workbench.actions.view.problems)\n[Fix All in This File](command:auroraGuard.fixAll)',
            media: { markdown: 'media/walkthrough/fix.md' },
            completionEvents: ['onCommand:auroraGuard.fixAll'],
          },
          {
            id: 'probeCluster',
            title: 'Probe the cluster',
            description:
              'Check what the endpoint really is (writer or reader, version, max_connections) and whether your validation query notices a demoted writer, then watch a failover drill.\n[Probe Aurora](command:auroraGuard.probe)',
            media: { markdown: 'media/walkthrough/probe.md' },
            completionEvents: ['onCommand:auroraGuard.probe'],
          },
        ],
      },
    ],
    configuration: {
      title: 'Aurora Failover Guard',
      properties: {
        'auroraGuard.target': {
          type: 'string',
          enum: ['auto', 'aurora-serverless-v2', 'aurora-provisioned', 'mysql'],
          enumDescriptions: [
            'Decide per datasource: Aurora rules apply when the host is an RDS/Aurora endpoint.',
            'The datasources point at Aurora MySQL Serverless v2 (Aurora and Serverless rules apply to every MySQL datasource).',
            'The datasources point at provisioned Aurora MySQL (Aurora rules apply to every MySQL datasource).',
            'Plain MySQL/MariaDB: Aurora and Serverless rules never apply.',
          ],
          default: 'auto',
          scope: 'resource',
          markdownDescription: 'What the datasources point at. A workspace `aurora-guard.json` (`"target"`) wins over this setting.',
        },
        'auroraGuard.apimVersion': {
          type: ['string', 'null'],
          default: null,
          pattern: '^\\d+(\\.\\d+){0,2}$',
          patternErrorMessage: 'A version like 4.2.0',
          scope: 'resource',
          markdownDescription:
            'WSO2 API Manager version the files are for, e.g. `4.2.0` (decides which WSO2/Tomcat defaults apply). `null` = unknown.',
        },
        'auroraGuard.cluster.minAcu': optionalNumber(
          'Aurora Serverless v2 minimum capacity (ACU). `0` means the cluster can auto-pause. `null` = unknown.',
        ),
        'auroraGuard.cluster.maxAcu': optionalNumber('Aurora Serverless v2 maximum capacity (ACU). `null` = unknown.'),
        'auroraGuard.cluster.autoPause': {
          type: ['boolean', 'null'],
          default: null,
          scope: 'resource',
          markdownDescription: 'The Serverless v2 cluster auto-pauses when idle (minimum capacity 0 ACU). `null` = unknown.',
        },
        'auroraGuard.cluster.apimNodes': optionalNumber(
          'Number of APIM nodes that share the cluster (for the connection budget). `null` = unknown.',
          { type: ['integer', 'null'] },
        ),
        'auroraGuard.cluster.maxConnections': optionalNumber("The cluster's `@@max_connections`, if known. `null` = unknown.", {
          type: ['integer', 'null'],
        }),
        'auroraGuard.rules': {
          type: 'object',
          default: {},
          propertyNames: { pattern: '^[a-z0-9]+/[a-z0-9-]+$' },
          additionalProperties: severity,
          scope: 'resource',
          markdownDescription:
            'Severity per rule id, overriding the rule\'s default: `off`, `info`, `warning` or `error`. Example: `{ "pool/max-age": "off" }`. Entries in a workspace `aurora-guard.json` win.',
        },
        'auroraGuard.files': {
          type: 'array',
          items: { type: 'string' },
          default: [],
          scope: 'resource',
          markdownDescription:
            'Extra glob patterns of files to lint, besides `deployment.toml`, `*-datasources.xml`, their templates (`.j2`, `.erb`, …) and XML/TOML files whose content is a datasource definition. Example: `["**/conf/*.xml.tmpl"]`.',
        },
        'auroraGuard.debounceMs': {
          type: 'integer',
          default: 300,
          minimum: 0,
          maximum: 10000,
          scope: 'resource',
          markdownDescription:
            'Milliseconds to wait after a change before new problems are shown. Problems that a change fixed disappear at once.',
        },
        'auroraGuard.probe.host': {
          type: ['string', 'null'],
          default: null,
          scope: 'resource',
          markdownDescription:
            'Endpoint **Probe Aurora** uses when no datasource is under the cursor, e.g. `my-cluster.cluster-abc.eu-west-1.rds.amazonaws.com`. A `cluster-` endpoint is also probed through its `cluster-ro-` reader endpoint. `null` = take it from the datasource file or ask.',
        },
        'auroraGuard.probe.port': {
          type: 'integer',
          default: 3306,
          minimum: 1,
          maximum: 65535,
          scope: 'resource',
          markdownDescription: 'Port of `#auroraGuard.probe.host#`.',
        },
        'auroraGuard.probe.user': {
          type: ['string', 'null'],
          default: null,
          scope: 'resource',
          markdownDescription:
            "User for the probe. The password is asked once and kept in VS Code's secret storage (never in settings); **Forget Saved Probe Password** removes it. `null` = ask.",
        },
        'auroraGuard.probe.database': {
          type: ['string', 'null'],
          default: null,
          scope: 'resource',
          markdownDescription: 'Default schema for the probe connection. `null` = none.',
        },
        'auroraGuard.probe.tls': {
          type: 'string',
          enum: ['off', 'required', 'verify'],
          enumDescriptions: ['Plain TCP.', 'TLS without certificate checks.', 'TLS checked against the RDS CA bundle.'],
          default: 'off',
          scope: 'resource',
          markdownDescription: 'TLS for the probe connection.',
        },
        'auroraGuard.probe.auth': {
          type: 'string',
          enum: ['password', 'iam'],
          enumDescriptions: [
            "The database password, asked once and kept in VS Code's secret storage.",
            'An RDS IAM auth token, generated locally for each connection from the AWS credentials of the environment (AWS_PROFILE, shared config, SSO, instance role …). Needs TLS.',
          ],
          default: 'password',
          scope: 'resource',
          markdownDescription:
            'How the probe authenticates. `iam` needs `#auroraGuard.probe.tls#` `required` or `verify`; nothing is stored.',
        },
        'auroraGuard.probe.region': {
          type: ['string', 'null'],
          default: null,
          pattern: '^([a-z]{2}(-[a-z]+)+-\\d{1,2})?$',
          patternErrorMessage: 'An AWS region like eu-west-1',
          scope: 'resource',
          markdownDescription:
            "AWS region of the IAM auth token (with `#auroraGuard.probe.auth#` `iam`). `null` = from the RDS host name (`….eu-west-1.rds.amazonaws.com`), else `AWS_REGION` / `AWS_DEFAULT_REGION`, else the AWS profile's region.",
        },
        'auroraGuard.forecast.codeLens': {
          type: 'boolean',
          default: true,
          scope: 'resource',
          markdownDescription:
            "Show the failover forecast above each datasource (e.g. `Failover: pinned in 9/24 timings → after fixes ≤ 38 s`). The forecast is modelled by the pool model, not measured; hover the datasource's header for every scenario.",
        },
      },
    },
  },
};

const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
const next = { ...pkg };
// Keep the key order of the file: replace in place, append what is missing.
for (const k of ['activationEvents', 'capabilities', 'contributes']) next[k] = manifest[k];
next.scripts = { ...pkg.scripts, 'test:vscode': 'bash scripts/vscode-host/test-vscode.sh' };
const out = JSON.stringify(next, null, 2) + '\n';
if (process.argv.includes('--check')) {
  if (out !== fs.readFileSync(file, 'utf8')) {
    console.error('package.json is out of date: run node scripts/vscode-host/manifest.js');
    process.exit(1);
  }
} else {
  fs.writeFileSync(file, out);
  console.log('package.json: activationEvents, capabilities, contributes, scripts.test:vscode written');
}

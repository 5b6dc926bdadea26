/// <reference types="mocha" />
// Which documents are linted: by file name, by content (the generic <datasource> form), and by the user's globs.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { selectByNameAndContent } from '../../../src/extension/files';
import { activate, openFresh, setSetting } from './helpers';

describe('document selection', () => {
  it('selects deployment.toml, *-datasources.xml and their templates by name', () => {
    for (const p of ['/a/deployment.toml', '/a/master-datasources.xml', '/a/deployment.toml.j2', '/a/master-datasources.xml.erb', '/a/bps-datasources.xml.gsp', '/a/DEPLOYMENT.TOML']) {
      assert.equal(selectByNameAndContent(p, ''), 'name', p);
    }
    for (const p of ['/a/pom.xml', '/a/config.toml', '/a/deployment.yaml', '/a/datasources.xml.bak']) assert.equal(selectByNameAndContent(p, ''), null, p);
  });

  it('selects XML/TOML files by content', () => {
    assert.equal(selectByNameAndContent('/a/x.xml', '<datasources-configuration>'), 'content');
    assert.equal(selectByNameAndContent('/a/x.xml', '<datasource>\n <name>a</name>\n <definition>'), 'content');
    assert.equal(selectByNameAndContent('/a/x.toml.j2', '[database.apim_db]\ntype = "mysql"'), 'content');
    assert.equal(selectByNameAndContent('/a/x.toml', '[[datasource]]\nid = "x"'), 'content');
    assert.equal(selectByNameAndContent('/a/x.xml', '<project><url>jdbc:mysql://h/db</url></project>'), null);
  });

  it('lints the generic <datasource> XML form when it is open', async () => {
    const api = await activate();
    const doc = await openFresh('seed/apim-datasource.xml');
    assert.ok(api.isLinted(doc));
  });

  it('leaves unrelated XML alone', async () => {
    const api = await activate();
    const doc = await openFresh('other/pom-like.xml');
    assert.equal(api.isLinted(doc), false);
    assert.deepEqual(await api.lintNow(doc), []);
    assert.equal(vscode.languages.getDiagnostics(doc.uri).length, 0);
  });

  it('lints files matched by auroraGuard.files', async () => {
    const api = await activate();
    const doc = await openFresh('custom/datasources.conf.tmpl');
    assert.equal(api.isLinted(doc), false);
    try {
      await setSetting('auroraGuard.files', ['**/*.conf.tmpl'], doc);
      assert.equal(api.isLinted(doc), true);
    } finally {
      await setSetting('auroraGuard.files', undefined);
    }
    assert.equal(api.isLinted(doc), false);
  });
});

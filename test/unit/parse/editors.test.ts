// DatasourceEditor.setSettings and .setDriverProp in both formats: every edit list applies cleanly (no
// overlapping or touching edits), the result re-parses without a parse error, the values read back as set,
// and no byte outside the edits changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, carbonXml, outsideEditsUnchanged, xmlElement } from '../helpers';
import { parseDocument } from '../../../src/core/parse/index';
import { settingEntry } from '../../../src/core/knowledge/wso2/defaults';
import { driverPropsInEffect } from '../../../src/core/knowledge/wso2/driverProps';
import type { ConfigDocument, Datasource, TextEdit } from '../../../src/core/model/types';

function parsed(fileName: string, text: string): ConfigDocument {
  const doc = parseDocument(fileName, text);
  assert.equal(doc.parseError, null, `does not parse: ${doc.parseError?.message}`);
  return doc;
}

function dsOf(doc: ConfigDocument, id: string): Datasource {
  const d = doc.datasources.find((x) => x.id === id || x.name === id);
  assert.ok(d, `no datasource ${id} in ${doc.datasources.map((x) => x.id).join(', ')}`);
  return d;
}

/** Apply one edit list: edits apart from each other, bytes outside them unchanged, the result parses. */
function applyChecked(fileName: string, text: string, edits: TextEdit[] | null): { out: string; doc: ConfigDocument } {
  assert.ok(edits && edits.length > 0, 'expected edits');
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i].span.start > sorted[i - 1].span.end, 'edits overlap or touch');
  const out = applyEdits(text, edits);
  assert.ok(outsideEditsUnchanged(text, out, edits), 'bytes outside the edits changed');
  return { out, doc: parsed(fileName, out) };
}

/** The value of a pool setting in effect (validationQuery: the one in effect). */
function settingValue(d: Datasource, name: string): string | undefined {
  if (name === 'validationQuery') return d.validationQuery?.value;
  return settingEntry(d, name)?.value;
}

/** Values of a driver property wherever it is in effect, as `source=value`. */
function propValues(d: Datasource, name: string): string[] {
  return driverPropsInEffect(d, name).map((p) => `${p.source}=${p.value}`);
}

const count = (s: string, what: string) => s.split(what).length - 1;

// ── XML ────────────────────────────────────────────────────────────────────────────────────────────

const XML_FILE = 'master-datasources.xml';

const URL = 'jdbc:mysql://db.cluster-abc.us-east-1.rds.amazonaws.com:3306/am?useSSL=true&amp;connectTimeout=3000';
const carbon = (configuration: string[] | null) => carbonXml(configuration === null ? null : URL, configuration ?? []);

test('xml setSettings: replaces the entries in effect and inserts all new keys in one block, in the given order', () => {
  const text = carbon(['<maxActive>50</maxActive>', '<validationQuery>SELECT 1</validationQuery>', '<!-- last line comment -->']);
  const d = dsOf(parsed(XML_FILE, text), 'WSO2AM_DB');
  const edits = d.edit.setSettings([['maxActive', '80'], ['maxAge', '300000'], ['validationQuery', 'SELECT 2'], ['validationInterval', '3000']]);
  const { out, doc } = applyChecked(XML_FILE, text, edits);
  const after = dsOf(doc, 'WSO2AM_DB');
  assert.equal(settingValue(after, 'maxActive'), '80');
  assert.equal(settingValue(after, 'maxAge'), '300000');
  assert.equal(settingValue(after, 'validationInterval'), '3000');
  assert.equal(settingValue(after, 'validationQuery'), 'SELECT 2');
  assert.equal(edits.filter((e) => e.newText.includes('<maxAge>') || e.newText.includes('<validationInterval>')).length, 1, 'one insertion');
  assert.ok(out.indexOf('<maxAge>') < out.indexOf('<validationInterval>'));
  assert.ok(out.includes('                    <maxAge>300000</maxAge>\n                    <validationInterval>3000</validationInterval>\n'), out);
});

test('xml setSettings: one new <configuration> for all keys; generic form gets one <properties>', () => {
  const text = carbon(null);
  const { out, doc } = applyChecked(XML_FILE, text, dsOf(parsed(XML_FILE, text), 'WSO2AM_DB').edit.setSettings([['maxAge', '1'], ['testOnBorrow', 'true']]));
  assert.equal(count(out, '<configuration>'), 1);
  const after = dsOf(doc, 'WSO2AM_DB');
  assert.equal(settingValue(after, 'maxAge'), '1');
  assert.equal(settingValue(after, 'testOnBorrow'), 'true');

  const generic = [
    ...xmlElement('datasources', xmlElement('datasource', ['<name>Generic</name>', '<url>jdbc:mysql://h:3306/d</url>', '<driverClassName>com.mysql.cj.jdbc.Driver</driverClassName>'])),
    '',
  ].join('\n');
  const g = dsOf(parsed('datasource.xml', generic), 'Generic');
  assert.equal(g.format, 'generic-xml');
  const r = applyChecked('datasource.xml', generic, g.edit.setSettings([['maxAge', '1'], ['testOnBorrow', 'true']]));
  assert.equal(count(r.out, '<properties>'), 1);
  const ga = dsOf(r.doc, 'Generic');
  assert.equal(settingValue(ga, 'maxAge'), '1');
  assert.equal(settingValue(ga, 'testOnBorrow'), 'true');
});

test('xml setSettings: a self-closing last child and the insertion after it become one edit; the last pair of a name wins; values are escaped', () => {
  const text = carbon(['<maxActive>50</maxActive>', '<defaultAutoCommit/>']);
  const d = dsOf(parsed(XML_FILE, text), 'WSO2AM_DB');
  const edits = d.edit.setSettings([['defaultAutoCommit', 'true'], ['maxAge', '1'], ['jdbcInterceptors', 'A<B>&C'], ['maxAge', '2']]);
  assert.equal(edits.length, 1);
  const after = dsOf(applyChecked(XML_FILE, text, edits).doc, 'WSO2AM_DB');
  assert.equal(settingValue(after, 'defaultAutoCommit'), 'true');
  assert.equal(settingValue(after, 'maxAge'), '2');
  assert.equal(settingValue(after, 'jdbcInterceptors'), 'A<B>&C');
});

test('xml setSetting is setSettings with one pair', () => {
  const text = carbon(['<maxActive>50</maxActive>']);
  const d = dsOf(parsed(XML_FILE, text), 'WSO2AM_DB');
  assert.deepEqual(d.edit.setSetting('maxAge', '1'), d.edit.setSettings([['maxAge', '1']]));
  assert.deepEqual(d.edit.setSetting('maxActive', '9'), d.edit.setSettings([['maxActive', '9']]));
});

test('xml setDriverProp: replaces every occurrence in effect (URL and connectionProperties), or only the one `where` names', () => {
  const text = carbon(['<connectionProperties>connectTimeout=0;socketTimeout=5</connectionProperties>']);
  const d = dsOf(parsed(XML_FILE, text), 'WSO2AM_DB');
  assert.deepEqual(propValues(d, 'connectTimeout'), ['url=3000', 'connectionProperties=0']);

  const both = dsOf(applyChecked(XML_FILE, text, d.edit.setDriverProp('connectTimeout', '10000')).doc, 'WSO2AM_DB');
  assert.deepEqual(propValues(both, 'connectTimeout'), ['url=10000', 'connectionProperties=10000']);

  const cpOnly = dsOf(applyChecked(XML_FILE, text, d.edit.setDriverProp('connectTimeout', '10000', 'connectionProperties')).doc, 'WSO2AM_DB');
  assert.deepEqual(propValues(cpOnly, 'connectTimeout'), ['url=3000', 'connectionProperties=10000']);

  const urlOnly = dsOf(applyChecked(XML_FILE, text, d.edit.setDriverProp('CONNECTTIMEOUT', '7', 'url')).doc, 'WSO2AM_DB');
  assert.deepEqual(propValues(urlOnly, 'connectTimeout'), ['url=7', 'connectionProperties=0']);

  // only in connectionProperties: `where: 'url'` adds it to the URL
  const sock = applyChecked(XML_FILE, text, d.edit.setDriverProp('socketTimeout', '60000', 'url'));
  assert.deepEqual(propValues(dsOf(sock.doc, 'WSO2AM_DB'), 'socketTimeout'), ['url=60000', 'connectionProperties=5']);
  assert.ok(sock.out.includes('connectTimeout=3000&amp;socketTimeout=60000</url>'));

  assert.equal(d.edit.setDriverProp('connectTimeout', '1', 'databaseProps'), null);
});

test('xml setDriverProp: not written anywhere → added to the URL; a piece without "=" gets one', () => {
  const text = carbon(['<connectionProperties>useSSL; tcpKeepAlive=true</connectionProperties>']);
  const d = dsOf(parsed(XML_FILE, text), 'WSO2AM_DB');
  const added = applyChecked(XML_FILE, text, d.edit.setDriverProp('socketTimeout', '60000'));
  assert.ok(added.out.includes('useSSL=true&amp;connectTimeout=3000&amp;socketTimeout=60000</url>'));
  assert.deepEqual(propValues(dsOf(added.doc, 'WSO2AM_DB'), 'socketTimeout'), ['url=60000']);

  const bare = applyChecked(XML_FILE, text, d.edit.setDriverProp('useSSL', 'false', 'connectionProperties'));
  assert.ok(bare.out.includes('<connectionProperties>useSSL=false; tcpKeepAlive=true</connectionProperties>'));
  assert.deepEqual(propValues(dsOf(bare.doc, 'WSO2AM_DB'), 'useSSL'), ['url=true', 'connectionProperties=false']);
});

test('xml setDriverProp: <databaseProps> replaces connectionProperties, so those are never the target', () => {
  const text = carbon([
    '<connectionProperties>socketTimeout=5;tcpKeepAlive=false</connectionProperties>',
    '<databaseProps>',
    '    <property name="socketTimeout">0</property>',
    '</databaseProps>',
  ]);
  const d = dsOf(parsed(XML_FILE, text), 'WSO2AM_DB');
  assert.equal(d.edit.setDriverProp('tcpKeepAlive', 'true', 'connectionProperties'), null);
  const r = applyChecked(XML_FILE, text, d.edit.setDriverProp('socketTimeout', '60000'));
  assert.ok(r.out.includes('<property name="socketTimeout">60000</property>'));
  assert.ok(r.out.includes('<connectionProperties>socketTimeout=5;tcpKeepAlive=false</connectionProperties>'), 'shadowed piece untouched');
  assert.deepEqual(propValues(dsOf(r.doc, 'WSO2AM_DB'), 'socketTimeout'), ['databaseProps=60000']);
  // tcpKeepAlive is in effect nowhere (its connectionProperties piece is replaced): it goes to the URL
  const k = applyChecked(XML_FILE, text, d.edit.setDriverProp('tcpKeepAlive', 'true'));
  assert.deepEqual(propValues(dsOf(k.doc, 'WSO2AM_DB'), 'tcpKeepAlive'), ['url=true']);
});

test('xml setDriverProp: values are escaped in text and written verbatim in CDATA', () => {
  const plain = carbon(['<connectionProperties>wrapperPlugins=failover</connectionProperties>']);
  const p = applyChecked(XML_FILE, plain, dsOf(parsed(XML_FILE, plain), 'WSO2AM_DB').edit.setDriverProp('wrapperPlugins', 'a&b', 'connectionProperties'));
  assert.ok(p.out.includes('<connectionProperties>wrapperPlugins=a&amp;b</connectionProperties>'));
  // read back what Tomcat gets: the decoded element text (the parser splits the raw text at every ';', an entity's too)
  assert.equal(settingEntry(dsOf(p.doc, 'WSO2AM_DB'), 'connectionProperties')?.value, 'wrapperPlugins=a&b');

  const cdata = carbon(['<connectionProperties><![CDATA[wrapperPlugins=failover;x=1]]></connectionProperties>']);
  const c = applyChecked(XML_FILE, cdata, dsOf(parsed(XML_FILE, cdata), 'WSO2AM_DB').edit.setDriverProp('wrapperPlugins', 'a&b'));
  assert.ok(c.out.includes('<![CDATA[wrapperPlugins=a&b;x=1]]>'));
  assert.deepEqual(propValues(dsOf(c.doc, 'WSO2AM_DB'), 'wrapperPlugins'), ['connectionProperties=a&b']);
});

// ── TOML ───────────────────────────────────────────────────────────────────────────────────────────

const TOML_FILE = 'deployment.toml';

test('toml setSettings: replaces in place and appends new keys to the existing pool_options table', () => {
  const text = [
    '[database.apim_db]',
    'type = "mysql"',
    'url = "jdbc:mysql://h:3306/apim?connectTimeout=3000"',
    '',
    '[database.apim_db.pool_options]',
    'maxWait = 60000',
    '',
    '[server]',
    'hostname = "x"',
    '',
  ].join('\n');
  const d = dsOf(parsed(TOML_FILE, text), 'database.apim_db');
  const { out, doc } = applyChecked(TOML_FILE, text, d.edit.setSettings([['maxWait', '30000'], ['maxAge', '300000'], ['validationInterval', '3000']]));
  const after = dsOf(doc, 'database.apim_db');
  assert.equal(settingValue(after, 'maxWait'), '30000');
  assert.equal(settingValue(after, 'maxAge'), '300000');
  assert.equal(settingValue(after, 'validationInterval'), '3000');
  assert.ok(out.includes('maxWait = 30000\nmaxAge = 300000\nvalidationInterval = 3000\n\n[server]'), out);
});

test('toml setSettings: ONE new pool_options table for all new keys; a new validationQuery stays at the top level before it', () => {
  for (const eolAtEnd of [true, false]) {
    const text = '[database.identity_db]\nurl = "jdbc:mysql://id-db/identity"' + (eolAtEnd ? '\n' : '');
    const d = dsOf(parsed(TOML_FILE, text), 'database.identity_db');
    const edits = d.edit.setSettings([['validationInterval', '3000'], ['validationQuery', 'SELECT 2'], ['maxAge', '60000']]);
    const { out, doc } = applyChecked(TOML_FILE, text, edits);
    assert.equal(count(out, '[database.identity_db.pool_options]'), 1, out);
    assert.ok(out.indexOf('validationQuery') < out.indexOf('[database.identity_db.pool_options]'), out);
    const after = dsOf(doc, 'database.identity_db');
    assert.equal(settingValue(after, 'validationInterval'), '3000');
    assert.equal(settingValue(after, 'maxAge'), '60000');
    assert.equal(settingValue(after, 'validationQuery'), 'SELECT 2');
    assert.equal(after.validationQueries.length, 1);
  }
});

test('toml setSettings: inline table, dotted keys, headerless dotted datasource, CRLF', () => {
  const inline = "[database.user]\nurl = 'jdbc:mysql://user-db:3306/um'\npool_options = { maxActive = 10 }\n";
  const i = applyChecked(TOML_FILE, inline, dsOf(parsed(TOML_FILE, inline), 'database.user').edit.setSettings([['maxAge', '1'], ['testOnBorrow', 'true']]));
  assert.ok(i.out.includes('pool_options = { maxActive = 10, maxAge = 1, testOnBorrow = true }'), i.out);

  const dotted = '[database.shared_db]\ntype = "mysql"\nhostname = "db"\npool_options.maxActive = 40\n\n[server]\nx = 1\n';
  const sd = dsOf(parsed(TOML_FILE, dotted), 'database.shared_db');
  const d = applyChecked(TOML_FILE, dotted, sd.edit.setSettings([['maxAge', '1'], ['validationQuery', 'SELECT 2']]));
  assert.ok(d.out.includes('pool_options.maxActive = 40\npool_options.maxAge = 1\nvalidationQuery = "SELECT 2"\n\n[server]'), d.out);
  assert.equal(settingValue(dsOf(d.doc, 'database.shared_db'), 'maxAge'), '1');
  assert.equal(settingValue(dsOf(d.doc, 'database.shared_db'), 'validationQuery'), 'SELECT 2');

  const headerless = 'database.apim_db.url = "jdbc:mysql://h/d"\nother = 1\n';
  const h = applyChecked(TOML_FILE, headerless, dsOf(parsed(TOML_FILE, headerless), 'database.apim_db').edit.setSettings([['maxAge', '1'], ['maxWait', '2']]));
  assert.ok(h.out.startsWith('database.apim_db.url = "jdbc:mysql://h/d"\ndatabase.apim_db.pool_options.maxAge = 1\ndatabase.apim_db.pool_options.maxWait = 2\nother = 1\n'), h.out);

  const crlf = '[database.apim_db]\r\nurl = "jdbc:mysql://h/d"\r\n\r\n[server]\r\nx = 1\r\n';
  const c = applyChecked(TOML_FILE, crlf, dsOf(parsed(TOML_FILE, crlf), 'database.apim_db').edit.setSettings([['maxAge', '1'], ['maxWait', '2']]));
  assert.ok(c.out.includes('\r\n[database.apim_db.pool_options]\r\nmaxAge = 1\r\nmaxWait = 2\r\n'), JSON.stringify(c.out));
  assert.ok(!/[^\r]\n/.test(c.out), 'only CRLF line breaks');
});

test('toml setSetting is setSettings with one pair', () => {
  const text = '[database.apim_db]\nurl = "jdbc:mysql://h/d"\n\n[database.apim_db.pool_options]\nmaxWait = 1\n';
  const d = dsOf(parsed(TOML_FILE, text), 'database.apim_db');
  for (const [k, v] of [['maxWait', '2'], ['maxAge', '3'], ['validationQuery', 'SELECT 2']]) {
    assert.deepEqual(d.edit.setSetting(k, v), d.edit.setSettings([[k, v]]));
  }
});

const TOML_PROPS = [
  '[database.apim_db]',
  'type = "mysql"',
  'url = "jdbc:mysql://h:3306/apim?useSSL=true&amp;connectTimeout=3000"',
  '',
  '[database.apim_db.pool_options]',
  'connectionProperties = "connectTimeout=0;tcpKeepAlive=false"',
  '',
  '[database.user]',
  "url = 'jdbc:mysql://user-db:3306/um'",
  "pool_options.connectionProperties = 'socketTimeout=1'",
  '',
  '[database.shared_db]',
  'type = "mysql"',
  'hostname = "db"',
  '',
].join('\n');

test('toml setDriverProp: replaces every occurrence in effect, or only the one `where` names', () => {
  const d = dsOf(parsed(TOML_FILE, TOML_PROPS), 'database.apim_db');
  assert.deepEqual(propValues(d, 'connectTimeout'), ['url=3000', 'connectionProperties=0']);
  const both = applyChecked(TOML_FILE, TOML_PROPS, d.edit.setDriverProp('connectTimeout', '10000'));
  assert.deepEqual(propValues(dsOf(both.doc, 'database.apim_db'), 'connectTimeout'), ['url=10000', 'connectionProperties=10000']);
  const cp = applyChecked(TOML_FILE, TOML_PROPS, d.edit.setDriverProp('connectTimeout', '10000', 'connectionProperties'));
  assert.deepEqual(propValues(dsOf(cp.doc, 'database.apim_db'), 'connectTimeout'), ['url=3000', 'connectionProperties=10000']);
  const url = applyChecked(TOML_FILE, TOML_PROPS, d.edit.setDriverProp('tcpKeepAlive', 'true', 'url'));
  assert.deepEqual(propValues(dsOf(url.doc, 'database.apim_db'), 'tcpKeepAlive'), ['url=true', 'connectionProperties=false']);
  assert.ok(url.out.includes('connectTimeout=3000&amp;tcpKeepAlive=true"'));
  assert.equal(d.edit.setDriverProp('connectTimeout', '1', 'databaseProps'), null);
});

test('toml setDriverProp: added to the URL when written nowhere; null without an editable URL or for a value the string cannot hold', () => {
  const d = dsOf(parsed(TOML_FILE, TOML_PROPS), 'database.apim_db');
  const added = applyChecked(TOML_FILE, TOML_PROPS, d.edit.setDriverProp('socketTimeout', '60000'));
  assert.deepEqual(propValues(dsOf(added.doc, 'database.apim_db'), 'socketTimeout'), ['url=60000']);

  const user = dsOf(parsed(TOML_FILE, TOML_PROPS), 'database.user');
  const lit = applyChecked(TOML_FILE, TOML_PROPS, user.edit.setDriverProp('socketTimeout', '60000'));
  assert.ok(lit.out.includes("pool_options.connectionProperties = 'socketTimeout=60000'"));
  assert.deepEqual(propValues(dsOf(lit.doc, 'database.user'), 'socketTimeout'), ['connectionProperties=60000']);
  assert.equal(user.edit.setDriverProp('socketTimeout', "it's", 'connectionProperties'), null);

  // URL inferred from type + hostname: nothing to edit
  assert.equal(dsOf(parsed(TOML_FILE, TOML_PROPS), 'database.shared_db').edit.setDriverProp('connectTimeout', '1'), null);
});

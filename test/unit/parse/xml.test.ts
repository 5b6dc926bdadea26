// XML parser and editor: exact spans, both XML forms, templates, well-formedness errors, robustness, edits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseXml } from '../../../src/core/parse/xml/parseXml';
import { scanXml } from '../../../src/core/parse/xml/scanner';
import { applyEdits } from '../../../src/core/fixes/apply';
import type { ConfigDocument, Datasource, LocatedEntry, Span, TextEdit } from '../../../src/core/model/types';

// Paths are computed here rather than taken from ../helpers: parser tests must not depend on the rule modules loading.
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'parse', 'xml');
const CORPUS = '/work/shared/corpus';
const SEED = '/work/shared/seed/seed-article.md';

const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const at = (text: string, span: Span) => text.slice(span.start, span.end);

function ds(doc: ConfigDocument, id: string): Datasource {
  const found = doc.datasources.find((d) => d.id === id);
  assert.ok(found, `datasource ${id} not found (have ${doc.datasources.map((d) => d.id).join(', ')})`);
  return found;
}

function setting(d: Datasource, key: string): LocatedEntry {
  const found = d.settings.filter((s) => s.key === key).pop();
  assert.ok(found, `setting ${key} not found in ${d.id}`);
  return found;
}

/** Every span of the model lies inside the text and is well-ordered. */
function assertSpansWithin(doc: ConfigDocument): void {
  const n = doc.text.length;
  const check = (s: Span, what: string) =>
    assert.ok(s.start >= 0 && s.start <= s.end && s.end <= n, `${what} ${JSON.stringify(s)} outside 0..${n}`);
  check(doc.fileSpan, 'fileSpan');
  if (doc.parseError) check(doc.parseError.span, 'parseError');
  for (const d of doc.datasources) {
    check(d.span, 'span');
    check(d.headerSpan, 'headerSpan');
    const entries = [d.urlEntry, d.driver, ...d.validationQueries, ...d.settings].filter((e): e is LocatedEntry => !!e);
    for (const e of entries) {
      check(e.keySpan, `${e.key}.keySpan`);
      check(e.valueSpan, `${e.key}.valueSpan`);
      check(e.entrySpan, `${e.key}.entrySpan`);
      assert.ok(e.entrySpan.start <= e.keySpan.start && e.keySpan.end <= e.entrySpan.end, `${e.key}: key outside entry`);
    }
    if (d.url) {
      check(d.url.span, 'url.span');
      assert.ok(d.url.queryEnd >= 0 && d.url.queryEnd <= n, 'url.queryEnd');
      for (const h of d.url.hosts) check(h.span, 'host');
      for (const p of d.url.params) {
        check(p.span, 'param');
        check(p.valueSpan, 'param value');
      }
    }
    for (const p of d.driverProps) {
      check(p.span, 'driverProp');
      check(p.valueSpan, 'driverProp value');
    }
  }
}

/** Apply one fix: the result parses cleanly and nothing outside the edits changed. */
function applyChecked(text: string, edits: TextEdit[] | null, fileName = 'edit-datasources.xml'): { after: string; doc: ConfigDocument } {
  assert.ok(edits && edits.length > 0, 'expected edits');
  const after = applyEdits(text, edits);
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start);
  let pos = 0;
  let shift = 0;
  for (const e of sorted) {
    assert.equal(after.slice(pos + shift, e.span.start + shift), text.slice(pos, e.span.start), 'bytes outside the edits changed');
    shift += e.newText.length - (e.span.end - e.span.start);
    pos = e.span.end;
  }
  assert.equal(after.slice(pos + shift), text.slice(pos), 'bytes after the last edit changed');
  const doc = parseXml(after, fileName);
  assert.equal(doc.parseError, null, `edit broke the file: ${doc.parseError?.message}\n${after}`);
  return { after, doc };
}

// Runs first so garbage from the robustness tests does not distort the timing.
test('performance: a 1 MiB file with a thousand datasources parses quickly', () => {
  const one = (i: number) =>
    `    <datasource>\n      <name>DS_${i}</name>\n      <definition type="RDBMS">\n        <configuration>\n          <url>jdbc:mysql://db-${i}.cluster-x.us-east-1.rds.amazonaws.com:3306/db?autoReconnect=true&amp;useSSL=false</url>\n          <driverClassName>com.mysql.cj.jdbc.Driver</driverClassName>\n          <maxActive>50</maxActive>\n          <maxWait>60000</maxWait>\n          <testOnBorrow>true</testOnBorrow>\n          <validationQuery>SELECT 1</validationQuery>\n          <validationInterval>30000</validationInterval>\n        </configuration>\n      </definition>\n    </datasource>\n`;
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < 1 << 20; i++) {
    parts.push(one(i));
    size += parts[i].length;
  }
  const text = `<datasources-configuration>\n  <datasources>\n${parts.join('')}  </datasources>\n</datasources-configuration>\n`;
  for (let k = 0; k < 3; k++) parseXml(text, 'big-datasources.xml'); // warm-up (JIT)
  const times: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t0 = process.hrtime.bigint();
    const doc = parseXml(text, 'big-datasources.xml');
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    assert.equal(doc.datasources.length, parts.length);
  }
  const median = times.sort((a, b) => a - b)[2];
  console.log(`parseXml 1 MiB: ${times.map((x) => x.toFixed(1)).join(' / ')} ms`);
  // Typically ~40 ms warm on an idle machine; the bound only catches super-linear regressions on a loaded one.
  assert.ok(median < 1000, `median ${median.toFixed(1)} ms`);
});

// ---------------------------------------------------------------------------------------------
// Carbon form

test('carbon: datasource fields, exact key/value/entry spans of settings', () => {
  const text = fixture('carbon-basic-datasources.xml');
  const doc = parseXml(text, 'carbon-basic-datasources.xml');
  assert.equal(doc.parseError, null);
  assert.equal(doc.format, 'carbon-xml');
  assert.deepEqual(doc.templates, []);
  assert.deepEqual(doc.jvmDns, []);
  assert.deepEqual(doc.fileSpan, { start: 0, end: '<?xml version="1.0" encoding="UTF-8"?>'.length });
  assert.deepEqual(
    doc.datasources.map((d) => d.id),
    ['WSO2AM_DB', 'WSO2_CARBON_DB', 'WSO2_XA_DB', 'HBASE_DB'],
  );

  const am = ds(doc, 'WSO2AM_DB');
  assert.equal(am.name, 'WSO2AM_DB');
  assert.equal(am.jndiName, 'jdbc/WSO2AM_DB');
  assert.equal(am.role, 'apim_db');
  assert.equal(am.format, 'carbon-xml');
  assert.equal(am.definitionType, 'RDBMS');
  assert.equal(am.family, 'mysql');
  assert.equal(am.templated, false);
  assert.equal(am.urlInferred, false);
  assert.equal(am.dbType, null);
  assert.equal(am.poolOptionsHeaderSpan, null);
  assert.equal(at(text, am.headerSpan), 'WSO2AM_DB');
  assert.ok(at(text, am.span).startsWith('<datasource>') && at(text, am.span).endsWith('</datasource>'));
  assert.equal(am.driverClass, 'com.mysql.cj.jdbc.Driver');
  assert.equal(at(text, am.driver!.valueSpan), 'com.mysql.cj.jdbc.Driver');
  assert.equal(am.validationQuery?.value, 'SELECT 1');
  assert.equal(am.validationQueries.length, 1);

  const maxActive = setting(am, 'maxActive');
  assert.equal(maxActive.value, '50');
  assert.equal(at(text, maxActive.keySpan), 'maxActive');
  assert.equal(at(text, maxActive.valueSpan), '50');
  assert.equal(at(text, maxActive.entrySpan), '<maxActive>50</maxActive>');
  assert.equal(maxActive.style, 'xml-text');
  assert.equal(maxActive.templated, false);
  assert.equal(am.settings.find((s) => s.key === 'maxActive')!.placement, 'xml-configuration');

  const interval = setting(am, 'validationInterval');
  assert.equal(at(text, interval.valueSpan), '30000');
  assert.equal(at(text, interval.keySpan), 'validationInterval');

  // Connection keys are not settings; unknown elements are kept (a rule flags them); jndiConfig properties never count.
  const keys = am.settings.map((s) => s.key);
  for (const k of ['url', 'username', 'password', 'driverClassName', 'validationQuery']) assert.ok(!keys.includes(k), k);
  assert.ok(keys.includes('testOnConnect'));
  assert.equal(
    am.settings.filter((s) => s.key === 'maxActive').length,
    1,
    'the jndiConfig <property name="maxActive"> is not a pool setting',
  );

  // <x/>: empty value span right before "/>"; <x></x>: empty span at the content position.
  const selfClosed = setting(am, 'defaultAutoCommit');
  assert.equal(selfClosed.value, '');
  assert.equal(selfClosed.valueSpan.start, selfClosed.valueSpan.end);
  assert.equal(text.slice(selfClosed.valueSpan.start, selfClosed.entrySpan.end), '/>');
  const empty = setting(am, 'initSQL');
  assert.equal(empty.valueSpan.start, empty.valueSpan.end);
  assert.equal(text.slice(empty.entrySpan.start, empty.valueSpan.start), '<initSQL>');
  // CDATA is unwrapped in the value; the value span covers what is written.
  const interceptors = setting(am, 'jdbcInterceptors');
  assert.equal(interceptors.value, 'ConnectionState;StatementFinalizer');
  assert.equal(at(text, interceptors.valueSpan), '<![CDATA[ConnectionState;StatementFinalizer]]>');
});

test('carbon: URL params with &amp; separators have exact spans; driver props from all three places', () => {
  const text = fixture('carbon-basic-datasources.xml');
  const am = ds(parseXml(text, 'x-datasources.xml'), 'WSO2AM_DB');
  const url = am.url!;
  assert.equal(
    url.text,
    'jdbc:mysql://aurora.cluster-abc.us-east-1.rds.amazonaws.com:3306/apimgt?autoReconnect=true&useSSL=false&connectTimeout=3000',
  );
  assert.equal(
    at(text, url.span),
    'jdbc:mysql://aurora.cluster-abc.us-east-1.rds.amazonaws.com:3306/apimgt?autoReconnect=true&amp;useSSL=false&amp;connectTimeout=3000',
  );
  assert.deepEqual(am.urlEntry!.valueSpan, url.span);
  assert.equal(url.paramSeparator, '&amp;');
  assert.equal(url.hasQuery, true);
  assert.equal(url.queryEnd, url.span.end);
  assert.deepEqual(
    url.hosts.map((h) => [h.host, h.port, at(text, h.span)]),
    [['aurora.cluster-abc.us-east-1.rds.amazonaws.com', 3306, 'aurora.cluster-abc.us-east-1.rds.amazonaws.com']],
  );
  assert.deepEqual(
    url.params.map((p) => [p.name, p.value, at(text, p.span), at(text, p.valueSpan)]),
    [
      ['autoReconnect', 'true', 'autoReconnect=true', 'true'],
      ['useSSL', 'false', 'useSSL=false', 'false'],
      ['connectTimeout', '3000', 'connectTimeout=3000', '3000'],
    ],
  );
  assert.deepEqual(
    am.driverProps.map((p) => [p.source, p.name, p.value, at(text, p.span), at(text, p.valueSpan)]),
    [
      ['url', 'autoReconnect', 'true', 'autoReconnect=true', 'true'],
      ['url', 'useSSL', 'false', 'useSSL=false', 'false'],
      ['url', 'connectTimeout', '3000', 'connectTimeout=3000', '3000'],
      ['connectionProperties', 'socketTimeout', '60000', 'socketTimeout=60000', '60000'],
      ['connectionProperties', 'tcpKeepAlive', 'true', 'tcpKeepAlive=true', 'true'],
      ['databaseProps', 'connectTimeout', '5000', '<property name="connectTimeout">5000</property>', '5000'],
    ],
  );
});

test('carbon: H2 URL with an XML comment inside the text node', () => {
  const text = fixture('carbon-basic-datasources.xml');
  const h2 = ds(parseXml(text, 'x-datasources.xml'), 'WSO2_CARBON_DB');
  assert.equal(h2.urlEntry!.value, 'jdbc:h2:;AUTO_SERVER=TRUE');
  assert.equal(at(text, h2.urlEntry!.valueSpan), 'jdbc:h2:<!-- Full path to JDBC database -->;AUTO_SERVER=TRUE');
  assert.equal(h2.url!.text, 'jdbc:h2:;AUTO_SERVER=TRUE');
  assert.equal(h2.url!.subprotocol, 'h2');
  assert.equal(h2.family, 'h2');
  assert.equal(h2.role, 'local');
  assert.deepEqual(
    h2.url!.params.map((p) => at(text, p.span)),
    ['AUTO_SERVER=TRUE'],
  );
  assert.equal(at(text, h2.url!.span), 'jdbc:h2:<!-- Full path to JDBC database -->;AUTO_SERVER=TRUE');
});

test('carbon: dataSourceClassName with the URL in dataSourceProps; non-RDBMS definitions keep their type', () => {
  const text = fixture('carbon-basic-datasources.xml');
  const doc = parseXml(text, 'x-datasources.xml');
  const xa = ds(doc, 'WSO2_XA_DB');
  assert.equal(xa.url?.text, 'jdbc:mysql://xa-host:3306/xa');
  assert.equal(at(text, xa.urlEntry!.keySpan), 'URL');
  assert.equal(at(text, xa.urlEntry!.valueSpan), 'jdbc:mysql://xa-host:3306/xa');
  assert.equal(xa.driver, null);
  assert.equal(xa.driverClass, 'com.mysql.jdbc.jdbc2.optional.MysqlXADataSource');
  assert.equal(xa.family, 'mysql');
  const hbase = ds(doc, 'HBASE_DB');
  assert.equal(hbase.definitionType, 'HBASE');
  assert.equal(hbase.url, null);
});

test('carbon: datasources inside comments are not datasources', () => {
  const text = fixture('carbon-basic-datasources.xml');
  const doc = parseXml(text, 'x-datasources.xml');
  assert.ok(!doc.datasources.some((d) => d.name === 'SAMPLE_DATA_SOURCE'));
  const file = path.join(CORPUS, 'product-apim-2.x__modules__distribution__product__src__main__conf__master-datasources.xml');
  if (!fs.existsSync(file)) return;
  const stock = parseXml(fs.readFileSync(file, 'utf8'), 'master-datasources.xml');
  assert.deepEqual(
    stock.datasources.map((d) => d.id),
    ['WSO2_CARBON_DB', 'WSO2AM_DB', 'WSO2AM_STATS_DB', 'WSO2_MB_STORE_DB'],
  );
});

test('carbon: missing and duplicate names get unique ids; the last <configuration> is the one in effect', () => {
  const text = [
    '<datasources-configuration><datasources>',
    '<datasource><name>A</name><definition type="RDBMS"><configuration><maxActive>1</maxActive></configuration></definition></datasource>',
    '<datasource><name>A</name><definition type="RDBMS"><configuration><maxActive>2</maxActive></configuration></definition></datasource>',
    '<datasource><definition type="RDBMS"><configuration><maxActive>3</maxActive></configuration>',
    '<configuration><maxActive>4</maxActive></configuration></definition></datasource>',
    '</datasources></datasources-configuration>',
  ].join('\n');
  const doc = parseXml(text, 'x-datasources.xml');
  assert.deepEqual(
    doc.datasources.map((d) => d.id),
    ['A', 'datasource[1]', 'datasource[2]'],
  );
  assert.deepEqual(
    doc.datasources.map((d) => d.name),
    ['A', 'A', null],
  );
  assert.equal(doc.datasources[2].role, 'unknown');
  assert.equal(at(text, doc.datasources[2].headerSpan), '<datasource>');
  assert.equal(setting(doc.datasources[2], 'maxActive').value, '4');
});

test('carbon corpus file: WSO2 stock MySQL master-datasources', (t) => {
  const file = path.join(
    CORPUS,
    'kubernetes-apim-2.1.x__pattern-1__confs__apim-manager-worker__repository__conf__datasources__master-datasources.xml',
  );
  if (!fs.existsSync(file)) return t.skip('corpus not available');
  const text = fs.readFileSync(file, 'utf8');
  const doc = parseXml(text, 'master-datasources.xml');
  assert.equal(doc.parseError, null);
  assert.equal(doc.format, 'carbon-xml');
  assert.ok(!doc.datasources.some((d) => d.name === 'SAMPLE_DATA_SOURCE'));
  const am = ds(doc, 'WSO2AM_STATS_DB');
  assert.equal(am.family, 'mysql');
  assert.equal(am.url!.hosts[0].host, 'apim-rdbms');
  assert.deepEqual(
    am.url!.params.map((p) => at(text, p.span)),
    ['autoReconnect=true', 'relaxAutoCommit=true'],
  );
  assert.equal(text.slice(am.url!.params[0].span.end, am.url!.params[1].span.start), '&amp;');
  assert.equal(at(text, setting(am, 'maxActive').valueSpan), setting(am, 'maxActive').value);
  assertSpansWithin(doc);
});

test('corpus: the H2 URL with a comment inside (wso2brasil/talos)', (t) => {
  const file = path.join(CORPUS, 'wso2brasil-talos__openshift__master-datasources.xml');
  if (!fs.existsSync(file)) return t.skip('corpus not available');
  const text = fs.readFileSync(file, 'utf8');
  const doc = parseXml(text, 'master-datasources.xml');
  assert.equal(doc.parseError, null);
  const h2 = doc.datasources.find((d) => d.urlEntry?.value === 'jdbc:h2:;AUTO_SERVER=TRUE');
  assert.ok(h2, 'the commented H2 URL is read without its comment');
  assert.equal(h2.url!.subprotocol, 'h2');
});

// ---------------------------------------------------------------------------------------------
// Generic form

test('generic: the seed article example parses with property spans', () => {
  let text = fixture('seed-generic.xml');
  if (fs.existsSync(SEED)) {
    const m = /```xml\n([\s\S]*?)```/.exec(fs.readFileSync(SEED, 'utf8'));
    assert.ok(m, 'seed article has an xml example');
    text = m[1];
  }
  const doc = parseXml(text, 'datasources.xml');
  assert.equal(doc.parseError, null);
  assert.equal(doc.format, 'generic-xml');
  assert.equal(doc.datasources.length, 1);
  const d = doc.datasources[0];
  assert.equal(d.id, 'apim_db');
  assert.equal(d.format, 'generic-xml');
  assert.equal(d.definitionType, 'RDBMS');
  assert.equal(d.family, 'mysql');
  assert.equal(d.driverClass, 'com.mysql.cj.jdbc.Driver');
  assert.equal(d.url!.hosts[0].host, 'your-aurora-endpoint');
  assert.equal(d.url!.database, 'apim_db');
  assert.equal(d.validationQuery!.value, 'select 1;');
  assert.equal(at(text, d.validationQuery!.keySpan), 'validationQuery');
  assert.deepEqual(
    d.settings.map((s) => s.key),
    [
      'initialSize',
      'maxActive',
      'minIdle',
      'maxWait',
      'testOnBorrow',
      'testWhileIdle',
      'timeBetweenEvictionRunsMillis',
      'minEvictableIdleTimeMillis',
    ],
  );
  assert.ok(d.settings.every((s) => s.placement === 'xml-property'));
  const maxActive = setting(d, 'maxActive');
  assert.equal(at(text, maxActive.keySpan), 'maxActive');
  assert.equal(text[maxActive.keySpan.start - 1], '"');
  assert.equal(at(text, maxActive.valueSpan), '20');
  assert.equal(at(text, maxActive.entrySpan), '<property name="maxActive">20</property>');
  assertSpansWithin(doc);
});

test('generic: several datasources under another root, capitalised <Property>, attribute values', () => {
  const text = [
    '<root>',
    '  <datasource><name>one</name><definition><url>jdbc:mysql://h1/db</url>',
    '    <Properties><Property name="maxActive">7</Property><Property name="testOnBorrow" value="true"/></Properties>',
    '  </definition></datasource>',
    '  <datasource><name>two</name><definition type="RDBMS"><configuration><url>jdbc:mysql://h2/db</url><maxActive>9</maxActive></configuration></definition></datasource>',
    '</root>',
  ].join('\n');
  const doc = parseXml(text, 'x.xml');
  assert.equal(doc.parseError, null);
  assert.equal(doc.format, 'carbon-xml', 'a Carbon datasource makes the document Carbon');
  const [one, two] = doc.datasources;
  assert.equal(one.format, 'generic-xml');
  assert.equal(two.format, 'carbon-xml');
  assert.equal(setting(one, 'maxActive').value, '7');
  const attr = setting(one, 'testOnBorrow');
  assert.equal(attr.style, 'xml-attr');
  assert.equal(attr.value, 'true');
  assert.equal(at(text, attr.valueSpan), 'true');
  assert.equal(setting(two, 'maxActive').value, '9');
});

// ---------------------------------------------------------------------------------------------
// Well-formedness

test('parse error: mismatched close tag is reported at the close tag with a clear message', () => {
  const text =
    '<datasources-configuration>\n  <datasources>\n    <datasource>\n      <name>X</name>\n      <url>jdbc:mysql://h/db</uri>\n    </datasource>\n  </datasources>\n</datasources-configuration>\n';
  const doc = parseXml(text, 'x-datasources.xml');
  assert.ok(doc.parseError);
  assert.deepEqual(doc.datasources, []);
  assert.match(doc.parseError.message, /^XML is not well-formed: /);
  assert.match(doc.parseError.message, /Expected closing tag 'url'/);
  assert.equal(at(text, doc.parseError.span), '</uri>');
});

test('parse error: positions survive a BOM and CRLF; bad entity; truncated file; several unclosed tags', () => {
  const crlf = '\uFEFF<a>\r\n  <b>x & y</b>\r\n</a>\r\n';
  const e1 = parseXml(crlf, 'x.xml').parseError!;
  assert.ok(e1);
  assert.equal(at(crlf, e1.span), '&');
  assert.match(e1.message, /write it as &amp;/);
  const truncated = '<a>\n  <b>\n    <c>1</c>\n';
  const e2 = parseXml(truncated, 'x.xml').parseError!;
  assert.ok(e2);
  assert.match(e2.message, /Unclosed tags: <a>, <b>/);
  assert.equal(at(truncated, e2.span), '<b>');
  assert.ok(e2.span.end > e2.span.start);
});

test('no strict check for text that is not an XML document (YAML ConfigMap embedding XML)', () => {
  const text = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'data:',
    '  master-datasources.xml: |-',
    '    <datasources-configuration>',
    '      <datasources>',
    '        <datasource>',
    '          <name>WSO2AM_DB</name>',
    '          <definition type="RDBMS">',
    '            <configuration>',
    '              <url>jdbc:mysql://db:3306/am?useSSL=false&amp;autoReconnect=true</url>',
    '              <maxActive>50</maxActive>',
    '            </configuration>',
    '          </definition>',
    '        </datasource>',
    '  other.txt: a < b > c',
  ].join('\n');
  const doc = parseXml(text, 'am-conf.yaml');
  assert.equal(doc.parseError, null);
  assert.equal(doc.datasources.length, 1);
  const d = doc.datasources[0];
  assert.equal(d.url!.params.length, 2);
  assert.equal(at(text, setting(d, 'maxActive').valueSpan), '50');
  const edit = d.edit.setSetting('maxActive', '60');
  assert.equal(applyEdits(text, edit).includes('<maxActive>60</maxActive>'), true);
});

// ---------------------------------------------------------------------------------------------
// Templates

test('templates: Jinja/Helm values are templated, never a parse error; literal values still read', () => {
  const text = [
    '{%- from "settings.sls" import db_host -%}',
    '<datasources-configuration><datasources>',
    '  <datasource>',
    '    <name>WSO2AM_DB</name>',
    '    <definition type="RDBMS"><configuration>',
    '      <url>jdbc:mysql://{{ db_host }}:3306/apimgt?autoReconnect=true&amp;relaxAutoCommit=true&amp;</url>',
    '      <driverClassName>{{ driver }}</driverClassName>',
    '      {% for k, v in pool.items() %}',
    '      <{{k}}>{{v}}</{{k}}>',
    '      {% endfor %}',
    '      <maxActive>50</maxActive>',
    '    </configuration></definition>',
    '  </datasource>',
    '</datasources></datasources-configuration>',
  ].join('\n');
  const doc = parseXml(text, 'master-datasources.xml.j2');
  assert.equal(doc.parseError, null);
  assert.deepEqual(doc.templates, ['jinja']);
  const d = ds(doc, 'WSO2AM_DB');
  assert.equal(d.templated, true);
  assert.equal(d.url!.templated, true);
  assert.equal(d.url!.text, 'jdbc:mysql://{{ db_host }}:3306/apimgt?autoReconnect=true&relaxAutoCommit=true&');
  assert.equal(d.url!.hosts[0].templated, true);
  assert.equal(d.url!.hosts[0].host, '{{ db_host }}');
  assert.deepEqual(
    d.url!.params.map((p) => [p.name, p.value, p.templated]),
    [
      ['autoReconnect', 'true', false],
      ['relaxAutoCommit', 'true', false],
    ],
  );
  assert.equal(d.driver!.templated, true);
  assert.equal(d.driver!.value, '{{ driver }}');
  assert.equal(d.driverClass, null);
  assert.deepEqual(
    d.settings.map((s) => [s.key, s.value, s.templated]),
    [['maxActive', '50', false]],
    'the templated element name is not a setting',
  );
  // a trailing &amp; is not doubled when a parameter is added
  const edits = d.edit.setUrlParam('socketTimeout', '60000')!;
  const after = applyEdits(text, edits);
  assert.ok(after.includes('relaxAutoCommit=true&amp;socketTimeout=60000</url>'));
});

test('templates: ERB branches with unbalanced tags and GSP loops do not crash and give no parse error', () => {
  const erb = [
    '<datasources-configuration><datasources>',
    '  <datasource><name>WSO2AM_DB</name>',
    '    <definition type="RDBMS">',
    '      <% if @db == "h2" %><configuration><url>jdbc:h2:./x</url><% else %><configuration><% end %>',
    '        <url>jdbc:mysql://<%= @host %>:3306/am?useSSL=false</url>',
    '        <maxActive><%= @max %></maxActive>',
    '      </configuration>',
    '    </definition>',
    '  </datasource>',
    '</datasources></datasources-configuration>',
  ].join('\n');
  const doc = parseXml(erb, 'master-datasources.xml.erb');
  assert.equal(doc.parseError, null);
  assert.deepEqual(doc.templates, ['erb']);
  const d = ds(doc, 'WSO2AM_DB');
  assert.equal(d.url!.hosts[0].templated, true);
  assert.equal(d.url!.hosts[0].host, '<%= @host %>');
  assert.equal(d.family, 'mysql');
  assert.equal(setting(d, 'maxActive').templated, true);
  assertSpansWithin(doc);

  const gsp =
    '<datasources>\n<% list.each { ds -> %>\n<datasource><name>${ds.name}</name><definition type="RDBMS"><configuration><url>${ds.url}</url><maxActive>5</maxActive></configuration></definition></datasource>\n<% } %>\n</datasources>';
  const g = parseXml(gsp, 'bps-datasources.xml.gsp');
  assert.equal(g.parseError, null);
  assert.equal(g.datasources.length, 1);
  assert.equal(g.datasources[0].url!.templated, true);
  assert.equal(g.datasources[0].edit.setUrlParam('x', '1'), null, 'no literal URL to edit');
  assert.equal(setting(g.datasources[0], 'maxActive').templated, false);
});

test('templates: corpus Jinja/ERB/GSP templates parse without error and find their datasources', (t) => {
  const files: [string, number][] = [
    ['0-T-0-wso2am-formula__wso2-am__files__master-datasources.xml.jinja', 4],
    ['gioppoluca-puppet-wso2am__templates__1.6.0__master-datasources.xml.erb', 4],
    ['eleks-wso2-docker-89ee7b7__wso2-sample-net__deploy__wso2bps__templates__repository__conf__datasources__bps-datasources.xml.gsp', 1],
    [
      'carbon-kernel-v4.6.2__distribution__kernel__carbon-home__repository__resources__conf__templates__repository__conf__datasources__master-datasources.xml.j2',
      5,
    ],
  ];
  let seen = 0;
  for (const [name, count] of files) {
    const file = path.join(CORPUS, name);
    if (!fs.existsSync(file)) continue;
    seen++;
    const text = fs.readFileSync(file, 'utf8');
    const doc = parseXml(text, name);
    assert.equal(doc.parseError, null, name);
    assert.ok(doc.templates.length > 0, name);
    assert.equal(doc.datasources.length, count, name);
    assertSpansWithin(doc);
  }
  if (seen === 0) t.skip('corpus not available');
});

// ---------------------------------------------------------------------------------------------
// Robustness

test('never throws: random bytes, NUL, BOM, CR-only, huge line, deep nesting, every truncation', () => {
  const inputs: string[] = [
    '',
    '<',
    '</',
    '<!--',
    '<![CDATA[',
    '<?',
    '<!DOCTYPE',
    '<a',
    '<a b="',
    '<a/',
    '\u0000<a>\u0000</a>',
    '\uFEFF',
    '\uFEFF<a/>',
  ];
  let seed = 42;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let k = 0; k < 200; k++) {
    let s = '';
    const len = Math.floor(rnd() * 200);
    for (let j = 0; j < len; j++)
      s += String.fromCharCode(rnd() < 0.3 ? '<>/="!?-[]&;\r\n'.charCodeAt(Math.floor(rnd() * 15)) : Math.floor(rnd() * 0x3000));
    inputs.push(s);
  }
  inputs.push('<a>\r<b>1</b>\r</a>\r');
  inputs.push('<datasource><name>' + 'x'.repeat(1 << 20) + '</name></datasource>');
  inputs.push('<a>'.repeat(100000) + '</a>'.repeat(100000));
  inputs.push('<a>'.repeat(100000));
  inputs.push('{{ x }}' + '<a>'.repeat(50000) + '</b>'.repeat(50000));
  const base = fixture('carbon-basic-datasources.xml');
  for (let cut = 0; cut < base.length; cut += 7) inputs.push(base.slice(0, cut));
  for (const s of inputs) {
    for (const name of ['x.xml', 'x.xml.j2', 'x.yaml']) {
      const doc = parseXml(s, name);
      assertSpansWithin(doc);
    }
  }
});

test('corpus: every file parses without throwing and every span lies within the text', (t) => {
  if (!fs.existsSync(CORPUS)) return t.skip('corpus not available');
  for (const name of fs.readdirSync(CORPUS)) {
    const text = fs.readFileSync(path.join(CORPUS, name), 'utf8');
    const doc = parseXml(text, name);
    assertSpansWithin(doc);
    if (/\.xml$/.test(name)) assert.equal(doc.parseError, null, `${name}: ${doc.parseError?.message}`);
    for (const d of doc.datasources) {
      for (const s of d.settings)
        if (!s.templated && s.valueSpan.end > s.valueSpan.start && !at(text, s.valueSpan).includes('<'))
          assert.equal(s.value, at(text, s.valueSpan).replace(/&amp;/g, '&'), `${name} ${d.id} ${s.key}`);
    }
  }
});

test('scanner: comments, CDATA and PIs do not produce elements; unmatched end tags are ignored', () => {
  const { root } = scanXml('<?pi x?><a><!-- <b></b> --><![CDATA[<c/>]]></x><d/></a>', false);
  assert.deepEqual(
    root.children.map((e) => e.name),
    ['a'],
  );
  assert.deepEqual(
    root.children[0].children.map((e) => e.name),
    ['d'],
  );
  assert.equal(root.children[0].closed, true);
});

// ---------------------------------------------------------------------------------------------
// Editor

const EDIT_DOC = [
  '<datasources-configuration>',
  '    <datasources>',
  '        <datasource>',
  '            <name>WSO2AM_DB</name>',
  '            <definition type="RDBMS">',
  '                <configuration>',
  '                    <url>jdbc:mysql://db.cluster-abc.us-east-1.rds.amazonaws.com:3306/am?autoReconnect=true&amp;useSSL=false&amp;connectTimeout=3000</url>',
  '                    <maxActive>50</maxActive>',
  '                    <testOnConnect>true</testOnConnect> <!-- keep -->',
  '                    <defaultAutoCommit/>',
  '                    <validationQuery>SELECT 1</validationQuery>',
  '                    <!-- trailing comment line -->',
  '                </configuration>',
  '            </definition>',
  '        </datasource>',
  '    </datasources>',
  '</datasources-configuration>',
  '',
].join('\n');

function editDs(text = EDIT_DOC, id = 'WSO2AM_DB', fileName = 'edit-datasources.xml'): Datasource {
  const doc = parseXml(text, fileName);
  assert.equal(doc.parseError, null);
  return ds(doc, id);
}

test('edit setSetting: replaces the value in effect, escaping XML', () => {
  const d = editDs();
  const edits = d.edit.setSetting('maxActive', '20');
  assert.equal(edits.length, 1);
  assert.equal(at(EDIT_DOC, edits[0].span), '50');
  const { doc } = applyChecked(EDIT_DOC, edits);
  assert.equal(setting(ds(doc, 'WSO2AM_DB'), 'maxActive').value, '20');
  const q = applyChecked(EDIT_DOC, d.edit.setSetting('validationQuery', 'SELECT 1 WHERE 1 < 2 & 3 > 2'));
  assert.equal(ds(q.doc, 'WSO2AM_DB').validationQuery!.value, 'SELECT 1 WHERE 1 < 2 & 3 > 2');
  assert.ok(q.after.includes('<validationQuery>SELECT 1 WHERE 1 &lt; 2 &amp; 3 &gt; 2</validationQuery>'));
});

test('edit setSetting: inserts a new element after the last child, own line, same indentation; comment line stays', () => {
  const d = editDs();
  const { after, doc } = applyChecked(EDIT_DOC, d.edit.setSetting('maxAge', '300000'));
  assert.ok(
    after.includes(
      '<validationQuery>SELECT 1</validationQuery>\n                    <maxAge>300000</maxAge>\n                    <!-- trailing comment line -->',
    ),
    after,
  );
  const e = ds(doc, 'WSO2AM_DB');
  assert.equal(setting(e, 'maxAge').value, '300000');
  assert.equal(e.settings.find((x) => x.key === 'maxAge')!.placement, 'xml-configuration');
});

test('edit setSetting: CRLF files get CRLF; tab indentation is copied', () => {
  const crlf = EDIT_DOC.replace(/\n/g, '\r\n').replace(/ {4}/g, '\t');
  const d = editDs(crlf);
  const { after } = applyChecked(crlf, d.edit.setSetting('testWhileIdle', 'true'));
  assert.ok(after.includes('</validationQuery>\r\n\t\t\t\t\t<testWhileIdle>true</testWhileIdle>\r\n'), JSON.stringify(after));
});

test('edit setSetting: self-closing and empty elements get the value inside', () => {
  const d = editDs();
  const { after, doc } = applyChecked(EDIT_DOC, d.edit.setSetting('defaultAutoCommit', 'true'));
  assert.ok(after.includes('<defaultAutoCommit>true</defaultAutoCommit>'));
  assert.equal(setting(ds(doc, 'WSO2AM_DB'), 'defaultAutoCommit').value, 'true');
  const empty = EDIT_DOC.replace('<defaultAutoCommit/>', '<defaultAutoCommit></defaultAutoCommit>');
  const r = applyChecked(empty, editDs(empty).edit.setSetting('defaultAutoCommit', 'false'));
  assert.ok(r.after.includes('<defaultAutoCommit>false</defaultAutoCommit>'));
});

test('edit setSetting: inserts a missing <configuration>, or a self-closing one, or <properties> for the generic form', () => {
  const noConfig =
    '<datasources>\n  <datasource>\n    <name>A</name>\n    <definition type="RDBMS">\n    </definition>\n  </datasource>\n</datasources>\n';
  const r1 = applyChecked(noConfig, editDs(noConfig, 'A').edit.setSetting('maxActive', '10'));
  assert.equal(setting(ds(r1.doc, 'A'), 'maxActive').value, '10');
  assert.ok(
    r1.after.includes(
      '<definition type="RDBMS">\n      <configuration>\n        <maxActive>10</maxActive>\n      </configuration>\n    </definition>',
    ),
    r1.after,
  );

  const selfClosing =
    '<datasources>\n  <datasource>\n    <name>A</name>\n    <definition type="RDBMS"><configuration/></definition>\n  </datasource>\n</datasources>\n';
  const r2 = applyChecked(selfClosing, editDs(selfClosing, 'A').edit.setSetting('maxActive', '10'));
  assert.equal(setting(ds(r2.doc, 'A'), 'maxActive').value, '10');

  const generic =
    '<datasource>\n  <name>g</name>\n  <definition>\n    <url>jdbc:mysql://h/db</url>\n    <Properties>\n      <Property name="maxActive">5</Property>\n    </Properties>\n  </definition>\n</datasource>\n';
  const g = editDs(generic, 'g', 'ds.xml');
  const r3 = applyChecked(generic, g.edit.setSetting('testWhileIdle', 'true'), 'ds.xml');
  assert.ok(
    r3.after.includes('<Property name="maxActive">5</Property>\n      <Property name="testWhileIdle">true</Property>\n    </Properties>'),
    r3.after,
  );
  assert.equal(ds(r3.doc, 'g').settings.find((x) => x.key === 'testWhileIdle')!.placement, 'xml-property');
  const seed = fixture('seed-generic.xml');
  const vq = applyChecked(seed, editDs(seed, 'apim_db', 'ds.xml').edit.setSetting('validationQuery', 'SELECT 1'), 'ds.xml');
  assert.ok(vq.after.includes('<property name="validationQuery">SELECT 1</property>'));
  assert.equal(ds(vq.doc, 'apim_db').validationQueries.length, 1);
  const r4 = applyChecked(generic, g.edit.setSetting('maxActive', '8'), 'ds.xml');
  assert.equal(setting(ds(r4.doc, 'g'), 'maxActive').value, '8');

  const genericNoProps =
    '<datasource>\n  <name>g</name>\n  <definition>\n    <url>jdbc:mysql://h/db</url>\n  </definition>\n</datasource>\n';
  const r5 = applyChecked(genericNoProps, editDs(genericNoProps, 'g', 'ds.xml').edit.setSetting('maxActive', '3'), 'ds.xml');
  assert.ok(
    r5.after.includes('<url>jdbc:mysql://h/db</url>\n    <properties>\n      <property name="maxActive">3</property>\n    </properties>'),
    r5.after,
  );
  assert.equal(setting(ds(r5.doc, 'g'), 'maxActive').value, '3');
});

test('edit replaceValue / removeEntry / renameKey / moveToPoolOptions', () => {
  const d = editDs();
  const r1 = applyChecked(EDIT_DOC, d.edit.replaceValue(setting(d, 'maxActive'), '75'));
  assert.equal(setting(ds(r1.doc, 'WSO2AM_DB'), 'maxActive').value, '75');

  const removed = applyChecked(EDIT_DOC, d.edit.removeEntry(setting(d, 'maxActive')));
  assert.ok(!removed.after.includes('maxActive'));
  assert.ok(removed.after.includes('</url>\n                    <testOnConnect>'), 'the whole line went, nothing else');
  // not alone on its line (a comment follows): only the element goes
  const notAlone = applyChecked(EDIT_DOC, d.edit.removeEntry(setting(d, 'testOnConnect')));
  assert.ok(notAlone.after.includes('\n                     <!-- keep -->\n'));

  const renamed = applyChecked(EDIT_DOC, d.edit.renameKey(setting(d, 'testOnConnect'), 'testOnBorrow'));
  assert.ok(renamed.after.includes('<testOnBorrow>true</testOnBorrow> <!-- keep -->'));
  assert.equal(setting(ds(renamed.doc, 'WSO2AM_DB'), 'testOnBorrow').value, 'true');
  const renamedSelfClosing = applyChecked(EDIT_DOC, d.edit.renameKey(setting(d, 'defaultAutoCommit'), 'defaultReadOnly'));
  assert.ok(renamedSelfClosing.after.includes('<defaultReadOnly/>'));

  const generic = fixture('seed-generic.xml');
  const g = editDs(generic, 'apim_db', 'ds.xml');
  const rp = applyChecked(generic, g.edit.renameKey(setting(g, 'maxActive'), 'maxTotal'), 'ds.xml');
  assert.ok(rp.after.includes('<property name="maxTotal">20</property>'));
  const rr = applyChecked(generic, g.edit.removeEntry(setting(g, 'minIdle')), 'ds.xml');
  assert.ok(!rr.after.includes('minIdle'));
  assert.equal(d.edit.moveToPoolOptions(setting(d, 'maxActive')), null);
});

test('edit setUrlParam: replace, append with &amp;, add "?" when there is no query, null without a literal URL', () => {
  const d = editDs();
  const r1 = applyChecked(EDIT_DOC, d.edit.setUrlParam('connectTimeout', '5000'));
  assert.equal(ds(r1.doc, 'WSO2AM_DB').url!.params.find((p) => p.name === 'connectTimeout')!.value, '5000');
  const r2 = applyChecked(EDIT_DOC, d.edit.setUrlParam('socketTimeout', '60000'));
  assert.ok(r2.after.includes('connectTimeout=3000&amp;socketTimeout=60000</url>'));
  assert.equal(ds(r2.doc, 'WSO2AM_DB').url!.params.find((p) => p.name === 'socketTimeout')!.value, '60000');
  const r3 = applyChecked(EDIT_DOC, d.edit.setUrlParam('sessionVariables', 'a=1&b=2'));
  assert.equal(ds(r3.doc, 'WSO2AM_DB').url!.params.find((p) => p.name === 'sessionVariables')!.value, 'a=1');

  const noQuery = EDIT_DOC.replace('/am?autoReconnect=true&amp;useSSL=false&amp;connectTimeout=3000', '/am');
  const r4 = applyChecked(noQuery, editDs(noQuery).edit.setUrlParam('tcpKeepAlive', 'true'));
  assert.ok(r4.after.includes('/am?tcpKeepAlive=true</url>'));

  const noDb = EDIT_DOC.replace('/am?autoReconnect=true&amp;useSSL=false&amp;connectTimeout=3000', '');
  const r5 = applyChecked(noDb, editDs(noDb).edit.setUrlParam('tcpKeepAlive', 'true'));
  assert.equal(ds(r5.doc, 'WSO2AM_DB').url!.params[0].name, 'tcpKeepAlive');

  const trailing = EDIT_DOC.replace('connectTimeout=3000</url>', 'connectTimeout=3000&amp;</url>');
  const r6 = applyChecked(trailing, editDs(trailing).edit.setUrlParam('socketTimeout', '1'));
  assert.ok(r6.after.includes('connectTimeout=3000&amp;socketTimeout=1</url>'));

  const noUrl = EDIT_DOC.replace(/ *<url>.*<\/url>\n/, '');
  assert.equal(editDs(noUrl).edit.setUrlParam('a', 'b'), null);
});

test('edit removeUrlParam: first, middle, last and only parameter', () => {
  const d = editDs();
  const [first, middle, last] = d.url!.params;
  const names = (doc: ConfigDocument) => ds(doc, 'WSO2AM_DB').url!.params.map((p) => p.name);
  const r1 = applyChecked(EDIT_DOC, d.edit.removeUrlParam(first));
  assert.ok(r1.after.includes('/am?useSSL=false&amp;connectTimeout=3000</url>'));
  assert.deepEqual(names(r1.doc), ['useSSL', 'connectTimeout']);
  const r2 = applyChecked(EDIT_DOC, d.edit.removeUrlParam(middle));
  assert.ok(r2.after.includes('/am?autoReconnect=true&amp;connectTimeout=3000</url>'));
  const r3 = applyChecked(EDIT_DOC, d.edit.removeUrlParam(last));
  assert.ok(r3.after.includes('/am?autoReconnect=true&amp;useSSL=false</url>'));
  const only = EDIT_DOC.replace('autoReconnect=true&amp;useSSL=false&amp;connectTimeout=3000', 'useSSL=false');
  const o = editDs(only);
  const r4 = applyChecked(only, o.edit.removeUrlParam(o.url!.params[0]));
  assert.ok(r4.after.includes('3306/am</url>'));
  assert.equal(ds(r4.doc, 'WSO2AM_DB').url!.hasQuery, false);
});

test('edit replaceHost; H2 URL with a comment gets ";" parameters', () => {
  const d = editDs();
  const r = applyChecked(EDIT_DOC, d.edit.replaceHost(d.url!.hosts[0], 'db.cluster-ro-abc.us-east-1.rds.amazonaws.com'));
  assert.equal(ds(r.doc, 'WSO2AM_DB').url!.hosts[0].host, 'db.cluster-ro-abc.us-east-1.rds.amazonaws.com');
  const text = fixture('carbon-basic-datasources.xml');
  const h2 = ds(parseXml(text, 'x-datasources.xml'), 'WSO2_CARBON_DB');
  const r2 = applyChecked(text, h2.edit.setUrlParam('DB_CLOSE_ON_EXIT', 'FALSE'));
  assert.ok(r2.after.includes('<!-- Full path to JDBC database -->;AUTO_SERVER=TRUE;DB_CLOSE_ON_EXIT=FALSE</url>'));
});

test('edit: a URL written in CDATA keeps raw & separators', () => {
  const text = EDIT_DOC.replace(/<url>.*<\/url>/, '<url><![CDATA[jdbc:mysql://h:3306/am?useSSL=false&autoReconnect=true]]></url>');
  const d = editDs(text);
  assert.equal(d.urlEntry!.value, 'jdbc:mysql://h:3306/am?useSSL=false&autoReconnect=true');
  assert.deepEqual(
    d.url!.params.map((p) => at(text, p.span)),
    ['useSSL=false', 'autoReconnect=true'],
  );
  const r = applyChecked(text, d.edit.setUrlParam('socketTimeout', '60000'));
  assert.ok(r.after.includes('autoReconnect=true&socketTimeout=60000]]></url>'));
  const r2 = applyChecked(text, d.edit.removeUrlParam(d.url!.params[1]));
  assert.ok(r2.after.includes('?useSSL=false]]></url>'));
});

test('edit: every operation on the corpus Carbon file keeps it well-formed', (t) => {
  const file = path.join(
    CORPUS,
    'kubernetes-apim-2.1.x__pattern-1__confs__apim-manager-worker__repository__conf__datasources__master-datasources.xml',
  );
  if (!fs.existsSync(file)) return t.skip('corpus not available');
  const text = fs.readFileSync(file, 'utf8');
  for (const d of parseXml(text, 'master-datasources.xml').datasources) {
    applyChecked(text, d.edit.setSetting('maxAge', '300000'));
    applyChecked(text, d.edit.setSetting('maxActive', '10'));
    for (const s of d.settings) {
      applyChecked(text, d.edit.removeEntry(s));
      applyChecked(text, d.edit.replaceValue(s, 'x&y'));
    }
    if (d.url && d.url.subprotocol === 'mysql') {
      applyChecked(text, d.edit.setUrlParam('socketTimeout', '60000'));
      for (const p of d.url.params) applyChecked(text, d.edit.removeUrlParam(p));
    }
  }
});

// deployment.toml parser: scanner (checked against smol-toml as an oracle), datasource model, exact spans,
// tolerant reading of templates and embedded TOML, and every DatasourceEditor operation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Smol from 'smol-toml' with { 'resolution-mode': 'import' };
import { ROOT, FIXTURES, readFixture, applyEdits, outsideEditsUnchanged } from '../helpers';
import { parseToml } from '../../../src/core/parse/toml/parseToml';
import { scanToml } from '../../../src/core/parse/toml/scanner';
import type { TomlValue } from '../../../src/core/parse/toml/syntax';
import { decodeString } from '../../../src/core/parse/toml/values';
import { parseDocument } from '../../../src/core/parse/index';
import { CONNECTION_KEYS, TOML_TOP_LEVEL_KEYS } from '../../../src/core/knowledge/wso2/knowledge';
import type { ConfigDocument, Datasource, LocatedEntry, Span, TextEdit } from '../../../src/core/model/types';

// smol-toml ships types for its ESM build only; this CommonJS test loads its CJS build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const smol = require('smol-toml') as typeof Smol;

const CORPUS = process.env.AURORA_GUARD_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus');
const corpusFiles = fs.existsSync(CORPUS) ? fs.readdirSync(CORPUS).filter((f) => f !== 'INDEX.tsv').sort() : [];
const noCorpus = corpusFiles.length === 0 ? `corpus not found at ${CORPUS}` : false;
const readCorpus = (f: string) => fs.readFileSync(path.join(CORPUS, f), 'utf8');

const slice = (text: string, s: Span) => text.slice(s.start, s.end);
const ds = (doc: ConfigDocument, id: string): Datasource => {
  const d = doc.datasources.find((x) => x.id === id);
  assert.ok(d, `datasource ${id} not found (have ${doc.datasources.map((x) => x.id).join(', ')})`);
  return d;
};
const setting = (d: Datasource, key: string) => {
  const s = d.settings.find((x) => x.key === key);
  assert.ok(s, `setting ${key} not found in ${d.id}`);
  return s;
};
const smolAccepts = (text: string) => {
  try {
    smol.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Apply a fix: bytes outside its edits unchanged, the result still valid TOML (smol-toml and our parser). */
function applyChecked(text: string, edits: TextEdit[] | null, fileName = 'deployment.toml'): { out: string; doc: ConfigDocument } {
  assert.ok(edits && edits.length > 0, 'expected edits');
  const out = applyEdits(text, edits);
  assert.ok(outsideEditsUnchanged(text, out, edits), 'bytes outside the edits changed');
  const doc = parseToml(out, fileName);
  assert.equal(doc.parseError, null, `fix broke the file: ${doc.parseError?.message}\n${out}`);
  if (fileName.endsWith('.toml')) assert.ok(smolAccepts(out), `smol-toml rejects the result:\n${out}`);
  return { out, doc };
}

// ── oracle helpers ───────────────────────────────────────────────────────────────────────────────

/** A scanned value as smol-toml would give it (dates as the string 'date', arrays/tables undefined). */
function jsValue(text: string, v: TomlValue): unknown {
  const raw = text.slice(v.span.start, v.span.end);
  switch (v.kind) {
    case 'basic': case 'literal': case 'ml-basic': case 'ml-literal':
      return decodeString(text, v);
    case 'boolean':
      return raw === 'true';
    case 'integer':
    case 'float':
      return literalNumber(raw);
    case 'datetime':
      return 'date';
    default:
      return undefined;
  }
}

function literalNumber(raw: string): number {
  const t = raw.replace(/_/g, '');
  if (/inf$/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/nan$/.test(t)) return NaN;
  return Number(t);
}

function smolLeaf(v: unknown): unknown {
  return v instanceof Date ? 'date' : typeof v === 'bigint' ? Number(v) : v;
}

/** Every scalar the scanner read, by full key path (array-of-tables elements as `#i`). */
function flattenScan(text: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const arrays = new Map<string, number>();
  const resolve = (names: string[]) => {
    const p: string[] = [];
    for (const n of names) {
      p.push(n);
      const idx = arrays.get(p.join('\u0000'));
      if (idx !== undefined) p.push(`#${idx}`);
    }
    return p;
  };
  let table: string[] = [];
  const add = (base: string[], keys: string[], v: TomlValue) => {
    if (v.kind === 'inline-table') {
      for (const e of v.entries ?? []) add([...base, ...keys], e.keys.map((k) => k.name), e.value);
    } else if (v.kind !== 'array') out.set([...base, ...keys].join('\u0000'), jsValue(text, v));
  };
  const scan = scanToml(text);
  assert.equal(scan.error, null, `scanner error: ${JSON.stringify(scan.error)}`);
  for (const it of scan.items) {
    if (it.kind === 'header') {
      const names = it.keys.map((k) => k.name);
      if (it.array) {
        const parent = resolve(names.slice(0, -1));
        const key = [...parent, names[names.length - 1]].join('\u0000');
        const idx = (arrays.get(key) ?? -1) + 1;
        arrays.set(key, idx);
        table = [...parent, names[names.length - 1], `#${idx}`];
      } else table = resolve(names);
    } else if (it.kind === 'entry') add(table, it.keys.map((k) => k.name), it.value);
  }
  return out;
}

function smolAt(obj: unknown, p: string): unknown {
  let cur = obj as Record<string, unknown> | unknown[] | undefined;
  for (const seg of p.split('\u0000')) {
    if (cur === undefined || cur === null) return undefined;
    cur = (seg.startsWith('#') && Array.isArray(cur) ? cur[Number(seg.slice(1))] : (cur as Record<string, unknown>)[seg]) as typeof cur;
  }
  return cur;
}

/** Scalars of a smol-toml tree reachable without entering arrays. */
function smolLeafCount(o: unknown): number {
  if (o === null || typeof o !== 'object' || o instanceof Date) return 1;
  if (Array.isArray(o)) return 0;
  return Object.values(o).reduce<number>((n, v) => n + smolLeafCount(v), 0);
}

function assertScannerMatchesSmol(text: string, label: string): void {
  const expected = smol.parse(text);
  const mine = flattenScan(text);
  let outsideArrays = 0;
  for (const [p, v] of mine) {
    assert.deepEqual(v, smolLeaf(smolAt(expected, p)), `${label}: value of ${p.replace(/\u0000/g, '.')}`);
    if (!p.includes('\u0000#')) outsideArrays++;
  }
  assert.equal(outsideArrays, smolLeafCount(expected), `${label}: number of values`);
}

/** The model's [database.*] values equal smol-toml's, and every key smol-toml sees is where the model says. */
function assertModelMatchesSmol(text: string, fileName: string): void {
  const tree = smol.parse(text) as { database?: Record<string, Record<string, unknown>> };
  const doc = parseToml(text, fileName);
  assert.equal(doc.parseError, null, fileName);
  const same = (e: LocatedEntry, expected: unknown, what: string) => {
    const mine = typeof expected === 'string' ? e.value : typeof expected === 'boolean' ? e.value === 'true' : literalNumber(e.value);
    assert.deepEqual(mine, smolLeaf(expected), `${fileName}: ${what}`);
  };
  for (const [db, table] of Object.entries(tree.database ?? {})) {
    const d = ds(doc, `database.${db}`);
    for (const [k, v] of Object.entries(table)) {
      const where = `database.${db}.${k}`;
      if (k === 'pool_options') {
        for (const [pk, pv] of Object.entries(v as Record<string, unknown>)) {
          if (CONNECTION_KEYS.includes(pk) && pk !== 'validationQuery') continue;
          const e = pk === 'validationQuery' ? d.validationQueries.filter((q) => q === d.validationQuery)[0] : d.settings.find((s) => s.key === pk && s.placement === 'toml-pool-options');
          assert.ok(e, `${fileName}: ${where}.${pk} missing from the model`);
          same(e, pv, `${where}.${pk}`);
        }
      } else if (k === 'validationQuery') {
        // the top-level one: written without a dotted prefix, before any [X.pool_options] header
        const e = d.validationQueries.find((q) => q.entrySpan.start === q.keySpan.start && q.entrySpan.start < (d.poolOptionsHeaderSpan?.start ?? Infinity));
        assert.ok(e, `${fileName}: ${where} missing`);
        same(e, v, where);
      } else if (k === 'type' || k === 'url' || k === 'driver') {
        const e = k === 'type' ? d.dbType : k === 'url' ? d.urlEntry : d.driver;
        assert.ok(e, `${fileName}: ${where} missing`);
        same(e, v, where);
      } else if (!TOML_TOP_LEVEL_KEYS.includes(k) && (typeof v !== 'object' || v instanceof Date)) {
        const e = d.settings.find((s) => s.key === k && s.placement === 'toml-top');
        assert.ok(e, `${fileName}: misplaced ${where} missing`);
        same(e, v, where);
      }
    }
  }
}

// ── scanner ──────────────────────────────────────────────────────────────────────────────────────

test('scanner: kitchen-sink fixture (all TOML 1.0/1.1 lexical syntax) reads exactly what smol-toml reads', () => {
  assertScannerMatchesSmol(readFixture('parse/toml/kitchen-sink.toml'), 'kitchen-sink');
});

test('scanner: CRLF, CR-only and tab-indented variants read the same values', () => {
  const lf = readFixture('parse/toml/kitchen-sink.toml').replace(/\r\n/g, '\n');
  const crlf = lf.replace(/\n/g, '\r\n');
  assertScannerMatchesSmol(crlf, 'crlf');
  // smol-toml does not take a lone CR as a line break; compare CR-only against the LF reading (same offsets)
  const cr = lf.replace(/\n/g, '\r');
  const a = scanToml(cr);
  const b = scanToml(lf);
  assert.equal(a.error, null);
  assert.equal(a.eol, '\r');
  assert.deepEqual(a.items.map((i) => [i.kind, i.span]), b.items.map((i) => [i.kind, i.span]));
});

test('scanner: exact key and value spans, dotted and quoted keys', () => {
  const text = 'a.b . "c.d" = "x\\ty" # c\n[ t . \'u\' ]\nk = 0x1F\n';
  const items = scanToml(text).items;
  const e = items[0];
  assert.equal(e.kind, 'entry');
  if (e.kind !== 'entry') return;
  assert.deepEqual(e.keys.map((k) => k.name), ['a', 'b', 'c.d']);
  assert.deepEqual(e.keys.map((k) => slice(text, k.span)), ['a', 'b', '"c.d"']);
  assert.equal(slice(text, e.value.span), '"x\\ty"');
  assert.equal(decodeString(text, e.value), 'x\ty');
  assert.equal(slice(text, e.span), 'a.b . "c.d" = "x\\ty"');
  assert.equal(slice(text, { start: e.lineStart, end: e.lineEnd }), 'a.b . "c.d" = "x\\ty" # c');
  const h = items[1];
  assert.equal(h.kind, 'header');
  if (h.kind !== 'header') return;
  assert.deepEqual(h.keys.map((k) => k.name), ['t', 'u']);
  assert.equal(slice(text, h.span), "[ t . 'u' ]");
});

test('scanner: strict mode stops at the first error with its position; tolerant mode skips the line', () => {
  const text = 'a = 1\nb = "open\nc = 3\nd = [1,\n2,]\n';
  const strict = scanToml(text);
  assert.deepEqual(strict.error, { message: 'unterminated string (a single-line string cannot span lines)', offset: text.indexOf('"open') });
  const tol = scanToml(text, { tolerant: true });
  assert.equal(tol.error, null);
  assert.deepEqual(tol.items.map((i) => i.kind), ['entry', 'skipped', 'entry', 'entry']);
  const d = tol.items[3];
  assert.equal(d.kind === 'entry' && slice(text, d.value.span), '[1,\n2,]');
  for (const [bad, at] of [['x = tru\n', 4], ['x = 1 2\n', 6], ['[a\n', 2], ['x = "\\q"\n', 5], ['= 1\n', 0], ['x = [1 2]\n', 7]] as const) {
    assert.equal(scanToml(bad).error?.offset, at, bad);
  }
});

test('scanner: template mode reads masked expressions as templated keys/values', () => {
  const t = '\uE000\uE000 = "\uE000"\nk = \uE000\uE000 \uE000 # c\nm = [\uE000\uE000, 1]\n';
  const items = scanToml(t, { tolerant: true, templates: true }).items;
  assert.deepEqual(items.map((i) => i.kind), ['entry', 'entry', 'entry']);
  const [a, b] = items;
  assert.ok(a.kind === 'entry' && a.keys[0].templated);
  assert.ok(b.kind === 'entry' && b.value.kind === 'template' && slice(t, b.value.span) === '\uE000\uE000 \uE000');
  // without template mode the same text is an error
  assert.notEqual(scanToml(t).error, null);
});

// ── model ────────────────────────────────────────────────────────────────────────────────────────

const SAMPLE = `[server]
hostname = "localhost"

[database.apim_db]
type = "mysql"
url = "jdbc:mysql://aurora.cluster-abc.us-east-1.rds.amazonaws.com:3306/apim?useSSL=false&amp;connectTimeout=10000"
username = "wso2carbon"
password = "wso2carbon"
maxActive = "100"
validationQuery = "SELECT 1"

[database.apim_db.pool_options]
maxWait = 60000
testOnBorrow = true
validationQuery = "SELECT 2"
connectionProperties = "socketTimeout=30000;tcpKeepAlive=true"

[database.shared_db]
type = "mysql"
hostname = "db.example.com"
port = 3307
name = "shared"
pool_options.max_active = 40
pool_options.testOnBorrow = false

[database.user]
url = 'jdbc:mysql://user-db:3306/um'
pool_options = { maxActive = 10, maxWait = "1000" }

[database.identity_db]
url = "jdbc:mysql://id-db/identity"

[[datasource]]
id = "WSO2_MB_STORE_DB"
url = "jdbc:h2:./mb;DB_CLOSE_ON_EXIT=FALSE"
pool_options.maxActive = 5

[[datasource]]
id = "CUSTOM"
url = "jdbc:mysql://custom:3306/c"
driver = "com.mysql.cj.jdbc.Driver"
[datasource.pool_options]
maxIdle = 3
[datasource.jndi_config]
name = "jdbc/Custom"

[apim.throttling.distributed.redis]
minIdle = 5
maxIdle = 8
`;

test('model: datasources, names, roles and JNDI names of [database.*] and [[datasource]]', () => {
  const doc = parseToml(SAMPLE, 'deployment.toml');
  assert.equal(doc.parseError, null);
  assert.equal(doc.format, 'deployment-toml');
  assert.deepEqual(doc.templates, []);
  assert.deepEqual(doc.jvmDns, []);
  assert.equal(slice(SAMPLE, doc.fileSpan), '[server]');
  assert.deepEqual(
    doc.datasources.map((d) => [d.id, d.name, d.jndiName, d.role, d.family]),
    [
      ['database.apim_db', 'WSO2AM_DB', 'jdbc/WSO2AM_DB', 'apim_db', 'mysql'],
      ['database.shared_db', 'WSO2_SHARED_DB', 'jdbc/SHARED_DB', 'shared_db', 'mysql'],
      ['database.user', 'WSO2USER_DB', 'jdbc/WSO2USER_DB', 'user', 'mysql'],
      ['database.identity_db', null, null, 'unknown', 'mysql'],
      ['datasource[0]', 'WSO2_MB_STORE_DB', 'jdbc/WSO2_MB_STORE_DB', 'custom', 'h2'],
      ['datasource[1]', 'CUSTOM', 'jdbc/Custom', 'custom', 'mysql'],
    ],
  );
  for (const d of doc.datasources) {
    assert.equal(d.definitionType, 'RDBMS');
    assert.equal(d.format, 'deployment-toml');
    assert.equal(d.templated, false);
  }
});

test('model: header, pool_options header and datasource spans', () => {
  const doc = parseToml(SAMPLE, 'deployment.toml');
  const apim = ds(doc, 'database.apim_db');
  assert.equal(slice(SAMPLE, apim.headerSpan), '[database.apim_db]');
  assert.equal(slice(SAMPLE, apim.poolOptionsHeaderSpan!), '[database.apim_db.pool_options]');
  const span = slice(SAMPLE, apim.span);
  assert.ok(span.startsWith('[database.apim_db]\ntype'));
  assert.ok(span.endsWith('connectionProperties = "socketTimeout=30000;tcpKeepAlive=true"'));
  assert.equal(ds(doc, 'database.shared_db').poolOptionsHeaderSpan, null);
  const custom = ds(doc, 'datasource[1]');
  assert.equal(slice(SAMPLE, custom.headerSpan), '[[datasource]]');
  assert.equal(slice(SAMPLE, custom.poolOptionsHeaderSpan!), '[datasource.pool_options]');
  assert.equal(slice(SAMPLE, ds(doc, 'datasource[0]').headerSpan), '[[datasource]]');
  assert.notEqual(ds(doc, 'datasource[0]').headerSpan.start, custom.headerSpan.start);
});

test('model: URL with &amp; separators — decoded params with exact spans', () => {
  const doc = parseToml(SAMPLE, 'deployment.toml');
  const apim = ds(doc, 'database.apim_db');
  const url = apim.url!;
  assert.equal(url.text, 'jdbc:mysql://aurora.cluster-abc.us-east-1.rds.amazonaws.com:3306/apim?useSSL=false&connectTimeout=10000');
  assert.equal(slice(SAMPLE, url.span), 'jdbc:mysql://aurora.cluster-abc.us-east-1.rds.amazonaws.com:3306/apim?useSSL=false&amp;connectTimeout=10000');
  assert.equal(url.paramSeparator, '&amp;');
  assert.deepEqual(url.params.map((p) => [p.name, p.value, slice(SAMPLE, p.span), slice(SAMPLE, p.valueSpan)]), [
    ['useSSL', 'false', 'useSSL=false', 'false'],
    ['connectTimeout', '10000', 'connectTimeout=10000', '10000'],
  ]);
  assert.equal(slice(SAMPLE, url.hosts[0].span), 'aurora.cluster-abc.us-east-1.rds.amazonaws.com');
  assert.equal(url.hosts[0].port, 3306);
  assert.equal(url.database, 'apim');
  const ue = apim.urlEntry!;
  assert.equal(ue.key, 'url');
  assert.equal(slice(SAMPLE, ue.keySpan), 'url');
  assert.equal(slice(SAMPLE, ue.valueSpan), `"${slice(SAMPLE, url.span)}"`);
  assert.equal(ue.style, 'basic-string');
  assert.equal(apim.urlInferred, false);
  // driver inferred from type = "mysql" (no driver key)
  assert.equal(apim.driver, null);
  assert.equal(apim.driverClass, 'com.mysql.jdbc.Driver');
  assert.equal(slice(SAMPLE, apim.dbType!.entrySpan), 'type = "mysql"');
  assert.deepEqual(
    apim.driverProps.map((p) => [p.source, p.name, p.value, slice(SAMPLE, p.span), slice(SAMPLE, p.valueSpan)]),
    [
      ['url', 'useSSL', 'false', 'useSSL=false', 'false'],
      ['url', 'connectTimeout', '10000', 'connectTimeout=10000', '10000'],
      ['connectionProperties', 'socketTimeout', '30000', 'socketTimeout=30000', '30000'],
      ['connectionProperties', 'tcpKeepAlive', 'true', 'tcpKeepAlive=true', 'true'],
    ],
  );
});

test('model: pool options as sub-table, dotted keys and inline table; misplaced top-level keys', () => {
  const doc = parseToml(SAMPLE, 'deployment.toml');
  const apim = ds(doc, 'database.apim_db');
  assert.deepEqual(apim.settings.map((s) => [s.key, s.value, s.placement, s.style]), [
    ['maxActive', '100', 'toml-top', 'basic-string'],
    ['maxWait', '60000', 'toml-pool-options', 'bare'],
    ['testOnBorrow', 'true', 'toml-pool-options', 'bare'],
    ['connectionProperties', 'socketTimeout=30000;tcpKeepAlive=true', 'toml-pool-options', 'basic-string'],
  ]);
  const mw = setting(apim, 'maxWait');
  assert.equal(slice(SAMPLE, mw.keySpan), 'maxWait');
  assert.equal(slice(SAMPLE, mw.valueSpan), '60000');
  assert.equal(slice(SAMPLE, mw.entrySpan), 'maxWait = 60000');
  assert.equal(slice(SAMPLE, setting(apim, 'maxActive').valueSpan), '"100"');

  const shared = ds(doc, 'database.shared_db');
  const ma = setting(shared, 'max_active'); // snake_case kept as written (WSO2 maps it for shared_db only)
  assert.equal(ma.placement, 'toml-pool-options');
  assert.equal(slice(SAMPLE, ma.keySpan), 'max_active');
  assert.equal(slice(SAMPLE, ma.entrySpan), 'pool_options.max_active = 40');

  const user = ds(doc, 'database.user');
  assert.deepEqual(user.settings.map((s) => [s.key, s.value, s.placement, s.style, slice(SAMPLE, s.entrySpan)]), [
    ['maxActive', '10', 'toml-pool-options', 'bare', 'maxActive = 10'],
    ['maxWait', '1000', 'toml-pool-options', 'basic-string', 'maxWait = "1000"'],
  ]);
  assert.equal(user.url!.text, 'jdbc:mysql://user-db:3306/um');
  assert.equal(user.urlEntry!.style, 'literal-string');

  assert.deepEqual(ds(doc, 'datasource[0]').settings.map((s) => [s.key, s.placement]), [['maxActive', 'toml-pool-options']]);
  assert.deepEqual(ds(doc, 'datasource[1]').settings.map((s) => [s.key, s.placement]), [['maxIdle', 'toml-pool-options']]);
  assert.equal(ds(doc, 'datasource[1]').driverClass, 'com.mysql.cj.jdbc.Driver');
});

test('model: validationQuery at top level and in pool_options — both listed, pool_options one in effect', () => {
  const apim = ds(parseToml(SAMPLE, 'deployment.toml'), 'database.apim_db');
  assert.deepEqual(apim.validationQueries.map((q) => q.value), ['SELECT 1', 'SELECT 2']);
  assert.equal(apim.validationQuery!.value, 'SELECT 2');
  assert.equal(slice(SAMPLE, apim.validationQuery!.valueSpan), '"SELECT 2"');
  assert.ok(!apim.settings.some((s) => s.key === 'validationQuery'));
  const only = ds(parseToml('[database.apim_db]\nurl = "jdbc:mysql://h/d"\nvalidationQuery = "SELECT 1"\n', 'deployment.toml'), 'database.apim_db');
  assert.equal(only.validationQuery!.value, 'SELECT 1');
});

test('model: type inference from type + hostname/port/name (no url)', () => {
  const shared = ds(parseToml(SAMPLE, 'deployment.toml'), 'database.shared_db');
  assert.equal(shared.urlInferred, true);
  assert.equal(shared.urlEntry, null);
  const url = shared.url!;
  assert.equal(url.text, 'jdbc:mysql://db.example.com:3307/shared');
  assert.equal(url.subprotocol, 'mysql');
  assert.equal(url.database, 'shared');
  assert.equal(slice(SAMPLE, url.span), 'type = "mysql"');
  assert.equal(url.hosts.length, 1);
  assert.equal(url.hosts[0].host, 'db.example.com');
  assert.equal(url.hosts[0].port, 3307);
  assert.equal(slice(SAMPLE, url.hosts[0].span), 'db.example.com'); // the hostname value, without quotes
  assert.deepEqual(url.params, []);
  assert.equal(shared.driverClass, 'com.mysql.jdbc.Driver');
  assert.equal(shared.family, 'mysql');
  assert.equal(slice(SAMPLE, shared.dbType!.valueSpan), '"mysql"');
  assert.deepEqual(shared.driverProps, []);
  // default port; url wins over inference
  const d2 = parseToml('[database.apim_db]\ntype = "postgre"\nhostname = "pg"\nname = "am"\n', 'deployment.toml');
  assert.equal(ds(d2, 'database.apim_db').url!.text, 'jdbc:postgresql://pg:5432/am');
  assert.equal(ds(d2, 'database.apim_db').family, 'postgresql');
  const d3 = parseToml('[database.apim_db]\ntype = "mysql"\nhostname = "ignored"\nurl = "jdbc:mysql://real:3306/x"\n', 'deployment.toml');
  assert.equal(ds(d3, 'database.apim_db').urlInferred, false);
  assert.equal(ds(d3, 'database.apim_db').url!.hosts[0].host, 'real');
});

test('model: keys under unrelated tables (Redis pool minIdle/maxIdle) are not datasource settings', () => {
  const doc = parseToml(SAMPLE, 'deployment.toml');
  for (const d of doc.datasources) assert.ok(!d.settings.some((s) => s.value === '5' && s.key === 'minIdle'), d.id);
  assert.ok(!doc.datasources.some((d) => d.id.includes('throttling')));
});

test('model: comments are never values; headerless dotted database keys', () => {
  const text = '# [database.apim_db]\n# url = "jdbc:mysql://commented/db"\ndatabase.apim_db.url = "jdbc:mysql://h:3306/db" # trailing\ndatabase.apim_db.pool_options.maxAge = 300000\n[x]\ny = 1\n';
  const doc = parseToml(text, 'deployment.toml');
  assert.equal(doc.parseError, null);
  assert.equal(doc.datasources.length, 1);
  const d = doc.datasources[0];
  assert.equal(d.url!.hosts[0].host, 'h');
  assert.equal(slice(text, d.headerSpan), 'database.apim_db.url');
  assert.equal(slice(text, d.urlEntry!.entrySpan), 'database.apim_db.url = "jdbc:mysql://h:3306/db"');
  assert.deepEqual(d.settings.map((s) => [s.key, s.placement, slice(text, s.keySpan)]), [['maxAge', 'toml-pool-options', 'maxAge']]);
  // MI file: the only [[datasource]] is commented out
  const mi = parseToml('# [[datasource]]\n# id = "WSO2CarbonDB"\n# url = "jdbc:mysql://localhost:3306/integratordb"\n[server]\nx = 1\n', 'deployment.toml');
  assert.deepEqual(mi.datasources, []);
});

test('model: parse error for a broken plain file — clear message at the right position, no datasources', () => {
  const text = readFixture('parse/toml/broken.toml');
  const doc = parseToml(text, 'broken.toml');
  assert.ok(doc.parseError);
  assert.equal(doc.parseError.message, 'TOML is not valid: unterminated string (a single-line string cannot span lines)');
  assert.equal(doc.parseError.span.start, text.indexOf('"jdbc:mysql://db.example.com'));
  assert.equal(slice(text, doc.parseError.span), '"jdbc:mysql://db.example.com:3306/apim?useSSL=false');
  assert.deepEqual(doc.datasources, []);
  // TOML's definition rules, at the offending line
  const dup = '[database.apim_db]\nurl = "a"\nurl = "b"\n';
  const e = parseToml(dup, 'deployment.toml').parseError!;
  assert.equal(e.message, 'TOML is not valid: duplicate key "url": it is already defined in this table');
  assert.equal(slice(dup, e.span), 'url = "b"');
  const tbl = '[database.apim_db]\nurl = "a"\n\n[database.apim_db]\nusername = "b"\n';
  const te = parseToml(tbl, 'deployment.toml').parseError!;
  assert.equal(te.message, 'TOML is not valid: table [database.apim_db] is defined twice');
  assert.deepEqual(te.span, { start: tbl.lastIndexOf('[database.apim_db]'), end: tbl.lastIndexOf('[database.apim_db]') + 18 });
  const bad = '[database.apim_db]\nmaxActive = fifty\n';
  assert.deepEqual(parseToml(bad, 'deployment.toml').parseError, {
    message: 'TOML is not valid: invalid value "fifty" (strings need quotes)', span: { start: bad.indexOf('fifty'), end: bad.indexOf('fifty') + 5 },
  });
});

test('model: TOML definition rules (duplicate keys, redefined tables, sealed inline tables) agree with smol-toml', () => {
  const invalid = [
    'a = 1\na = 2', '[a]\n[a]', '[a]\nb = 1\n[a.b]', 'a.b = 1\n[a]', '[a.b.c]\nz = 9\n[a]\nb.c.t = 1',
    '[a.b.c.d]\nz = 9\n[a]\nb.c.d.k.t = 1', 'a = []\n[[a]]', '[[a]]\n[a]', '[a]\n[[a]]', 'a = {}\n[a.b]', 'a = {}\na.b = 1',
    'a = { b = 1, b = 2 }', 'a = { b.c = 1, b = 2 }', 'a = { b = { c = 1 }, b.d = 2 }', 'a = 1\na.b = 2',
    '[fruit]\napple.color = "red"\n[fruit.apple]', 'a = [{ b = 1 }]\n[a.c]', '[a.b]\n[a]\nb = 1', '"a" = 1\na = 2',
    'x = 1979-13-01', 'x = 1979-01-32', 'x = 07:60', 'x = 24:00:00', 'x = 1979-05-27T07:32:00+24:00',
  ];
  for (const t of invalid) {
    assert.ok(!smolAccepts(t), `smol-toml accepts ${JSON.stringify(t)}`);
    assert.ok(parseToml(t, 'deployment.toml').parseError, `no error for ${JSON.stringify(t)}`);
  }
  const valid = [
    '[a.b]\n[a]\nc = 1', '[fruit]\napple.color = "red"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true',
    '[[a]]\n[a.b]\nc = 1\n[[a]]\n[a.b]\nc = 2', '[[a.b]]\n[a]\nx = 1', 'a.b.c = 1\na.b.d = 2\na.e = 3',
    '[[fruits]]\nname = "apple"\n[fruits.physical]\ncolor = "red"\n[[fruits.varieties]]\nname = "red"\n[[fruits]]\nname = "banana"\n[[fruits.varieties]]\nname = "plantain"',
    'a = { b.c = 1, b.d = 2 }', '"a.b" = 1\na.b = 2', 'x = [{ a = 1 }, { a = 2 }]', 'x = 1980-02-29', 'x = 23:59:59.999',
  ];
  for (const t of valid) {
    assert.ok(smolAccepts(t), `smol-toml rejects ${JSON.stringify(t)}`);
    assert.equal(parseToml(t, 'deployment.toml').parseError, null, JSON.stringify(t));
  }
});

test('model: CRLF, CR-only and BOM files parse with exact spans', () => {
  const lf = '[database.apim_db]\nurl = "jdbc:mysql://h:3306/db?a=1&amp;b=2"\npool_options.maxActive = 5\n';
  for (const eol of ['\r\n', '\r']) {
    const text = '\uFEFF' + lf.replace(/\n/g, eol);
    const doc = parseToml(text, 'deployment.toml');
    assert.equal(doc.parseError, null, JSON.stringify(eol));
    const d = ds(doc, 'database.apim_db');
    assert.equal(slice(text, d.headerSpan), '[database.apim_db]');
    assert.equal(slice(text, d.url!.params[1].span), 'b=2');
    assert.equal(slice(text, setting(d, 'maxActive').entrySpan), 'pool_options.maxActive = 5');
  }
});

test('model: aws-apim (WSO2 Puppet ERB) — misplaced maxActive under [database.*], templated values, no parse error', () => {
  const text = readFixture('parse/toml/aws-apim-4.2.x-deployment.toml.erb');
  const doc = parseToml(text, 'deployment.toml.erb');
  assert.equal(doc.parseError, null);
  assert.ok(doc.templates.includes('erb'));
  assert.deepEqual(doc.datasources.map((d) => d.id), ['database.apim_db', 'database.shared_db', 'database.local']);
  for (const id of ['database.apim_db', 'database.shared_db']) {
    const d = ds(doc, id);
    const ma = setting(d, 'maxActive');
    assert.equal(ma.placement, 'toml-top');
    assert.equal(ma.value, '100');
    assert.equal(ma.templated, false);
    assert.equal(slice(text, ma.entrySpan), 'maxActive = "100"');
    assert.equal(d.templated, true);
    assert.equal(d.url!.templated, true);
    assert.equal(d.urlEntry!.templated, true);
    assert.equal(d.urlEntry!.value, id === 'database.apim_db' ? "<%= @wso2_am_db['url'] %>" : "<%= @wso2shared_db['url'] %>");
    assert.equal(d.validationQuery!.templated, true);
    assert.equal(d.driverClass, null); // templated driver: unknown
  }
  const local = ds(doc, 'database.local');
  assert.equal(local.family, 'h2');
  assert.equal(local.templated, false);
});

test('model: templated corpus files yield no parse error; Helm range loops in pool_options do not crash', { skip: noCorpus }, () => {
  const templated = corpusFiles.filter((f) => /\.(j2|erb)$|deployment\.toml$/.test(f) && !smolAccepts(readCorpus(f)));
  assert.ok(templated.length >= 5, templated.join(', '));
  for (const f of templated) {
    const doc = parseToml(readCorpus(f), f);
    assert.equal(doc.parseError, null, f);
    assert.ok(doc.templates.length > 0, f);
  }
  const tm = 'helm-apim-4.7.x__distributed__traffic-manager__confs__instance-1__deployment.toml';
  const doc = parseToml(readCorpus(tm), tm);
  assert.deepEqual(doc.datasources.map((d) => d.id), ['database.apim_db', 'database.shared_db', 'database.local']);
  const apim = ds(doc, 'database.apim_db');
  assert.equal(apim.templated, true);
  assert.equal(slice(doc.text, apim.poolOptionsHeaderSpan!), '[database.apim_db.pool_options]');
  // the range-generated keys are unknown; the Redis pool's minIdle/maxIdle are not settings of anything
  for (const d of doc.datasources) assert.deepEqual(d.settings, [], d.id);
  assert.match(apim.urlEntry!.value, /^\{\{ \.Values\.wso2\.apim\.configurations\.databases\.apim_db\.url \}\}$/);
  assert.equal(apim.urlEntry!.templated, true);
});

test('model: Jinja pool_options.validationQuery (ansible corpus) is a templated validation query', { skip: noCorpus }, () => {
  const f = 'ansible-apim-3.0.x__roles__apim-gateway__templates__carbon-home__repository__conf__deployment.toml.j2';
  const doc = parseToml(readCorpus(f), f);
  const shared = ds(doc, 'database.shared_db');
  assert.equal(shared.validationQuery!.value, '{{ wso2shared_db_validation_query }}');
  assert.equal(shared.validationQuery!.templated, true);
  assert.equal(slice(doc.text, shared.validationQuery!.keySpan), 'validationQuery');
  assert.deepEqual(shared.settings, []);
});

test('model: YAML ConfigMap with an embedded deployment.toml (tolerant, indentation-aware)', () => {
  const text = readFixture('parse/toml/embedded-configmap.yaml');
  const doc = parseDocument('am-conf.yaml', text);
  assert.equal(doc.format, 'deployment-toml');
  assert.equal(doc.parseError, null);
  assert.deepEqual(doc.datasources.map((d) => d.id), ['database.apim_db', 'database.shared_db']);
  const apim = ds(doc, 'database.apim_db');
  assert.equal(apim.url!.hosts[0].host, 'wso2am-mysql-db-service');
  assert.deepEqual(apim.url!.params.map((p) => slice(text, p.span)), ['autoReconnect=true', 'useSSL=false']);
  assert.deepEqual(apim.settings.map((s) => [s.key, s.templated]), [['maxActive', true], ['testOnBorrow', false]]);
  assert.equal(slice(text, apim.headerSpan), '[database.apim_db]');
  // the properties file after the TOML (less indented YAML key) is not part of [database.shared_db]
  assert.deepEqual(ds(doc, 'database.shared_db').settings, []);
});

test('model: corpus YAML ConfigMaps find their [database.*] tables', { skip: noCorpus }, () => {
  for (const f of corpusFiles.filter((x) => x.endsWith('.yaml') && /database\.apim_db/.test(readCorpus(x)))) {
    const doc = parseToml(readCorpus(f), f);
    assert.equal(doc.parseError, null, f);
    const apim = ds(doc, 'database.apim_db');
    assert.equal(apim.family, 'mysql', f);
    assert.ok(apim.url && apim.url.hosts.length === 1 && !apim.url.templated, f);
    assert.ok(apim.url.params.length >= 2, f);
  }
});

test('oracle: every corpus file smol-toml accepts — scanner values and [database.*] model values equal smol-toml', { skip: noCorpus }, () => {
  let checked = 0;
  for (const f of corpusFiles) {
    const text = readCorpus(f);
    if (!smolAccepts(text)) continue;
    assertScannerMatchesSmol(text, f);
    assertModelMatchesSmol(text, f);
    checked++;
  }
  assert.ok(checked >= 8, `only ${checked} corpus files are plain TOML`);
});

test('oracle: fixtures and SAMPLE — model values equal smol-toml', () => {
  assertModelMatchesSmol(readFixture('parse/toml/kitchen-sink.toml'), 'kitchen-sink.toml');
  assertModelMatchesSmol(SAMPLE, 'sample.toml');
  const ks = parseToml(readFixture('parse/toml/kitchen-sink.toml'), 'kitchen-sink.toml');
  const apim = ds(ks, 'database.apim_db');
  assert.equal(setting(apim, 'maxActive').value, '0x64'); // literal text for numbers
  assert.equal(slice(ks.text, setting(apim, 'maxWait').keySpan), '"maxWait"');
  assert.equal(apim.urlEntry!.value, 'jdbc:mysql://aurora.cluster-abc.eu-west-1.rds.amazonaws.com:3306/apim?useSSL=true&amp;connectTimeout=10000');
  assert.equal(apim.validationQuery!.value, 'SELECT 1 -- "ping"');
});

test('never throws: every corpus file, truncations and mutations of it, hostile inputs', { skip: noCorpus }, () => {
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const check = (text: string, name: string) => {
    const doc = parseToml(text, name);
    assert.ok(doc.parseError === null || !doc.parseError.message.includes('internal error'), `${name}: ${doc.parseError?.message}`);
    assert.ok(doc.parseError === null || doc.datasources.length === 0, name);
    for (const d of doc.datasources) {
      const spans = [d.span, d.headerSpan, ...d.settings.flatMap((s) => [s.keySpan, s.valueSpan, s.entrySpan]), ...(d.url ? [d.url.span, ...d.url.params.map((p) => p.span)] : [])];
      for (const s of spans) assert.ok(s.start >= 0 && s.start <= s.end && s.end <= text.length, `${name}: span ${s.start}-${s.end}`);
      for (const s of d.settings) assert.ok(s.entrySpan.start <= s.keySpan.start && s.valueSpan.end <= s.entrySpan.end, name);
    }
  };
  for (const f of corpusFiles) {
    const text = readCorpus(f);
    check(text, f);
    if (!/toml|yaml/.test(f)) continue;
    for (let i = 1; i <= 8; i++) check(text.slice(0, Math.floor((text.length * i) / 9)), `${f} (truncated ${i}/9)`);
    for (let i = 0; i < 8; i++) {
      const at = rnd(text.length);
      const junk = ['"', "'", '[', ']', '{', '"""', '\u0000', '\r', '=', '#', '\\', '\uE000'][rnd(12)];
      check(text.slice(0, at) + junk + text.slice(at), `${f} (+${JSON.stringify(junk)} at ${at})`);
      check(text.slice(0, at) + text.slice(at + 1 + rnd(40)), `${f} (cut at ${at})`);
    }
  }
});

test('never throws: hostile inputs (random bytes, 1 MiB line, deep nesting, unterminated constructs)', () => {
  let seed = 11;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  let random = '';
  for (let i = 0; i < 200_000; i++) random += String.fromCharCode(rnd(256));
  let syntax = '';
  for (let i = 0; i < 200_000; i++) syntax += '[="\'{}\n#,.x1'[rnd(13)];
  const inputs: [string, string][] = [
    ['random', random],
    ['syntax soup', syntax],
    ['1 MiB value', '[database.apim_db]\nurl = "jdbc:mysql://h/d?x=' + 'a'.repeat(1 << 20) + '"\n'],
    ['1 MiB unterminated', 'x = "' + 'a'.repeat(1 << 20)],
    ['deep arrays', 'a = ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n[database.apim_db]\nurl = "jdbc:mysql://h/d"\n'],
    ['deep unterminated', 'a = ' + '[{a='.repeat(50_000)],
    ['many """', 'a = """\n'.repeat(20_000)],
    ['many open arrays', 'a = [\n1,\n'.repeat(20_000)],
    ['NUL bytes', '[database.apim_db]\u0000\nurl = "\u0000"\n\u0000\u0000'],
    ['empty', ''],
    ['only BOM', '\uFEFF'],
  ];
  for (const [name, text] of inputs) {
    for (const file of ['deployment.toml', 'deployment.toml.j2', 'conf.yaml']) {
      const t0 = Date.now();
      const doc = parseToml(text, file);
      assert.ok(!doc.parseError?.message.includes('internal error'), `${name} ${file}: ${doc.parseError?.message}`);
      assert.ok(Date.now() - t0 < 5000, `${name} ${file}: too slow`);
    }
  }
  const deep = parseToml(inputs[4][1], 'conf.yaml');
  assert.equal(ds(deep, 'database.apim_db').url!.hosts[0].host, 'h');
  assert.equal(ds(parseToml(inputs[2][1], 'deployment.toml'), 'database.apim_db').url!.params[0].value.length, 1 << 20);
});

// ── editor ───────────────────────────────────────────────────────────────────────────────────────

const doc0 = () => parseToml(SAMPLE, 'deployment.toml');

test('editor.setSetting: replaces an existing pool option keeping its style (bare stays bare, quoted stays quoted)', () => {
  const d = ds(doc0(), 'database.apim_db');
  const { out, doc } = applyChecked(SAMPLE, d.edit.setSetting('maxWait', '30000'));
  assert.ok(out.includes('\nmaxWait = 30000\n'));
  assert.equal(setting(ds(doc, 'database.apim_db'), 'maxWait').value, '30000');
  const u = ds(doc0(), 'database.user');
  const r = applyChecked(SAMPLE, u.edit.setSetting('maxWait', '30000'));
  assert.ok(r.out.includes('pool_options = { maxActive = 10, maxWait = "30000" }'));
  // shared_db: the snake_case alias is the entry in effect for maxActive
  const s = ds(doc0(), 'database.shared_db');
  const r2 = applyChecked(SAMPLE, s.edit.setSetting('maxActive', '20'));
  assert.ok(r2.out.includes('\npool_options.max_active = 20\n'));
});

test('editor.setSetting: inserts into an existing [X.pool_options] table after its last key', () => {
  const d = ds(doc0(), 'database.apim_db');
  const edits = d.edit.setSetting('maxAge', '300000');
  const { out, doc } = applyChecked(SAMPLE, edits);
  assert.ok(out.includes('connectionProperties = "socketTimeout=30000;tcpKeepAlive=true"\nmaxAge = 300000\n\n[database.shared_db]'));
  const s = setting(ds(doc, 'database.apim_db'), 'maxAge');
  assert.equal(s.placement, 'toml-pool-options');
  assert.equal(s.value, '300000');
  // strings get a basic string with escapes
  const q = applyChecked(SAMPLE, ds(doc0(), 'database.apim_db').edit.setSetting('jdbcInterceptors', 'QueryTimeoutInterceptor(queryTimeout="5")\\'));
  assert.equal(setting(ds(q.doc, 'database.apim_db'), 'jdbcInterceptors').value, 'QueryTimeoutInterceptor(queryTimeout="5")\\');
});

test('editor.setSetting: inserts into a dotted pool_options group and into an inline table', () => {
  const s = ds(doc0(), 'database.shared_db');
  const r = applyChecked(SAMPLE, s.edit.setSetting('maxAge', '300000'));
  assert.ok(r.out.includes('pool_options.testOnBorrow = false\npool_options.maxAge = 300000\n'));
  assert.equal(setting(ds(r.doc, 'database.shared_db'), 'maxAge').placement, 'toml-pool-options');

  const u = ds(doc0(), 'database.user');
  const r2 = applyChecked(SAMPLE, u.edit.setSetting('testOnBorrow', 'true'));
  assert.ok(r2.out.includes('pool_options = { maxActive = 10, maxWait = "1000", testOnBorrow = true }'));
  assert.equal(setting(ds(r2.doc, 'database.user'), 'testOnBorrow').value, 'true');
  // empty inline table and TOML 1.1 trailing comma
  for (const [src, want] of [['pool_options = {}', 'pool_options = { maxAge = 1 }'], ['pool_options = { a = 1, }', 'pool_options = { a = 1, maxAge = 1 }']]) {
    const text = `[database.apim_db]\nurl = "jdbc:mysql://h/d"\n${src}\n`;
    const d = ds(parseToml(text, 'deployment.toml'), 'database.apim_db');
    assert.ok(applyChecked(text, d.edit.setSetting('maxAge', '1')).out.includes(want), src);
  }
  // [[datasource]] with dotted and with a [datasource.pool_options] sub-table
  const mb = ds(doc0(), 'datasource[0]');
  assert.ok(applyChecked(SAMPLE, mb.edit.setSetting('maxWait', '1000')).out.includes('pool_options.maxActive = 5\npool_options.maxWait = 1000\n'));
  const c = ds(doc0(), 'datasource[1]');
  const r3 = applyChecked(SAMPLE, c.edit.setSetting('maxWait', '1000'));
  assert.ok(r3.out.includes('[datasource.pool_options]\nmaxIdle = 3\nmaxWait = 1000\n[datasource.jndi_config]'));
  assert.equal(setting(ds(r3.doc, 'datasource[1]'), 'maxWait').placement, 'toml-pool-options');
});

test('editor.setSetting: creates [X.pool_options] after the table\'s own keys (blank line, file line endings, indentation)', () => {
  const idb = ds(doc0(), 'database.identity_db');
  const r = applyChecked(SAMPLE, idb.edit.setSetting('maxAge', '300000'));
  assert.ok(r.out.includes('url = "jdbc:mysql://id-db/identity"\n\n[database.identity_db.pool_options]\nmaxAge = 300000\n\n[[datasource]]'));
  assert.equal(slice(r.out, ds(r.doc, 'database.identity_db').poolOptionsHeaderSpan!), '[database.identity_db.pool_options]');
  // CRLF file, last table without a trailing line break
  const crlf = '[server]\r\nx = 1\r\n\r\n[database.apim_db]\r\nurl = "jdbc:mysql://h/d"';
  const d = ds(parseToml(crlf, 'deployment.toml'), 'database.apim_db');
  const r2 = applyChecked(crlf, d.edit.setSetting('testOnBorrow', 'true'));
  assert.equal(r2.out, crlf + '\r\n\r\n[database.apim_db.pool_options]\r\ntestOnBorrow = true');
  // indented TOML (inside YAML): header and keys keep their indentation
  const yaml = 'data:\n  deployment.toml: |\n    [database.apim_db]\n    url = "jdbc:mysql://h/d"\n  other: x\n';
  const y = ds(parseToml(yaml, 'cm.yaml'), 'database.apim_db');
  const out = applyEdits(yaml, y.edit.setSetting('maxAge', '1'));
  assert.ok(out.includes('    url = "jdbc:mysql://h/d"\n\n    [database.apim_db.pool_options]\n    maxAge = 1\n  other: x\n'), out);
  assert.equal(setting(ds(parseToml(out, 'cm.yaml'), 'database.apim_db'), 'maxAge').placement, 'toml-pool-options');
  // headerless (dotted at root): stays dotted so no new header captures the lines after it
  const hl = 'database.apim_db.url = "jdbc:mysql://h/d"\nother = 1\n[x]\n';
  const h = ds(parseToml(hl, 'deployment.toml'), 'database.apim_db');
  assert.ok(applyChecked(hl, h.edit.setSetting('maxAge', '1')).out.startsWith('database.apim_db.url = "jdbc:mysql://h/d"\ndatabase.apim_db.pool_options.maxAge = 1\nother = 1\n'));
});

test('editor.setSetting(validationQuery): replaces the one in effect, else adds it at the top level', () => {
  const apim = ds(doc0(), 'database.apim_db');
  const r = applyChecked(SAMPLE, apim.edit.setSetting('validationQuery', 'SELECT 3'));
  assert.ok(r.out.includes('validationQuery = "SELECT 1"') && r.out.includes('validationQuery = "SELECT 3"') && !r.out.includes('SELECT 2'));
  const top = '[database.apim_db]\nurl = "jdbc:mysql://h/d"\nvalidationQuery = \'SELECT 1\'\n';
  const t = ds(parseToml(top, 'deployment.toml'), 'database.apim_db');
  assert.equal(applyChecked(top, t.edit.setSetting('validationQuery', 'SELECT 2')).out, top.replace("'SELECT 1'", "'SELECT 2'"));
  const idb = ds(doc0(), 'database.identity_db');
  const r2 = applyChecked(SAMPLE, idb.edit.setSetting('validationQuery', 'SELECT 1'));
  assert.ok(r2.out.includes('url = "jdbc:mysql://id-db/identity"\nvalidationQuery = "SELECT 1"\n'));
  assert.equal(ds(r2.doc, 'database.identity_db').validationQuery!.value, 'SELECT 1');
});

test('editor.replaceValue / removeEntry / renameKey', () => {
  const apim = ds(doc0(), 'database.apim_db');
  // replaceValue keeps the quoting style; literal strings stay literal
  const u = ds(doc0(), 'database.user');
  const r0 = applyChecked(SAMPLE, u.edit.replaceValue(u.urlEntry!, 'jdbc:mysql://other:3306/um'));
  assert.ok(r0.out.includes("url = 'jdbc:mysql://other:3306/um'"));
  const r1 = applyChecked(SAMPLE, apim.edit.replaceValue(setting(apim, 'testOnBorrow'), 'false'));
  assert.ok(r1.out.includes('\ntestOnBorrow = false\n'));
  // removeEntry: the whole line with its line break (and a trailing comment on it)
  const text = '[database.apim_db]\nurl = "jdbc:mysql://h/d"\nmaxActive = 50 # misplaced\nusername = "u"\n';
  const d = ds(parseToml(text, 'deployment.toml'), 'database.apim_db');
  assert.equal(applyChecked(text, d.edit.removeEntry(setting(d, 'maxActive'))).out, '[database.apim_db]\nurl = "jdbc:mysql://h/d"\nusername = "u"\n');
  // … a last line without a line break; a pair inside an inline table with its comma
  const last = '[database.apim_db]\nurl = "jdbc:mysql://h/d"\nmaxActive = 50';
  const l = ds(parseToml(last, 'deployment.toml'), 'database.apim_db');
  assert.equal(applyChecked(last, l.edit.removeEntry(setting(l, 'maxActive'))).out, '[database.apim_db]\nurl = "jdbc:mysql://h/d"');
  assert.ok(applyChecked(SAMPLE, u.edit.removeEntry(setting(u, 'maxActive'))).out.includes('pool_options = { maxWait = "1000" }'));
  assert.ok(applyChecked(SAMPLE, u.edit.removeEntry(setting(u, 'maxWait'))).out.includes('pool_options = { maxActive = 10 }'));
  // renameKey: only the key segment
  const s = ds(doc0(), 'database.shared_db');
  const r2 = applyChecked(SAMPLE, s.edit.renameKey(setting(s, 'max_active'), 'maxActive'));
  assert.ok(r2.out.includes('\npool_options.maxActive = 40\n'));
  assert.equal(setting(ds(r2.doc, 'database.shared_db'), 'maxActive').value, '40');
  // renaming onto a key that exists would duplicate it: keep one, with the renamed entry's value
  const dup = '[database.apim_db.pool_options]\nmax_active = 100\nmaxActive = 50\n';
  const dd = ds(parseToml(dup, 'deployment.toml'), 'database.apim_db');
  assert.equal(applyChecked(dup, dd.edit.renameKey(setting(dd, 'max_active'), 'maxActive')).out, '[database.apim_db.pool_options]\nmaxActive = 100\n');
});

test('editor.moveToPoolOptions: one non-overlapping edit list, value text verbatim, into every pool_options form', () => {
  const apim = ds(doc0(), 'database.apim_db');
  const edits = apim.edit.moveToPoolOptions(setting(apim, 'maxActive'))!;
  const r = applyChecked(SAMPLE, edits);
  assert.ok(r.out.includes('password = "wso2carbon"\nvalidationQuery = "SELECT 1"\n'), 'the misplaced line is gone');
  assert.ok(r.out.includes('tcpKeepAlive=true"\nmaxActive = "100"\n\n[database.shared_db]'), 'and sits last in pool_options');
  assert.ok(edits.every((e, i) => edits.every((f, j) => i === j || e.span.end <= f.span.start || f.span.end <= e.span.start)));
  const moved = setting(ds(r.doc, 'database.apim_db'), 'maxActive');
  assert.deepEqual([moved.placement, moved.value, moved.style], ['toml-pool-options', '100', 'basic-string']);
  // aws-apim shape (no pool_options yet): a new table right after the table's keys
  const aws = '[database.apim_db]\ntype = "mysql"\nurl = "jdbc:mysql://h:3306/am"\nvalidationQuery = "SELECT 1"\nmaxActive = "100"\n\n[database.shared_db]\nurl = "jdbc:mysql://h:3306/shared"\n';
  const a = ds(parseToml(aws, 'deployment.toml'), 'database.apim_db');
  const ra = applyChecked(aws, a.edit.moveToPoolOptions(setting(a, 'maxActive')));
  assert.equal(ra.out, '[database.apim_db]\ntype = "mysql"\nurl = "jdbc:mysql://h:3306/am"\nvalidationQuery = "SELECT 1"\n\n[database.apim_db.pool_options]\nmaxActive = "100"\n\n[database.shared_db]\nurl = "jdbc:mysql://h:3306/shared"\n');
  // into a dotted group and an inline table
  const dotted = '[database.apim_db]\nurl = "jdbc:mysql://h/d"\nmaxWait = 1_000\npool_options.maxActive = 5\n';
  const dt = ds(parseToml(dotted, 'deployment.toml'), 'database.apim_db');
  assert.equal(applyChecked(dotted, dt.edit.moveToPoolOptions(setting(dt, 'maxWait'))).out, '[database.apim_db]\nurl = "jdbc:mysql://h/d"\npool_options.maxActive = 5\npool_options.maxWait = 1_000\n');
  const inline = '[database.apim_db]\nmaxWait = 1000\npool_options = { maxActive = 5 }\n';
  const il = ds(parseToml(inline, 'deployment.toml'), 'database.apim_db');
  assert.equal(applyChecked(inline, il.edit.moveToPoolOptions(setting(il, 'maxWait'))).out, '[database.apim_db]\npool_options = { maxActive = 5, maxWait = 1000 }\n');
  // the key already in pool_options: the moved value replaces it (no duplicate key)
  const both = '[database.apim_db]\nmaxActive = 80\n[database.apim_db.pool_options]\nmaxActive = 50\n';
  const b = ds(parseToml(both, 'deployment.toml'), 'database.apim_db');
  assert.equal(applyChecked(both, b.edit.moveToPoolOptions(b.settings[0])).out, '[database.apim_db]\n[database.apim_db.pool_options]\nmaxActive = 80\n');
  // a pool_options entry is not "misplaced": nothing to move
  assert.equal(apim.edit.moveToPoolOptions(setting(apim, 'maxWait')), null);
});

test('editor.setUrlParam: replace, append with &amp; (TOML convention), raw & when the file uses it, add ?', () => {
  const apim = ds(doc0(), 'database.apim_db');
  const r1 = applyChecked(SAMPLE, apim.edit.setUrlParam('connectTimeout', '5000'));
  assert.ok(r1.out.includes('?useSSL=false&amp;connectTimeout=5000"'));
  const r2 = applyChecked(SAMPLE, apim.edit.setUrlParam('socketTimeout', '60000'));
  assert.ok(r2.out.includes('?useSSL=false&amp;connectTimeout=10000&amp;socketTimeout=60000"'));
  const p = ds(r2.doc, 'database.apim_db').url!.params.find((x) => x.name === 'socketTimeout')!;
  assert.equal(p.value, '60000');
  assert.equal(slice(r2.out, p.span), 'socketTimeout=60000');
  // no query yet (literal string): '?'; one param and no separator yet: &amp;
  const u = ds(doc0(), 'database.user');
  assert.ok(applyChecked(SAMPLE, u.edit.setUrlParam('connectTimeout', '1000')).out.includes("url = 'jdbc:mysql://user-db:3306/um?connectTimeout=1000'"));
  const one = '[database.apim_db]\nurl = "jdbc:mysql://h:3306/d?useSSL=false"\n';
  const o = ds(parseToml(one, 'deployment.toml'), 'database.apim_db');
  assert.ok(applyChecked(one, o.edit.setUrlParam('tcpKeepAlive', 'true')).out.includes('?useSSL=false&amp;tcpKeepAlive=true"'));
  const raw = '[database.apim_db]\nurl = "jdbc:mysql://h:3306/d?a=1&b=2"\n';
  const w = ds(parseToml(raw, 'deployment.toml'), 'database.apim_db');
  assert.ok(applyChecked(raw, w.edit.setUrlParam('c', '3')).out.includes('?a=1&b=2&c=3"'));
  // no literal url: inferred or templated
  assert.equal(ds(doc0(), 'database.shared_db').edit.setUrlParam('connectTimeout', '1'), null);
  const tpl = ds(parseToml(readFixture('parse/toml/aws-apim-4.2.x-deployment.toml.erb'), 'deployment.toml.erb'), 'database.apim_db');
  assert.equal(tpl.edit.setUrlParam('connectTimeout', '1'), null);
});

test('editor.removeUrlParam: one separator with it, the ? when it was the only one', () => {
  const text = '[database.apim_db]\nurl = "jdbc:mysql://h:3306/d?a=1&amp;b=2&amp;c=3"\n[database.shared_db]\nurl = "jdbc:mysql://h:3306/s?only=1"\n';
  const doc = parseToml(text, 'deployment.toml');
  const d = ds(doc, 'database.apim_db');
  const [a, b, c] = d.url!.params;
  const rm = (e: TextEdit[]) => applyChecked(text, e).out.split('\n')[1];
  assert.equal(rm(d.edit.removeUrlParam(a)), 'url = "jdbc:mysql://h:3306/d?b=2&amp;c=3"');
  assert.equal(rm(d.edit.removeUrlParam(b)), 'url = "jdbc:mysql://h:3306/d?a=1&amp;c=3"');
  assert.equal(rm(d.edit.removeUrlParam(c)), 'url = "jdbc:mysql://h:3306/d?a=1&amp;b=2"');
  const s = ds(doc, 'database.shared_db');
  assert.equal(applyChecked(text, s.edit.removeUrlParam(s.url!.params[0])).out.split('\n')[3], 'url = "jdbc:mysql://h:3306/s"');
});

test('editor.replaceHost: in the URL, and in hostname for an inferred URL', () => {
  const apim = ds(doc0(), 'database.apim_db');
  const r = applyChecked(SAMPLE, apim.edit.replaceHost(apim.url!.hosts[0], 'apim.cluster-xyz.us-east-1.rds.amazonaws.com'));
  assert.equal(ds(r.doc, 'database.apim_db').url!.hosts[0].host, 'apim.cluster-xyz.us-east-1.rds.amazonaws.com');
  assert.ok(r.out.includes('rds.amazonaws.com:3306/apim?useSSL=false&amp;connectTimeout=10000"'));
  const shared = ds(doc0(), 'database.shared_db');
  const r2 = applyChecked(SAMPLE, shared.edit.replaceHost(shared.url!.hosts[0], 'shared.cluster-xyz.rds.amazonaws.com'));
  assert.ok(r2.out.includes('hostname = "shared.cluster-xyz.rds.amazonaws.com"'));
  assert.equal(ds(r2.doc, 'database.shared_db').url!.text, 'jdbc:mysql://shared.cluster-xyz.rds.amazonaws.com:3307/shared');
});

test('editor: fixes on a templated file stay inside the template and keep it readable', () => {
  const text = readFixture('parse/toml/aws-apim-4.2.x-deployment.toml.erb');
  const d = ds(parseToml(text, 'deployment.toml.erb'), 'database.apim_db');
  const edits = d.edit.moveToPoolOptions(setting(d, 'maxActive'))!;
  const out = applyEdits(text, edits);
  assert.ok(outsideEditsUnchanged(text, out, edits));
  const again = ds(parseToml(out, 'deployment.toml.erb'), 'database.apim_db');
  assert.deepEqual(again.settings.map((s) => [s.key, s.value, s.placement]), [['maxActive', '100', 'toml-pool-options']]);
  assert.ok(out.includes(`validationQuery = "<%= @wso2_am_db['validation_query'] %>"\n\n[database.apim_db.pool_options]\nmaxActive = "100"\n\n[database.shared_db]`));
});

test('fixtures directory holds the files these tests read', () => {
  for (const f of ['kitchen-sink.toml', 'aws-apim-4.2.x-deployment.toml.erb', 'embedded-configmap.yaml', 'broken.toml']) {
    assert.ok(fs.existsSync(path.join(FIXTURES, 'parse', 'toml', f)), f);
  }
});

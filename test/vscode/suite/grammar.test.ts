/// <reference types="mocha" />
// The TextMate grammars: TOML, and the injection that highlights JDBC URLs and embeds SQL in validationQuery.
// Tokenized with the vscode-textmate + oniguruma that ship with the VS Code under test, with its own XML and
// SQL grammars (skipped where those modules are packed in an asar archive).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ROOT } from './helpers';

type Token = { text: string; scopes: string[] };
type Tokenize = (scope: string, text: string) => Token[][];

async function loadTokenizer(): Promise<Tokenize | null> {
  const app = vscode.env.appRoot;
  const mod = (name: string) =>
    [path.join(app, 'node_modules', name), path.join(app, 'node_modules.asar', name)].find((p) => fs.existsSync(p));
  const tmPath = mod('vscode-textmate');
  const onigPath = mod('vscode-oniguruma');
  if (!tmPath || !onigPath) return null;
  /* eslint-disable @typescript-eslint/no-require-imports */
  const tm = require(tmPath);
  const onig = require(onigPath);
  const wasm = fs.readFileSync(path.join(onigPath, 'release', 'onig.wasm'));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength)).catch(() => undefined); // already loaded is fine
  const files: Record<string, string> = {
    'text.xml': path.join(app, 'extensions', 'xml', 'syntaxes', 'xml.tmLanguage.json'),
    'source.sql': path.join(app, 'extensions', 'sql', 'syntaxes', 'sql.tmLanguage.json'),
    'source.toml': path.join(ROOT, 'syntaxes', 'toml.tmLanguage.json'),
    'source.aurora-guard.datasource-injection': path.join(ROOT, 'syntaxes', 'datasource-injection.tmLanguage.json'),
  };
  if (!Object.values(files).every((f) => fs.existsSync(f))) return null;
  const registry = new tm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (s: string[]) => new onig.OnigScanner(s),
      createOnigString: (s: string) => new onig.OnigString(s),
    }),
    loadGrammar: async (scope: string) => (files[scope] ? tm.parseRawGrammar(fs.readFileSync(files[scope], 'utf8'), files[scope]) : null),
    getInjections: (scope: string) => (scope === 'text.xml' || scope === 'source.toml' ? ['source.aurora-guard.datasource-injection'] : []),
  });
  const grammars: Record<
    string,
    { tokenizeLine(l: string, s: unknown): { tokens: { startIndex: number; endIndex: number; scopes: string[] }[]; ruleStack: unknown } }
  > = {};
  for (const s of ['text.xml', 'source.toml']) grammars[s] = await registry.loadGrammar(s);
  return (scope, text) => {
    let state = tm.INITIAL;
    return text.split('\n').map((line) => {
      const r = grammars[scope].tokenizeLine(line, state);
      state = r.ruleStack;
      return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
    });
  };
}

function scopeOf(lines: Token[][], text: string): string {
  const t = lines.flat().find((x) => x.text === text);
  assert.ok(t, `no token "${text}" in ${JSON.stringify(lines.flat().map((x) => x.text))}`);
  return t.scopes.join(' ');
}

describe('grammars', () => {
  let tokenize: Tokenize | null = null;
  before(async function () {
    tokenize = await loadTokenizer();
    if (!tokenize) this.skip();
  });

  it('highlights each part of a JDBC URL in XML, with &amp; as a separator', () => {
    const lines = tokenize!(
      'text.xml',
      '<url>jdbc:aws-wrapper:mysql://apim.cluster-abc.eu-west-1.rds.amazonaws.com:3306/apimgtdb?connectTimeout=10000&amp;useSSL=true</url>',
    );
    assert.match(scopeOf(lines, 'jdbc:aws-wrapper:mysql:'), /keyword\.other\.scheme\.jdbc/);
    assert.match(scopeOf(lines, 'apim.cluster-abc.eu-west-1.rds.amazonaws.com'), /entity\.name\.function\.host\.jdbc/);
    assert.match(scopeOf(lines, '3306'), /constant\.numeric\.port\.jdbc/);
    assert.match(scopeOf(lines, 'apimgtdb'), /entity\.name\.type\.database\.jdbc/);
    assert.match(scopeOf(lines, 'connectTimeout'), /variable\.parameter\.name\.jdbc/);
    assert.match(scopeOf(lines, '10000'), /string\.unquoted\.parameter-value\.jdbc/);
    assert.match(scopeOf(lines, '&amp;'), /punctuation\.separator\.parameter\.jdbc/);
    assert.match(scopeOf(lines, 'useSSL'), /variable\.parameter\.name\.jdbc/);
    assert.match(scopeOf(lines, 'url'), /entity\.name\.tag/); // the XML grammar still does the tags
  });

  it('highlights multi-host URLs and H2 paths', () => {
    const lines = tokenize!(
      'source.toml',
      'url = "jdbc:mysql://h1.example.com:3306,h2.example.com:3307/db"\nh2 = "jdbc:h2:./repository/database/WSO2CARBON_DB;DB_CLOSE_ON_EXIT=FALSE"',
    );
    assert.match(scopeOf(lines, 'h1.example.com'), /host\.jdbc/);
    assert.match(scopeOf(lines, 'h2.example.com'), /host\.jdbc/);
    assert.match(scopeOf(lines, '3307'), /port\.jdbc/);
    assert.match(scopeOf(lines, './repository/database/WSO2CARBON_DB'), /database\.jdbc/);
    assert.match(scopeOf(lines, 'DB_CLOSE_ON_EXIT'), /parameter\.name\.jdbc/);
  });

  it('embeds SQL in validationQuery values (XML element, <property> form, TOML)', () => {
    const xml = tokenize!(
      'text.xml',
      '<validationQuery>SELECT 1</validationQuery>\n<property name="validationQuery">select connection_id();</property>',
    );
    assert.match(scopeOf(xml, 'SELECT'), /meta\.embedded\.sql\.aurora-guard source\.sql keyword/);
    assert.match(scopeOf(xml, 'select'), /source\.sql keyword/);
    const toml = tokenize!('source.toml', 'validationQuery = "SELECT 1"\npool_options.validationQuery = \'/* ping */ SELECT 1\'');
    assert.match(scopeOf(toml, 'SELECT'), /source\.sql keyword/);
    assert.ok(
      toml[1].some((t) => t.scopes.includes('source.sql') && /ping/.test(t.text)),
      'SQL comment in a literal string',
    );
  });

  it('tokenizes TOML tables, keys and values', () => {
    const lines = tokenize!(
      'source.toml',
      '[database.apim_db.pool_options]\nmaxActive = 50 # comment\ntestOnBorrow = true\n[[datasource]]',
    );
    assert.match(scopeOf(lines, 'apim_db'), /entity\.name\.section\.table\.toml/);
    assert.match(scopeOf(lines, 'maxActive'), /support\.type\.property-name\.toml/);
    assert.match(scopeOf(lines, '50'), /constant\.numeric\.toml/);
    assert.match(scopeOf(lines, 'true'), /constant\.language\.boolean\.toml/);
    assert.match(scopeOf(lines, '#'), /comment\.line/);
    assert.match(scopeOf(lines, ' comment'), /comment\.line/);
    assert.match(scopeOf(lines, 'datasource'), /table\.array\.toml/);
  });
});

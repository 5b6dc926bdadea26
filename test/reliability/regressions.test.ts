// Minimal reproductions of the bugs the reliability suite found (issue 6, parts 1 and 2). Each test states
// the expected behaviour and fails until the bug is fixed; keep them when they pass, as regression tests.
// The CLI's (part 7) are in cli.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../src/core/lint';
import { fixAll } from '../../src/core/fixes/fixAll';
import { resolveOptions } from '../../src/core/config/options';
import type { ResolvedOptions } from '../../src/core/config/options';
import { checkFixes, checkLint, emptyFixStats } from './lib/check';
import { carbonXml, fill } from './lib/big';
import { runInChild } from './lib/pool';
import { writeStats } from './lib/env';

const DEFAULTS = resolveOptions();
const SERVERLESS = resolveOptions({ target: 'aurora-serverless-v2' });
const results: { name: string; ok: boolean }[] = [];

function reg(name: string, fn: () => void | Promise<void>): void {
  test(`regression: ${name}`, async () => {
    let ok = false;
    try {
      await fn();
      ok = true;
    } finally {
      results.push({ name, ok });
      writeStats('regressions', { total: results.length, failing: results.filter((r) => !r.ok).length, results });
    }
  });
}

/** Every fix of the given rule's findings: applies cleanly, keeps the file parsing, removes its finding, is idempotent. */
function assertFixesSafe(fileName: string, text: string, options: ResolvedOptions, ruleId: string): void {
  const c = checkLint(fileName, text, options);
  assert.deepEqual(c.violations, [], 'linting the input');
  const r = c.result!;
  assert.equal(r.doc.parseError, null, 'the input parses');
  const vs = checkFixes(fileName, text, options, r, emptyFixStats(), { only: (f) => f.ruleId === ruleId, fixAll: false });
  assert.deepEqual(
    vs.map((v) => `${v.kind} ${v.ruleId} "${v.fixTitle}": ${v.detail}`),
    [],
  );
}

function assertFixAllConverges(fileName: string, text: string, options: ResolvedOptions): ReturnType<typeof fixAll> {
  const r = fixAll(fileName, text, options);
  const counts: Record<string, number> = {};
  for (const a of r.applied) counts[a.ruleId] = (counts[a.ruleId] ?? 0) + 1;
  assert.ok(r.converged, `fix-all did not converge after ${r.applied.length} fixes: ${JSON.stringify(counts)}`);
  assert.equal(lintText(fileName, r.text, options).doc.parseError, null, 'fix-all left a parse error');
  return r;
}

// ---------------------------------------------------------------------------------------------
// 1. Templated (tolerant) XML with an element that is not closed: the setting fixes insert into the unclosed
//    element (or after the end of the file), the finding stays, and fix-all inserts the same setting again and
//    again until its 200-round bound (aurora-guard fix writes ~200 copies into the file).

const UNCLOSED = `<datasource>
  <name>A</name>
  <definition type="RDBMS">
    <configuration>
      <url>jdbc:mysql://db:3306/a</url>
      <driverClassName>{{ driver }}
`;

reg('templated XML, unclosed element: "Set testWhileIdle to true" removes its finding', () => {
  assertFixesSafe('master-datasources.xml.j2', UNCLOSED, DEFAULTS, 'pool/idle-eviction');
});

reg('templated XML, unclosed element: fix-all converges and inserts testWhileIdle at most once', () => {
  const r = fixAll('master-datasources.xml.j2', UNCLOSED, DEFAULTS);
  const copies = (r.text.match(/<testWhileIdle>/g) ?? []).length;
  assert.ok(copies <= 1, `fix-all inserted <testWhileIdle> ${copies} times`);
  assert.ok(r.converged, `fix-all did not converge after ${r.applied.length} fixes`);
});

const MISMATCHED = `{{ x }}
<datasource><name>A</name><definition type="RDBMS"><configuration>
<url>jdbc:mysql://db:3306/a</url>
<testonborrow>true</testOnBorrow>
</configuration></definition></datasource>
`;

reg('templated XML, start and end tag differ in case: "Set testOnBorrow to true" removes its finding', () => {
  assertFixesSafe('master-datasources.xml.j2', MISMATCHED, DEFAULTS, 'pool/test-on-borrow');
});

reg('templated XML, start and end tag differ in case: fix-all converges', () => {
  assertFixAllConverges('master-datasources.xml.j2', MISMATCHED, DEFAULTS);
});

const UNTERMINATED_COMMENT = `<datasource><name>A</name><definition type="RDBMS"><configuration>
<url>jdbc:mysql://db:3306/a</url><maxActive>50{#</maxActive>
</configuration></definition></datasource>
`;

reg('Jinja comment left open inside a value: "Set maxAge" does not append after the end of the file', () => {
  assertFixesSafe('master-datasources.xml.j2', UNTERMINATED_COMMENT, SERVERLESS, 'pool/max-age');
});

// A U+FEFF (a BOM that ended up inside the file, e.g. after concatenating files) inside a tag name:
// checkWellFormed accepts <password\uFEFF>…</password> (it rejects <password\u200B>), the scanner then sees
// an unclosed element, the <properties> after it are not read, pool/serverless findings say "not set"
// (false positives), and their fixes append new <properties> blocks that are not read either.

const BOM_IN_TAG = `<datasource>
  <name>A</name>
  <definition>
    <url>jdbc:mysql://db:3306/a</url>
    <password\ufeff>x</password>
    <properties>
      <property name="minIdle">5</property>
    </properties>
  </definition>
</datasource>
`;

reg('U+FEFF inside a tag name: a parse error, or the fixes work (not a false "minIdle not set")', () => {
  const options = resolveOptions({ target: 'aurora-serverless-v2', cluster: { minAcu: 0, autoPause: true } });
  if (lintText('custom-datasources.xml', BOM_IN_TAG, options).doc.parseError) return;
  assertFixesSafe('custom-datasources.xml', BOM_IN_TAG, options, 'serverless/auto-pause-blocked');
});

// ---------------------------------------------------------------------------------------------
// 2. deployment.toml with a dotted sub-table of pool_options (pool_options.x.y = …): the pool fixes add a
//    [database.apim_db.pool_options] header, which TOML forbids once dotted keys made that table.

const DOTTED = `[database.apim_db]
type = "mysql"
url = "jdbc:mysql://apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com/a"
pool_options.x.y = 1
`;

reg('deployment.toml with pool_options.x.y: "Set maxAge" keeps the file valid TOML', () => {
  assertFixesSafe('deployment.toml', DOTTED, SERVERLESS, 'pool/max-age');
});

reg('deployment.toml with pool_options.x.y: "Set removeAbandoned" keeps the file valid TOML', () => {
  assertFixesSafe('deployment.toml', DOTTED, SERVERLESS, 'pool/remove-abandoned');
});

// ---------------------------------------------------------------------------------------------
// 2b. deployment.toml whose last line is a misplaced pool key, with pool_options already written as dotted keys
//     and no newline at the end of the file: "Move maxActive into [database.X.pool_options]" deletes from the
//     newline before the key and inserts at the key's line start, inside the deleted range. applyEdits throws
//     "overlapping edits"; the editor cannot apply the quick fix and `aurora-guard fix` exits 2 with
//     "internal error: overlapping edits" (while `lint` says "1 fixable with aurora-guard fix").

const NO_FINAL_NEWLINE = '[database.apim_db]\ntype = "h2"\nurl = "jdbc:h2:./x"\npool_options.maxWait = 1000\nmaxActive = 50';

reg('misplaced key on the last line without a newline: the move fix has no overlapping edits', () => {
  const c = checkLint('deployment.toml', NO_FINAL_NEWLINE, DEFAULTS);
  assert.deepEqual(
    c.violations.map((v) => `${v.kind} ${v.ruleId} "${v.fixTitle}": ${v.detail}`),
    [],
  );
  assertFixesSafe('deployment.toml', NO_FINAL_NEWLINE, DEFAULTS, 'wso2/pool-option-misplaced');
});

reg('misplaced key on the last line without a newline: fix-all does not throw', () => {
  assertFixAllConverges('deployment.toml', NO_FINAL_NEWLINE, DEFAULTS);
});

// ---------------------------------------------------------------------------------------------
// 3. A JDBC URL whose query ends in a stray "?": "Add socketTimeout=60000" appends without a separator, so the
//    new parameter becomes part of the previous value (useSSL=true?socketTimeout=60000) and the finding stays.

const STRAY_QUESTION_MARK = `<datasources-configuration><datasources><datasource><name>A</name><definition type="RDBMS"><configuration>
<url>jdbc:mysql://db:3306/a?useSSL=true?</url>
</configuration></definition></datasource></datasources></datasources-configuration>
`;

reg('JDBC URL ending in a stray "?": "Add socketTimeout" removes its finding', () => {
  assertFixesSafe('master-datasources.xml', STRAY_QUESTION_MARK, DEFAULTS, 'jdbc/socket-timeout');
});

// ---------------------------------------------------------------------------------------------
// 4. autoReconnect=true twice in the URL: "Remove autoReconnect=true" removes the last one only; the same
//    finding (same message) comes back for the first, and the same fix changes the text again.

const TWICE = `[database.shared_db]
type = "mysql"
url = "jdbc:mysql://db:3306/shared?autoReconnect=true&amp;useSSL=true&autoReconnect=true"
`;

reg('autoReconnect=true twice: "Remove autoReconnect=true" is idempotent (removes both)', () => {
  assertFixesSafe('deployment.toml', TWICE, DEFAULTS, 'jdbc/auto-reconnect');
});

// ---------------------------------------------------------------------------------------------
// 4b. java.security with CR line endings: "Add networkaddress.cache.ttl=5" inserts "\n…", which the JVM-options
//     parser does not split on in a CR file, so the finding stays; fix-all adds the line twice.

const CR_JAVA_SECURITY = '# c\r#networkaddress.cache.ttl=-1\rsecurity.provider.1=SUN\r';

reg('java.security with CR line endings: "Add networkaddress.cache.ttl=5" removes its finding', () => {
  assertFixesSafe('java.security', CR_JAVA_SECURITY, DEFAULTS, 'jvm/dns-ttl');
});

reg('java.security with CR line endings: fix-all adds networkaddress.cache.ttl once', () => {
  const r = assertFixAllConverges('java.security', CR_JAVA_SECURITY, DEFAULTS);
  assert.equal((r.text.match(/^networkaddress\.cache\.ttl=/gm) ?? []).length, 1, JSON.stringify(r.text));
});

// ---------------------------------------------------------------------------------------------
// 5. fix-all stops after 200 rounds: a Carbon file with 20 ordinary MySQL datasources needs 10 fixes each,
//    so `aurora-guard fix` reports "a fix did not converge" and leaves fixes unapplied.

reg('fix-all converges on a Carbon file with 20 datasources (200 fixes)', () => {
  assertFixAllConverges('master-datasources.xml', carbonXml(20), DEFAULTS);
});

// ---------------------------------------------------------------------------------------------
// 6. Quadratic time: unclosed template openers. detectTemplates tests /\{\{[\s\S]*?\}\}/ (and the {% %}, <% %>
//    forms) from every opener to the end of the text: 256 KB of "{{" take about 13 s, 1 MB about 4 minutes.
//    Linear time would be well under 1 s (the bound for 10 MB is 30 s).

for (const [what, unit] of [
  ['{{', '{{'],
  ['{%', '{%'],
  ['<%', '<%'],
] as const) {
  reg(`256 KB of unclosed "${what}" lint within 1.5 s`, async () => {
    const text = '<datasource>\n' + fill(unit, 256 * 1024);
    const o = await runInChild({ kind: 'text', fileName: 'master-datasources.xml', text, options: 0, fixes: 0 }, 5000);
    assert.ok(o.ok, `no result: ${o.ok ? '' : o.detail}`);
    assert.ok(o.result.lintMs <= 1500, `took ${Math.round(o.result.lintMs)} ms`);
  });
}

// 7. Quadratic time: stacked suppression comments. Each aurora-guard-disable-next-line scans forward over every
//    following comment-only line: 1 MB of them takes about 12 s.

reg('1 MB of stacked "aurora-guard-disable-next-line" comments lint within 3 s', async () => {
  const text = fill('<!-- aurora-guard-disable-next-line pool/max-age -->\n', 1 << 20) + carbonXml(1);
  const o = await runInChild({ kind: 'text', fileName: 'master-datasources.xml', text, options: 0, fixes: 0 }, 6000);
  assert.ok(o.ok, `no result: ${o.ok ? '' : o.detail}`);
  assert.ok(o.result.lintMs <= 3000, `took ${Math.round(o.result.lintMs)} ms`);
});

// 8. Slow: a very long setting name. wso2/unsupported-pool-option computes the edit distance between the name
//    and every known key, with no cut-off by length: a 64 KB name (<property name="999…">) takes about 3.5 s,
//    128 KB about 13 s, 1 MB about a minute. A name longer than every key by more than the allowed distance
//    cannot be a typo of one.

reg('a 64 KB setting name lints within 1 s', async () => {
  const text = `<datasource><name>A</name><definition type="RDBMS"><properties>
<property name="url">jdbc:mysql://db:3306/a</property>
<property name="${fill('9', 64 * 1024)}">true</property>
</properties></definition></datasource>
`;
  const o = await runInChild({ kind: 'text', fileName: 'custom-datasources.xml', text, options: 0, fixes: 0 }, 8000);
  assert.ok(o.ok, `no result: ${o.ok ? '' : o.detail}`);
  assert.ok(o.result.lintMs <= 1000, `took ${Math.round(o.result.lintMs)} ms`);
});

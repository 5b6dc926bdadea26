// What the editor shows of the forecast (report.ts): the code lens title, the hover's Markdown table and the rows
// the Probes view renders, for a pool the model pins and for the same pool after fix-all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveOptions } from '../../../src/core/config/options';
import { fixAll } from '../../../src/core/fixes/fixAll';
import { applyEdits } from '../../../src/core/fixes/apply';
import { codeLensTitle, failoverSafeFix, forecastFile, forecastMarkdown, forecastRows } from '../../../src/core/forecast/report';
import { failingScenarios } from '../../../src/core/forecast/judge';
import { FORECAST_CAVEAT, SCENARIO_LABELS } from '../../../src/core/forecast/describe';

const AUR = 'apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';
const FILE = 'deployment.toml';
const pinnedToml = (query = 'SELECT 1') => `[database.apim_db]
type = "mysql"
url = "jdbc:mysql://${AUR}:3306/apimgt_db?useSSL=true"
username = "apim"
password = "x"
validationQuery = "${query}"

[database.apim_db.pool_options]
maxActive = 50
validationInterval = 30000
testOnBorrow = true
`;
const options = resolveOptions({ target: 'aurora-provisioned' });

test('code lens: the failover scenario now and after fixes, and how many other scenarios fail', () => {
  const { outlooks } = forecastFile(FILE, pinnedToml(), options);
  assert.equal(outlooks.length, 1);
  const o = outlooks[0];
  const f = o.now.scenarios['aurora-failover']!;
  assert.ok(f.pinned > 0, 'the model pins this pool');
  const title = codeLensTitle(o);
  assert.match(title, new RegExp(`^Failover: pinned in ${f.pinned}/${f.timings} timings`));
  assert.match(title, / → after fixes (≤ \d+(\.\d)? (s|min)|pinned in )/);
  const others = failingScenarios(o.now).filter((id) => id !== 'aurora-failover').length;
  if (others) assert.match(title, new RegExp(`· ${others} more scenarios? fails?$`));
  else assert.doesNotMatch(title, /more scenario/);
});

test('code lens after fix-all: nothing fails on the failover scenario, said without an arrow when nothing is left to fix', () => {
  const fixed = fixAll(FILE, pinnedToml(), options).text;
  const o = forecastFile(FILE, fixed, options).outlooks[0];
  assert.deepEqual(failingScenarios({ scenarios: { 'aurora-failover': o.now.scenarios['aurora-failover'] } }), []);
  const title = codeLensTitle(o);
  assert.match(title, /^Failover: ≤ \d+(\.\d)? (s|min)/);
  if (failingScenarios(o.now).length === 0) assert.match(title, /every scenario within its bound$/);
});

test('hover Markdown: a row per scenario now and after fix-all, the caveat and the docs link', () => {
  const o = forecastFile(FILE, pinnedToml(), options).outlooks[0];
  const md = forecastMarkdown(o, 'command:auroraGuard.showForecastDocs');
  const rows = forecastRows(o);
  assert.ok(rows.length >= 3, 'failover, hung writer, black-holed writer at least');
  assert.ok(md.includes('| scenario | now | after fix-all |'));
  for (const r of rows) {
    assert.ok(md.includes(`| ${r.label} | `), `a row for ${r.label}`);
    assert.equal(r.label, SCENARIO_LABELS[r.scenario]);
  }
  assert.match(md, /\| failover \| \$\(error\) pinned to the demoted writer after/);
  assert.ok(md.includes('modelled, not measured'), 'the caveat');
  assert.ok(md.includes('[How the forecast works](command:auroraGuard.showForecastDocs)'));
  assert.ok(md.includes('`WSO2AM_DB`') || md.includes('`apim_db`'), md.split('\n')[0]);
  assert.ok(FORECAST_CAVEAT.includes('modelled, not measured'));
});

test('hover Markdown: an unprovable validation query shows the other branch and points to the probe', () => {
  const o = forecastFile(FILE, pinnedToml('SELECT IF(@@read_only, (SELECT 1 FROM x), 1)'), options).outlooks[0];
  assert.ok(o.now.ifQueryRaises, 'a subquery of unknown row count: unprovable');
  const md = forecastMarkdown(o, 'command:x');
  assert.match(md, /If it raises: failover: /);
  assert.match(md, /validation-query lab/);
  assert.ok(forecastRows(o).some((r) => r.nowIfQueryRaises !== null));
});

test('rows: fails now / after agree with the judge', () => {
  const o = forecastFile(FILE, pinnedToml(), options).outlooks[0];
  const failing = new Set(failingScenarios(o.now));
  const failingAfter = new Set(failingScenarios(o.afterFixAll));
  for (const r of forecastRows(o)) {
    assert.equal(r.fails, failing.has(r.scenario), r.scenario);
    assert.equal(r.failsAfter, failingAfter.has(r.scenario), r.scenario);
  }
});

test('the failover-safe fix leaves the datasource with no failing scenario', () => {
  const text = pinnedToml();
  const o = forecastFile(FILE, text, options).outlooks[0];
  const fix = failoverSafeFix(FILE, text, options, o.ds.id);
  assert.ok(fix, 'a fix is offered');
  assert.match(fix.title, /^Make this pool failover-safe: failover pinned \d+\/24 → /);
  const after = forecastFile(FILE, applyEdits(text, fix.edits), options).outlooks[0];
  assert.deepEqual(failingScenarios(after.now), []);
});

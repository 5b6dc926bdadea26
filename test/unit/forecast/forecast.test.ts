// The forecast engine: deterministic, 24 timings per scenario, the scenarios that apply, the judge's ordering, and the
// four defects an expert review found (issue 11), each replayed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { WSO2_DEFAULT_POOL, recommendedPool } from '../../../src/core/forecast/policy';
import type { PoolSettings } from '../../../src/core/forecast/kernel';
import {
  TIMINGS,
  clearForecastMemo,
  compareScenario,
  forecast,
  forecastSettings,
  scenarioFails,
  type ScenarioForecast,
} from '../../../src/core/forecast/forecast';
import { scenariosFor } from '../../../src/core/forecast/datasource';
import { describeScenario } from '../../../src/core/forecast/describe';
import { resolveOptions } from '../../../src/core/config/options';
import { ROLE_AWARE_VALIDATION_QUERY, classifyValidationQuery, raisesOnReadOnly } from '../../../src/core/knowledge/validationQueries';
import { fixAll } from '../../../src/core/fixes/fixAll';
import { parseDocument } from '../../../src/core/parse/index';
import { datasourceForecast } from '../../../src/core/forecast/datasource';
import { applyEdits, carbonXml, lint, ROOT } from '../helpers';

const D = WSO2_DEFAULT_POOL;
const CTX = { dnsTtlS: null };

test('forecast: deterministic, memoised, 24 timings in every scenario', () => {
  clearForecastMemo();
  const a = forecastSettings(D, CTX);
  clearForecastMemo();
  const b = forecastSettings(D, CTX);
  assert.deepEqual(a, b);
  assert.equal(forecastSettings(D, CTX), b, 'the second ask is the memo');
  for (const id of ['aurora-failover', 'auto-pause-resume', 'hung-writer', 'blackhole'] as const) {
    assert.equal(a[id]!.timings, TIMINGS);
    assert.ok(a[id]!.pinned >= 0 && a[id]!.pinned <= TIMINGS);
  }
});

test('forecast: the outcome depends on the timing where the ground truth says it does (WSO2 defaults, 8 s of stale DNS)', () => {
  const f = forecastSettings(D, { dnsTtlS: 3 })['aurora-failover']!;
  assert.ok(f.pinned > 0 && f.pinned < TIMINGS, `pinned in ${f.pinned}/24: some timings recover, some pin`);
  assert.match(
    describeScenario('aurora-failover', f),
    /^pinned to the demoted writer after \d+ of 24 failover timings; otherwise recovers in \d+ s at p95/,
  );
  // the JDK's own 30 s DNS cache: new connections reach the demoted writer for 35 s, longer than the 30 s interval
  assert.equal(forecastSettings(D, CTX)['aurora-failover']!.pinned, TIMINGS);
  // lowering the interval alone pins every timing (measured)
  assert.equal(forecastSettings({ ...D, validationIntervalMs: 3000 }, { dnsTtlS: 3 })['aurora-failover']!.pinned, TIMINGS);
});

test("forecast: the catalogue's advice recovers every scenario within its bound; with auto-pause it trades the hung writer", () => {
  for (const ttl of [null, 5]) {
    const f = forecastSettings(recommendedPool(D), { dnsTtlS: ttl, scenarios: ['aurora-failover', 'hung-writer', 'blackhole'] });
    for (const [id, s] of Object.entries(f)) assert.ok(!scenarioFails(s!), `${id} (dns ttl ${ttl}): ${JSON.stringify(s)}`);
    // a connectTimeout long enough for a 30 s resume also waits 30 s on each connect to the silent old host: never
    // pinned, but the hung writer may recover later than its bound (docs/forecast.md, "How the rules use it")
    const p = forecastSettings(recommendedPool(D, { autoPause: true }), { dnsTtlS: ttl });
    assert.ok(!scenarioFails(p['aurora-failover']!) && !scenarioFails(p['auto-pause-resume']!), JSON.stringify(p));
    for (const s of Object.values(p)) assert.equal(s!.pinned, 0);
  }
});

test('forecast: each timeout answers for its own scenario (socketTimeout: the hung writer; connectTimeout: the black hole)', () => {
  const base: PoolSettings = { ...recommendedPool(D) };
  const noSocket = forecastSettings({ ...base, socketTimeoutMs: 0 }, CTX);
  const noConnect = forecastSettings({ ...base, connectTimeoutMs: 0 }, CTX);
  const ok = forecastSettings(base, CTX);
  // a statement on a silent host waits for the OS to give up retransmitting (~15 min)
  assert.ok(noSocket['hung-writer']!.recoveryMs.p95! > 15 * 60000);
  assert.ok(compareScenario(ok['hung-writer']!, noSocket['hung-writer']!) < 0);
  // a connect to a black-holed address waits for the OS's SYN retries (~127 s)
  assert.ok(noConnect.blackhole!.recoveryMs.p95! >= 127000, JSON.stringify(noConnect.blackhole));
  assert.ok(compareScenario(ok.blackhole!, noConnect.blackhole!) < 0);
});

test('forecast: auto-pause-resume applies only where the cluster can pause', () => {
  assert.deepEqual(scenariosFor(resolveOptions({ target: 'aurora-provisioned' })), ['aurora-failover', 'hung-writer', 'blackhole']);
  assert.deepEqual(scenariosFor(resolveOptions({ cluster: { minAcu: 0 } })), [
    'aurora-failover',
    'auto-pause-resume',
    'hung-writer',
    'blackhole',
  ]);
});

test('forecast: an unknown validation query is forecast both ways', () => {
  const f = forecast(D, { ...CTX, scenarios: ['aurora-failover'] }, true);
  assert.equal(f.scenarios['aurora-failover']!.pinned, TIMINGS);
  assert.equal(f.ifQueryRaises!['aurora-failover']!.pinned, 0);
});

test('compareScenario: pinning first, then every recovery percentile (a mixed change is worse), failed writes break ties', () => {
  const s = (pinned: number, p50: number | null, p95: number | null, failed = 100): ScenarioForecast => ({
    pinnedShare: pinned / 24,
    pinned,
    timings: 24,
    recoveryMs: { p50, p95, max: p95 },
    failedWrites: { p50: failed },
    boundMs: 50000,
    pinnedCause: null,
  });
  assert.ok(compareScenario(s(0, 300000, 300000), s(3, 20000, 30000)) < 0, 'no longer pinned beats faster recoveries');
  assert.ok(
    compareScenario(s(0, 1804000, 1804000), s(0, 24500, 1809500)) > 0,
    'p50 from 25 s to 30 min is worse even if p95 improves a little',
  );
  assert.equal(compareScenario(s(0, 12000, 12500), s(0, 12400, 12000)), 0, 'within half a second: the same');
  assert.ok(compareScenario(s(0, 12000, 12000, 5000), s(0, 12000, 12000, 100)) > 0);
});

// ---- issue 11's four defects ------------------------------------------------------------------------------------

const AUR = 'apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';
function carbon(config: string, url = `jdbc:mysql://${AUR}:3306/apimgt_db`): string {
  return carbonXml(url, ['<driverClassName>com.mysql.cj.jdbc.Driver</driverClassName>', ...config.split('\n')]);
}

test('defect 1: the role-aware query is the measured one, and fix --target mysql leaves a pool that is not pinned', () => {
  assert.equal(ROLE_AWARE_VALIDATION_QUERY, 'SELECT IF(@@read_only OR @@innodb_read_only, (SELECT 1 UNION ALL SELECT 2), 1)');
  // a MySQL/MariaDB primary demoted with SET GLOBAL read_only=1 keeps innodb_read_only = 0: the innodb-only query passes there
  assert.equal(
    raisesOnReadOnly(classifyValidationQuery('SELECT IF(@@innodb_read_only, (SELECT 1 UNION ALL SELECT 2), 1)'), 'mysql'),
    false,
  );
  assert.equal(raisesOnReadOnly(classifyValidationQuery(ROLE_AWARE_VALIDATION_QUERY), 'mysql'), true);
  assert.equal(raisesOnReadOnly(classifyValidationQuery(ROLE_AWARE_VALIDATION_QUERY), 'aurora'), true);
  const text = carbon(
    '<testOnBorrow>true</testOnBorrow>\n<validationQuery>SELECT 1</validationQuery>\n<validationInterval>30000</validationInterval>',
    'jdbc:mysql://db.internal:3306/apimgt_db',
  );
  const options = resolveOptions({ target: 'mysql', forecast: { dnsTtl: 3 } });
  const fixed = fixAll('master-datasources.xml', text, options).text;
  const ds = parseDocument('master-datasources.xml', fixed).datasources[0];
  assert.equal(ds.validationQuery?.value, ROLE_AWARE_VALIDATION_QUERY);
  assert.equal(datasourceForecast(ds, options).now.scenarios['aurora-failover']!.pinned, 0);
});

test('defect 2: a query that can never raise (one-row subquery) is not role-aware, and the pinned pool is reported', () => {
  const text = carbon(
    '<testOnBorrow>true</testOnBorrow>\n<validationQuery>SELECT IF(@@innodb_read_only, (SELECT 1), 1)</validationQuery>\n<validationInterval>3000</validationInterval>',
  );
  const res = lint('master-datasources.xml', text);
  const vq = res.findings.filter((f) => f.ruleId === 'pool/validation-query');
  assert.equal(vq.length, 1);
  assert.match(vq[0].message, /pinned to the demoted writer after every one of the 24 failover timings/);
  assert.ok(vq[0].fixes[0].preferred && vq[0].fixes[0].title.includes(ROLE_AWARE_VALIDATION_QUERY));
});

test('defect 3: the interval is never lowered beside a liveness-only query, whatever maxAge exists', () => {
  for (const ttl of [undefined, 3]) {
    const text = carbon(
      '<testOnBorrow>true</testOnBorrow>\n<validationQuery>SELECT 1</validationQuery>\n<validationInterval>30000</validationInterval>\n<maxAge>1800000</maxAge>',
    );
    const res = lint('master-datasources.xml', text, ttl === undefined ? {} : { forecast: { dnsTtl: ttl } });
    for (const f of res.findings) {
      for (const fix of f.fixes) {
        const after = parseDocument('master-datasources.xml', applyEdits(text, fix.edits)).datasources[0];
        const lowered = after.settings.some((s) => s.key === 'validationInterval' && s.value === '3000');
        const roleAware = after.validationQuery?.value === ROLE_AWARE_VALIDATION_QUERY;
        const shortAge = after.settings.some((s) => s.key === 'maxAge' && Number(s.value) <= 60000);
        assert.ok(!lowered || roleAware || shortAge, `${f.ruleId} (dns ttl ${ttl}) offers "${fix.title}"`);
      }
    }
  }
});

const CORPUS = process.env.AURORA_GUARD_CORPUS ?? path.resolve(ROOT, '..', 'shared', 'corpus');
const ERB = path.join(CORPUS, 'aws-apim-3.0.x__pattern-1__puppet__apim__templates__carbon-home__repository__conf__deployment.toml.erb');

test(
  'defects 3 and 4 on the APIM 3.0 .erb: no interval-only fix beside the templated query, no MySQL query preferred where the engine is templated',
  { skip: !fs.existsSync(ERB) && 'corpus not found' },
  () => {
    const text = fs.readFileSync(ERB, 'utf8');
    const res = lint(ERB, text, { target: 'aurora-provisioned' });
    const pool = res.findings.filter((f) => f.ruleId.startsWith('pool/'));
    assert.ok(pool.length > 0);
    for (const f of pool) {
      for (const fix of f.fixes) {
        assert.ok(!/^Set validationInterval to 3000( →|$)/.test(fix.title), `${f.ruleId}: ${fix.title}`);
        if (fix.preferred)
          assert.ok(!fix.title.includes('@@read_only'), `${f.ruleId} prefers a MySQL-only query where the engine is unknown: ${fix.title}`);
      }
    }
    // the preferred interval fix for the templated query brings a short maxAge, and neither branch of the query pins after it
    const iv = pool.find((f) => f.ruleId === 'pool/validation-interval' && f.datasource === 'WSO2AM_DB')!;
    const preferred = iv.fixes.find((x) => x.preferred)!;
    const ds = parseDocument(ERB, applyEdits(text, preferred.edits)).datasources.find((d) => d.id === 'database.apim_db')!;
    const after = datasourceForecast(ds, resolveOptions({ target: 'aurora-provisioned' })).now;
    assert.equal(after.scenarios['aurora-failover']!.pinned, 0);
    assert.equal(after.ifQueryRaises!['aurora-failover']!.pinned, 0);
  },
);

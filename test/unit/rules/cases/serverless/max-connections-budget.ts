// serverless/max-connections-budget: the sum, its terms and their origins, where it sits, and the budget it is held to
// (a stated @@max_connections, else AWS's published default for the maximum ACU).
import assert from 'node:assert/strict';
import { lint } from '../../../helpers';
import type { ProjectConfig } from '../../../../../src/core/config/options';
import { carbonPool, tomlPool } from '../samples';
import { at, findingsOf, first, headerOf, type RuleCase } from '../harness';

const ID = 'serverless/max-connections-budget';
const MAX_ACTIVE_80 = carbonPool('<testOnBorrow>true</testOnBorrow><maxActive>80</maxActive>');
const inToml = (config: ProjectConfig) => first(findingsOf(ID, 'deployment.toml', tomlPool(), config));

export const cases: RuleCase[] = [
  {
    name: 'the sum, its terms and their origins, on the largest pool with related locations',
    file: 'deployment.toml',
    text: tomlPool(),
    config: { target: 'aurora-serverless-v2', cluster: { apimNodes: 2, maxConnections: 150 } },
    expect(found, res) {
      const t = first(found);
      assert.equal(
        t.message.split(':')[0],
        "2 APIM nodes × (WSO2AM_DB 50 (WSO2 deployment.toml default) + WSO2_SHARED_DB 50 (WSO2 deployment.toml default)) = 200 connections at peak, above 80 % of the cluster's @@max_connections 150 (120)",
      );
      assert.deepEqual(t.span, headerOf(res, t));
      assert.equal(t.related.length, 1);
      assert.deepEqual(t.fixes, []);
      const x = first(findingsOf(ID, 'm-datasources.xml', MAX_ACTIVE_80, { cluster: { maxConnections: 90 } }));
      assert.equal(at(MAX_ACTIVE_80, x), '80');
    },
  },
  {
    name: "without a stated @@max_connections: AWS's published default for the maximum ACU, its source, not measured",
    file: 'deployment.toml',
    text: tomlPool(),
    config: { target: 'aurora-serverless-v2', cluster: { apimNodes: 2, maxAcu: 2 } },
    expect(found) {
      const h = first(found);
      assert.match(
        h.message,
        /= 200 connections at peak, above 80 % of 108, the default @@max_connections of Aurora MySQL Serverless v2 at a maximum of 2 ACU \(86\):/,
      );
      assert.match(h.message, /AWS's published Aurora MySQL formula .*no row for 2 ACU.*not measured here/);
      assert.match(h.message, /only after a reboot/);
      const t1 = inToml({ target: 'aurora-serverless-v2', cluster: { maxAcu: 1 } });
      assert.match(t1.message, /^1 APIM node × .* = 100 connections at peak, above 80 % of 90, .* at a maximum of 1 ACU \(72\)/);
      assert.match(t1.message, /AWS's published table for Aurora MySQL Serverless v2 \(maximum 1 ACU → 90; published, not measured here\)/);
      const t8 = inToml({ target: 'aurora-serverless-v2', cluster: { maxAcu: 8, apimNodes: 12 } });
      assert.match(t8.message, /^12 APIM nodes × .* = 1200 connections at peak, above 80 % of 1000, .*\(800\)/);
    },
  },
  {
    name: 'quiet within 80 % of the budget; a stated @@max_connections wins; max ACU says nothing about provisioned',
    file: 'deployment.toml',
    text: tomlPool(),
    config: { target: 'aurora-serverless-v2', cluster: { maxAcu: 8, apimNodes: 8 } },
    expect(found) {
      const quiet = (cluster: ProjectConfig['cluster'], target: ProjectConfig['target'] = 'aurora-serverless-v2') =>
        lint('deployment.toml', tomlPool(), { target, cluster }).findings.filter((f) => f.ruleId === ID).length;
      assert.equal(found.length, 0, '800 of 1000 is exactly 20 % headroom');
      assert.equal(quiet({ maxAcu: 8, apimNodes: 9 }), 1, '900 of 1000 leaves less than 20 %');
      assert.equal(quiet({ maxAcu: 1, maxConnections: 1000 }), 0, 'a stated @@max_connections wins over the computed one');
      assert.equal(quiet({ maxAcu: 256, maxConnections: 90 }), 1, 'a stated @@max_connections wins over the computed one');
      assert.equal(quiet({ maxAcu: 1 }, 'aurora-provisioned'), 0, 'max ACU says nothing about a provisioned cluster');
    },
  },
];

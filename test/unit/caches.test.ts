// The lint's per-datasource and per-host caches answer like the uncached code and follow a changed model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument } from '../../src/core/parse/index';
import { driverPropsInEffect } from '../../src/core/knowledge/wso2/driverProps';
import { classifyHost } from '../../src/core/knowledge/aurora/endpoints';

const XML = `<datasources-configuration><datasources><datasource><name>WSO2AM_DB</name>
<definition type="RDBMS"><configuration>
<url>jdbc:mysql://db:3306/apim?connectTimeout=1000&amp;ConnectTimeout=2000</url>
<connectionProperties>connectTimeout=3000;socketTimeout=0</connectionProperties>
</configuration></definition></datasource></datasources></datasources-configuration>`;

test('driverPropsInEffect: the last URL occurrence, then the last Properties occurrence (any case); follows a changed list', () => {
  const ds = parseDocument('master-datasources.xml', XML).datasources[0];
  const values = (name: string) => driverPropsInEffect(ds, name).map((p) => `${p.source}:${p.value}`);
  assert.deepEqual(values('connecttimeout'), ['url:2000', 'connectionProperties:3000']);
  assert.deepEqual(values('socketTimeout'), ['connectionProperties:0']);
  assert.deepEqual(values('tcpKeepAlive'), []);
  // callers get their own array
  driverPropsInEffect(ds, 'connectTimeout').pop();
  assert.equal(values('connectTimeout').length, 2);
  // a model changed after the first question (the parsers never do; a caller might) is re-read
  const p = ds.driverProps[0];
  ds.driverProps.push({ ...p, source: 'databaseProps', value: '4000' });
  ds.settings.push({ ...ds.settings[0], key: 'databaseProps' });
  assert.deepEqual(values('connectTimeout'), ['url:2000', 'databaseProps:4000']);
});

test('classifyHost: the same (frozen) answer for the same host, as before the memo', () => {
  const a = classifyHost('apim.cluster-ro-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com');
  assert.deepEqual({ ...a }, { kind: 'cluster-ro', name: 'apim', id: 'c1a2b3c4d5e6', region: 'eu-west-1', domain: 'c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com' });
  assert.equal(classifyHost('apim.cluster-ro-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com'), a);
  assert.ok(Object.isFrozen(a));
  assert.equal(classifyHost(' localhost ').kind, 'localhost');
  assert.equal(classifyHost('10.0.0.1').kind, 'ip');
  for (let i = 0; i < 5000; i++) classifyHost(`h${i}.example.com`); // past the bound: the map is cleared, answers stay right
  assert.equal(classifyHost('apim.cluster-ro-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com').kind, 'cluster-ro');
});

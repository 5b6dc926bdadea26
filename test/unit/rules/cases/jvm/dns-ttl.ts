// jvm/dns-ttl: the -Dnetworkaddress.cache.ttl trap and its fix, what the JVM-options reader finds, and the one short
// info a datasource file gets.
import assert from 'node:assert/strict';
import { applyEdits, lint } from '../../../helpers';
import { AUR } from '../samples';
import { findingsOf, only, type RuleCase } from '../harness';

const TRAP = '#!/bin/sh\nJAVA_OPTS="$JAVA_OPTS -Xmx2g -Dnetworkaddress.cache.ttl=5"\n';
const THREE_KINDS = [
  'JAVA_OPTS="-Dsun.net.inetaddr.ttl=10 -Dnetworkaddress.cache.ttl=${TTL}"',
  '# JAVA_OPTS="-Dsun.net.inetaddr.ttl=999"',
  'RUN echo "networkaddress.cache.ttl=60" >> $JAVA_HOME/conf/security/java.security',
].join('\n');
const TWO_DATASOURCES = `<datasources-configuration><datasources>
<datasource><name>WSO2AM_DB</name><definition type="RDBMS"><configuration><url>jdbc:mysql://${AUR}/a</url></configuration></definition></datasource>
<datasource><name>WSO2_SHARED_DB</name><definition type="RDBMS"><configuration><url>jdbc:mysql://${AUR}/b</url></configuration></definition></datasource>
</datasources></datasources-configuration>`;

export const cases: RuleCase[] = [
  {
    name: 'the -Dnetworkaddress.cache.ttl trap is rewritten to the property the JDK reads',
    file: 'bin/api-manager.sh',
    text: TRAP,
    expect(found) {
      const f = only(found);
      assert.equal(f.severity, 'warning');
      assert.match(f.message, /is ignored: the JDK reads networkaddress\.cache\.ttl only as a security property \(java\.security\)/);
      assert.match(f.message, /or better networkaddress\.cache\.ttl=5 in java\.security/);
      assert.equal(f.fixes[0].title, 'Replace -Dnetworkaddress.cache.ttl=5 with -Dsun.net.inetaddr.ttl=5');
      assert.equal(applyEdits(TRAP, f.fixes[0].edits), '#!/bin/sh\nJAVA_OPTS="$JAVA_OPTS -Xmx2g -Dsun.net.inetaddr.ttl=5"\n');
    },
  },
  {
    name: 'parseJvmOptions reads the three kinds with exact spans and skips comments',
    file: 'Dockerfile',
    text: THREE_KINDS,
    expect(_found, { doc }) {
      assert.equal(doc.format, 'jvm-options');
      assert.deepEqual(
        doc.jvmDns.map((s) => [
          s.kind,
          s.name,
          s.value,
          THREE_KINDS.slice(s.span.start, s.span.end),
          THREE_KINDS.slice(s.valueSpan.start, s.valueSpan.end),
        ]),
        [
          ['system-property', 'sun.net.inetaddr.ttl', '10', '-Dsun.net.inetaddr.ttl=10', '10'],
          ['ignored-system-property', 'networkaddress.cache.ttl', '${TTL}', '-Dnetworkaddress.cache.ttl=${TTL}', '${TTL}'],
          ['security-property', 'networkaddress.cache.ttl', '60', 'networkaddress.cache.ttl=60', '60'],
        ],
      );
      const sec = lint(
        'conf/security/java.security',
        'security.provider.1=SUN\n#networkaddress.cache.ttl=-1\nnetworkaddress.cache.ttl = 30\n',
      ).doc;
      assert.deepEqual(
        sec.jvmDns.map((s) => [s.kind, s.value]),
        [['security-property', '30']],
      );
    },
  },
  {
    name: 'a datasource file gets at most one short info, on the first Aurora datasource',
    file: 'master-datasources.xml',
    text: TWO_DATASOURCES,
    expect(found) {
      const f = only(found);
      assert.equal(f.severity, 'info');
      assert.equal(f.datasource, 'WSO2AM_DB');
      assert.equal(f.fromDefault, true);
      assert.match(f.message, /30 s by default \(without a security manager\)/);
      assert.match(f.message, /This file can't show the JVM's setting/);
      assert.equal(
        findingsOf('jvm/dns-ttl', 'master-datasources.xml', TWO_DATASOURCES.replaceAll(AUR, 'mysql-svc')).length,
        0,
        'not Aurora: silent',
      );
    },
  },
];

// Synthetic documents: small deployment.toml, Carbon XML, generic XML and JVM files assembled from lines that
// matter to the rules (tables, dotted keys, misplaced keys, URLs with odd queries, templates, suppressions),
// in random order, with every line-ending style and with or without a final newline. Mutating real files
// rarely produces such combinations; assembling them does.
import fc from 'fast-check';

export interface SynthDoc {
  fileName: string;
  lines: string[];
  eol: '\n' | '\r\n' | '\r';
  finalNewline: boolean;
}

export function renderSynth(d: SynthDoc): string {
  return d.lines.join(d.eol) + (d.finalNewline ? d.eol : '');
}

const AURORA = 'apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';
const URLS = [
  `jdbc:mysql://${AURORA}:3306/apim`,
  `jdbc:mysql://${AURORA}:3306/apim?useSSL=false&amp;autoReconnect=true`,
  `jdbc:mysql://${AURORA}:3306/apim?autoReconnect=true&autoReconnect=true`,
  `jdbc:mysql://${AURORA}:3306/apim?socketTimeout=0&amp;connectTimeout=0&amp;tcpKeepAlive=false`,
  `jdbc:mysql://${AURORA}:3306/apim?`,
  `jdbc:mysql://${AURORA}:3306/apim?useSSL=true?`,
  `jdbc:mysql://${AURORA}:3306/apim?&amp;`,
  `jdbc:mysql://apim.cluster-ro-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com/apim`,
  `jdbc:mysql://db-1.c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com/apim`,
  `jdbc:aws-wrapper:mysql://${AURORA}/apim?wrapperPlugins=failover`,
  `jdbc:mysql:replication://${AURORA},apim.cluster-ro-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com/apim`,
  'jdbc:mysql://{{ .Values.db.host }}:3306/apim',
  'jdbc:mysql://localhost:3306/apim',
  'jdbc:h2:./repository/database/WSO2AM_DB;DB_CLOSE_ON_EXIT=FALSE',
];
const POOL_KEYS = [
  'maxActive',
  'maxIdle',
  'minIdle',
  'initialSize',
  'maxWait',
  'testOnBorrow',
  'testWhileIdle',
  'validationQuery',
  'validationInterval',
  'validationQueryTimeout',
  'maxAge',
  'removeAbandoned',
  'removeAbandonedTimeout',
  'defaultAutoCommit',
  'timeBetweenEvictionRunsMillis',
  'minEvictableIdleTimeMillis',
  'jdbcInterceptors',
  'logValidationErrors',
  'max_active',
  'MaxActive',
];
const POOL_VALUES = [
  '0',
  '-1',
  '5',
  '50',
  '3000',
  '30000',
  '300000',
  'true',
  'false',
  'SELECT 1',
  'SELECT IF(@@innodb_read_only, (SELECT 1 UNION ALL SELECT 2), 1)',
  'ConnectionState;StatementFinalizer',
  '{{ .Values.x }}',
  '',
];

const tomlValue = (v: string) => (/^(-?\d+|true|false)$/.test(v) ? v : `"${v}"`);

const TOML_HEADERS = [
  '[database.apim_db]',
  '[database.shared_db]',
  '[database.apim_db.pool_options]',
  '[database.shared_db.pool_options]',
  '[[datasource]]',
  '[datasource.pool_options]',
  '[server]',
  '[database.apim_db.pool_options.x]',
];
const TOML_OTHER = [
  'type = "mysql"',
  'type = "h2"',
  'driver = "com.mysql.cj.jdbc.Driver"',
  'username = "apim"',
  'password = "$secret{db_password}"',
  'id = "WSO2AM_DB"',
  'pool_options = { maxActive = 5, testOnBorrow = false }',
  'pool_options.x.y = 1',
  '# comment',
  '# aurora-guard-disable-next-line',
  '# aurora-guard-disable-next-line pool/max-age',
  '{{- range $k, $v := .Values.pool }}',
  '{{ $k }} = {{ $v }}',
  '{{- end }}',
  '{% if x %}',
  '{% endif %}',
  '<%= @x %>',
  '',
  'hostname = "localhost"',
];

const tomlLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TOML_HEADERS) },
  { weight: 3, arbitrary: fc.constantFrom(...URLS).map((u) => `url = "${u}"`) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom('', 'pool_options.'), fc.constantFrom(...POOL_KEYS), fc.constantFrom(...POOL_VALUES))
      .map(([p, k, v]) => `${p}${k} = ${tomlValue(v)}`),
  },
  { weight: 3, arbitrary: fc.constantFrom(...TOML_OTHER) },
);

function xmlEscape(s: string): string {
  return s.replace(/&(?!amp;)/g, '&amp;').replace(/</g, '&lt;');
}

const carbonChild: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...URLS).map((u) => `<url>${xmlEscape(u)}</url>`) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom(...POOL_KEYS), fc.constantFrom(...POOL_VALUES))
      .map(([k, v]) => (v === '' ? `<${k}/>` : `<${k}>${xmlEscape(v)}</${k}>`)),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '<driverClassName>com.mysql.cj.jdbc.Driver</driverClassName>',
      '<username>apim</username>',
      '<databaseProps><property name="socketTimeout">0</property></databaseProps>',
      '<dataSourceProps><property name="connectTimeout">5000</property></dataSourceProps>',
      '<!-- comment -->',
      '<!-- aurora-guard-disable-next-line -->',
      '{% if x %}',
      '{% endif %}',
      '<maxActive>{{ max_active }}</maxActive>',
      '<validationQuery><![CDATA[SELECT 1]]></validationQuery>',
      '<connectionProperties>socketTimeout=0;tcpKeepAlive=false</connectionProperties>',
    ),
  },
);

const genericChild: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...URLS).map((u) => `<property name="url">${xmlEscape(u)}</property>`) },
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom(...POOL_KEYS), fc.constantFrom(...POOL_VALUES))
      .map(([k, v]) => `<property name="${k}">${xmlEscape(v)}</property>`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '<property name="driverClassName">com.mysql.cj.jdbc.Driver</property>',
      '<!-- c -->',
      '{{ if .x }}',
      '{{ end }}',
    ),
  },
);

/** Wrap children: Carbon (<definition><configuration>) or generic (<properties>), one or two datasources. */
function xmlDoc(kind: 'carbon' | 'generic', dss: string[][], indent: string): string[] {
  const lines: string[] =
    kind === 'carbon'
      ? ['<?xml version="1.0" encoding="UTF-8"?>', '<datasources-configuration>', `${indent}<datasources>`]
      : ['<datasources>'];
  dss.forEach((children, i) => {
    const d = indent.repeat(kind === 'carbon' ? 2 : 1);
    lines.push(`${d}<datasource>`, `${d}${indent}<name>DS_${i}</name>`);
    if (kind === 'carbon') lines.push(`${d}${indent}<definition type="RDBMS">`, `${d}${indent.repeat(2)}<configuration>`);
    else lines.push(`${d}${indent}<properties>`);
    for (const c of children) lines.push(`${d}${indent.repeat(kind === 'carbon' ? 3 : 2)}${c}`);
    if (kind === 'carbon') lines.push(`${d}${indent.repeat(2)}</configuration>`, `${d}${indent}</definition>`);
    else lines.push(`${d}${indent}</properties>`);
    lines.push(`${d}</datasource>`);
  });
  lines.push(...(kind === 'carbon' ? [`${indent}</datasources>`, '</datasources-configuration>'] : ['</datasources>']));
  return lines;
}

const JVM_LINES = [
  'networkaddress.cache.ttl=60',
  'networkaddress.cache.ttl=-1',
  '#networkaddress.cache.ttl=-1',
  'networkaddress.cache.negative.ttl=10',
  'security.provider.1=SUN',
  'JAVA_OPTS="$JAVA_OPTS -Dsun.net.inetaddr.ttl=60"',
  'JAVA_OPTS="$JAVA_OPTS -Dnetworkaddress.cache.ttl=5"',
  'RUN echo "networkaddress.cache.ttl=60" >> $JAVA_HOME/conf/security/java.security',
  '# comment',
  '',
];

const style = fc.record({ eol: fc.constantFrom('\n' as const, '\r\n' as const, '\r' as const), finalNewline: fc.boolean() });

export const synthDocArb: fc.Arbitrary<SynthDoc> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.array(tomlLine, { minLength: 1, maxLength: 14 }), style, fc.constantFrom('deployment.toml', 'deployment.toml.j2'))
      .map(([lines, s, fileName]) => ({ fileName, lines: ['[database.apim_db]', ...lines], ...s })),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.array(fc.array(carbonChild, { maxLength: 8 }), { minLength: 1, maxLength: 2 }),
        style,
        fc.constantFrom('  ', '\t', ''),
        fc.constantFrom('master-datasources.xml', 'master-datasources.xml.j2'),
      )
      .map(([dss, s, indent, fileName]) => ({ fileName, lines: xmlDoc('carbon', dss, indent), ...s })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.array(fc.array(genericChild, { maxLength: 8 }), { minLength: 1, maxLength: 2 }),
        style,
        fc.constantFrom('custom-datasources.xml', 'custom-datasources.xml.tmpl'),
      )
      .map(([dss, s, fileName]) => ({ fileName, lines: xmlDoc('generic', dss, '  '), ...s })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.array(fc.constantFrom(...JVM_LINES), { minLength: 1, maxLength: 6 }),
        style,
        fc.constantFrom('java.security', 'wso2server.sh', 'Dockerfile'),
      )
      .map(([lines, s, fileName]) => ({ fileName, lines, ...s })),
  },
);

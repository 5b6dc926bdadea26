// Builders of large and deep inputs: many datasources, 10 MB files, deep nesting, pathological runs.
const AURORA = 'apim.cluster-c1a2b3c4d5e6.eu-west-1.rds.amazonaws.com';

export function carbonDatasource(i: number): string {
  return `    <datasource>
      <name>DS_${i}</name>
      <jndiConfig><name>jdbc/DS_${i}</name></jndiConfig>
      <definition type="RDBMS">
        <configuration>
          <url>jdbc:mysql://${AURORA}:3306/db${i}?autoReconnect=true&amp;useSSL=false</url>
          <username>apim</username>
          <password>secret</password>
          <driverClassName>com.mysql.cj.jdbc.Driver</driverClassName>
          <maxActive>50</maxActive>
          <maxWait>60000</maxWait>
          <testOnBorrow>true</testOnBorrow>
          <validationQuery>SELECT 1</validationQuery>
          <validationInterval>30000</validationInterval>
        </configuration>
      </definition>
    </datasource>
`;
}

export function carbonXml(count: number, body: (i: number) => string = carbonDatasource): string {
  const parts: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<datasources-configuration xmlns:svns="http://org.wso2.securevault/configuration">\n  <datasources>\n',
  ];
  for (let i = 0; i < count; i++) parts.push(body(i));
  parts.push('  </datasources>\n</datasources-configuration>\n');
  return parts.join('');
}

export function genericXml(count: number): string {
  const parts: string[] = ['<datasources>\n'];
  for (let i = 0; i < count; i++) {
    parts.push(`  <datasource>
    <name>DS_${i}</name>
    <properties>
      <property name="url">jdbc:mysql://${AURORA}:3306/db${i}?useSSL=true</property>
      <property name="driverClassName">com.mysql.cj.jdbc.Driver</property>
      <property name="maxActive">50</property>
      <property name="testOnBorrow">true</property>
      <property name="validationQuery">SELECT 1</property>
    </properties>
  </datasource>
`);
  }
  parts.push('</datasources>\n');
  return parts.join('');
}

export function tomlDatasources(count: number): string {
  const parts: string[] = [
    `[database.apim_db]\ntype = "mysql"\nurl = "jdbc:mysql://${AURORA}:3306/apim?useSSL=true"\nusername = "apim"\npassword = "secret"\n\n`,
  ];
  for (let i = 0; i < count; i++) {
    parts.push(`[[datasource]]
id = "DS_${i}"
url = "jdbc:mysql://${AURORA}:3306/db${i}?autoReconnect=true&amp;useSSL=false"
username = "apim"
password = "secret"
driver = "com.mysql.cj.jdbc.Driver"
pool_options.maxActive = 50
pool_options.testOnBorrow = true
pool_options.validationQuery = "SELECT 1"

`);
  }
  return parts.join('');
}

/** One deployment.toml datasource table per entry (apim_db/shared_db plus unknown names). */
export function tomlDatabaseTables(count: number): string {
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = i === 0 ? 'apim_db' : i === 1 ? 'shared_db' : `db_${i}`;
    parts.push(
      `[database.${name}]\ntype = "mysql"\nurl = "jdbc:mysql://${AURORA}:3306/d${i}?useSSL=false"\n[database.${name}.pool_options]\nmaxActive = 50\n\n`,
    );
  }
  return parts.join('');
}

/** Repeat `unit` until the text is at least `bytes` long. */
export function fill(unit: string, bytes: number): string {
  return unit.repeat(Math.ceil(bytes / unit.length));
}

export const MB = 1 << 20;

export interface BigCase {
  name: string;
  fileName: string;
  /** The input at full size (scale 1) or a fraction of it (the cheap pre-check runs at 0.1). */
  text: (scale: number) => string;
}

const xmlHead = '<?xml version="1.0" encoding="UTF-8"?>\n<datasources-configuration>\n  <datasources>\n';
const xmlTail = '  </datasources>\n</datasources-configuration>\n';

/**
 * 10,000-datasource and deep-nesting inputs (each property-checked, and timed). Plain Carbon XML and
 * [[datasource]] TOML with more than 10,000 datasources are among the 10 MB inputs below.
 */
export function structureCases(): BigCase[] {
  const n = (scale: number) => Math.max(1, Math.round(10000 * scale));
  const one = carbonDatasource(0);
  const dsOpen = one.slice(0, one.indexOf('<configuration>') + '<configuration>'.length);
  const dsRest = one.slice(one.indexOf('</configuration>'));
  const apim = `[database.apim_db]\ntype = "mysql"\nurl = "jdbc:mysql://${AURORA}/a"\n`;
  return [
    {
      name: '10,000 Carbon datasources (Jinja template)',
      fileName: 'master-datasources.xml.j2',
      text: (s) => carbonXml(n(s), (i) => carbonDatasource(i).replace('<maxActive>50', `<maxActive>{{ max_active_${i} }}`)),
    },
    { name: '10,000 generic <properties> datasources', fileName: 'custom-datasources.xml', text: (s) => genericXml(n(s)) },
    { name: '10,000 [database.*] tables', fileName: 'deployment.toml', text: (s) => tomlDatabaseTables(n(s)) },
    {
      name: '10,000 nested elements in <configuration>',
      fileName: 'master-datasources.xml',
      text: (s) => xmlHead + dsOpen + '<a>'.repeat(n(s)) + 'x' + '</a>'.repeat(n(s)) + dsRest + xmlTail,
    },
    {
      name: '10,000 nested <datasource> elements',
      fileName: 'master-datasources.xml',
      text: (s) => xmlHead + one.trimEnd().replace('</datasource>', '').repeat(n(s)) + '</datasource>'.repeat(n(s)) + '\n' + xmlTail,
    },
    {
      name: '10,000 unclosed nested elements (not well-formed)',
      fileName: 'master-datasources.xml',
      text: (s) => xmlHead + dsOpen + '<a>'.repeat(n(s)) + dsRest + xmlTail,
    },
    {
      name: '10,000 unclosed nested elements (templated: tolerant scanner)',
      fileName: 'master-datasources.xml.j2',
      text: (s) => '{{ x }}\n' + xmlHead + dsOpen + '<a>'.repeat(n(s)) + dsRest + xmlTail,
    },
    {
      name: '10,000 nested template blocks',
      fileName: 'master-datasources.xml.j2',
      text: (s) =>
        xmlHead + dsOpen + '{% if x %}'.repeat(n(s)) + '<maxActive>{{ m }}</maxActive>' + '{% endif %}'.repeat(n(s)) + dsRest + xmlTail,
    },
    {
      name: 'TOML array nested 10,000 deep',
      fileName: 'deployment.toml',
      text: (s) => `${apim}[database.apim_db.pool_options]\nmaxActive = ${'['.repeat(n(s))}1${']'.repeat(n(s))}\n`,
    },
    {
      name: 'TOML inline table nested 10,000 deep',
      fileName: 'deployment.toml',
      text: (s) => `${apim}pool_options = ${'{a = '.repeat(n(s))}1${'}'.repeat(n(s))}\n`,
    },
    { name: 'TOML unclosed arrays 10,000 deep', fileName: 'deployment.toml', text: (s) => `${apim}x = ${'['.repeat(n(s))}\n` },
    {
      name: 'TOML dotted key with 10,000 parts',
      fileName: 'deployment.toml',
      text: (s) => `${apim}${Array(n(s)).fill('pool_options').join('.')} = 1\n`,
    },
    {
      name: 'TOML table header with 10,000 parts',
      fileName: 'deployment.toml',
      text: (s) => `[database.apim_db.${Array(n(s)).fill('a').join('.')}]\nmaxActive = 1\n`,
    },
  ];
}

/** Inputs of about 10 MB: realistic (many datasources, one huge value) and pathological (unclosed constructs). */
export function tenMbCases(): BigCase[] {
  const sz = (scale: number) => Math.round(10 * MB * scale);
  const urlXml = (v: string) => carbonXml(1, (i) => carbonDatasource(i).replace('?autoReconnect=true', `?x=${v}`));
  return [
    {
      name: 'Carbon XML, 10 MB of datasources (about 14,600)',
      fileName: 'master-datasources.xml',
      text: (s) => carbonXml(Math.ceil(sz(s) / carbonDatasource(0).length)),
    },
    {
      name: 'deployment.toml, 10 MB of [[datasource]] (about 31,800)',
      fileName: 'deployment.toml',
      text: (s) => tomlDatasources(Math.ceil(sz(s) / 330)),
    },
    { name: 'Carbon XML, one 10 MB JDBC URL', fileName: 'master-datasources.xml', text: (s) => urlXml(fill('a&amp;', sz(s))) },
    {
      name: 'Carbon XML, one 10 MB value in a templated file',
      fileName: 'master-datasources.xml.erb',
      text: (s) => carbonXml(1, (i) => carbonDatasource(i).replace('<maxActive>50', `<maxActive><%= @x %>${fill('9', sz(s))}`)),
    },
    {
      name: 'deployment.toml, one 10 MB string',
      fileName: 'deployment.toml',
      text: (s) => `[database.apim_db]\ntype = "mysql"\nurl = "jdbc:mysql://${AURORA}/a?x=${fill('b', sz(s))}"\n`,
    },
    { name: '10 MB of unclosed "{{" (Helm)', fileName: 'master-datasources.xml', text: (s) => '<datasource>\n' + fill('{{', sz(s)) },
    { name: '10 MB of unclosed "{%" (Jinja)', fileName: 'master-datasources.xml', text: (s) => '<datasource>\n' + fill('{%', sz(s)) },
    { name: '10 MB of unclosed "<%" (ERB)', fileName: 'master-datasources.xml', text: (s) => '<datasource>\n' + fill('<%', sz(s)) },
    {
      name: '10 MB of "<a " never closed (tolerant scanner)',
      fileName: 'master-datasources.xml.j2',
      text: (s) => '{{ x }}<datasource>\n' + fill('<a ', sz(s)),
    },
    { name: '10 MB unterminated comment', fileName: 'master-datasources.xml', text: (s) => carbonXml(1) + '<!--' + fill('-', sz(s)) },
    { name: '10 MB of "[" in TOML', fileName: 'deployment.toml', text: (s) => '[database.apim_db]\nurl = ' + fill('[', sz(s)) },
    {
      name: '10 MB of empty lines',
      fileName: 'deployment.toml',
      text: (s) => '[database.apim_db]\ntype = "mysql"\n' + fill('\n', sz(s)) + 'maxActive = 1\n',
    },
    {
      name: '10 MB of stacked suppression comments (XML)',
      fileName: 'master-datasources.xml',
      text: (s) => fill('<!-- aurora-guard-disable-next-line pool/max-age -->\n', sz(s)) + carbonXml(1),
    },
    {
      name: '10 MB of stacked suppression comments (TOML)',
      fileName: 'deployment.toml',
      text: (s) => fill('# aurora-guard-disable-next-line\n', sz(s)) + tomlDatasources(1),
    },
  ];
}

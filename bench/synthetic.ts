// Deterministic synthetic inputs for the benchmark: a Carbon master-datasources.xml and an APIM 4.x
// deployment.toml with many datasources, grown to a target size. The same seed always gives the same bytes,
// so runs on different days compare the same input.
//
// Each datasource mixes what real files have (see /work/shared/corpus): Aurora cluster/instance endpoints,
// plain MySQL hosts, H2; WSO2's stock pool block with random omissions; comments; and in TOML the three ways of
// writing pool_options (sub-table, dotted keys, inline table) plus unrelated tables between datasources, so the
// scanners and every rule (and the fixes they compute) do real work.

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

function host(r: () => number, i: number): { url: (db: string, params: string) => string; mysql: boolean } {
  const x = r();
  const cluster = `aurora-${i % 7}`;
  if (x < 0.35)
    return { mysql: true, url: (db, p) => `jdbc:mysql://${cluster}.cluster-c9akciq32xyz.us-east-1.rds.amazonaws.com:3306/${db}${p}` };
  if (x < 0.5)
    return { mysql: true, url: (db, p) => `jdbc:mysql://${cluster}-instance-1.c9akciq32xyz.eu-west-1.rds.amazonaws.com:3306/${db}${p}` };
  if (x < 0.6)
    return { mysql: true, url: (db, p) => `jdbc:mysql://${cluster}.cluster-ro-c9akciq32xyz.us-east-1.rds.amazonaws.com:3306/${db}${p}` };
  if (x < 0.85) return { mysql: true, url: (db, p) => `jdbc:mysql://mysql-${i % 5}.internal:3306/${db}${p}` };
  return { mysql: false, url: (db) => `jdbc:h2:./repository/database/${db};DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=60000` };
}

const URL_PARAMS = [
  '',
  '?autoReconnect=true',
  '?autoReconnect=true&useSSL=false',
  '?useSSL=false&connectTimeout=10000',
  '?autoReconnect=true&relaxAutoCommit=true',
  '?connectTimeout=10000&socketTimeout=60000&tcpKeepAlive=true&sslMode=VERIFY_IDENTITY',
];

interface PoolValues {
  [k: string]: string | number | boolean;
}

/** A WSO2-style pool block with random omissions (the omissions are what most rules report on). */
function pool(r: () => number): PoolValues {
  const p: PoolValues = {};
  if (r() < 0.9) p.maxActive = pick(r, [50, 80, 100, 150]);
  if (r() < 0.8) p.maxWait = pick(r, [60000, 30000, 10000]);
  if (r() < 0.7) p.minIdle = pick(r, [0, 5, 10]);
  if (r() < 0.85) p.testOnBorrow = r() < 0.8;
  if (r() < 0.4) p.testWhileIdle = true;
  if (r() < 0.8) p.validationQuery = pick(r, ['SELECT 1', 'SELECT 1', '/* ping */ SELECT 1', '']);
  if (r() < 0.75) p.validationInterval = pick(r, [30000, 30000, 3000]);
  if (r() < 0.3) p.timeBetweenEvictionRunsMillis = 60000;
  if (r() < 0.3) p.maxAge = pick(r, [600000, 1800000]);
  if (r() < 0.25) p.removeAbandoned = true;
  if (r() < 0.15) p.removeAbandonedTimeout = pick(r, [60, 180]);
  if (r() < 0.4) p.defaultAutoCommit = r() < 0.5;
  if (r() < 0.1) p.testOnConnect = true;
  if (r() < 0.1) p.jdbcInterceptors = 'ConnectionState;StatementFinalizer';
  return p;
}

const NAMES = ['WSO2AM_DB', 'WSO2UM_DB', 'WSO2REG_DB', 'WSO2AM_STATS_DB', 'WSO2_MB_STORE_DB', 'WSO2_SHARED_DB'];

/** A Carbon `*-datasources.xml` of at least `targetBytes` UTF-8 bytes (all ASCII). */
export function syntheticXml(targetBytes: number, seed = 20251125): string {
  const r = prng(seed);
  const head =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<datasources-configuration xmlns:svns="http://org.wso2.securevault/configuration">\n\n' +
    '    <providers>\n        <provider>org.wso2.carbon.ndatasource.rdbms.RDBMSDataSourceReader</provider>\n    </providers>\n\n' +
    '    <datasources>\n';
  const tail = '    </datasources>\n</datasources-configuration>\n';
  const parts: string[] = [head];
  let size = head.length + tail.length;
  for (let i = 0; size < targetBytes; i++) {
    const h = host(r, i);
    const name = `${pick(r, NAMES)}_${i}`;
    const params = h.mysql ? pick(r, URL_PARAMS).replace(/&/g, '&amp;') : '';
    const db = `db_${i}`;
    const lines: string[] = [];
    if (r() < 0.15) lines.push(`        <!-- datasource ${i}: managed by the platform team; do not edit by hand -->`);
    lines.push(
      '        <datasource>',
      `            <name>${name}</name>`,
      `            <description>The datasource used by component ${i}</description>`,
    );
    lines.push('            <jndiConfig>', `                <name>jdbc/${name}</name>`, '            </jndiConfig>');
    lines.push('            <definition type="RDBMS">', '                <configuration>');
    lines.push(`                    <url>${h.url(db, params)}</url>`);
    lines.push(`                    <username>wso2carbon</username>`, `                    <password>wso2carbon</password>`);
    lines.push(
      `                    <driverClassName>${h.mysql ? pick(r, ['com.mysql.cj.jdbc.Driver', 'com.mysql.jdbc.Driver']) : 'org.h2.Driver'}</driverClassName>`,
    );
    for (const [k, v] of Object.entries(pool(r))) lines.push(`                    <${k}>${v}</${k}>`);
    if (r() < 0.1) lines.push('                    <!-- <maxIdle>8</maxIdle> -->');
    lines.push('                </configuration>', '            </definition>', '        </datasource>', '');
    const block = lines.join('\n') + '\n';
    parts.push(block);
    size += block.length;
  }
  parts.push(tail);
  return parts.join('');
}

function tomlValue(v: string | number | boolean): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** Unrelated deployment.toml tables (the scanner reads them; no datasource is built from them). */
function noiseToml(r: () => number, i: number): string {
  switch (i % 4) {
    case 0:
      return (
        `[[apim.gateway.environment]]\nname = "env-${i}"\ntype = "hybrid"\ndisplay_in_api_console = ${r() < 0.5}\n` +
        `description = "Gateway environment ${i}, with a \\"quoted\\" word"\nshow_as_token_endpoint_url = true\n` +
        `service_url = "https://gw-${i}.example.com:\${mgt.transport.https.port}/services/"\nusername= "\${admin.username}"\n` +
        `ws_endpoint = "ws://gw-${i}.example.com:9099"\nhttp_endpoint = "http://gw-${i}.example.com:\${http.nio.port}"\n\n`
      );
    case 1:
      return (
        `[apim.throttling.jms_${i}]\nstart_delay = ${Math.floor(r() * 1000)}\nretry_intervals = [ 100, 200, 400, 800 ]\n` +
        `limits = { burst = ${Math.floor(r() * 100)}, window = "1m", nested = { a = 1, b = [ "x", 'y' ] } }\n` +
        `started_at = 2025-11-25T18:00:00Z\nratio = ${(r() * 10).toFixed(3)}\n\n`
      );
    case 2:
      return (
        `[transport.passthru_https.sender.parameters_${i}]\nHostnameVerifier = "AllowAll"\n` +
        `ciphers = """\nTLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,\nTLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\n"""\n` +
        `# keystore settings come from [keystore.tls]\nprotocols = 'TLSv1.2,TLSv1.3'\n\n`
      );
    default:
      return (
        `[[event_listener]]\nid = "token_revocation_${i}"\ntype = "org.wso2.carbon.identity.core.handler.AbstractIdentityHandler"\n` +
        `name = "org.wso2.is.notification.ApimOauthEventInterceptor"\norder = ${i % 10}\n` +
        `[event_listener.properties]\nnotification_endpoint = "https://localhost:\${mgt.transport.https.port}/internal/data/v1/notify"\n\n`
      );
  }
}

/** An APIM 4.x deployment.toml of at least `targetBytes` bytes (all ASCII) with many [[datasource]] entries. */
export function syntheticToml(targetBytes: number, seed = 20251125): string {
  const r = prng(seed);
  const head =
    '[server]\nhostname = "apim.example.com"\nnode_ip = "127.0.0.1"\nserver_role = "default"\n\n' +
    '[super_admin]\nusername = "admin"\npassword = "admin"\ncreate_admin_account = true\n\n' +
    '[user_store]\ntype = "database_unique_id"\n\n' +
    '[database.apim_db]\ntype = "mysql"\n' +
    'url = "jdbc:mysql://aurora-0.cluster-c9akciq32xyz.us-east-1.rds.amazonaws.com:3306/WSO2AM_DB?autoReconnect=true&amp;useSSL=false"\n' +
    'username = "wso2carbon"\npassword = "wso2carbon"\ndriver = "com.mysql.cj.jdbc.Driver"\n\n' +
    '[database.apim_db.pool_options]\nmaxActive = 100\nmaxWait = 60000\ntestOnBorrow = true\nvalidationInterval = 30000\n\n' +
    '[database.shared_db]\ntype = "mysql"\nhostname = "aurora-0.cluster-c9akciq32xyz.us-east-1.rds.amazonaws.com"\nport = 3306\nname = "WSO2_SHARED_DB"\n' +
    'username = "wso2carbon"\npassword = "wso2carbon"\nvalidationQuery = "SELECT 1"\nmaxActive = 50\n\n' +
    '[keystore.tls]\nfile_name =  "wso2carbon.jks"\ntype =  "JKS"\npassword =  "wso2carbon"\nalias =  "wso2carbon"\nkey_password =  "wso2carbon"\n\n';
  const parts: string[] = [head];
  let size = head.length;
  for (let i = 0; size < targetBytes; i++) {
    const h = host(r, i);
    const params = h.mysql ? pick(r, URL_PARAMS) : '';
    const p = pool(r);
    let block = '';
    if (r() < 0.1) block += `# datasource ${i}: managed by the platform team\n`;
    block += `[[datasource]]\nid = "DS_${i}"\nurl = "${h.url(`db_${i}`, params)}"\nusername = "wso2carbon"\npassword = "wso2carbon"\n`;
    block += `driver = "${h.mysql ? 'com.mysql.cj.jdbc.Driver' : 'org.h2.Driver'}"\njndi_config.name = "jdbc/DS_${i}"\n`;
    const entries = Object.entries(p);
    const style = r();
    if (entries.length === 0) {
      /* all defaults */
    } else if (style < 0.45) {
      block += '[datasource.pool_options]\n' + entries.map(([k, v]) => `${k} = ${tomlValue(v)}\n`).join('');
    } else if (style < 0.8) {
      block += entries.map(([k, v]) => `pool_options.${k} = ${tomlValue(v)}\n`).join('');
    } else {
      block += `pool_options = { ${entries.map(([k, v]) => `${k} = ${tomlValue(v)}`).join(', ')} }\n`;
    }
    block += '\n';
    if (i % 2 === 1) block += noiseToml(r, i);
    parts.push(block);
    size += block.length;
  }
  return parts.join('');
}

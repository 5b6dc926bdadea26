// `aurora-guard probe`: identify + validation-query lab (one shot) or a failover watch, over the core probe engine.
// The password comes from an environment variable named on the command line, or a hidden prompt on a terminal;
// with --iam an RDS IAM auth token is generated locally per host from the AWS credential chain instead. Neither
// is ever printed, logged or written anywhere.
import * as readline from 'node:readline';
import { Option } from 'commander';
import type { Command } from 'commander';
import type { Io } from './main';
import { collectFiles, readText, UsageError } from './files';
import { parseDocument } from '../core/parse/index';
import { isMysqlFamily } from '../core/lint';
import type { Datasource } from '../core/model/types';
import { readerEndpointFor } from '../core/aurora/endpoints';
import type { EndpointOptions, PasswordSupplier, TlsMode, WatchEvent, WatchSummary } from '../core/probe/index';
import type * as ProbeModule from '../core/probe/index';

/** The probe engine (and mysql2 with it) is evaluated only when a probe really runs, not for `lint`. */
function loadProbe(): typeof ProbeModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../core/probe/index') as typeof ProbeModule;
}

interface ProbeFlags {
  host?: string;
  port?: string;
  user?: string;
  database?: string;
  passwordEnv?: string;
  iam?: boolean;
  region?: string;
  awsProfile?: string;
  tls: TlsMode;
  tlsCa?: string;
  readerHost?: string;
  from?: string;
  watch?: boolean;
  interval: string;
  duration: string;
  format: 'text' | 'json';
  connectTimeout: string;
  queryTimeout: string;
  runs: string;
}

function intFlag(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}

/** The literal username written next to the datasource's URL (XML <username>, TOML username = "…"), if any. */
function usernameOf(text: string, ds: Datasource): string | null {
  const body = text.slice(ds.span.start, ds.span.end);
  const m = /<username>\s*([^<{}$%]+?)\s*<\/username>/.exec(body) ?? /^\s*username\s*=\s*["']([^"'{}$%]+)["']/m.exec(body);
  return m ? m[1] : null;
}

/** --from FILE[#DATASOURCE]: the datasource to probe and replay. */
function datasourceFrom(spec: string): { ds: Datasource; text: string; file: string } {
  const hash = spec.lastIndexOf('#');
  const file = hash > 0 ? spec.slice(0, hash) : spec;
  const wanted = hash > 0 ? spec.slice(hash + 1) : null;
  const [only] = collectFiles([file]);
  const text = readText(only);
  const doc = parseDocument(only, text);
  if (doc.parseError) throw new UsageError(`${only}: ${doc.parseError.message}`);
  const candidates = doc.datasources.filter((d) => isMysqlFamily(d) && d.url && !d.url.templated && d.url.hosts.length > 0);
  // WSO2 name (WSO2AM_DB), table (database.apim_db or apim_db), JNDI name
  const names = (d: Datasource) => [d.name, d.id, d.id.replace(/^database\./, ''), d.jndiName].filter((x): x is string => !!x);
  const ds = wanted ? candidates.find((d) => names(d).some((n) => n.toLowerCase() === wanted.toLowerCase())) : candidates[0];
  if (!ds) {
    const list = candidates.map((d) => d.name ?? d.id).join(', ') || 'none';
    throw new UsageError(wanted ? `${only}: no MySQL datasource named "${wanted}" with a literal URL (have: ${list})` : `${only}: no MySQL datasource with a literal JDBC URL`);
  }
  return { ds, text, file: only };
}

/** Ask for the password on the terminal without echoing it. */
function promptPassword(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void; output: NodeJS.WritableStream };
    let asked = false;
    out._writeToOutput = (s: string) => {
      if (!asked) {
        out.output.write(s);
        asked = true;
      }
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    rl.on('SIGINT', () => {
      rl.close();
      reject(new UsageError('cancelled'));
    });
  });
}

/** How each endpoint (writer, reader) authenticates: the same password, or an IAM token signed for its own host. */
type Credentials = (host: string, port: number) => PasswordSupplier;

async function credentialsFor(flags: ProbeFlags, user: string, label: string): Promise<{ credentials: Credentials; auth: 'password' | 'iam-token' }> {
  if (!flags.iam) {
    if (flags.region !== undefined || flags.awsProfile !== undefined) throw new UsageError('--region and --aws-profile only apply with --iam');
    const pw = await passwordSupplier(flags, label);
    return { credentials: () => pw, auth: 'password' };
  }
  if (flags.passwordEnv) throw new UsageError('--iam and --password-env exclude each other: the IAM auth token replaces the password');
  if (flags.tls === 'off') throw new UsageError('--iam needs --tls required or --tls verify: the IAM auth token is sent in clear text');
  const probe = loadProbe();
  const make = (host: string, port: number) => {
    try {
      return probe.iamTokenSupplier({ host, port, user, region: flags.region, profile: flags.awsProfile });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  };
  return { credentials: make, auth: 'iam-token' };
}

/** Generate one token before probing, so a missing region or credentials is one clear message (exit 2), not a failure per tick. */
async function checkIamToken(supplier: PasswordSupplier): Promise<void> {
  try {
    await supplier();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

async function passwordSupplier(flags: ProbeFlags, label: string): Promise<PasswordSupplier> {
  if (flags.passwordEnv) {
    const name = flags.passwordEnv;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new UsageError('--password-env takes the NAME of an environment variable, not the password');
    if (process.env[name] === undefined) throw new UsageError(`--password-env ${name}: the environment variable ${name} is not set`);
    return loadProbe().passwordFromEnv(name);
  }
  if (!process.stdin.isTTY) throw new UsageError('no password: pass --password-env VAR (the name of a variable that holds it) or run in a terminal to be asked');
  const pw = await promptPassword(`Password for ${label}: `);
  return loadProbe().staticPassword(pw);
}

/** --tls-ca FILE: the PEM certificates of a private CA, trusted by --tls verify instead of the RDS CA bundle. */
function tlsCaFrom(flags: ProbeFlags): string | undefined {
  if (flags.tlsCa === undefined) return undefined;
  if (flags.tls !== 'verify') throw new UsageError('--tls-ca only applies with --tls verify (required checks no certificate)');
  let pem: string;
  try {
    pem = readText(flags.tlsCa);
  } catch (e) {
    throw new UsageError(`--tls-ca: ${(e as Error).message}`);
  }
  if (loadProbe().pemCertificateCount(pem) === 0) throw new UsageError(`--tls-ca ${flags.tlsCa}: no PEM certificate (-----BEGIN CERTIFICATE-----) in the file`);
  return pem;
}

/** --reader-host HOST[:PORT], else the cluster endpoint's reader twin (cluster- → cluster-ro-), else none. */
function readerEndpoint(spec: string | undefined, writer: EndpointOptions): EndpointOptions | undefined {
  if (!spec) {
    const twin = readerEndpointFor(writer.host);
    return twin ? { ...writer, host: twin } : undefined;
  }
  const m = /^(.*?)(?::(\d+))?$/.exec(spec.trim())!;
  if (!m[1]) throw new UsageError('--reader-host needs a host name');
  return { ...writer, host: m[1], port: m[2] ? intFlag('reader-host port', m[2], 1, 65535) : writer.port };
}

export function registerProbeCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('probe')
    .description('probe a MySQL/Aurora endpoint live: identify it, test validation queries, or watch a failover (--watch)')
    .option('--host <host>', 'endpoint host (default: the datasource of --from)')
    .option('--port <port>', 'endpoint port (default 3306, or the URL of --from)')
    .option('--user <user>', 'database user (default: the username of --from)')
    .option('--database <db>', 'database name (default: the URL of --from)')
    .option('--password-env <VAR>', 'read the password from this environment variable (else you are asked on the terminal)')
    .option('--iam', 'authenticate with an RDS IAM auth token generated locally from your AWS credentials (needs --tls required|verify)')
    .option('--region <region>', 'with --iam: AWS region of the token (default: from the RDS host name, else AWS_REGION / AWS_DEFAULT_REGION, else the profile)')
    .option('--aws-profile <name>', 'with --iam: shared config/credentials profile (default: AWS_PROFILE, else the default credential chain)')
    .addOption(new Option('--tls <mode>', 'TLS: off; required (encrypted, no certificate check); verify (the certificate must chain to the RDS CA bundle, or --tls-ca, and name the host)').choices(['off', 'required', 'verify']).default('off'))
    .option('--tls-ca <file>', 'with --tls verify: trust the CA certificates in this PEM file instead of the RDS CA bundle (a private CA)')
    .option('--reader-host <host>', 'reader endpoint HOST[:PORT] for the validation lab (default: cluster- → cluster-ro- for a cluster endpoint)')
    .option('--from <FILE[#DATASOURCE]>', 'take the endpoint and the pool settings to replay from a datasource config')
    .option('--watch', 'probe continuously and report failover events as they happen')
    .option('--interval <ms>', 'watch interval in ms (50–60000)', '250')
    .option('--duration <s>', 'watch duration in seconds (1–86400)', '60')
    .option('--connect-timeout <ms>', 'connect timeout in ms', '5000')
    .option('--query-timeout <ms>', 'per-query timeout in ms', '3000')
    .option('--runs <n>', 'validation-lab runs per query and endpoint', '20')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText('after', [
      '',
      'Examples:',
      '  AG_PW=… aurora-guard probe --host db.cluster-abc.eu-west-1.rds.amazonaws.com --user apim --password-env AG_PW',
      '  aurora-guard probe --host db.cluster-abc.eu-west-1.rds.amazonaws.com --user iam_apim --iam --tls verify --watch',
      '',
      'The password or IAM token is never printed. --watch prints events (connected, connection-lost, role-changed,',
      'dns-changed, stale-address, writable …) and a summary: downtime, time to writable, time answered as a reader,',
      'the stale-DNS window and how long the long-lived connection stayed on an address DNS no longer returned.',
    ].join('\n'))
    .action(async (flags: ProbeFlags) => {
      const from = flags.from ? datasourceFrom(flags.from) : null;
      const url = from?.ds.url ?? null;
      const host = flags.host ?? url?.hosts[0]?.host;
      if (!host) throw new UsageError('probe needs --host or --from FILE');
      const port = flags.port !== undefined ? intFlag('port', flags.port, 1, 65535) : (url?.hosts[0]?.port ?? 3306);
      const user = flags.user ?? (from ? usernameOf(from.text, from.ds) : null);
      if (!user) throw new UsageError('probe needs --user (no literal username found next to the datasource)');
      const database = flags.database ?? url?.database ?? undefined;
      const connectTimeoutMs = intFlag('connect-timeout', flags.connectTimeout, 100, 120000);
      const queryTimeoutMs = intFlag('query-timeout', flags.queryTimeout, 50, 120000);
      const intervalMs = intFlag('interval', flags.interval, 50, 60000);
      const durationMs = intFlag('duration', flags.duration, 1, 86400) * 1000;
      const runs = intFlag('runs', flags.runs, 1, 10000);
      const tlsCa = tlsCaFrom(flags);
      const { credentials, auth } = await credentialsFor(flags, user, `${user}@${host}:${port}`);
      const probe = loadProbe();
      const endpoint: EndpointOptions = { host, port, user, database, password: credentials(host, port), auth, tls: flags.tls, tlsCa, connectTimeoutMs, queryTimeoutMs };
      if (auth === 'iam-token') {
        await checkIamToken(endpoint.password!);
        const sup = endpoint.password as ProbeModule.IamTokenSupplier;
        const where = sup.regionSource === 'host' ? 'from the host name' : sup.regionSource === 'explicit' ? 'from --region' : sup.regionSource === 'profile' ? 'from the AWS profile' : `from ${sup.regionSource}`;
        if (flags.format === 'text') io.out(`authenticating as ${user} with an IAM auth token (region ${sup.region ?? 'of the profile'}, ${where})\n`);
      }
      const ac = new AbortController();
      const onSigint = () => ac.abort();
      process.once('SIGINT', onSigint);
      try {
        if (flags.watch) {
          const pool = from ? { datasource: probe.poolSettingsFromDatasource(from.ds).settings } : { datasource: probe.WSO2_DEFAULT_POOL };
          let summary: WatchSummary | null = null;
          if (flags.format === 'text') io.out(`watching ${probe.endpointLabel(endpoint)} every ${intervalMs} ms for ${durationMs / 1000} s (Ctrl+C stops)\n`);
          for await (const x of probe.watchStream({ endpoint, intervalMs, durationMs, signal: ac.signal, pool })) {
            const isSummary = (x as WatchSummary).type === 'summary';
            if (isSummary) summary = x as WatchSummary;
            if (flags.format === 'json') io.out(probe.jsonLine(x) + '\n');
            else if (!isSummary) io.out(probe.eventText(x as WatchEvent) + '\n');
            // nobody reads the events any more (`| head`): stop watching, as Ctrl+C does
            if (io.closed?.() && !ac.signal.aborted) ac.abort();
          }
          if (flags.format === 'text' && summary) {
            io.out(`\ndowntime ${summary.downtimeMs} ms · time to writable ${summary.timeToWritableMs ?? 'never'} ms · answered as reader ${summary.staleRoleMs} ms` +
              ` · stale DNS ${summary.staleDnsMs === null ? 'n/a (not resolved)' : `${summary.staleDnsMs} ms`}` +
              (summary.pooledPinnedMs ? ` · long-lived connection on a stale address ${summary.pooledPinnedMs} ms` : '') + '\n');
            io.out(summary.verdict.text + '\n');
          }
          setExit(summary && summary.verdict.recovered ? 0 : 1);
          return;
        }
        let server;
        try {
          server = await probe.identify(endpoint, { signal: ac.signal });
        } catch (e) {
          // ProbeError messages say what failed and why (timeout, refused, auth …) and never carry the password
          io.err(`aurora-guard: ${(e as Error).message}\n`);
          setExit(1);
          return;
        }
        const reader = readerEndpoint(flags.readerHost, endpoint);
        // an IAM token is signed for one host: the reader endpoint gets its own
        if (reader && auth === 'iam-token') reader.password = credentials(reader.host, reader.port);
        const lab = await probe.runValidationLab({ writer: endpoint, reader, runs, fileValidationQuery: from?.ds.validationQuery?.value ?? null, signal: ac.signal });
        let readerIdentity = null;
        if (reader) readerIdentity = await probe.identify(reader, { signal: ac.signal }).catch(() => null);
        const json = probe.oneShotJson(server, lab, readerIdentity);
        if (flags.format === 'json') io.out(JSON.stringify(json, null, 2) + '\n');
        else {
          io.out(`${probe.endpointLabel(endpoint)}: ${server.flavor} ${server.version}, ${server.role}, server ${server.serverId}, max_connections ${server.maxConnections ?? '?'}\n`);
          for (const i of json.instances) io.out(`  instance ${i.serverId}  ${i.role}\n`);
          io.out('validation queries (p50 / p95 / max ms):\n');
          for (const q of json.queries) {
            const res = q.ok ? `ok     ${[q.p50Ms, q.p95Ms, q.maxMs].map((v) => (v === null ? '-' : v.toFixed(2))).join(' / ')}` : `raises ${q.errorCode ?? ''}`;
            io.out(`  ${q.endpoint.padEnd(6)}  ${res.padEnd(28)}  ${q.sql}\n`);
          }
          for (const r of json.refused ?? []) io.out(`  refused: ${r.sql} (${r.reason})\n`);
          if (json.verdict) io.out(json.verdict + '\n');
        }
        setExit(0);
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
    });
}

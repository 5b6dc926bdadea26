// `aurora-guard probe`: identify + validation-query lab (one shot) or a failover watch, over the core probe engine.
// The password comes from an environment variable named on the command line, or a hidden prompt on a terminal;
// with --iam an RDS IAM auth token is generated locally per host from the AWS credential chain instead. Neither
// is ever printed, logged or written anywhere. The flags build the core's probe request (core/probe/request.ts:
// its limits, its checks, what a datasource says), as the editor's Probes form does.
import * as readline from 'node:readline';
import { Option } from 'commander';
import type { Command } from 'commander';
import type { Io } from './io';
import { collectFiles } from './collect';
import { readText, UsageError } from './files';
import { parseDocument } from '../core/parse/index';
import type { Datasource } from '../core/model/types';
import {
  checkProbeTarget, datasourceTarget, DEFAULT_MYSQL_PORT, isProblem, isProbeable, PROBE_LIMITS, readerHostFor, splitHostPort,
  TLS_MODES, type DatasourceTarget, type ProbeProblem, type ProbeTarget, type TlsMode,
} from '../core/probe/request';
import type { PasswordSupplier, WatchEvent, WatchSummary } from '../core/probe/index';
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

/** A whole-number flag within one of the probe's limits. */
function intFlag(name: string, value: string, limit: { min: number; max: number }): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < limit.min || n > limit.max) throw new UsageError(`--${name} must be a whole number from ${limit.min} to ${limit.max}`);
  return n;
}

/** --duration: seconds, more than 0 and at most the watch's limit (fractions allowed, as in the Probes form). */
function durationFlag(value: string): number {
  const s = value.trim() === '' ? NaN : Number(value);
  const max = PROBE_LIMITS.durationS.max;
  if (!Number.isFinite(s) || s <= 0 || s > max) throw new UsageError(`--duration must be more than 0 and at most ${max} seconds`);
  return s * 1000;
}

/** The flag a probe request field comes from. */
const FLAG_OF: Record<string, string> = { auth: 'iam', readerHost: 'reader-host', readerPort: 'reader-host', tlsCa: 'tls-ca' };

/** A problem of the probe request, said in terms of the flags. */
function flagProblem(p: ProbeProblem, flags: ProbeFlags): string {
  switch (p.check) {
    case 'iam-needs-tls': return '--iam needs --tls required or --tls verify: the IAM auth token is sent in clear text';
    case 'tls-ca-needs-verify': return '--tls-ca only applies with --tls verify (required checks no certificate)';
    case 'tls-ca-not-pem': return `--tls-ca ${flags.tlsCa}: no PEM certificate (-----BEGIN CERTIFICATE-----) in the file`;
    case 'region-invalid': return p.text;
    default: return `--${FLAG_OF[p.field] ?? p.field}: ${p.text}`;
  }
}

/** --from FILE[#DATASOURCE]: the datasource to probe and replay, and what it says about its endpoint. */
async function datasourceFrom(spec: string): Promise<{ ds: Datasource; target: DatasourceTarget; file: string }> {
  const hash = spec.lastIndexOf('#');
  const file = hash > 0 ? spec.slice(0, hash) : spec;
  const wanted = hash > 0 ? spec.slice(hash + 1) : null;
  const [only] = await collectFiles([file]);
  const text = readText(only);
  const doc = parseDocument(only, text);
  if (doc.parseError) throw new UsageError(`${only}: ${doc.parseError.message}`);
  const candidates = doc.datasources.filter(isProbeable);
  // WSO2 name (WSO2AM_DB), table (database.apim_db or apim_db), JNDI name
  const names = (d: Datasource) => [d.name, d.id, d.id.replace(/^database\./, ''), d.jndiName].filter((x): x is string => !!x);
  const ds = wanted ? candidates.find((d) => names(d).some((n) => n.toLowerCase() === wanted.toLowerCase())) : candidates[0];
  if (!ds) {
    const list = candidates.map((d) => d.name ?? d.id).join(', ') || 'none';
    throw new UsageError(wanted
      ? `${only}: no MySQL datasource named "${wanted}" with a literal URL (have: ${list})`
      : `${only}: no MySQL datasource with a literal JDBC URL`);
  }
  return { ds, target: datasourceTarget(ds, text)!, file: only };
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

/** Flags that only make sense together (the request's own checks, e.g. IAM needs TLS, come from the core). */
function checkAuthFlags(flags: ProbeFlags): void {
  if (!flags.iam && (flags.region !== undefined || flags.awsProfile !== undefined)) throw new UsageError('--region and --aws-profile only apply with --iam');
  if (flags.iam && flags.passwordEnv) throw new UsageError('--iam and --password-env exclude each other: the IAM auth token replaces the password');
}

async function credentialsFor(flags: ProbeFlags, target: ProbeTarget, label: string): Promise<Credentials> {
  if (target.auth === 'password') {
    const pw = await passwordSupplier(flags, label);
    return () => pw;
  }
  const probe = loadProbe();
  return (host: string, port: number) => {
    try {
      return probe.iamTokenSupplier({ host, port, user: target.user, region: target.region ?? undefined, profile: flags.awsProfile });
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  };
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
  if (!process.stdin.isTTY) {
    throw new UsageError('no password: pass --password-env VAR (the name of a variable that holds it) or run in a terminal to be asked');
  }
  const pw = await promptPassword(`Password for ${label}: `);
  return loadProbe().staticPassword(pw);
}

/** --tls-ca FILE: the text of the PEM file of a private CA (the probe request checks it holds certificates). */
function tlsCaFrom(flags: ProbeFlags): string | undefined {
  if (flags.tlsCa === undefined) return undefined;
  try {
    return readText(flags.tlsCa);
  } catch (e) {
    throw new UsageError(`--tls-ca: ${(e as Error).message}`);
  }
}

/** --reader-host HOST[:PORT], else the cluster endpoint's reader twin (cluster- → cluster-ro-), else none. */
function readerFrom(spec: string | undefined, host: string): { readerHost: string | null; readerPort: number | null } {
  if (!spec) return { readerHost: readerHostFor(host), readerPort: null };
  const typed = splitHostPort(spec);
  if (!typed.host) throw new UsageError('--reader-host needs a host name');
  return { readerHost: typed.host, readerPort: typed.port ? intFlag('reader-host port', typed.port, PROBE_LIMITS.port) : null };
}

/** The probe request the flags (and --from) describe, checked by the core. */
function requestFrom(flags: ProbeFlags, from: DatasourceTarget | null): ProbeTarget {
  const host = flags.host ?? from?.host;
  if (!host) throw new UsageError('probe needs --host or --from FILE');
  const port = flags.port !== undefined ? intFlag('port', flags.port, PROBE_LIMITS.port) : (from?.port ?? DEFAULT_MYSQL_PORT);
  const user = flags.user ?? from?.user ?? null;
  if (!user) throw new UsageError('probe needs --user (no literal username found next to the datasource)');
  const database = flags.database ?? from?.database ?? null;
  checkAuthFlags(flags);
  const target = checkProbeTarget({
    host, port, user, database, tls: flags.tls, auth: flags.iam ? 'iam' : 'password', region: flags.region, ...readerFrom(flags.readerHost, host),
    tlsCa: tlsCaFrom(flags),
  });
  if (isProblem(target)) throw new UsageError(flagProblem(target, flags));
  return target;
}

const LIMITS = PROBE_LIMITS;

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
    .option('--region <region>',
      'with --iam: AWS region of the token (default: from the RDS host name, else AWS_REGION / AWS_DEFAULT_REGION, else the profile)')
    .option('--aws-profile <name>', 'with --iam: shared config/credentials profile (default: AWS_PROFILE, else the default credential chain)')
    .addOption(new Option('--tls <mode>',
      'TLS: off; required (encrypted, no certificate check); verify (the certificate must chain to the RDS CA bundle, or --tls-ca, and name the host)')
      .choices([...TLS_MODES]).default('off'))
    .option('--tls-ca <file>', 'with --tls verify: trust the CA certificates in this PEM file instead of the RDS CA bundle (a private CA)')
    .option('--reader-host <host>', 'reader endpoint HOST[:PORT] for the validation lab (default: cluster- → cluster-ro- for a cluster endpoint)')
    .option('--from <FILE[#DATASOURCE]>', 'take the endpoint and the pool settings to replay from a datasource config')
    .option('--watch', 'probe continuously and report failover events as they happen')
    .option('--interval <ms>', `watch interval in ms (${LIMITS.intervalMs.min}–${LIMITS.intervalMs.max})`, String(LIMITS.intervalMs.default))
    .option('--duration <s>', `watch duration in seconds (at most ${LIMITS.durationS.max})`, String(LIMITS.durationS.default))
    .option('--connect-timeout <ms>', 'connect timeout in ms', String(LIMITS.connectTimeoutMs.default))
    .option('--query-timeout <ms>', 'per-query timeout in ms', String(LIMITS.queryTimeoutMs.default))
    .option('--runs <n>', 'validation-lab runs per query and endpoint', String(LIMITS.runs.default))
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
      const from = flags.from ? await datasourceFrom(flags.from) : null;
      const target = requestFrom(flags, from?.target ?? null);
      const { host, port, user } = target;
      const timeouts = {
        connectTimeoutMs: intFlag('connect-timeout', flags.connectTimeout, LIMITS.connectTimeoutMs),
        queryTimeoutMs: intFlag('query-timeout', flags.queryTimeout, LIMITS.queryTimeoutMs),
      };
      const intervalMs = intFlag('interval', flags.interval, LIMITS.intervalMs);
      const durationMs = durationFlag(flags.duration);
      const runs = intFlag('runs', flags.runs, LIMITS.runs);
      const credentials = await credentialsFor(flags, target, `${user}@${host}:${port}`);
      const probe = loadProbe();
      const endpoint = probe.endpointOptionsFor(target, credentials, timeouts);
      if (target.auth === 'iam') {
        await checkIamToken(endpoint.password!);
        const sup = endpoint.password as ProbeModule.IamTokenSupplier;
        const where = sup.regionSource === 'host' ? 'from the host name' : sup.regionSource === 'explicit' ? 'from --region'
          : sup.regionSource === 'profile' ? 'from the AWS profile' : `from ${sup.regionSource}`;
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
            io.out(`\ndowntime ${summary.downtimeMs} ms · time to writable ${summary.timeToWritableMs ?? 'never'} ms` +
              ` · answered as reader ${summary.staleRoleMs} ms` +
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
        // an IAM token is signed for one host: the reader endpoint gets its own
        const reader = target.readerHost
          ? probe.endpointOptionsFor(target, credentials, timeouts, { host: target.readerHost, port: target.readerPort ?? port })
          : undefined;
        const fileValidationQuery = from?.target.validationQuery ?? null;
        const lab = await probe.runValidationLab({ writer: endpoint, reader, runs, fileValidationQuery, signal: ac.signal });
        let readerIdentity = null;
        if (reader) readerIdentity = await probe.identify(reader, { signal: ac.signal }).catch(() => null);
        const json = probe.oneShotJson(server, lab, readerIdentity);
        if (flags.format === 'json') io.out(JSON.stringify(json, null, 2) + '\n');
        else {
          io.out(`${probe.endpointLabel(endpoint)}: ${server.flavor} ${server.version}, ${server.role}, server ${server.serverId}` +
            `, max_connections ${server.maxConnections ?? '?'}\n`);
          for (const i of json.instances) io.out(`  instance ${i.serverId}  ${i.role}\n`);
          io.out('validation queries (p50 / p95 / max ms):\n');
          for (const q of json.queries) {
            const figures = [q.p50Ms, q.p95Ms, q.maxMs].map((v) => (v === null ? '-' : v.toFixed(2))).join(' / ');
            const res = q.ok ? `ok     ${figures}` : `raises ${q.errorCode ?? ''}`;
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

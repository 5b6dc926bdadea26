// aurora-guard forecast: what a failover, an auto-pause resume, a hung and a black-holed writer would do to each
// datasource's pool, now and after `aurora-guard fix`. The numbers come from core/forecast; this only prints them.
import { Command, Option } from 'commander';
import type { ForecastFacts, Target } from '../core/config/options';
import { FORECAST_CAVEAT } from '../core/forecast/describe';
import { forecastFile, forecastLines, toJsonForecast } from '../core/forecast/report';
import { TIMINGS } from '../core/forecast/forecast';
import { dsName } from '../core/knowledge/datasourceName';
import { collectFiles } from './collect';
import { readText, UsageError } from './files';
import { OptionsResolver } from './projectConfig';
import type { Io } from './io';

const TARGETS: Target[] = ['auto', 'aurora-serverless-v2', 'aurora-provisioned', 'mysql'];

function positive(name: string, min: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^-?\d+$/.test(v.trim()) || n < min) throw new UsageError(`${name} must be a whole number ≥ ${min} (got '${v}')`);
    return n;
  };
}

interface ForecastFlags {
  format: 'text' | 'json';
  target?: Target;
  config?: string;
  threads?: number;
  borrowEvery?: number;
  dnsTtl?: number;
  resume?: number;
}

export function registerForecastCommand(program: Command, io: Io, setExit: (code: number) => void): void {
  program
    .command('forecast')
    .description("forecast what a failover, an auto-pause resume, a hung or a black-holed writer does to each datasource's pool, now and after fix")
    .argument('<paths...>', 'files or folders')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(new Option('--target <target>', 'what the datasources run on').choices(TARGETS))
    .option('-c, --config <file>', 'use this aurora-guard.json instead of searching upward from each file')
    .option('--threads <n>', 'APIM threads that use each pool (default 8)', positive('--threads', 1))
    .option('--borrow-every <ms>', 'each thread uses a connection every this many ms (default 50)', positive('--borrow-every', 1))
    .option('--dns-ttl <s>', 'the JVM DNS cache TTL in effect, networkaddress.cache.ttl (default: the JDK\'s 30 s)', positive('--dns-ttl', 0))
    .option('--resume <ms>', 'auto-pause resume time (default 30000, the worst case AWS gives; 15000 after a pause under 24 h)', positive('--resume', 0))
    .action(async (paths: string[], opts: ForecastFlags) => {
      const forecast: ForecastFacts = {};
      if (opts.threads !== undefined) forecast.threads = opts.threads;
      if (opts.borrowEvery !== undefined) forecast.borrowEveryMs = opts.borrowEvery;
      if (opts.dnsTtl !== undefined) forecast.dnsTtl = opts.dnsTtl;
      if (opts.resume !== undefined) forecast.resumeMs = opts.resume;
      const resolver = await OptionsResolver.create({ config: opts.config, target: opts.target, forecast });
      const files = await collectFiles(paths);
      resolver.useWorkspaceDnsTtl(files);
      const reports = [];
      let text = '';
      let count = 0;
      for (const file of files) {
        const { doc, outlooks } = forecastFile(file, readText(file), await resolver.forFile(file));
        if (opts.format === 'json') {
          reports.push(toJsonForecast(file, doc, outlooks));
          continue;
        }
        for (const o of outlooks) {
          count++;
          text += `${file} ${dsName(o.ds)}\n${forecastLines(o).map((l) => `  ${l}\n`).join('')}`;
        }
      }
      if (opts.format === 'json') io.out(JSON.stringify(reports, null, 2) + '\n');
      else {
        io.out(text || 'No datasource with a MySQL pool to forecast.\n');
        if (count) io.out(`\n${count} datasource${count === 1 ? '' : 's'}, ${TIMINGS} fault timings per scenario. ${FORECAST_CAVEAT}\n`);
      }
      setExit(0);
    });
}

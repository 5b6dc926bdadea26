// Resolve the options for one file: nearest aurora-guard.json (or --config), then command-line flags.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ForecastFacts, ProjectConfig, Target } from '../core/config/options';
import { mergeConfigs, resolveOptions } from '../core/config/options';
import type { ResolvedOptions } from '../core/config/options';
import { findHelmChart, findProjectConfig, parseProjectConfig } from '../core/config/discover';
import type { HelmChartRef } from '../core/wso2/helmChart';
import type { ConfigFs } from '../core/config/discover';
import { readText, UsageError } from './files';
import { detectFormat } from '../core/parse/index';
import { jvmDnsTtlSeconds, type JvmFileText } from '../core/parse/jvm/dnsTtlInEffect';

const nodeFs: ConfigFs = {
  readText(p) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw new UsageError(`cannot read ${p}: ${code === 'ELOOP' ? 'too many levels of symbolic links' : code ?? (e as Error).message}`);
    }
    // a FIFO would block forever, a directory is not a config
    if (!st.isFile()) throw new UsageError(`cannot read ${p}: ${st.isDirectory() ? 'is a directory' : 'not a regular file'}`);
    return readText(p);
  },
  dirname: (p) => path.dirname(p),
  join: (d, n) => path.join(d, n),
};

export interface CliConfigFlags {
  config?: string;
  target?: Target;
  /** Forecast facts from the command line (aurora-guard forecast --threads …): win over the config file's. */
  forecast?: ForecastFacts;
}

export class OptionsResolver {
  private readonly explicit: ProjectConfig | null;
  /** The JVM DNS cache TTL the scanned JVM files set (feeds the forecast where no config names one). */
  private workspaceDnsTtl: number | null = null;
  private readonly cache = new Map<string, ProjectConfig | null>();
  private readonly charts = new Map<string, HelmChartRef | null>();

  constructor(private readonly flags: CliConfigFlags) {
    if (flags.config) {
      const text = nodeFs.readText(flags.config);
      if (text === null) throw new UsageError(`cannot read ${flags.config}: no such file`);
      this.explicit = parseProjectConfig(text, flags.config);
    } else this.explicit = null;
  }

  /**
   * Read the DNS cache TTL in effect from the JVM files among `files` (java.security, start scripts, Dockerfiles, JVM
   * options in YAML): the forecast's stale-DNS window uses it unless aurora-guard.json or a flag sets forecast.dnsTtl.
   */
  useWorkspaceDnsTtl(files: readonly string[]): void {
    const jvm: JvmFileText[] = [];
    for (const file of files) {
      const name = path.basename(file);
      if (detectFormat(name, '') !== 'jvm' && !/\.ya?ml$/i.test(name)) continue;
      let text: string;
      try {
        text = readText(file);
      } catch {
        continue; // reported where the file is linted
      }
      if (/networkaddress\.cache\.ttl|inetaddr\.ttl/.test(text)) jvm.push({ fileName: file, text });
    }
    if (jvm.length === 0) return;
    const ttl = jvmDnsTtlSeconds(jvm);
    if (ttl.source !== 'default') this.workspaceDnsTtl = ttl.seconds;
  }

  forFile(file: string): ResolvedOptions {
    let base = this.explicit;
    if (!base) {
      const dir = path.dirname(path.resolve(file));
      if (!this.cache.has(dir)) this.cache.set(dir, findProjectConfig(dir, nodeFs)?.config ?? null);
      base = this.cache.get(dir) ?? null;
    }
    const flags: ProjectConfig = {};
    if (this.flags.target) flags.target = this.flags.target;
    if (this.flags.forecast && Object.keys(this.flags.forecast).length) flags.forecast = this.flags.forecast;
    const options = resolveOptions(mergeConfigs(base ?? {}, flags));
    if (/\.ya?ml$/i.test(file)) {
      // a Helm values file: the Chart.yaml beside it names the chart version (it wins over helmChartVersion)
      const dir = path.dirname(path.resolve(file));
      if (!this.charts.has(dir)) this.charts.set(dir, findHelmChart(dir, nodeFs));
      const chart = this.charts.get(dir);
      if (chart) options.helmChart = chart;
    }
    if (options.forecast.dnsTtl === undefined && this.workspaceDnsTtl !== null) options.forecast.dnsTtl = this.workspaceDnsTtl;
    return options;
  }
}

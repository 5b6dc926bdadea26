// Resolve the options for one file: nearest aurora-guard.json (or --config), then command-line flags; the Chart.yaml
// of a values file; the DNS cache TTL the run's JVM files set. Found by the core (src/core/files) through Node's fs.
import * as path from 'node:path';
import type { ForecastFacts, ProjectConfig, Target } from '../core/config/options';
import { mergeConfigs, resolveOptions } from '../core/config/options';
import type { ResolvedOptions } from '../core/config/options';
import { parseProjectConfig } from '../core/config/projectFile';
import { ConfigDiscovery } from '../core/files/discover';
import { filesDnsTtl } from '../core/files/jvmDnsTtl';
import { mayCarryJvmDnsTtl, setsJvmDnsTtl } from '../core/files/select';
import type { JvmFileText } from '../core/parse/jvm/dnsTtlInEffect';
import { readText, UsageError } from './files';
import { nodeFs } from './nodeFs';

export interface CliConfigFlags {
  config?: string;
  target?: Target;
  /** Forecast facts from the command line (aurora-guard forecast --threads …): win over the config file's. */
  forecast?: ForecastFacts;
}

export class OptionsResolver {
  /** The JVM DNS cache TTL the scanned JVM files set (feeds the forecast where no config names one). */
  private workspaceDnsTtl: number | null = null;
  private readonly discovery = new ConfigDiscovery(nodeFs);

  private constructor(
    private readonly flags: CliConfigFlags,
    private readonly explicit: ProjectConfig | null,
  ) {}

  /** A resolver for a run; reads --config now (a UsageError / ConfigError when it cannot be used). */
  static async create(flags: CliConfigFlags): Promise<OptionsResolver> {
    if (!flags.config) return new OptionsResolver(flags, null);
    const text = await nodeFs.readText(flags.config);
    if (text === null) throw new UsageError(`cannot read ${flags.config}: no such file`);
    return new OptionsResolver(flags, parseProjectConfig(text, flags.config));
  }

  /**
   * Read the DNS cache TTL in effect from the JVM files among `files` (java.security, start scripts, Dockerfiles, JVM
   * options in YAML): the forecast's stale-DNS window uses it unless aurora-guard.json or a flag sets forecast.dnsTtl.
   */
  useWorkspaceDnsTtl(files: readonly string[]): void {
    const jvm: JvmFileText[] = [];
    for (const file of files) {
      if (!mayCarryJvmDnsTtl(file)) continue;
      let text: string;
      try {
        text = readText(file);
      } catch {
        continue; // reported where the file is linted
      }
      if (setsJvmDnsTtl(file, text)) jvm.push({ fileName: file, text });
    }
    this.workspaceDnsTtl = filesDnsTtl(jvm);
  }

  async forFile(file: string): Promise<ResolvedOptions> {
    const dir = path.dirname(path.resolve(file));
    let base = this.explicit;
    if (!base) {
      const found = await this.discovery.projectConfig(dir);
      if (found?.error) throw found.error;
      base = found?.config ?? null;
    }
    const flags: ProjectConfig = {};
    if (this.flags.target) flags.target = this.flags.target;
    if (this.flags.forecast && Object.keys(this.flags.forecast).length) flags.forecast = this.flags.forecast;
    const options = resolveOptions(mergeConfigs(base ?? {}, flags));
    if (/\.ya?ml$/i.test(file)) {
      // a Helm values file: the Chart.yaml beside it names the chart version (it wins over helmChartVersion)
      const chart = await this.discovery.helmChart(dir);
      if (chart) options.helmChart = chart;
    }
    if (options.forecast.dnsTtl === undefined && this.workspaceDnsTtl !== null) options.forecast.dnsTtl = this.workspaceDnsTtl;
    return options;
  }
}

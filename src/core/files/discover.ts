// Configuration found upward from a linted file, through the injected file system so that the CLI and the editor
// resolve it the same way: the nearest aurora-guard.json / .aurora-guard.json, and the Chart.yaml of a Helm values
// file. Memoised per folder (siblings share their parents' lookups) until clear().
import type { FileSystem } from './fs';
import { CONFIG_FILE_NAMES, readProjectConfig, type ProjectConfigFile } from '../config/projectFile';
import { chartRefFromChartYaml, type HelmChartRef } from '../knowledge/wso2/helmChart';

/** Folders walked up at most (a path that never reaches a root must not loop). */
const MAX_DEPTH = 64;

/** Where a values file's Chart.yaml can be: beside it (`values.yaml`, `values-prod.yaml`) or one folder up (`values/aws.yaml`). */
export function chartYamlCandidates(valuesDir: string, fs: Pick<FileSystem, 'dirname' | 'join'>): string[] {
  const parent = fs.dirname(valuesDir);
  return parent === valuesDir ? [fs.join(valuesDir, 'Chart.yaml')] : [fs.join(valuesDir, 'Chart.yaml'), fs.join(parent, 'Chart.yaml')];
}

/** The Helm chart a values file in `valuesDir` belongs to (the first Chart.yaml of chartYamlCandidates that names a version), or null. */
export async function findHelmChart(valuesDir: string, fs: FileSystem): Promise<HelmChartRef | null> {
  for (const p of chartYamlCandidates(valuesDir, fs)) {
    let text: string | null;
    try {
      text = await fs.readText(p);
    } catch {
      continue;
    }
    const ref = text === null ? null : chartRefFromChartYaml(text);
    if (ref) return ref;
  }
  return null;
}

export class ConfigDiscovery {
  private readonly configs = new Map<string, Promise<ProjectConfigFile | null>>();
  private readonly charts = new Map<string, Promise<HelmChartRef | null>>();

  /** `labelOf` names a config file in its messages (the CLI: the path as found; the editor: the file name). */
  constructor(
    private readonly fs: FileSystem,
    private readonly labelOf: (path: string) => string = (p) => p,
  ) {}

  /** Forget every lookup (a config file or Chart.yaml changed). */
  clear(): void {
    this.configs.clear();
    this.charts.clear();
  }

  /** The nearest config file in `dir` or above, read and checked (a rejected one too: see its error), or null. */
  projectConfig(dir: string, depth = 0): Promise<ProjectConfigFile | null> {
    let p = this.configs.get(dir);
    if (!p) {
      p = this.lookup(dir, depth);
      this.configs.set(dir, p);
    }
    return p;
  }

  /** The Helm chart of a values file in `valuesDir` (findHelmChart), or null. */
  helmChart(valuesDir: string): Promise<HelmChartRef | null> {
    let p = this.charts.get(valuesDir);
    if (!p) {
      p = findHelmChart(valuesDir, this.fs);
      this.charts.set(valuesDir, p);
    }
    return p;
  }

  private async lookup(dir: string, depth: number): Promise<ProjectConfigFile | null> {
    for (const name of CONFIG_FILE_NAMES) {
      const path = this.fs.join(dir, name);
      const text = await this.fs.readText(path);
      if (text !== null) return readProjectConfig(text, path, this.labelOf(path));
    }
    const parent = this.fs.dirname(dir);
    return parent === dir || depth + 1 >= MAX_DEPTH ? null : this.projectConfig(parent, depth + 1);
  }
}

// Find the project configuration upward from a linted file. File access is injected so the CLI
// (node fs) and the extension (workspace fs) resolve configuration the same way.
import type { ProjectConfig } from './options';
import { ConfigError, validateProjectConfig } from './options';
import { chartRefFromChartYaml, type HelmChartRef } from '../wso2/helmChart';

export const CONFIG_FILE_NAMES = ['aurora-guard.json', '.aurora-guard.json'] as const;

export interface ConfigFs {
  /** File text, or null if there is no such file. Other read errors throw. */
  readText(path: string): string | null;
  dirname(path: string): string;
  join(dir: string, name: string): string;
}

export interface FoundConfig {
  path: string;
  config: ProjectConfig;
}

/** Parse and validate one config file's text; a clear ConfigError names the file and the problem. */
export function parseProjectConfig(text: string, path: string): ProjectConfig {
  let json: unknown;
  try {
    // editors on Windows save JSON with a UTF-8 byte-order mark
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ConfigError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  return validateProjectConfig(json, path);
}

/** The nearest aurora-guard.json / .aurora-guard.json in `startDir` or above, or null. */
export function findProjectConfig(startDir: string, fs: ConfigFs): FoundConfig | null {
  let dir = startDir;
  for (let depth = 0; depth < 64; depth++) {
    for (const name of CONFIG_FILE_NAMES) {
      const p = fs.join(dir, name);
      const text = fs.readText(p);
      if (text !== null) return { path: p, config: parseProjectConfig(text, p) };
    }
    const parent = fs.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/** Where a values file's Chart.yaml can be: beside it (`values.yaml`, `values-prod.yaml`) or one folder up (`values/aws.yaml`). */
export function chartYamlCandidates(valuesDir: string, fs: Pick<ConfigFs, 'dirname' | 'join'>): string[] {
  const parent = fs.dirname(valuesDir);
  return parent === valuesDir ? [fs.join(valuesDir, 'Chart.yaml')] : [fs.join(valuesDir, 'Chart.yaml'), fs.join(parent, 'Chart.yaml')];
}

/** The Helm chart a values file in `valuesDir` belongs to (the first Chart.yaml of chartYamlCandidates that names a version), or null. */
export function findHelmChart(valuesDir: string, fs: ConfigFs): HelmChartRef | null {
  for (const p of chartYamlCandidates(valuesDir, fs)) {
    let text: string | null;
    try {
      text = fs.readText(p);
    } catch {
      continue;
    }
    const ref = text === null ? null : chartRefFromChartYaml(text);
    if (ref) return ref;
  }
  return null;
}

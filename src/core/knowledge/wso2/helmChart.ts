// What the wso2/helm-apim charts supply when a values file leaves a pool parameter out.
//
// The charts render every `wso2.apim.configurations.databases.<db>.poolParameters` entry into
// `[database.<db>.pool_options]` as `key = "value"` (see the chart's confs/…/deployment.toml:
// `{{- range $key, $value := .Values.wso2.apim.configurations.databases.<db>.poolParameters }}`), and Helm
// merges the user's values over the chart's own values.yaml key by key, so a parameter the user omits keeps
// the chart's value. Sources (wso2/helm-apim, read on GitHub):
//   - all-in-one/values.yaml @ c00978eca9950a7f81a720ca5e58524cda208673 (chart 4.5.x): defaultAutoCommit true,
//     testOnBorrow true, testWhileIdle true, validationInterval 30000, maxActive 100, maxWait 60000, minIdle 5.
//   - all-in-one/README.md @ 0045bfd8749ccc6b7b786e620e9af67ff5523f21 (chart 4.7.0-1, helm-docs table): the same, defaultAutoCommit true.
//   - the all-in-one README of chart 4.2.0-1 (helm-docs table) and the distributed key-manager README of chart
//     4.5.0 (wso2am-km): the same numbers, but defaultAutoCommit false.
// Every chart version seen agrees on the six other values; only defaultAutoCommit changed, so it stays unknown
// (null) when the chart version is not known or not one of the above.
import { parse as parseYaml } from '../../parse/yaml/library';

export interface HelmChartRef {
  /** Chart version as in Chart.yaml `version:` (`4.5.0-3`) or as configured (`4.5`). */
  version: string | null;
  /** Chart name as in Chart.yaml `name:` (`wso2am-all-in-one`, `wso2am-cp`, `wso2am-km`, …), if known. */
  name: string | null;
}

/** The pool parameters every wso2/helm-apim chart version seen ships in values.yaml. */
const COMMON: Readonly<Record<string, string>> = {
  testOnBorrow: 'true',
  testWhileIdle: 'true',
  validationInterval: '30000',
  maxActive: '100',
  maxWait: '60000',
  minIdle: '5',
};

function majorMinor(version: string | null): [number, number] | null {
  const m = version ? /^v?(\d+)\.(\d+)/.exec(version.trim()) : null;
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** The chart's defaultAutoCommit for this chart, or null when not known for it. */
function defaultAutoCommit(chart: HelmChartRef): string | null {
  const mm = majorMinor(chart.version);
  if (!mm) return null;
  const [major, minor] = mm;
  const allInOne = chart.name === null ? null : /all-in-one/i.test(chart.name);
  if (major === 4 && minor <= 2) return 'false';
  if (major === 4 && minor === 5) return allInOne === null ? null : allInOne ? 'true' : 'false';
  if ((major === 4 && minor >= 6) || major > 4) return allInOne ? 'true' : null;
  return null;
}

/** The chart's pool parameter defaults for a chart version (a value null = the chart's value is not known). */
export function helmChartPoolDefaults(chart: HelmChartRef): Record<string, string | null> {
  return { ...COMMON, defaultAutoCommit: defaultAutoCommit(chart) };
}

/** "wso2/helm-apim chart 4.5.0-3 default" — how a finding names a value that comes from the chart. */
export function helmChartOrigin(chart: HelmChartRef): string {
  const v = chart.version ? ` ${chart.version}` : '';
  return `Helm chart default: wso2/helm-apim${chart.name ? ' ' + chart.name : ''}${v}`;
}

/** `version:` and `name:` of a Chart.yaml text, or null when it is not YAML or names no version. */
export function chartRefFromChartYaml(text: string): HelmChartRef | null {
  let v: unknown;
  try {
    v = parseYaml(text);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const str = (x: unknown) => (typeof x === 'string' || typeof x === 'number' ? String(x) : null);
  const version = str(o.version);
  return version ? { version, name: str(o.name) } : null;
}

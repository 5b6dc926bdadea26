// YAML files that carry WSO2 datasource settings, read with the `yaml` package (source ranges kept):
//   1. Helm values of wso2/helm-apim (all-in-one and distributed charts), recognised by the path
//      `wso2.apim.configurations.databases`: `apim_db` / `shared_db` (the 3.2 charts: `apimDB` / `sharedDB`) with
//      `url`, `username`, `password` and `poolParameters.*`, plus `type` and `jdbc.driver` for both. The chart
//      renders them into deployment.toml's [database.<db>] and [database.<db>.pool_options], so the datasources are
//      deployment.toml datasources whose missing pool parameters take the chart's defaults (wso2/helmChart.ts).
//   2. Files that embed a whole deployment.toml or *-datasources.xml in a string: Kubernetes ConfigMaps (`data`)
//      and Secrets (`stringData`), and the values of the older wso2/kubernetes-apim charts
//      (`wso2.deployment.am.config."deployment.toml": |`). The embedded text is linted where it stands: every
//      character outside the string's content is blanked (line breaks kept), so offsets are the file's own.
//   3. JVM options in string values (`JAVA_OPTS`, `startupArgs`, `extraEnv` …) that set the DNS cache TTL.
// Helm templates (`{{ }}` outside values) are not YAML: parseYamlDocument returns null for them and the caller
// falls back to the tolerant reading of the embedded text.
import type { Document, YAMLMap } from 'yaml';
import { isMap, isScalar, visit } from './library';
import type { ConfigDocument, Datasource, DriverProp, JdbcUrl, LocatedEntry, PoolSetting, Span } from '../../model/types';
import { CONNECTION_KEYS, TOML_DATABASES, TOML_TYPE_INFERENCE, familyOf } from '../../knowledge/wso2/knowledge';
import { helmChartOrigin, helmChartPoolDefaults, type HelmChartRef } from '../../knowledge/wso2/helmChart';
import { detectTemplates } from '../../text/templates';
import { parseConnectionProperties, parseJdbcUrl } from '../jdbcUrl';
import { parseToml } from '../toml/parseToml';
import { parseXml } from '../xml/parseXml';
import { parseJvmOptions } from '../jvm/parseJvmOptions';
import { HelmValuesEditor } from './editor';
import { entryOf, exactContent, isBlockScalar, keyName, mapGet, pathGet, rangeOf, readYaml, type YPair } from './yamlNodes';

export interface YamlParseOptions {
  /** The Helm chart the values file is for (Chart.yaml beside it, or the helmChartVersion setting). */
  helmChart?: HelmChartRef | null;
}

const DATABASES_PATH = ['wso2', 'apim', 'configurations', 'databases'] as const;
/** Values keys of the datasources, per chart generation → the deployment.toml table they render. */
const HELM_DBS: Readonly<Record<string, 'apim_db' | 'shared_db'>> = { apim_db: 'apim_db', shared_db: 'shared_db', apimDB: 'apim_db', sharedDB: 'shared_db' };
/** Keys of `<db>:` the charts render; anything else there is ignored. */
const HELM_DB_KEYS = ['url', 'username', 'password', 'poolParameters'];

/** Cheap content gates, so a YAML file that is none of these costs a regex, not a parse. */
const HELM_VALUES_HINT = /^[ \t]*databases[ \t]*:/m;
const EMBEDDED_HINT = /(deployment\.toml|-datasources\.xml)["']?[ \t]*:/;
const DNS_HINT = /networkaddress\.cache\.ttl|inetaddr\.ttl/;

export function isYamlName(fileName: string): boolean {
  return /\.ya?ml$/i.test(fileName.replace(/\\/g, '/').split('/').pop() ?? '');
}

/** The WSO2 YAML files this tool reads, told apart by their content (see the header). */
export type Wso2YamlKind = 'helm-values' | 'manifest' | 'kubernetes-apim-values' | 'jvm-options-yaml';

/**
 * Which WSO2 YAML file this text is (folder scans and the editor ask, by content, never by name): a wso2/helm-apim
 * values file, a ConfigMap / Secret that embeds a deployment.toml or a datasources XML (Helm templates of them
 * included), a wso2/kubernetes-apim values file embedding a deployment.toml, or values that set the JVM DNS cache TTL
 * in JVM options. Arbitrary YAML is none of them (null).
 */
export function wso2YamlKind(text: string): Wso2YamlKind | null {
  const head = text.length > 2_000_000 ? text.slice(0, 2_000_000) : text;
  if (HELM_VALUES_HINT.test(head) && /^wso2[ \t]*:/m.test(head) && /^[ \t]+configurations[ \t]*:/m.test(head)) return 'helm-values';
  const embeds = /^[ \t]+["']?[\w.-]*(deployment\.toml|-datasources\.xml)["']?[ \t]*:[ \t]*[|>"']/m.test(head);
  if (embeds && /^kind:[ \t]*["']?(ConfigMap|Secret)\b/m.test(head)) return 'manifest';
  if (embeds && /^wso2[ \t]*:/m.test(head)) return 'kubernetes-apim-values';
  const jvmOptions = /\b(JAVA_OPTS|JAVA_TOOL_OPTIONS|JVM_OPTS|javaOpts|startupArgs|extraEnv|envs?)\b/;
  return DNS_HINT.test(head) && jvmOptions.test(head) && /^wso2[ \t]*:|^kind:/m.test(head) ? 'jvm-options-yaml' : null;
}

/** Does the text look like one of the YAML files this module reads (before parsing it)? */
export function yamlContentHint(text: string): boolean {
  return HELM_VALUES_HINT.test(text) || EMBEDDED_HINT.test(text) || DNS_HINT.test(text);
}

/**
 * The located model of a YAML file, or null when it is not one this tool reads (or is a Helm template, which is
 * not YAML: the caller reads the embedded text tolerantly then).
 */
export function parseYamlDocument(text: string, fileName: string, opts: YamlParseOptions = {}): ConfigDocument | null {
  if (!yamlContentHint(text)) return null;
  if (detectTemplates(text, fileName).includes('helm') && /^[ \t]*\{\{|:[ \t]*\{\{/m.test(text)) return null;
  const { docs, error } = readYaml(text);
  const eol = /\r\n/.test(text) ? '\r\n' : '\n';
  const values = docs.map((d) => ({ d, pair: pathGet(d.contents, DATABASES_PATH) })).find((x) => x.pair);
  if (error) {
    // A values file or manifest (by its text) that is not valid YAML: say where, as for TOML and XML.
    if (wso2YamlKind(text) === null) return null;
    return { format: 'deployment-toml', text, templates: [], datasources: [], parseError: error, jvmDns: [], fileSpan: firstLineSpan(text) };
  }
  const jvmDns = jvmDnsInStrings(text, docs);
  if (values) {
    const datasources = helmDatasources(text, values.pair!, opts.helmChart ?? null, eol);
    return { format: 'deployment-toml', text, templates: [], datasources, parseError: null, jvmDns, fileSpan: firstLineSpan(text) };
  }
  const embedded = embeddedDocument(text, docs);
  if (embedded) {
    if (jvmDns.length) embedded.jvmDns = jvmDns;
    return embedded;
  }
  if (jvmDns.length) {
    const doc = parseJvmOptions('', fileName);
    return { ...doc, text, jvmDns, fileSpan: firstLineSpan(text) };
  }
  return null;
}

function firstLineSpan(text: string): Span {
  const i = text.search(/[\r\n]/);
  return { start: 0, end: i < 0 ? text.length : i };
}

// ── Helm values ───────────────────────────────────────────────────────────────────────────────────────

function helmDatasources(text: string, databasesPair: YPair, chart: HelmChartRef | null, eol: string): Datasource[] {
  const databases = databasesPair.value;
  if (!isMap(databases)) return [];
  const typePair = mapGet(databases, 'type');
  const driverPair = pathGet(databases, ['jdbc', 'driver']);
  const typeEntry = typePair ? entryOf(text, typePair) : null;
  const driverEntry = driverPair ? entryOf(text, driverPair) : null;
  const out: Datasource[] = [];
  const seen = new Map<string, Datasource>();
  for (const pair of (databases as YAMLMap<unknown, unknown>).items) {
    const k = keyName(pair);
    const db = k ? HELM_DBS[k] : undefined;
    if (!db) continue;
    const ds = helmDatasource(text, pair, k!, db, typeEntry, driverEntry, chart, eol);
    if (!ds) continue;
    const prev = seen.get(db);
    if (prev) out.splice(out.indexOf(prev), 1); // a duplicate key: the last one is what Helm keeps
    seen.set(db, ds);
    out.push(ds);
  }
  return out;
}

function helmDatasource(
  text: string, pair: YPair, key: string, db: 'apim_db' | 'shared_db', typeEntry: LocatedEntry | null, driverEntry: LocatedEntry | null,
  chart: HelmChartRef | null, eol: string,
): Datasource | null {
  const kr = rangeOf(pair.key);
  if (!kr) return null;
  const map = isMap(pair.value) ? (pair.value as YAMLMap<unknown, unknown>) : null;
  const exact = new Set<LocatedEntry>();
  const top: { entry: LocatedEntry; pair: YPair }[] = [];
  const pool: { entry: LocatedEntry; pair: YPair }[] = [];
  let urlPair: YPair | null = null;
  let poolPair: YPair | null = null;
  for (const p of map?.items ?? []) {
    const name = keyName(p);
    if (name === 'url') urlPair = p;
    else if (name === 'poolParameters') poolPair = p;
    else if (name && !HELM_DB_KEYS.includes(name)) {
      const e = entryOf(text, p);
      if (e) top.push({ entry: e, pair: p });
    }
  }
  if (poolPair && isMap(poolPair.value)) {
    for (const p of (poolPair.value as YAMLMap<unknown, unknown>).items) {
      const e = entryOf(text, p);
      if (e) pool.push({ entry: e, pair: p });
    }
  }
  const urlEntry = urlPair ? entryOf(text, urlPair) : null;
  let url: JdbcUrl | null = null;
  if (urlEntry && urlPair && isScalar(urlPair.value) && typeof urlPair.value.value === 'string' && urlEntry.value.trim()) {
    const at = exactContent(text, urlPair.value);
    if (at) exact.add(urlEntry);
    url = parseJdbcUrl(at ? text.slice(at.start, at.end) : urlEntry.value, at ? at.start : urlEntry.valueSpan.start);
    if (url && !at) {
      // The source does not hold the URL one for one (escapes, folding): nothing in it can be located or edited, so
      // it counts as unknown (like a templated URL); findings about the datasource still sit on its key.
      const vs = { ...urlEntry.valueSpan };
      url = { ...url, span: vs, queryEnd: vs.end, templated: true, hosts: url.hosts.map((h) => ({ ...h, span: vs, templated: true })), params: [] };
    }
  }
  const typeVal = typeEntry && !typeEntry.templated && typeEntry.value.trim() ? typeEntry.value.trim().toLowerCase() : null;
  const driverClass = driverEntry && driverEntry.value.trim() ? (driverEntry.templated ? null : driverEntry.value.trim()) : (typeVal && TOML_TYPE_INFERENCE[typeVal]?.driver) || null;

  const settings: PoolSetting[] = [];
  const vqs: LocatedEntry[] = [];
  for (const t of top) settings.push(Object.assign(t.entry, { placement: 'toml-top' as const }));
  for (const p of pool) {
    if (p.entry.key === 'validationQuery') vqs.push(p.entry);
    else if (!CONNECTION_KEYS.includes(p.entry.key)) settings.push(Object.assign(p.entry, { placement: 'toml-pool-options' as const }));
  }
  settings.sort((a, b) => a.entrySpan.start - b.entrySpan.start);

  const driverProps: DriverProp[] = [];
  if (url) for (const p of url.params) driverProps.push({ name: p.name, value: p.value, source: 'url', span: p.span, valueSpan: p.valueSpan });
  for (const p of pool) {
    if (p.entry.key !== 'connectionProperties') continue;
    const at = exactContent(text, p.pair.value);
    if (!at) continue; // not located one for one (escapes): its properties stay unknown
    exact.add(p.entry);
    for (const cp of parseConnectionProperties(text.slice(at.start, at.end), at.start)) {
      driverProps.push({ name: cp.name, value: cp.value, source: 'connectionProperties', span: cp.span, valueSpan: cp.valueSpan });
    }
  }

  const r = rangeOf(pair.value);
  const span = { start: kr[0], end: Math.max(kr[1], r ? r[1] : kr[1]) };
  // `poolParameters: null` (or empty) in a user's values deletes the chart's map: only WSO2's own defaults remain
  const poolNulled = !!poolPair && isScalar(poolPair.value) && poolPair.value.value === null;
  const chartRef = chart ?? { version: null, name: null };
  const known = TOML_DATABASES[db];
  const valuesPath = `wso2.apim.configurations.databases.${key}`;
  const all = [...top.map((t) => t.entry), ...pool.map((p) => p.entry), urlEntry, typeEntry, driverEntry];
  const ds: Datasource = {
    id: `database.${db}`,
    name: known.name,
    jndiName: known.jndi,
    role: known.role,
    format: 'deployment-toml',
    headerSpan: { start: kr[0], end: kr[1] },
    span,
    definitionType: 'RDBMS',
    dbType: typeEntry && typeEntry.value.trim() ? typeEntry : null,
    url,
    urlEntry: urlEntry && urlEntry.value.trim() ? urlEntry : null,
    urlInferred: false,
    driver: driverEntry && driverEntry.value.trim() ? driverEntry : null,
    driverClass,
    validationQuery: vqs[vqs.length - 1] ?? null,
    validationQueries: vqs,
    settings,
    driverProps,
    family: familyOf(url?.subprotocol || null, driverClass, typeVal),
    templated: all.some((e) => e?.templated),
    edit: undefined as unknown as Datasource['edit'],
    poolOptionsHeaderSpan: poolPair ? { start: rangeOf(poolPair.key)![0], end: rangeOf(poolPair.key)![1] } : null,
    providedDefaults: poolNulled ? null : { values: helmChartPoolDefaults(chartRef), origin: helmChartOrigin(chartRef) },
    valuesPath,
  };
  ds.edit = new HelmValuesEditor(text, ds, { eol, dbPair: pair, poolPair, poolEntries: pool, topEntries: top, exact });
  return ds;
}

// ── embedded deployment.toml / *-datasources.xml ──────────────────────────────────────────────────────

interface EmbeddedRegion {
  kind: 'toml' | 'xml';
  span: Span;
}

/** String values under a key naming a deployment.toml or a datasources XML, as block scalars (their content lines). */
function embeddedRegions(text: string, docs: Document.Parsed[]): EmbeddedRegion[] {
  const out: EmbeddedRegion[] = [];
  for (const d of docs) {
    visit(d, {
      Pair(_k, pair) {
        const name = keyName(pair as YPair);
        if (!name) return;
        const kind = /(^|\/)deployment\.toml$/i.test(name) || /\.toml$/i.test(name) ? 'toml' : /-datasources\.xml$/i.test(name) ? 'xml' : null;
        if (!kind) return;
        const v = (pair as YPair).value;
        if (!isScalar(v) || typeof v.value !== 'string') return;
        const r = rangeOf(v)!;
        if (isBlockScalar(v)) {
          if (v.type !== 'BLOCK_LITERAL') return; // a folded scalar joins lines: not the file as written
          // content starts on the line after the `|` header
          let s = r[0];
          while (s < r[1] && text[s] !== '\n' && text[s] !== '\r') s++;
          out.push({ kind, span: { start: s, end: r[1] } });
        } else {
          const at = exactContent(text, v);
          if (at) out.push({ kind, span: at });
        }
      },
    });
  }
  return out;
}

/** `text` with everything outside `regions` replaced by spaces (line breaks kept): offsets stay the file's. */
function keepOnly(text: string, regions: readonly Span[]): string {
  let out = '';
  let last = 0;
  const blank = (s: string) => s.replace(/[^\r\n]/g, ' ');
  for (const r of [...regions].sort((a, b) => a.start - b.start)) {
    if (r.start < last) continue;
    out += blank(text.slice(last, r.start)) + text.slice(r.start, r.end);
    last = r.end;
  }
  return out + blank(text.slice(last));
}

function embeddedDocument(text: string, docs: Document.Parsed[]): ConfigDocument | null {
  const regions = embeddedRegions(text, docs);
  const toml = regions.filter((r) => r.kind === 'toml');
  const xml = regions.filter((r) => r.kind === 'xml');
  const pick = toml.length ? toml : xml;
  if (!pick.length) return null;
  const masked = keepOnly(text, pick.map((r) => r.span));
  const doc = pick === toml ? parseToml(masked, 'deployment.toml') : parseXml(masked, 'embedded-datasources.xml');
  // the editors computed their edits against the masked text, which equals the file wherever they edit
  return { ...doc, text, fileSpan: firstLineSpan(text) };
}

// ── JVM DNS cache settings in string values ─────────────────────────────────────────────────────────────

function jvmDnsInStrings(text: string, docs: Document.Parsed[]): ConfigDocument['jvmDns'] {
  if (!DNS_HINT.test(text)) return [];
  const spans: Span[] = [];
  for (const d of docs) {
    visit(d, {
      Scalar(_k, node) {
        if (typeof node.value !== 'string' || !DNS_HINT.test(node.value)) return;
        const at = exactContent(text, node);
        if (at) spans.push(at);
        else if (node.type === 'BLOCK_LITERAL') {
          const r = rangeOf(node)!;
          let s = r[0];
          while (s < r[1] && text[s] !== '\n' && text[s] !== '\r') s++;
          spans.push({ start: s, end: r[1] });
        }
      },
    });
  }
  if (!spans.length) return [];
  return parseJvmOptions(keepOnly(text, spans), 'values.sh').jvmDns;
}


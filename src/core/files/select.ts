// Which files are ours, decided once for the CLI and the editor from a file's name and content:
//   fileKind           what a file is; the editor lints a document that is one of these (or matches a user glob)
//   scanByName …       which files a folder scan takes (scanByName, then scanReads and scanTakes) and which folders
//                      it skips (skipsFolder): the CLI's folder arguments, the editor's workspace lint and its
//                      search for the JVM DNS cache TTL
//   readableWhenNamed  what the CLI reads when a file is named on its command line: anything a parser can read
//   setsJvmDnsTtl      which files carry the JVM DNS cache TTL that the failover forecast uses
// Pure: scan.ts does the reading, through the adapter's file system.
import { detectFormat } from '../parse/index';
import { wso2YamlKind, type Wso2YamlKind } from '../parse/yaml/parseYaml';

/** Template suffixes the parsers understand (src/core/parse/index.ts strips the same ones). */
const TEMPLATE_SUFFIX = String.raw`(?:\.(?:j2|jinja2?|erb|gsp|tmpl|tpl|template))?`;
/** deployment.toml and *-datasources.xml, plain or as a template. */
const CONFIG_NAME = new RegExp(String.raw`^(deployment\.toml|[\w.-]*-datasources\.xml)${TEMPLATE_SUFFIX}$`, 'i');
/** The files that start APIM's JVM, by name: read for their DNS cache TTL. */
export const JVM_FILE_NAME = /^(api-manager\.sh|wso2server\.sh|java\.security|dockerfile(\..*)?|.*\.dockerfile)$/i;
/** Text that sets (or comments) a JVM DNS cache TTL: what makes a JVM file worth a folder scan's while. */
export const DNS_TTL_TEXT = /networkaddress\.cache\.ttl|inetaddr\.ttl/;
/** Any XML or TOML file, plain or as a template: ours when its content is a datasource file. */
const XML_NAME = new RegExp(String.raw`\.xml${TEMPLATE_SUFFIX}$`, 'i');
const TOML_NAME = new RegExp(String.raw`\.toml${TEMPLATE_SUFFIX}$`, 'i');
/** Content that makes an XML/TOML file a datasource file (the seed article's generic <datasource> form included). */
const XML_CONTENT = /<datasources-configuration\b|<datasource>[\s\S]{0,4000}?<(?:definition|configuration|url|driverClassName)\b/;
const TOML_CONTENT = /^\s*\[\s*database\.[A-Za-z0-9_]+\s*\]|^\s*\[\[\s*datasource\s*\]\]|^\s*\[\s*database\.[A-Za-z0-9_]+\.pool_options\s*\]/m;
const YAML_NAME = /\.ya?ml$/i;
const SCRIPT_NAME = new RegExp(String.raw`\.sh${TEMPLATE_SUFFIX}$`, 'i');
/** Content checks look at the start of a big file only (a datasource file says what it is early). */
const CONTENT_HEAD_CHARS = 200_000;
/** A folder scan does not read YAML files bigger than this (values files and manifests are kilobytes). */
export const SCAN_MAX_YAML_BYTES = 8 * 1024 * 1024;
/** Folders a scan does not enter: dependencies and hidden folders (.git, .vscode, caches). */
const SKIPPED_FOLDER = /^(node_modules|\..+)$/;

export type FileKind =
  /** deployment.toml, or a template of it (by name). */
  | 'deployment-toml'
  /** *-datasources.xml, or a template of it (by name). */
  | 'datasources-xml'
  /** Another XML file whose content is a datasource file (the generic <datasource> properties form). */
  | 'datasource-xml'
  /** Another TOML file with [database.*] or [[datasource]] tables. */
  | 'datasource-toml'
  /** YAML by content: Helm values, a ConfigMap/Secret embedding a datasource file, kubernetes-apim values, JVM options. */
  | Wso2YamlKind
  /** java.security, api-manager.sh, wso2server.sh, a Dockerfile (by name). */
  | 'jvm-file'
  /** Another shell script that sets the JVM DNS cache TTL. */
  | 'jvm-script';

/** Whether a file of this kind holds datasources (something to probe), not only JVM settings. */
export function holdsDatasources(kind: FileKind): boolean {
  return kind !== 'jvm-file' && kind !== 'jvm-script' && kind !== 'jvm-options-yaml';
}

/** The last segment of a path (either separator). */
export function baseName(path: string): string {
  return path.replace(/\\/g, '/').split('/').pop() ?? path;
}

/** deployment.toml, *-datasources.xml and their templates. */
export function isConfigFileName(name: string): boolean {
  return CONFIG_NAME.test(name);
}

/** What a file is by its name alone, or null when that takes its content. */
export function kindByName(name: string): 'deployment-toml' | 'datasources-xml' | 'jvm-file' | null {
  const m = CONFIG_NAME.exec(name);
  if (m) return /^deployment\.toml/i.test(m[1]) ? 'deployment-toml' : 'datasources-xml';
  return JVM_FILE_NAME.test(name) ? 'jvm-file' : null;
}

/** What a file is, from its path and text; null when it is not one this tool reads. */
export function fileKind(path: string, text: string): FileKind | null {
  const base = baseName(path);
  const named = kindByName(base);
  if (named) return named;
  const head = text.length > CONTENT_HEAD_CHARS ? text.slice(0, CONTENT_HEAD_CHARS) : text;
  if (XML_NAME.test(base)) return XML_CONTENT.test(head) ? 'datasource-xml' : null;
  if (TOML_NAME.test(base)) return TOML_CONTENT.test(head) ? 'datasource-toml' : null;
  if (YAML_NAME.test(base)) return wso2YamlKind(text);
  if (SCRIPT_NAME.test(base) && DNS_TTL_TEXT.test(head)) return 'jvm-script';
  return null;
}

/** Does a folder scan enter a subfolder of this name? */
export function skipsFolder(name: string): boolean {
  return SKIPPED_FOLDER.test(name);
}

/** What a folder scan does with a file of this name: take it, read it to decide (scanTakes), or pass it by. */
export function scanByName(name: string): 'take' | 'read' | 'skip' {
  if (CONFIG_NAME.test(name)) return 'take';
  return JVM_FILE_NAME.test(name) || YAML_NAME.test(name) ? 'read' : 'skip';
}

/** Is a file scanByName said 'read' worth reading at this size (a YAML file too big to be a values file is not)? */
export function scanReads(name: string, sizeBytes: number): boolean {
  return JVM_FILE_NAME.test(name) || (YAML_NAME.test(name) && sizeBytes <= SCAN_MAX_YAML_BYTES);
}

/** After reading (scanByName said 'read'): a JVM file that sets a DNS cache TTL, or WSO2 YAML by its content. */
export function scanTakes(name: string, text: string, sizeBytes: number): boolean {
  if (JVM_FILE_NAME.test(name) && DNS_TTL_TEXT.test(text)) return true;
  return YAML_NAME.test(name) && sizeBytes <= SCAN_MAX_YAML_BYTES && wso2YamlKind(text) !== null;
}

/**
 * A file named on the command line is read when a parser can read it: by its name (the names above, any start
 * script or Dockerfile), or by its content (datasource XML/TOML, WSO2 YAML, a DNS cache TTL setting). One that is
 * none of these is skipped and said so, not reported as having no problems.
 */
export function readableWhenNamed(path: string, text: string): boolean {
  const base = baseName(path);
  if (CONFIG_NAME.test(base) || JVM_FILE_NAME.test(base)) return true;
  const byName = detectFormat(base, '');
  if (byName !== null && byName !== 'xml' && byName !== 'toml') return true;
  if (YAML_NAME.test(base) && (wso2YamlKind(text) !== null || DNS_TTL_TEXT.test(text))) return true;
  return detectFormat('', text) !== null || DNS_TTL_TEXT.test(text);
}

/** Can a file of this name carry the JVM DNS cache TTL (a JVM file or script, or YAML with JVM options)? */
export function mayCarryJvmDnsTtl(path: string): boolean {
  const base = baseName(path);
  return detectFormat(base, '') === 'jvm' || YAML_NAME.test(base);
}

/** Does this file set (or comment) the JVM DNS cache TTL? */
export function setsJvmDnsTtl(path: string, text: string): boolean {
  return mayCarryJvmDnsTtl(path) && DNS_TTL_TEXT.test(text);
}

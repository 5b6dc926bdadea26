// Pick the parser for a file by its name and content.
import type { ConfigDocument, ConfigFormat } from '../model/types';
import { parseXml } from './xml/parseXml';
import { parseToml } from './toml/parseToml';
import { parseJvmOptions } from './jvm/parseJvmOptions';
import { isYamlName, parseYamlDocument, type YamlParseOptions } from './yaml/parseYaml';

export type ParseOptions = YamlParseOptions;

/** Which parser a file needs, or null if it is not a file this tool reads. */
export function detectFormat(fileName: string, text: string): 'xml' | 'toml' | 'jvm' | null {
  const base = fileName.replace(/\\/g, '/').split('/').pop()!.toLowerCase();
  const stem = base.replace(/\.(j2|jinja2?|erb|gsp|tmpl|tpl|template)$/, '');
  if (stem.endsWith('.toml')) return 'toml';
  if (stem.endsWith('.xml')) return 'xml';
  if (
    stem === 'java.security' ||
    stem.endsWith('.sh') ||
    stem === 'dockerfile' ||
    stem.startsWith('dockerfile.') ||
    stem.endsWith('.dockerfile')
  )
    return 'jvm';
  // by content (e.g. YAML ConfigMaps that embed a deployment.toml or a datasources XML)
  if (/^\s*\[\[?\s*database\.|^\s*\[\[datasource\]\]/m.test(text)) return 'toml';
  if (/<datasources-configuration|<datasource[\s>]/.test(text)) return 'xml';
  return null;
}

export function parseDocument(fileName: string, text: string, opts: ParseOptions = {}): ConfigDocument {
  const doc = parseByFormat(fileName, text, opts);
  doc.fileName = fileName;
  // kept so that a re-parse of fixed text (the forecast's) reads the file the same way (a Helm chart's defaults)
  if (opts.helmChart) doc.parseOptions = opts;
  return doc;
}

function parseByFormat(fileName: string, text: string, opts: ParseOptions): ConfigDocument {
  if (isYamlName(fileName)) {
    // Helm values, ConfigMaps/Secrets and kubernetes-apim values read as YAML; Helm templates (not YAML) fall
    // through to the tolerant reading of the text they embed
    const doc = parseYamlDocument(text, fileName, opts);
    if (doc) return doc;
    if (detectFormat(fileName, text) === null) {
      // YAML that holds nothing this tool reads: no datasources, and no complaint about it not being XML
      return {
        format: 'deployment-toml',
        text,
        templates: [],
        datasources: [],
        parseError: null,
        jvmDns: [],
        fileSpan: { start: 0, end: 0 },
      };
    }
  }
  switch (detectFormat(fileName, text)) {
    case 'toml':
      return parseToml(text, fileName);
    case 'jvm':
      return parseJvmOptions(text, fileName);
    case 'xml':
    default:
      return parseXml(text, fileName);
  }
}

export type { ConfigFormat };

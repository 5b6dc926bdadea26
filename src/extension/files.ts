// Which documents the extension lints: by file name and content, not by language id (VS Code has no built-in
// TOML language, and templates open as Jinja/Ruby/plain text).
import * as vscode from 'vscode';
import { LINTED_SCHEMES } from './constants';
import { wso2YamlKind } from '../core/parse/yaml/parseYaml';
import { DNS_TTL_TEXT, JVM_FILE_NAME } from '../core/files/select';

/** Template suffixes the core understands (src/core/parse/index.ts strips the same ones). */
const TEMPLATE_SUFFIX = '(?:\\.(?:j2|jinja2?|erb|gsp|tmpl|tpl|template))?';
/** deployment.toml and *-datasources.xml, plain or as a template. */
const KNOWN_NAME = new RegExp(`^(?:deployment\\.toml|.+-datasources\\.xml)${TEMPLATE_SUFFIX}$`, 'i');
/** Any XML or TOML file, plain or as a template: linted when its content is a datasource file. */
const XML_NAME = new RegExp(`\\.xml${TEMPLATE_SUFFIX}$`, 'i');
const TOML_NAME = new RegExp(`\\.toml${TEMPLATE_SUFFIX}$`, 'i');
/** Content that makes an XML/TOML file a datasource file (the seed article's generic <datasource> form included). */
const XML_CONTENT = /<datasources-configuration\b|<datasource>[\s\S]{0,4000}?<(?:definition|configuration|url|driverClassName)\b/;
const TOML_CONTENT = /^\s*\[\s*database\.[A-Za-z0-9_]+\s*\]|^\s*\[\[\s*datasource\s*\]\]|^\s*\[\s*database\.[A-Za-z0-9_]+\.pool_options\s*\]/m;

/** YAML: linted when its content is a WSO2 Helm values file or a manifest embedding a datasource file (never any YAML). */
const YAML_NAME = /\.ya?ml$/i;

/** Globs for the workspace-wide lint (findFiles); user globs are added by the caller. YAML and JVM files are kept by content. */
export const WORKSPACE_GLOBS = [
  '**/deployment.toml', '**/deployment.toml.*', '**/*-datasources.xml', '**/*-datasources.xml.*',
  '**/*.{yaml,yml}', '**/{java.security,api-manager.sh,wso2server.sh,Dockerfile,Dockerfile.*,*.dockerfile}',
];
export const WORKSPACE_EXCLUDE = '**/{node_modules,.git,.vscode-host,out,dist}/**';

export function baseName(p: string): string {
  return p.replace(/\\/g, '/').split('/').pop() ?? p;
}

/** Why a file is linted: its name, its content, or a user glob; null = not linted. */
export type Selection = 'name' | 'content' | 'glob' | null;

/** Decide for a path + text (pure apart from the glob check, which needs a document). */
export function selectByNameAndContent(path: string, text: string): Selection {
  const base = baseName(path);
  if (KNOWN_NAME.test(base)) return 'name';
  const head = text.length > 200_000 ? text.slice(0, 200_000) : text;
  if (XML_NAME.test(base) && XML_CONTENT.test(head)) return 'content';
  if (TOML_NAME.test(base) && TOML_CONTENT.test(head)) return 'content';
  if (YAML_NAME.test(base) && wso2YamlKind(text) !== null) return 'content';
  // the files that start APIM's JVM, as the CLI's folder scan reads them: when they mention the DNS cache TTL
  if (JVM_FILE_NAME.test(base) && DNS_TTL_TEXT.test(head)) return 'content';
  return null;
}

/** Does a user glob (auroraGuard.files) match the document? Globs are tried as given and relative to each workspace folder. */
export function matchesUserGlob(doc: vscode.TextDocument, globs: readonly string[]): boolean {
  if (!globs.length) return false;
  for (const g of globs) {
    if (vscode.languages.match({ pattern: g }, doc) > 0) return true;
    if (!g.startsWith('**/') && vscode.languages.match({ pattern: `**/${g}` }, doc) > 0 && !g.includes('/')) return true;
    for (const f of vscode.workspace.workspaceFolders ?? []) {
      if (vscode.languages.match({ pattern: new vscode.RelativePattern(f, g) }, doc) > 0) return true;
    }
  }
  return false;
}

export function selectDocument(doc: vscode.TextDocument, userGlobs: readonly string[]): Selection {
  if (!LINTED_SCHEMES.has(doc.uri.scheme)) return null;
  const bySelf = selectByNameAndContent(doc.uri.path || doc.fileName, doc.getText());
  if (bySelf) return bySelf;
  return matchesUserGlob(doc, userGlobs) ? 'glob' : null;
}

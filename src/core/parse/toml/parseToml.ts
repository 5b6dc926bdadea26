// deployment.toml (APIM 3.x/4.x) → the located datasource model.
// [database.<db>] tables and [[datasource]] entries become Datasources; pool settings come from
// pool_options (sub-table, dotted keys or inline table), misplaced keys directly under the table are kept
// with placement 'toml-top' (WSO2 ignores them; a rule says so). See rule-research.md §0.2 / §0.5.
//
// Modes: a plain `*.toml` file without template syntax is strict: our scanner checks the full grammar and
// TOML's definition rules in the same pass that builds the model; when it finds an error, smol-toml must
// confirm it (we never report an error smol-toml does not see). Templates (Helm/Jinja/ERB, masked first)
// and non-.toml files that embed a deployment.toml (YAML ConfigMaps) are read tolerantly: a line that
// does not parse is skipped.
//
// This file picks the mode and reports syntax errors; collect.ts gathers each datasource's statements,
// datasource.ts builds the model from them, templated.ts knows where the templates are.
import type { parse as SmolParse, TomlError as SmolTomlError } from 'smol-toml' with { 'resolution-mode': 'import' };
import type { ConfigDocument, Datasource, ParseError, Span } from '../../model/types';
import { detectTemplates, maskTemplates } from '../../text/templates';
import { DatasourceCollector } from './collect';
import { buildDatasource } from './datasource';
import { scanTomlWith } from './scanner';
import type { TomlScanError } from './syntax';
import { TemplatedText } from './templated';

// smol-toml's types describe its ESM build; this CommonJS project loads its CJS build (same API).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: smolParse, TomlError } = require('smol-toml') as { parse: typeof SmolParse; TomlError: typeof SmolTomlError };

export function parseToml(text: string, fileName: string): ConfigDocument {
  try {
    return parseTomlDocument(text, fileName);
  } catch (e) {
    // A bug in this parser, never the user's fault: say so instead of throwing.
    return {
      format: 'deployment-toml',
      text,
      templates: [],
      datasources: [],
      jvmDns: [],
      fileSpan: firstLineSpan(text),
      parseError: {
        message: `aurora-guard could not read this TOML (internal error: ${(e as Error)?.message ?? String(e)})`,
        span: { start: 0, end: 0 },
      },
    };
  }
}

function parseTomlDocument(text: string, fileName: string): ConfigDocument {
  const base = fileName.replace(/\\/g, '/').split('/').pop()!.toLowerCase();
  const isTomlFile = base.endsWith('.toml');
  // `deployment.toml.j2` is still a TOML document; `*.yaml` only embeds one (indented under a key).
  const embedded = !base.replace(/\.(j2|jinja2?|erb|gsp|tmpl|tpl|template)$/, '').endsWith('.toml');
  const templates = detectTemplates(text, fileName);
  const doc = (datasources: Datasource[], parseError: ParseError | null): ConfigDocument => ({
    format: 'deployment-toml',
    text,
    templates,
    datasources,
    parseError,
    jvmDns: [],
    fileSpan: firstLineSpan(text),
  });
  const strict = isTomlFile && templates.length === 0;
  const { masked, regions } = maskTemplates(text, templates);
  const source = new TemplatedText(text, masked, regions, templates);
  let collector = new DatasourceCollector(source, embedded);
  let scan = scanTomlWith(masked, { tolerant: !strict, templates: templates.length > 0 }, collector);
  if (scan.error) {
    const err = confirmedError(text, scan.error);
    if (err) return doc([], err);
    // smol-toml accepts the file: our scanner is stricter than TOML here, so read it tolerantly.
    collector = new DatasourceCollector(source, embedded);
    scan = scanTomlWith(masked, { tolerant: true, templates: templates.length > 0 }, collector);
  }
  const eol = scan.eol;
  return {
    ...doc(
      collector.records().map((b) => buildDatasource(source, b, eol)),
      null,
    ),
    templateStatements: regions.filter((r) => r.role === 'stmt'),
  };
}

/**
 * The error of a plain TOML file our scanner rejected, once smol-toml confirms the file is invalid (null
 * when smol-toml accepts it). Our message is used when it is on the same line, not after smol-toml's: it
 * names the cause where smol-toml may name a symptom (an unterminated string is "unterminated string" at its
 * quote, not "control characters are not allowed" at the line end).
 */
function confirmedError(text: string, own: TomlScanError): ParseError | null {
  const smol = smolTomlError(text);
  if (smol === 'valid') return null;
  if (smol === 'no-verdict' || (own.offset <= smol.offset && !/[\r\n]/.test(text.slice(own.offset, smol.offset)))) {
    return { message: `TOML is not valid: ${own.message}`, span: errorSpan(text, own.offset) };
  }
  return { message: `TOML is not valid: ${smol.reason}`, span: errorSpan(text, smol.offset) };
}

/** smol-toml's error as reason + offset; 'no-verdict' when it fails for another reason (e.g. its stack). */
function smolTomlError(text: string): { reason: string; offset: number } | 'valid' | 'no-verdict' {
  // A lone CR is a line break for editors and for our scanner; give smol-toml LF there (same length, same offsets).
  const norm = text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
  try {
    smolParse(norm);
    return 'valid';
  } catch (e) {
    if (!(e instanceof TomlError)) return 'no-verdict';
    let off = 0;
    for (let l = 1; l < e.line; l++) {
      const i = norm.indexOf('\n', off);
      if (i < 0) break;
      off = i + 1;
    }
    let offset = Math.min(text.length, off + Math.max(0, e.column - 1));
    // smol-toml points just inside a table header's bracket(s): include them
    while (offset > 0 && text[offset - 1] === '[' && /^[ \t]*\[*$/.test(text.slice(lineStart(text, offset), offset))) offset--;
    return { reason: e.message.split('\n')[0].replace(/^Invalid TOML document:\s*/, ''), offset };
  }
}

function lineStart(text: string, p: number): number {
  while (p > 0 && text[p - 1] !== '\n' && text[p - 1] !== '\r') p--;
  return p;
}

/** A visible range for an error at `at`: from there to the end of its line; at a line end, the line's content before it. */
function errorSpan(text: string, at: number): Span {
  let end = at;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  while (end > at && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  if (end > at) return { start: at, end };
  let start = lineStart(text, at);
  while (start < at && (text[start] === ' ' || text[start] === '\t')) start++;
  return { start, end: at };
}

function firstLineSpan(text: string): Span {
  const i = text.search(/[\r\n]/);
  return { start: 0, end: i < 0 ? text.length : i };
}

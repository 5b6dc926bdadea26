// Carbon `*-datasources.xml` and the generic `<datasource>…<properties><property name=…>` form → the located model.
// Plain files are validated strictly first (one clear parse error); templated files and XML embedded in other
// text (YAML ConfigMaps) are scanned tolerantly on the template-masked text and linted for what is literal.
//
// This file reads the document (strict or tolerant, where the datasources are, their ids); datasource.ts builds each
// one from its located entries (entries.ts); templated.ts knows where the templates are.
import type { ConfigDocument, ConfigFormat, Datasource, Span, TemplateKind } from '../../model/types';
import { detectTemplates, maskTemplates, type TemplateRegion } from '../../text/templates';
import type { XmlContext } from './context';
import { buildDatasource } from './datasource';
import { scanXml, type XmlElement } from './scanner';
import { checkWellFormed } from './wellFormed';

export function parseXml(text: string, fileName: string): ConfigDocument {
  try {
    return parseXmlDocument(text, fileName);
  } catch (e) {
    // Defensive only: a bug here must surface as one finding, never as an exception in the editor.
    return {
      format: 'carbon-xml',
      text,
      templates: [],
      datasources: [],
      jvmDns: [],
      fileSpan: firstLineSpan(text),
      parseError: {
        message: `aurora-guard could not read this XML (internal error: ${(e as Error)?.message ?? String(e)})`,
        span: { start: 0, end: 0 },
      },
    };
  }
}

function parseXmlDocument(text: string, fileName: string): ConfigDocument {
  const templates: TemplateKind[] = detectTemplates(text, fileName);
  const fileSpan = firstLineSpan(text);
  // Strict only for a plain XML document; template syntax and YAML around embedded XML are not errors.
  const strict = templates.length === 0 && startsWithMarkup(text);
  if (strict) {
    const parseError = checkWellFormed(text);
    if (parseError) return { format: 'carbon-xml', text, templates, datasources: [], parseError, jvmDns: [], fileSpan };
  }
  const { masked, regions } = templates.length ? maskTemplates(text, templates) : { masked: text, regions: [] as TemplateRegion[] };
  const ctx: XmlContext = { text, masked, scan: scanXml(masked, strict), regions };
  const datasources: Datasource[] = datasourceElements(ctx.scan.root).map((el) => buildDatasource(ctx, el));
  const ids = uniqueIds(datasources.map((d) => d.name));
  datasources.forEach((d, i) => (d.id = ids[i]));
  const format: ConfigFormat =
    datasources.some((d) => d.format === 'carbon-xml') || datasources.length === 0 ? 'carbon-xml' : 'generic-xml';
  const templateStatements = regions.filter((r) => r.role === 'stmt');
  return { format, text, templates, templateStatements, datasources, parseError: null, jvmDns: [], fileSpan };
}

function firstLineSpan(text: string): Span {
  let end = 0;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if (c === 10 || c === 13) break;
    end++;
  }
  return { start: 0, end };
}

/** After an optional BOM and whitespace, the text starts with `<`. */
function startsWithMarkup(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfeff && i === 0) continue;
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    return c === 60;
  }
  return false;
}

/** Outermost `<datasource>` elements in document order (commented-out ones were never elements). */
function datasourceElements(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const todo: XmlElement[] = [root];
  while (todo.length) {
    const el = todo.pop()!;
    if (el.name === 'datasource') {
      out.push(el);
      continue;
    }
    for (let k = el.children.length - 1; k >= 0; k--) todo.push(el.children[k]);
  }
  return out;
}

/** `<name>` text, or `datasource[i]` when missing or already taken. */
function uniqueIds(names: (string | null)[]): string[] {
  const used = new Set<string>();
  return names.map((name, i) => {
    let id = name && !used.has(name) ? name : `datasource[${i}]`;
    for (let k = 2; used.has(id); k++) id = `datasource[${i}]#${k}`;
    used.add(id);
    return id;
  });
}

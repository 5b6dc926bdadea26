// Template awareness (Helm/Go templates, Jinja, ERB, GSP): find template regions and mask them with
// same-length filler so the parsers see plain XML/TOML at unchanged offsets.
import type { Span, TemplateKind } from '../model/types';

/** Filler for a template expression that renders to a value: parsers treat a run of it as "unknown value". */
export const TEMPLATE_CHAR = '\uE000';

export interface TemplateRegion extends Span {
  kind: TemplateKind;
  /** 'expr' renders a value; 'stmt' is control flow; 'comment' renders nothing. */
  role: 'expr' | 'stmt' | 'comment';
}

export interface MaskedText {
  /** The text with every template region replaced by filler of the same length (newlines kept). */
  masked: string;
  regions: TemplateRegion[];
  kinds: TemplateKind[];
}

const HELM_STATEMENT = /^\{\{-?\s*(range|if|else|end|with|define|block)\b/;

/**
 * Whether an opener occurs with a closer after it (same as testing /open[\s\S]*?close/, which backtracks from
 * every opener to the end of the text when no closer follows: quadratic on long runs of unclosed openers).
 * Only the first opener matters: any closer after a later opener is also after the first one.
 */
function hasPair(text: string, open: string, close: string): boolean {
  const start = text.indexOf(open);
  return start >= 0 && text.indexOf(close, start + open.length) >= 0;
}

/** Which template languages a text uses, judged from the text and the file name. */
export function detectTemplates(text: string, fileName = ''): TemplateKind[] {
  const kinds = new Set<TemplateKind>();
  const lower = fileName.toLowerCase();
  if (/\.(j2|jinja2?)$/.test(lower) || hasPair(text, '{%', '%}')) kinds.add('jinja');
  if (/\.erb$/.test(lower)) kinds.add('erb');
  if (/\.gsp$/.test(lower)) kinds.add('gsp');
  if (hasPair(text, '<%', '%>') && !kinds.has('gsp')) kinds.add('erb');
  if (hasPair(text, '{{', '}}') && !kinds.has('jinja')) kinds.add('helm');
  return [...kinds];
}

/** Find all template regions (non-overlapping, in order) and build the masked text. */
export function maskTemplates(text: string, kinds: TemplateKind[]): MaskedText {
  if (kinds.length === 0) return { masked: text, regions: [], kinds };
  const regions: TemplateRegion[] = [];
  const angle = kinds.includes('erb') || kinds.includes('gsp');
  const braces = kinds.includes('helm') || kinds.includes('jinja');
  const gsp = kinds.includes('gsp');
  let i = 0;
  const n = text.length;
  // A closer that indexOf did not find from some position is not found from any later one: remember that, so a
  // long run of unclosed openers is scanned once rather than once per opener.
  const missing = new Set<string>();
  const find = (close: string, from: number): number => {
    if (missing.has(close)) return -1;
    const at = text.indexOf(close, from);
    if (at < 0) missing.add(close);
    return at;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (braces && c === 123 /* { */ && i + 1 < n) {
      const d = text[i + 1];
      const close = d === '{' ? '}}' : d === '%' ? '%}' : d === '#' ? '#}' : null;
      if (close) {
        const end = find(close, i + 2);
        const stop = end < 0 ? n : end + 2;
        const body = text.slice(i, stop);
        const kind: TemplateKind = kinds.includes('jinja') ? 'jinja' : 'helm';
        let role: TemplateRegion['role'] = d === '{' ? 'expr' : d === '%' ? 'stmt' : 'comment';
        if (d === '{' && /^\{\{-?\s*\/\*/.test(body)) role = 'comment';
        else if (d === '{' && kind === 'helm' && HELM_STATEMENT.test(body)) role = 'stmt';
        regions.push({ start: i, end: stop, kind, role });
        i = stop;
        continue;
      }
    }
    if (angle && c === 60 /* < */ && text[i + 1] === '%') {
      const end = find('%>', i + 2);
      const stop = end < 0 ? n : end + 2;
      const e = text[i + 2];
      const role: TemplateRegion['role'] = e === '=' ? 'expr' : e === '#' || (e === '-' && text[i + 3] === '-') ? 'comment' : 'stmt';
      regions.push({ start: i, end: stop, kind: gsp ? 'gsp' : 'erb', role });
      i = stop;
      continue;
    }
    if (gsp && c === 36 /* $ */ && text[i + 1] === '{') {
      const end = find('}', i + 2);
      const stop = end < 0 ? n : end + 1;
      regions.push({ start: i, end: stop, kind: 'gsp', role: 'expr' });
      i = stop;
      continue;
    }
    i++;
  }
  if (regions.length === 0) return { masked: text, regions, kinds };
  let out = '';
  let last = 0;
  for (const r of regions) {
    out += text.slice(last, r.start);
    const seg = text.slice(r.start, r.end);
    const fill = r.role === 'expr' ? TEMPLATE_CHAR : ' ';
    // Most regions are one line: one repeat instead of a regex replacement per character (same result).
    out += seg.includes('\n') || seg.includes('\r') ? seg.replace(/[^\r\n]/g, fill) : fill.repeat(seg.length);
    last = r.end;
  }
  out += text.slice(last);
  return { masked: out, regions, kinds };
}

/** WSO2's own runtime placeholders inside values ($env{X}, $sys{X}, $secret{X}) and Carbon's ${carbon.home}. */
const RUNTIME_PLACEHOLDER = /\$(env|sys|secret)?\{[^}]*\}/;

/** A value is unknown at lint time when it overlaps a template region or holds a runtime placeholder. */
export function isTemplatedValue(value: string, span: Span, regions: readonly Span[]): boolean {
  if (value.includes(TEMPLATE_CHAR) || RUNTIME_PLACEHOLDER.test(value)) return true;
  for (const r of regions) if (r.start < span.end && span.start < r.end) return true;
  return false;
}

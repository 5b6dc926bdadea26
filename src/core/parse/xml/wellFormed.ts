// Strict well-formedness check for plain (non-templated) XML files: fast-xml-parser's validator,
// with its line/column turned into an offset of the text we were given.
import { XMLValidator } from 'fast-xml-parser';
import type { ParseError, Span } from '../../model/types';
import { scanXml } from './scanner';
import type { XmlElement } from './scanner';

/** One clear error at its position, or null when the text is well-formed. */
export function checkWellFormed(text: string): ParseError | null {
  let result: ReturnType<typeof XMLValidator.validate>;
  try {
    result = XMLValidator.validate(text);
  } catch {
    return null; // a validator bug must not hide the datasources: the tolerant scan still runs
  }
  if (result === true) return checkNames(text);
  const err = result.err;
  let message = String(err.msg ?? 'unknown error');
  let offset = offsetOfLineCol(text, Number(err.line) || 1, Number(err.col) || 1);
  // The most common slip in datasource files: a raw `&` between JDBC URL parameters.
  if (message === "char '&' is not expected.") message = "char '&' is not expected: write it as &amp; (e.g. between JDBC URL parameters).";
  if (message.startsWith('Multiple possible root nodes')) {
    // the validator points after the second root's start tag: show the tag itself
    const lt = text.lastIndexOf('<', offset);
    if (lt >= 0 && offset - lt < 1000) offset = lt;
  }
  const unclosedList = /^Invalid '(\[.*\])' found\.$/.exec(message);
  if (unclosedList) {
    // The validator lists several unclosed tags at line 1: name them plainly and point at the innermost.
    let names: string[] = [];
    try {
      names = (JSON.parse(unclosedList[1]) as unknown[]).map(String);
    } catch {
      /* keep the generic wording */
    }
    if (names.length) message = `Unclosed tags: ${names.map((x) => `<${x}>`).join(', ')}.`;
    const innermost = innermostUnclosed(text);
    if (innermost) offset = innermost.start;
  }
  return { message: `XML is not well-formed: ${message}`, span: errorSpan(text, offset) };
}

/** The validator counts lines by `\n` and ignores a leading BOM; columns are 1-based UTF-16 units. */
function offsetOfLineCol(text: string, line: number, col: number): number {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) return text.length;
    pos = nl + 1;
  }
  return Math.min(text.length, pos + Math.max(0, col - 1));
}

/** At least one character where possible; a whole tag when the error sits on `<`. */
function errorSpan(text: string, offset: number): Span {
  const n = text.length;
  if (n === 0) return { start: 0, end: 0 };
  const start = Math.max(0, Math.min(offset, n - 1));
  let end = start + 1;
  if (text.charCodeAt(start) === 60 /* < */) {
    const limit = Math.min(n, start + 200);
    for (let j = start + 1; j < limit; j++) {
      const c = text.charCodeAt(j);
      if (c === 10 || c === 13 || c === 60) break;
      if (c === 62 /* > */) {
        end = j + 1;
        break;
      }
    }
  }
  return { start, end };
}

function innermostUnclosed(text: string): XmlElement | null {
  const { root } = scanXml(text, false);
  let best: XmlElement | null = null;
  const todo: XmlElement[] = [root];
  while (todo.length) {
    const el = todo.pop()!;
    if (el !== root && !el.closed && (!best || el.start > best.start)) best = el;
    for (const k of el.children) todo.push(k);
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Names the validator lets through. It trims tag names with JavaScript's idea of white space, so a U+FEFF
// (a BOM left inside the file), U+00A0 and the like inside or around a name pass (`<password\uFEFF>` closed by
// `</password>`), while the scanner, which splits names on XML white space only, then sees another element
// (here an unclosed one, hiding what follows it). XML never treats them as white space, and format
// characters (Unicode Cf, U+FEFF among them) are not name characters, so such a file is not well-formed.

/** Characters JavaScript trims or splits on that XML does not treat as white space, and format characters. */
const SUSPECT = /[\v\f\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\p{Cf}]/u;
const NAME_START = /^[:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]$/u;
const NAME_CHAR =
  // eslint-disable-next-line no-misleading-character-class -- U+0300–U+036F is XML's range of combining marks, not a mark on U+00B7
  /^[-.0-9\u00B7\u0300-\u036F\u203F-\u2040:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]$/u;
/** Format characters; U+200C/U+200D (joiners) are name characters in XML 1.0 (fifth edition). */
const FORMAT = /^\p{Cf}$/u;

/** Offset in `name` of its first character that cannot be in an XML name, or -1. */
function badNameChar(name: string): number {
  let k = 0;
  for (const ch of name) {
    const ok = (k === 0 ? NAME_START : NAME_CHAR).test(ch) && !(FORMAT.test(ch) && ch !== '\u200C' && ch !== '\u200D');
    if (!ok) return k;
    k += ch.length;
  }
  return -1;
}

function codePointLabel(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** After the validator passed: an error for the first element or attribute name with a character XML does not allow. */
function checkNames(text: string): ParseError | null {
  // A leading BOM is allowed (and common); only look further when some suspect character is in the text.
  if (!SUSPECT.test(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)) return null;
  const { root } = scanXml(text, true);
  const todo: XmlElement[] = [...root.children].reverse();
  while (todo.length) {
    const el = todo.pop()!;
    const bad = badNameChar(el.name);
    if (bad >= 0) {
      const at = el.start + 1 + bad;
      return nameError(text, at, `tag name <${visible(el.name)}>`);
    }
    for (const a of el.attrs) {
      const b = badNameChar(a.name);
      if (b >= 0) return nameError(text, a.nameStart + b, `attribute name '${visible(a.name)}' in <${visible(el.name)}>`);
    }
    if (!el.closed) {
      return { message: `XML is not well-formed: start tag <${visible(el.name)}> has no matching end tag (check the end tag for invisible characters).`, span: errorSpan(text, el.start) };
    }
    for (let k = el.children.length - 1; k >= 0; k--) todo.push(el.children[k]);
  }
  return null;
}

function nameError(text: string, at: number, where: string): ParseError {
  const ch = String.fromCodePoint(text.codePointAt(at) ?? 0);
  return {
    message: `XML is not well-formed: invalid character ${codePointLabel(ch)} in the ${where} (${ch === '\uFEFF' ? 'a byte order mark left inside the file' : 'an invisible or non-breaking character'}: delete it).`,
    span: { start: at, end: Math.min(text.length, at + ch.length) },
  };
}

/** A name with its invisible characters written as <U+XXXX>. */
function visible(name: string): string {
  let out = '';
  for (const ch of name) out += FORMAT.test(ch) || SUSPECT.test(ch) ? `<${codePointLabel(ch)}>` : ch;
  return out;
}

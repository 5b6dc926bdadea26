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
  if (result === true) return null;
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

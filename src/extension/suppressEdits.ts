// Edits that insert the suppression comments the core understands (src/core/suppress/suppressions.ts):
//   XML   <!-- aurora-guard-disable-next-line RULE -->     TOML / scripts   # aurora-guard-disable-next-line RULE
// Pure (offsets in, offsets out): no vscode import.
import type { TextEdit } from '../core/model/types';
import { detectFormat } from '../core/parse/index';
import { LineIndex } from '../core/text/lineIndex';

export type CommentStyle = 'xml' | 'hash';

export function commentStyle(fileName: string, text: string): CommentStyle {
  return detectFormat(fileName, text) === 'xml' ? 'xml' : 'hash';
}

function comment(style: CommentStyle, body: string): string {
  return style === 'xml' ? `<!-- ${body} -->` : `# ${body}`;
}

function eolOf(text: string): string {
  const m = /\r\n|\n|\r/.exec(text);
  return m ? m[0] : '\n';
}

/** A comment-only line holding `directive` with an explicit rule list (no reason): where another rule id can be appended. */
function appendableDirective(line: string, style: CommentStyle, directive: string): { insertAt: number } | null {
  const re =
    style === 'xml'
      ? new RegExp(`^(\\s*<!--\\s*${directive}\\s+[a-z0-9]+/[a-z0-9-]+(?:\\s*,\\s*[a-z0-9]+/[a-z0-9-]+)*)\\s*-->\\s*$`)
      : new RegExp(`^(\\s*#\\s*${directive}\\s+[a-z0-9]+/[a-z0-9-]+(?:\\s*,\\s*[a-z0-9]+/[a-z0-9-]+)*)\\s*$`);
  const m = re.exec(line);
  return m ? { insertAt: m[1].length } : null;
}

/**
 * "Disable RULE for this line": a `disable-next-line` comment above `line` with the line's indentation (or, if
 * the line above already is such a comment, the rule is added to it). On an XML declaration line, where nothing
 * may come first, a `disable-line` comment goes at the end of the line instead.
 */
export function disableForLineEdits(fileName: string, text: string, line: number, ruleId: string): TextEdit[] {
  const style = commentStyle(fileName, text);
  const idx = new LineIndex(text);
  const start = idx.lineStart(line);
  const end = idx.lineEnd(line);
  const lineText = text.slice(start, end);
  if (style === 'xml' && /^\s*<\?xml\b/.test(lineText)) {
    return [{ span: { start: end, end }, newText: ` ${comment(style, `aurora-guard-disable-line ${ruleId}`)}` }];
  }
  if (line > 0) {
    const pStart = idx.lineStart(line - 1);
    const prev = text.slice(pStart, idx.lineEnd(line - 1));
    const app = appendableDirective(prev, style, 'aurora-guard-disable-next-line');
    if (app) {
      const ids: string[] = prev.match(/[a-z0-9]+\/[a-z0-9-]+/g) ?? [];
      if (ids.includes(ruleId)) return [];
      return [{ span: { start: pStart + app.insertAt, end: pStart + app.insertAt }, newText: `, ${ruleId}` }];
    }
  }
  const indent = /^[ \t]*/.exec(lineText)![0];
  return [{ span: { start, end: start }, newText: `${indent}${comment(style, `aurora-guard-disable-next-line ${ruleId}`)}${eolOf(text)}` }];
}

/**
 * "Disable RULE for this file": a `disable-file` comment at the top (after an XML declaration), or the rule added
 * to an existing disable-file comment.
 */
export function disableForFileEdits(fileName: string, text: string, ruleId: string): TextEdit[] {
  const style = commentStyle(fileName, text);
  const idx = new LineIndex(text);
  for (let l = 0; l < idx.lineCount; l++) {
    const s = idx.lineStart(l);
    const lt = text.slice(s, idx.lineEnd(l));
    if (!lt.includes('aurora-guard-disable-file')) continue;
    const app = appendableDirective(lt, style, 'aurora-guard-disable-file');
    if (app) {
      const ids: string[] = lt.match(/[a-z0-9]+\/[a-z0-9-]+/g) ?? [];
      if (ids.includes(ruleId)) return [];
      return [{ span: { start: s + app.insertAt, end: s + app.insertAt }, newText: `, ${ruleId}` }];
    }
  }
  const eol = eolOf(text);
  const line = comment(style, `aurora-guard-disable-file ${ruleId}`);
  if (style === 'xml') {
    const decl = /^\uFEFF?\s*<\?xml[^?]*\?>[ \t]*(\r\n|\n|\r)?/.exec(text);
    if (decl) {
      const at = decl.index + decl[0].length;
      return [{ span: { start: at, end: at }, newText: decl[1] ? `${line}${eol}` : `${eol}${line}${eol}` }];
    }
  }
  const bom = text.startsWith('\uFEFF') ? 1 : 0;
  return [{ span: { start: bom, end: bom }, newText: `${line}${eol}` }];
}

// TOML's value lexicon: what an unquoted token is (integer, float, boolean, date/time), and the decoded text of a
// string token. Pure functions of the token text, shared by the scanner, the model builder and the editor.
import type { TomlValue, TomlValueKind } from './syntax';

/** The kinds written as strings (their content is decoded; everything else is taken as written). */
export const STRING_KINDS: ReadonlySet<TomlValueKind> = new Set(['basic', 'literal', 'ml-basic', 'ml-literal']);

const DEC_INT = /^[+-]?(?:0|[1-9](?:_?\d)*)$/;
const HEX_INT = /^0x[0-9A-Fa-f](?:_?[0-9A-Fa-f])*$/;
const OCT_INT = /^0o[0-7](?:_?[0-7])*$/;
const BIN_INT = /^0b[01](?:_?[01])*$/;
const FLOAT = /^[+-]?(?:0|[1-9](?:_?\d)*)(?:\.\d(?:_?\d)*)?(?:[eE][+-]?\d(?:_?\d)*)?$/;
const SPECIAL_FLOAT = /^[+-]?(?:inf|nan)$/;
const DATETIME = /^\d{4}-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:[Zz]|[+-](\d{2}):(\d{2}))?)?$/;
const LOCAL_TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/** Kind of an unquoted TOML value (`50`, `true`, `1e3`, `1979-05-27`), or null if it is not one. */
export function classifyBare(tok: string): 'integer' | 'float' | 'boolean' | 'datetime' | null {
  if (tok === 'true' || tok === 'false') return 'boolean';
  if (DEC_INT.test(tok)) return 'integer';
  if (tok.charCodeAt(0) === 48 /* 0 */ && (HEX_INT.test(tok) || OCT_INT.test(tok) || BIN_INT.test(tok))) return 'integer';
  if (FLOAT.test(tok) || SPECIAL_FLOAT.test(tok)) return 'float';
  const dt = DATETIME.exec(tok);
  if (dt) return inRange(dt[1], 1, 12) && inRange(dt[2], 1, 31) && validTime(dt[3], dt[4], dt[5]) && validTime(dt[6], dt[7], undefined) ? 'datetime' : null;
  const t = LOCAL_TIME.exec(tok);
  if (t) return validTime(t[1], t[2], t[3]) ? 'datetime' : null;
  return null;
}

const inRange = (v: string | undefined, lo: number, hi: number) => v === undefined || (+v >= lo && +v <= hi);
/** Hours 00–23, minutes and seconds 00–59 (what smol-toml accepts; absent parts are fine). */
const validTime = (h: string | undefined, m: string | undefined, sec: string | undefined) => inRange(h, 0, 23) && inRange(m, 0, 59) && inRange(sec, 0, 59);

/** The decoded value of a string token (escapes resolved, a multi-line string's first newline trimmed). */
export function decodeString(text: string, v: TomlValue): string {
  let { start } = v.content;
  const { end } = v.content;
  const ml = v.kind === 'ml-basic' || v.kind === 'ml-literal';
  if (ml) {
    if (text.charCodeAt(start) === 10) start++;
    else if (text.charCodeAt(start) === 13) start += text.charCodeAt(start + 1) === 10 ? 2 : 1;
    if (start > end) start = end;
  }
  if (v.kind === 'literal' || v.kind === 'ml-literal') return text.slice(start, end);
  const raw = text.slice(start, end);
  return raw.includes('\\') ? unescapeBasic(raw, ml) : raw;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\x1b', '"': '"', '\\': '\\' };

/** Resolve basic-string escapes; lenient (an invalid escape is kept as written). */
function unescapeBasic(raw: string, ml: boolean): string {
  let out = '';
  let last = 0;
  for (let i = raw.indexOf('\\'); i >= 0; i = raw.indexOf('\\', i)) {
    out += raw.slice(last, i);
    const c = raw[i + 1];
    if (c !== undefined && SIMPLE_ESCAPES[c] !== undefined) {
      out += SIMPLE_ESCAPES[c];
      i += 2;
    } else if (c === 'x' || c === 'u' || c === 'U') {
      const len = c === 'x' ? 2 : c === 'u' ? 4 : 8;
      const hex = raw.slice(i + 2, i + 2 + len);
      const cp = hex.length === len && /^[0-9A-Fa-f]+$/.test(hex) ? parseInt(hex, 16) : NaN;
      if (cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
        out += String.fromCodePoint(cp);
        i += 2 + len;
      } else {
        out += '\\';
        i += 1;
      }
    } else if (ml && isLineEndingBackslash(raw, i)) {
      // drop the backslash and all whitespace and line breaks after it
      i++;
      while (i < raw.length && (raw[i] === ' ' || raw[i] === '\t' || raw[i] === '\r' || raw[i] === '\n')) i++;
    } else {
      out += '\\';
      i += 1;
    }
    last = i;
  }
  return out + raw.slice(last);
}

function isLineEndingBackslash(raw: string, i: number): boolean {
  let j = i + 1;
  while (raw[j] === ' ' || raw[j] === '\t') j++;
  return raw[j] === '\n' || raw[j] === '\r';
}

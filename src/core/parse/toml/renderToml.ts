// How values and keys are written as TOML text: new values in the plainest valid form, replaced values in the
// quoting style the user already wrote, text escaped for the string kind it goes into.
import type { LocatedEntry } from '../../model/types';
import { classifyBare } from './values';

export const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** A TOML basic string for any text. */
export function tomlBasicString(s: string): string {
  return '"' + escapeBasic(s) + '"';
}

export function escapeBasic(s: string): string {
  return s.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => {
    switch (c) {
      case '\\':
        return '\\\\';
      case '"':
        return '\\"';
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      case '\b':
        return '\\b';
      case '\f':
        return '\\f';
      default:
        return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
    }
  });
}

/** How a new value is written: booleans and integers bare, everything else a basic string. */
export function tomlNewValue(value: string): string {
  const k = classifyBare(value);
  return k === 'boolean' || k === 'integer' ? value : tomlBasicString(value);
}

export function tomlKey(name: string): string {
  return BARE_KEY.test(name) ? name : tomlBasicString(name);
}

/** A replacement value, in the entry's own quoting style when that style can hold it. */
export function formatKeepingStyle(entry: LocatedEntry, value: string): string {
  switch (entry.style) {
    case 'basic-string':
      return tomlBasicString(value);
    case 'literal-string':
      return /['\u0000-\u0008\u000a-\u001f\u007f]/.test(value) ? tomlBasicString(value) : `'${value}'`;
    case 'bare':
      return classifyBare(value) ? value : tomlBasicString(value);
    default:
      return tomlNewValue(value);
  }
}

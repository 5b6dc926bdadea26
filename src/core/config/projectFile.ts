// One aurora-guard.json read: its text parsed and checked against the schema, each problem located at the key or
// value it is about (the editor marks them there; the CLI reports the message and exits).
import type { Span } from '../model/types';
import type { ProjectConfig } from './options';
import { ConfigError, validateProjectConfig } from './options';

export const CONFIG_FILE_NAMES = ['aurora-guard.json', '.aurora-guard.json'] as const;

export interface ProjectConfigFile {
  path: string;
  text: string;
  /** The validated config, or null when the file is rejected (see error). */
  config: ProjectConfig | null;
  /** Why the file was rejected (JSON syntax or bad keys), its message naming the file; null when it is valid. */
  error: ConfigError | null;
  /** Each schema problem at the key or value it is about (empty for a JSON syntax error: the whole file is wrong). */
  problems: { message: string; span: Span }[];
}

/** Parse and validate one config file's text; `label` names it in messages (the CLI: its path; the editor: its name). */
export function readProjectConfig(text: string, path: string, label: string = path): ProjectConfigFile {
  let json: unknown;
  try {
    // editors on Windows save JSON with a UTF-8 byte-order mark
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { path, text, config: null, error: new ConfigError(`${label}: not valid JSON (${(e as Error).message})`), problems: [] };
  }
  try {
    return { path, text, config: validateProjectConfig(json, label), error: null, problems: [] };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { path, text, config: null, error: e, problems: e.problems.map((p) => ({ message: `${label}: ${p.message}`, span: locate(text, p.path, p.key) })) };
  }
}

/** Parse and validate one config file's text; a ConfigError names the file and the problem. */
export function parseProjectConfig(text: string, path: string): ProjectConfig {
  const file = readProjectConfig(text, path);
  if (file.error) throw file.error;
  return file.config!;
}

/**
 * Where a JSON path is in the file's text: the key of its last step (`key`: the key is wrong) or its value, found by
 * walking the path's keys in order (each one searched after the previous). The first character when not found.
 */
export function locate(text: string, path: string[], key: boolean): Span {
  const first = { start: 0, end: 1 };
  let at = 0;
  let found = -1;
  let len = 1;
  for (const k of path) {
    const needle = JSON.stringify(k);
    const i = text.indexOf(needle, at);
    if (i < 0) return first;
    found = i;
    len = needle.length;
    at = i + needle.length;
  }
  if (found < 0) return first;
  if (!key) {
    // the value after the colon, up to the end of a string, number or literal (objects: their first character)
    const m = /^\s*:\s*("(?:[^"\\]|\\.)*"|[^,}\]\s]+|[{[])/.exec(text.slice(at));
    if (m) {
      found = at + m[0].length - m[1].length;
      len = m[1].length;
    }
  }
  return { start: found, end: found + len };
}

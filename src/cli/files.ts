// Which files `aurora-guard lint` / `fix` read: explicit files as given, folders searched for
// deployment.toml and *-datasources.xml (templates included), JVM files that set a DNS cache TTL, and YAML files
// whose content is a wso2/helm-apim values file or a ConfigMap/Secret embedding a datasource file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectFormat } from '../core/parse/index';
import { isWso2Yaml } from '../core/parse/yaml/parseYaml';
import { DNS_TTL_TEXT, JVM_FILE_NAME } from '../core/parse/jvm/parseJvmOptions';

const TEMPLATE_EXT = String.raw`(\.(j2|jinja2?|erb|gsp|tmpl|tpl|template))?`;
const CONFIG_NAME = new RegExp(String.raw`^(deployment\.toml|[\w.-]*-datasources\.xml)${TEMPLATE_EXT}$`, 'i');
const JVM_NAME = JVM_FILE_NAME;
const SKIP_DIR = /^(node_modules|\..+)$/;
const YAML_NAME = /\.ya?ml$/i;

export class UsageError extends Error {}

export function isConfigFileName(name: string): boolean {
  return CONFIG_NAME.test(name);
}

/** A YAML file is read when its content is a WSO2 values file or a manifest embedding a datasource file. */
function isWso2YamlFile(file: string): boolean {
  try {
    const st = fs.statSync(file);
    if (st.size > 8 * 1024 * 1024) return false;
    return isWso2Yaml(fs.readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

function mentionsDnsTtl(file: string): boolean {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return DNS_TTL_TEXT.test(text);
  } catch {
    return false;
  }
}

/** Expand paths to a sorted, de-duplicated file list. Throws UsageError for missing paths or empty folders. */
export function collectFiles(paths: string[]): string[] {
  return collectFileEntries(paths).map((e) => e.file);
}

export interface FileEntry {
  file: string;
  /** Named on the command line (not found in a folder): it may be a file this tool does not read (see isReadableConfig). */
  explicit: boolean;
}

/** collectFiles, saying which files were named explicitly. */
export function collectFileEntries(paths: string[]): FileEntry[] {
  const explicit = new Set<string>();
  const out = new Set<string>();
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new UsageError(`cannot read ${p}: ${code === 'ELOOP' ? 'too many levels of symbolic links' : 'no such file or directory'}`);
    }
    if (st.isFile()) {
      out.add(p);
      explicit.add(p);
      continue;
    }
    if (!st.isDirectory()) throw new UsageError(`cannot read ${p}: not a file or directory`);
    const found: string[] = [];
    const stack = [p];
    while (stack.length) {
      const dir = stack.pop()!;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (e) {
        throw new UsageError(`cannot read directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      for (const e of entries) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (!SKIP_DIR.test(e.name)) stack.push(full);
        } else if (e.isFile() && (isConfigFileName(e.name) || (JVM_NAME.test(e.name) && mentionsDnsTtl(full)) || (YAML_NAME.test(e.name) && isWso2YamlFile(full)))) {
          found.push(full);
        }
      }
    }
    if (found.length === 0) {
      throw new UsageError(`no deployment.toml or *-datasources.xml files found under ${p} (nor WSO2 Helm values, manifests embedding them, or JVM files that set a DNS cache TTL)`);
    }
    for (const f of found) out.add(f);
  }
  return [...out].sort().map((file) => ({ file, explicit: explicit.has(file) }));
}

/**
 * Is a file one this tool reads: by its name (deployment.toml, *-datasources.xml and their templates, the JVM files a
 * folder search picks, and whatever else the parser recognises by name alone), or by its content (datasource XML/TOML,
 * a DNS cache TTL setting)? A file named on the command line that is none of these is skipped and said so, not
 * reported as having no problems.
 */
export function isReadableConfig(file: string, text: string): boolean {
  const base = path.basename(file);
  if (isConfigFileName(base) || JVM_NAME.test(base)) return true;
  const byName = detectFormat(base, '');
  if (byName !== null && byName !== 'xml' && byName !== 'toml') return true;
  // a YAML file by content: Helm values, a ConfigMap/Secret embedding a datasource file, JVM options in YAML strings
  if (YAML_NAME.test(base) && (isWso2Yaml(text) || DNS_TTL_TEXT.test(text))) return true;
  return detectFormat('', text) !== null || /networkaddress\.cache\.ttl|inetaddr\.ttl/.test(text);
}

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

export interface TextFile {
  text: string;
  encoding: TextEncoding;
  /** The file started with a byte-order mark (kept when it is written back). */
  bom: boolean;
}

/** Decode by byte-order mark (Windows editors save UTF-16 with one); everything else is UTF-8. */
export function decodeText(buf: Buffer): TextFile {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { text: buf.subarray(2).toString('utf16le'), encoding: 'utf16le', bom: true };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return { text: swapped.toString('utf16le'), encoding: 'utf16be', bom: true };
  }
  // a UTF-8 BOM stays in the text (as U+FEFF) so that offsets and a rewrite keep it
  return { text: buf.toString('utf8'), encoding: 'utf8', bom: false };
}

function encodeText(file: TextFile): Buffer {
  if (file.encoding === 'utf8') return Buffer.from(file.text, 'utf8');
  const body = Buffer.from(file.text, 'utf16le');
  if (file.encoding === 'utf16be') body.swap16();
  const bom = file.encoding === 'utf16le' ? [0xff, 0xfe] : [0xfe, 0xff];
  return file.bom ? Buffer.concat([Buffer.from(bom), body]) : body;
}

/** Only regular files are read: a FIFO or device would block or never end. */
function assertRegularFile(file: string): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'ELOOP' ? 'too many levels of symbolic links' : code === 'ENOENT' ? 'no such file or directory' : code ?? (e as Error).message}`);
  }
  if (st.isDirectory()) throw new UsageError(`cannot read ${file}: is a directory`);
  if (!st.isFile()) throw new UsageError(`cannot read ${file}: not a regular file`);
}

/** Read a config file (UTF-8, or UTF-16 with a byte-order mark); a clear UsageError on failure. */
export function readTextFile(file: string): TextFile {
  assertRegularFile(file);
  try {
    return decodeText(fs.readFileSync(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'EACCES' ? 'permission denied' : code ?? (e as Error).message}`);
  }
}

export function readText(file: string): string {
  return readTextFile(file).text;
}

/** Replace a file's content atomically (temp file + rename) in its own encoding, keeping its mode; through a symlink, the target is written. */
export function writeTextAtomic(file: string, text: string, like: Pick<TextFile, 'encoding' | 'bom'> = { encoding: 'utf8', bom: false }): void {
  const target = fs.realpathSync(file);
  const st = fs.statSync(target);
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.aurora-guard-${process.pid}.tmp`);
  fs.writeFileSync(tmp, encodeText({ text, encoding: like.encoding, bom: like.bom }), { mode: st.mode });
  fs.renameSync(tmp, target);
}

// Which files `aurora-guard lint` / `fix` read: explicit files as given, folders searched for
// deployment.toml and *-datasources.xml (templates included) and JVM files that set a DNS cache TTL.
import * as fs from 'node:fs';
import * as path from 'node:path';

const TEMPLATE_EXT = String.raw`(\.(j2|jinja2?|erb|gsp|tmpl|tpl|template))?`;
const CONFIG_NAME = new RegExp(String.raw`^(deployment\.toml|[\w.-]*-datasources\.xml)${TEMPLATE_EXT}$`, 'i');
const JVM_NAME = /^(api-manager\.sh|wso2server\.sh|java\.security|dockerfile(\..*)?|.*\.dockerfile)$/i;
const SKIP_DIR = /^(node_modules|\..+)$/;

export class UsageError extends Error {}

export function isConfigFileName(name: string): boolean {
  return CONFIG_NAME.test(name);
}

function mentionsDnsTtl(file: string): boolean {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return /networkaddress\.cache\.ttl|inetaddr\.ttl/.test(text);
  } catch {
    return false;
  }
}

/** Expand paths to a sorted, de-duplicated file list. Throws UsageError for missing paths or empty folders. */
export function collectFiles(paths: string[]): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      throw new UsageError(`cannot read ${p}: no such file or directory`);
    }
    if (st.isFile()) {
      out.add(p);
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
        } else if (e.isFile() && (isConfigFileName(e.name) || (JVM_NAME.test(e.name) && mentionsDnsTtl(full)))) {
          found.push(full);
        }
      }
    }
    if (found.length === 0) {
      throw new UsageError(`no deployment.toml or *-datasources.xml files found under ${p}`);
    }
    for (const f of found) out.add(f);
  }
  return [...out].sort();
}

/** Read a file as UTF-8; a clear UsageError on failure. */
export function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : code ?? (e as Error).message}`);
  }
}

/** Replace a file's content atomically (temp file + rename), keeping its mode. */
export function writeTextAtomic(file: string, text: string): void {
  const st = fs.statSync(file);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.aurora-guard-${process.pid}.tmp`);
  fs.writeFileSync(tmp, text, { encoding: 'utf8', mode: st.mode });
  fs.renameSync(tmp, file);
}

// Which files `aurora-guard lint` / `fix` / `forecast` read: files named on the command line as given, folders
// scanned by the core (src/core/files: deployment.toml and *-datasources.xml with their templates, JVM files that set
// a DNS cache TTL, WSO2 Helm values and manifests by content) through Node's fs.
import * as fs from 'node:fs';
import { scanFolder } from '../core/files/scan';
import { UsageError } from './files';
import { nodeFs } from './nodeFs';

export interface FileEntry {
  file: string;
  /** Named on the command line (not found in a folder): it may be a file this tool does not read (readableWhenNamed). */
  explicit: boolean;
}

/** Expand paths to a sorted, de-duplicated file list. Throws UsageError for missing paths or empty folders. */
export async function collectFiles(paths: string[]): Promise<string[]> {
  return (await collectFileEntries(paths)).map((e) => e.file);
}

/** collectFiles, saying which files were named explicitly. */
export async function collectFileEntries(paths: string[]): Promise<FileEntry[]> {
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
    const found = await scanFolder(p, nodeFs);
    if (found.length === 0) {
      throw new UsageError(
        `no deployment.toml or *-datasources.xml files found under ${p} ` +
          '(nor WSO2 Helm values, manifests embedding them, or JVM files that set a DNS cache TTL)',
      );
    }
    for (const f of found) out.add(f);
  }
  return [...out].sort().map((file) => ({ file, explicit: explicit.has(file) }));
}

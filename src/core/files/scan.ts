// A folder scan: every file under a folder that select.ts says a scan takes, read through the injected file system.
// The CLI scans the folders named on its command line, the editor its workspace folders (workspace lint, the JVM
// DNS cache TTL).
import type { DirEntry, FileSystem } from './fs';
import { baseName, scanByName, scanReads, scanTakes, skipsFolder } from './select';

export interface ScanOptions {
  /** Called for a folder that cannot be read, and the scan goes on without it; without it the scan throws. */
  onUnreadableFolder?: (dir: string, error: unknown) => void;
  /** Asked before each folder: true stops the scan (what it found so far is returned). */
  cancelled?: () => boolean;
}

/** The files under `root` (a folder) that a scan takes, sorted. Links are not followed; skipped folders not entered. */
export async function scanFolder(root: string, fs: FileSystem, opts: ScanOptions = {}): Promise<string[]> {
  const found: string[] = [];
  const stack = [root];
  while (stack.length) {
    if (opts.cancelled?.()) break;
    const dir = stack.pop()!;
    let entries: DirEntry[];
    try {
      entries = await fs.readDir(dir);
    } catch (e) {
      if (!opts.onUnreadableFolder) throw e;
      opts.onUnreadableFolder(dir, e);
      continue;
    }
    for (const e of entries) {
      const full = fs.join(dir, e.name);
      if (e.kind === 'directory') {
        if (!skipsFolder(e.name)) stack.push(full);
      } else if (e.kind === 'file' && (await scanTakesFile(full, fs))) {
        found.push(full);
      }
    }
  }
  return found.sort();
}

/** Would a scan take this file (by its name, then its size and content)? Also asked of a file that changed. */
export async function scanTakesFile(path: string, fs: FileSystem): Promise<boolean> {
  const name = baseName(path);
  const byName = scanByName(name);
  if (byName !== 'read') return byName === 'take';
  try {
    const st = await fs.stat(path);
    if (!st || !scanReads(name, st.size)) return false;
    const text = await fs.readText(path);
    return text !== null && scanTakes(name, text, st.size);
  } catch {
    return false; // unreadable: not ours to report here (a file named explicitly is)
  }
}

/** Does a scan of `root` reach `path`: is it under `root`, through no folder the scan skips? */
export function scanReaches(root: string, path: string, fs: Pick<FileSystem, 'dirname'>): boolean {
  for (let dir = fs.dirname(path); dir !== root; dir = fs.dirname(dir)) {
    if (fs.dirname(dir) === dir || skipsFolder(baseName(dir))) return false; // above the root, or skipped
  }
  return true;
}

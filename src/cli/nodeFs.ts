// The core's file system (src/core/files/fs.ts) over Node's fs, with the CLI's error messages: what cannot be read
// is a UsageError that names the path and why.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DirEntry, EntryKind, FileSystem } from '../core/files/fs';
import { readText, UsageError } from './files';

function kindOf(e: { isFile(): boolean; isDirectory(): boolean }): EntryKind {
  return e.isFile() ? 'file' : e.isDirectory() ? 'directory' : 'other';
}

export const nodeFs: FileSystem = {
  async readText(p) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw new UsageError(`cannot read ${p}: ${code === 'ELOOP' ? 'too many levels of symbolic links' : code ?? (e as Error).message}`);
    }
    // a FIFO would block forever, a directory is not a config
    if (!st.isFile()) throw new UsageError(`cannot read ${p}: ${st.isDirectory() ? 'is a directory' : 'not a regular file'}`);
    return readText(p);
  },
  async stat(p) {
    try {
      const st = fs.statSync(p);
      return { kind: kindOf(st), size: st.size };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw e;
    }
  },
  async readDir(dir) {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      throw new UsageError(`cannot read directory ${dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    // a Dirent of a symbolic link is neither file nor directory: 'other', not followed
    return entries.map((e): DirEntry => ({ name: e.name, kind: kindOf(e) }));
  },
  dirname: (p) => path.dirname(p),
  join: (d, n) => path.join(d, n),
};

// The file system that file selection and config discovery read through. It is injected so that the CLI (Node's fs)
// and the editor (vscode.workspace.fs, remote and virtual workspaces included) find the same files the same way.
// Paths are the adapter's own strings (OS paths in the CLI, URI paths in the editor): the core only joins and
// splits them with the adapter's dirname/join.

export type EntryKind = 'file' | 'directory' | 'other';

export interface FileStat {
  kind: EntryKind;
  /** Bytes. */
  size: number;
}

export interface DirEntry {
  name: string;
  /** A symbolic link is 'other': a scan does not follow links (no cycles, no files outside the tree). */
  kind: EntryKind;
}

export interface FileSystem {
  /** A file's text, or null when there is no file at the path. Other failures throw the adapter's own error. */
  readText(path: string): Promise<string | null>;
  /** What is at a path (links followed), or null when nothing is. */
  stat(path: string): Promise<FileStat | null>;
  /** A folder's entries in the order the file system gives them. Throws when the folder cannot be read. */
  readDir(path: string): Promise<DirEntry[]>;
  dirname(path: string): string;
  join(dir: string, name: string): string;
}

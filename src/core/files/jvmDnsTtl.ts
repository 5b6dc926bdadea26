// The JVM DNS cache TTL a set of files sets (a CLI run's files, an editor workspace folder's): what the failover
// forecast's stale-DNS window uses unless aurora-guard.json names forecast.dnsTtl.
import { jvmDnsTtlSeconds, type JvmFileText } from '../parse/jvm/dnsTtlInEffect';
import type { FileSystem } from './fs';
import { scanFolder, scanReaches, scanTakesFile, type ScanOptions } from './scan';
import { mayCarryJvmDnsTtl, setsJvmDnsTtl } from './select';

/** Seconds (-1: forever) the JVM files among `files` set, or null when none sets one (the JDK default applies then). */
export function filesDnsTtl(files: readonly JvmFileText[]): number | null {
  const jvm = files.filter((f) => setsJvmDnsTtl(f.fileName, f.text));
  if (jvm.length === 0) return null;
  const ttl = jvmDnsTtlSeconds(jvm);
  return ttl.source === 'default' ? null : ttl.seconds;
}

/** The DNS cache TTL the JVM files a scan of one folder finds set, kept current file by file (the editor's watcher). */
export class FolderDnsTtl {
  /** The text of each file under the folder that sets the TTL. */
  private readonly files = new Map<string, string>();
  private ttl: number | null = null;

  constructor(
    readonly root: string,
    private readonly fs: FileSystem,
  ) {}

  /** Seconds (-1: forever), or null when no file sets one. */
  get seconds(): number | null {
    return this.ttl;
  }

  /** Scan the folder and read its JVM files. */
  async load(opts: ScanOptions = {}): Promise<void> {
    this.files.clear();
    for (const path of await scanFolder(this.root, this.fs, opts)) await this.read(path);
    this.ttl = filesDnsTtl(this.fileTexts());
  }

  /** A file changed, appeared or went away: read it again. Resolves to true when the TTL in effect changed. */
  async update(path: string): Promise<boolean> {
    if (scanReaches(this.root, path, this.fs) && (await scanTakesFile(path, this.fs))) await this.read(path);
    else this.files.delete(path);
    const before = this.ttl;
    this.ttl = filesDnsTtl(this.fileTexts());
    return this.ttl !== before;
  }

  private async read(path: string): Promise<void> {
    const text = mayCarryJvmDnsTtl(path) ? await this.fs.readText(path).catch(() => null) : null;
    if (text !== null && setsJvmDnsTtl(path, text)) this.files.set(path, text);
    else this.files.delete(path);
  }

  private fileTexts(): JvmFileText[] {
    return [...this.files].map(([fileName, text]) => ({ fileName, text }));
  }
}

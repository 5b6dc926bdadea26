// Reading and writing the files the CLI lints and fixes: UTF-8, or UTF-16 with a byte-order mark, kept as found;
// what cannot be read is a UsageError that says why.
import * as fs from 'node:fs';
import * as path from 'node:path';

export class UsageError extends Error {}

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

// The terminal's stdout/stderr for the CLI: written synchronously (so a report streams with back-pressure and memory
// holds only what is being written), and a closed stdout (`aurora-guard lint … | head -1`: EPIPE) is not an error:
// further output is dropped and the run ends with the exit code its findings decide, without a stack trace.
import * as fs from 'node:fs';

export interface FdWriter {
  write(s: string): void;
  /** The reader went away (EPIPE) or the descriptor is closed: nothing more is written. */
  readonly closed: boolean;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Synchronous writes to a file descriptor; EAGAIN (a non-blocking pipe that is full) waits and retries. */
export function fdWriter(fd: number): FdWriter {
  let closed = false;
  return {
    get closed() {
      return closed;
    },
    write(s: string) {
      if (closed || s.length === 0) return;
      const buf = Buffer.from(s, 'utf8');
      let off = 0;
      while (off < buf.length) {
        try {
          off += fs.writeSync(fd, buf, off, buf.length - off);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'EAGAIN') {
            Atomics.wait(sleeper, 0, 0, 2);
            continue;
          }
          if (code === 'EPIPE' || code === 'EBADF' || code === 'ECONNRESET' || code === 'EINVAL') {
            closed = true;
            return;
          }
          throw e;
        }
      }
    },
  };
}

/** Output through process.stdout/stderr elsewhere (a library, a late error) must not crash on a closed pipe either. */
export function ignoreClosedPipes(): void {
  for (const s of [process.stdout, process.stderr]) {
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
    });
  }
}

/** Writes in blocks of `size` bytes or so (one system call per block instead of one per line). */
export function buffered(write: (s: string) => void, size = 64 * 1024): { write(s: string): void; flush(): void } {
  let buf = '';
  return {
    write(s: string) {
      buf += s;
      if (buf.length >= size) {
        write(buf);
        buf = '';
      }
    },
    flush() {
      if (buf) write(buf);
      buf = '';
    },
  };
}

/// <reference types="mocha" />
// Shared by the reliability suite's extension-host parts: where counts go (the same folder the node parts write
// to, read by test/reliability/summary.ts), the MariaDB ports the reliability run uses, and a loopback
// listener that counts the TCP connections it accepts.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ROOT } from '../suite/helpers';

export const OUT_DIR = process.env.AURORA_GUARD_RELIABILITY_OUT ?? path.join(ROOT, '.test-output', 'reliability');
export const WRITER_PORT = Number(process.env.AG_DB_WRITER_PORT ?? 13306);
export const READER_PORT = Number(process.env.AG_DB_READER_PORT ?? 13307);
/** code-server's data dir of this run (user settings, logs), from run-ext-tests.sh. */
export const HOST_DATA = process.env.AURORA_GUARD_HOST_DATA ?? null;

export function writeCounts(part: string, counts: unknown): void {
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, `${part}.json`), JSON.stringify(counts, null, 2) + '\n');
}

/** A listener on 127.0.0.1 that accepts, counts and closes every connection (nothing is served). */
export class CountingListener {
  accepted = 0;
  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(): Promise<CountingListener> {
    let self: CountingListener | undefined;
    const server = net.createServer((c) => {
      if (self) self.accepted++;
      c.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    self = new CountingListener(server, (server.address() as net.AddressInfo).port);
    return self;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }
}

/** Resolve once `pred` holds (polled every 20 ms), or reject after `ms`. */
export async function until(pred: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

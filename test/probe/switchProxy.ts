// A TCP proxy on loopback (127.0.0.1, or any 127/8 address: one instance endpoint per address) that plays a cluster endpoint: it forwards to one instance and can switch to
// another (a DNS change), drop every connection (FIN or RST, as a reboot or failover does), blackhole
// (accept, then forward nothing either way: a network partition or a hung path), or refuse (stop listening).
import * as net from 'node:net';

export interface Target {
  host?: string;
  port: number;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket | null;
  paused: boolean;
}

export type ProxyMode = 'forward' | 'blackhole' | 'refuse';

export class SwitchProxy {
  private server: net.Server;
  private target: Target;
  private readonly pairs = new Set<Pair>();
  private modeNow: ProxyMode = 'forward';
  port = 0;

  private constructor(
    target: Target,
    readonly host: string,
  ) {
    this.target = target;
    this.server = this.makeServer();
  }

  /**
   * Listen on `host` (default 127.0.0.1) and `port` (or an ephemeral one), forwarding to `target`. (The demo's
   * cluster endpoint uses a fixed port; the stale-DNS tests put proxies on 127.0.0.2 and 127.0.0.3, one port.)
   */
  static async start(target: Target, port?: number, host = '127.0.0.1'): Promise<SwitchProxy> {
    const p = new SwitchProxy(target, host);
    await p.listen(port ?? 0);
    return p;
  }

  get mode(): ProxyMode {
    return this.modeNow;
  }

  /** Open client connections. */
  get connections(): number {
    return this.pairs.size;
  }

  private makeServer(): net.Server {
    return net.createServer((client) => this.accept(client));
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, this.host, () => {
        this.server.off('error', reject);
        this.port = (this.server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  private accept(client: net.Socket): void {
    client.setNoDelay(true);
    const pair: Pair = { client, upstream: null, paused: false };
    this.pairs.add(pair);
    const close = () => {
      if (!this.pairs.delete(pair)) return;
      client.destroy();
      pair.upstream?.destroy();
    };
    client.on('error', close);
    client.on('close', close);
    if (this.modeNow === 'blackhole') {
      pair.paused = true; // hold the connection: the client sees TCP up, then silence
      client.pause();
      return;
    }
    const upstream = net.connect(this.target.port, this.target.host ?? '127.0.0.1');
    upstream.setNoDelay(true);
    pair.upstream = upstream;
    // an instance that refuses: close the client (the proxy already accepted, so it can't refuse itself).
    // Not resetAndDestroy here: on Node 20 that left the process spinning in its exit cleanup now and then.
    upstream.on('error', () => {
      if (this.pairs.delete(pair)) {
        client.destroy();
        upstream.destroy();
      }
    });
    upstream.on('close', close);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** New connections go to `target` from now on; existing ones stay where they are (like a DNS change). */
  switchTo(target: Target): void {
    this.target = target;
  }

  /** Close every client connection: 'fin' → the driver sees PROTOCOL_CONNECTION_LOST, 'rst' → ECONNRESET. */
  dropAll(how: 'fin' | 'rst' = 'fin'): void {
    for (const p of [...this.pairs]) {
      this.pairs.delete(p);
      if (how === 'rst') p.client.resetAndDestroy();
      else p.client.destroy();
      p.upstream?.destroy();
    }
  }

  /** Stop forwarding in both directions, on existing and new connections (they see silence, not a close). */
  blackhole(): void {
    this.modeNow = 'blackhole';
    for (const p of this.pairs) {
      if (p.paused || !p.upstream) continue;
      p.client.unpipe(p.upstream);
      p.upstream.unpipe(p.client);
      p.client.pause();
      p.upstream.pause();
      p.paused = true;
    }
  }

  /** Stop listening: new connections are refused (ECONNREFUSED); existing ones are kept. */
  async refuse(): Promise<void> {
    if (this.modeNow === 'refuse') return;
    this.modeNow = 'refuse';
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Forward again: re-listen after refuse, resume paused connections after a blackhole (held ones are dropped). */
  async forward(): Promise<void> {
    if (this.modeNow === 'refuse') {
      this.server = this.makeServer();
      await this.listen(this.port);
    }
    this.modeNow = 'forward';
    for (const p of [...this.pairs]) {
      if (!p.paused) continue;
      if (!p.upstream) {
        this.pairs.delete(p);
        p.client.destroy();
        continue;
      }
      p.paused = false;
      p.client.pipe(p.upstream);
      p.upstream.pipe(p.client);
    }
  }

  async close(): Promise<void> {
    this.dropAll('fin');
    if (this.modeNow !== 'refuse') await new Promise<void>((r) => this.server.close(() => r()));
  }
}

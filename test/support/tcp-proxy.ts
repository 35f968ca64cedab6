import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy a test controls, standing between a process and a server it depends on (PostgreSQL, Xero), so an outage
 * happens when the test says and not when a timer fires:
 * - `cut()` closes every open connection (what clients see when a server restarts),
 * - `down()` cuts and refuses new connections until `up()` (accepted and closed at once, as a server still starting),
 * - `hold()` keeps what clients send until `release()` (a server that stops answering), counting the held requests.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly pairs = new Set<[Socket, Socket]>();
  private state: 'up' | 'down' = 'up';
  private held: Array<() => void> | undefined;
  refused = 0;
  accepted = 0;
  heldRequests = 0;
  private waiters: Array<() => void> = [];

  constructor(
    private readonly target: { host: string; port: number },
  ) {}

  async start(): Promise<number> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('the proxy has no port');
    return address.port;
  }

  private accept(client: Socket): void {
    client.on('error', () => undefined);
    if (this.state === 'down') {
      this.refused += 1;
      this.notify();
      client.destroy();
      return;
    }
    this.accepted += 1;
    const upstream = createConnection(this.target);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    const forget = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', forget);
    upstream.on('close', forget);
    client.on('data', (chunk: Buffer) => {
      if (this.held) {
        this.heldRequests += 1;
        this.notify();
        this.held.push(() => upstream.write(chunk));
      } else upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
  }

  /** Closes every open connection; new ones are still accepted. */
  cut(): number {
    const n = this.pairs.size;
    for (const [client, upstream] of [...this.pairs]) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
    return n;
  }

  down(): number {
    this.state = 'down';
    return this.cut();
  }

  up(): void {
    this.state = 'up';
  }

  hold(): void {
    this.held ??= [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const send of held) send();
  }

  /** Resolves once `condition` holds, checked whenever a connection is refused or a request held. */
  until(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (condition()) resolve();
        else this.waiters.push(check);
      };
      this.waiters.push(check);
    });
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  async close(): Promise<void> {
    this.release();
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

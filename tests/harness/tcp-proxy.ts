// A TCP proxy the test controls, in front of a real server (Postgres here): `cut()` resets every
// live connection and every new one until `restore()`, as a firewall rejecting the database's port
// would; it also counts connections and bytes, so a test can see which server a query went to.
import net from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Connections accepted so far (cut ones included). */
  readonly connections: number;
  /** Bytes clients sent through the proxy so far (queries, for Postgres). */
  readonly bytesFromClients: number;
  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string;
  /** Resets every live connection and, until restore(), every new one. */
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const live = new Set<net.Socket>();
  let cut = false;
  let connections = 0;
  let bytesFromClients = 0;

  const server = net.createServer((client) => {
    connections += 1;
    if (cut) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(target.port, target.host);
    live.add(client);
    live.add(upstream);
    const end = () => {
      live.delete(client);
      live.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => (bytesFromClients += chunk.length));
    client.pipe(upstream);
    upstream.pipe(client);
    for (const socket of [client, upstream]) {
      socket.on('error', end);
      socket.on('close', end);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    get connections() {
      return connections;
    },
    get bytesFromClients() {
      return bytesFromClients;
    },
    via(url) {
      const proxied = new URL(url);
      proxied.hostname = '127.0.0.1';
      proxied.port = String(port);
      return proxied.toString();
    },
    cut() {
      cut = true;
      // A reset, not a polite FIN: the server side sees what a dead network or a crashed Postgres looks like.
      for (const socket of live) socket.resetAndDestroy();
      live.clear();
    },
    restore() {
      cut = false;
    },
    async close() {
      for (const socket of live) socket.destroy();
      live.clear();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

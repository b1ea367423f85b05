import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Settings } from '../../src/infra/config/settings-schema.js';
import { openTestArchive } from './test-archive.js';

/**
 * A TCP forwarder a test controls, to make a real service (PostgreSQL, S3) unreachable
 * for a while: `cut` drops every open connection and refuses new ones (the port stops
 * listening, so clients get ECONNREFUSED), `restore` listens again on the same port.
 * `freeze` makes it silent instead: connections stay open and new ones are accepted,
 * but nothing is forwarded either way (a half-open connection, a network that drops
 * packets) until `thaw`. Written on node:net because no maintained package offers a
 * proxy that can refuse.
 */
export interface TcpProxy {
  readonly port: number;
  cut(): Promise<void>;
  restore(): Promise<void>;
  freeze(): void;
  thaw(): void;
  /** Cuts, waits `ms`, restores. */
  cutFor(ms: number): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  let frozen = false;
  const pairs = new Set<[net.Socket, net.Socket]>();
  /** Clients accepted while frozen, connected upstream on `thaw`. */
  const held: net.Socket[] = [];
  const forward = (client: net.Socket) => {
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => {
      pairs.delete(pair);
      client.destroy();
    });
  };
  const server = net.createServer((client) => {
    track(client);
    if (!frozen) return forward(client);
    client.pause();
    held.push(client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  let listening = true;

  const cut = async () => {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  const restore = async () => {
    if (listening) return;
    await listen(port);
    listening = true;
  };
  return {
    port,
    cut,
    restore,
    freeze() {
      frozen = true;
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
    },
    thaw() {
      frozen = false;
      for (const [client, upstream] of pairs) {
        client.pipe(upstream);
        upstream.pipe(client);
      }
      for (const client of held.splice(0)) if (!client.destroyed) forward(client);
    },
    async cutFor(ms) {
      await cut();
      await sleep(ms);
      await restore();
    },
    close: cut,
  };
}

/** `url` with its host and port replaced by the proxy's. */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const proxied = new URL(url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  return proxied.toString();
}

/**
 * A test archive on PostgreSQL whose catalog is reached through a proxy the test can
 * cut: `settings` name the proxy, `cleanup` closes the proxy and removes the archive.
 */
export async function openArchiveBehindProxy(
  overrides: Record<string, unknown>,
): Promise<{ settings: Settings; proxy: TcpProxy; cleanup(): Promise<void> }> {
  const archive = await openTestArchive('postgres', overrides);
  const catalogUrl = new URL(archive.settings.databaseUrl as string);
  const proxy = await startTcpProxy({
    host: catalogUrl.hostname,
    port: Number(catalogUrl.port),
  }).catch(async (error) => {
    await archive.cleanup();
    throw error;
  });
  return {
    settings: { ...archive.settings, databaseUrl: throughProxy(catalogUrl.toString(), proxy) },
    proxy,
    async cleanup() {
      await proxy.close();
      await archive.cleanup();
    },
  };
}

import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { makeTempDir } from './redis.js';

/** A redis-server of the test's own, with AOF on, that the test can stop and start again. */
export interface RedisServer {
  readonly url: string;
  /** Stops it with `signal` (SIGTERM: a clean shutdown; SIGKILL: a crash). */
  stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts it again on the same port and folder: it reloads its AOF. */
  start(): Promise<void>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts `redis-server` on a free port in a temporary folder, configured as the README
 * asks of a production Redis: AOF (fsync on every write, so that a SIGKILL loses no
 * acknowledged job) and `noeviction`.
 */
export async function startRedisServer(): Promise<RedisServer> {
  const folder = await makeTempDir('redis');
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const start = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        folder.dir,
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--save',
        '',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    probe.on('error', () => {}); // refused until it listens: the loop below tries again
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          await probe.connect();
          // Loading the AOF answers LOADING until it is done.
          if ((await probe.ping()) === 'PONG') return;
        } catch (error) {
          if (attempt > 100) throw error;
          probe.disconnect();
          await sleep(100);
        }
      }
    } finally {
      probe.disconnect();
    }
  };
  const stop = async (signal: 'SIGTERM' | 'SIGKILL') => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = once(running, 'exit');
    running.kill(signal);
    await exited;
  };
  await start();
  return {
    url,
    stop,
    start,
    async close() {
      await stop('SIGKILL');
      await folder.remove();
    },
  };
}

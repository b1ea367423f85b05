import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Settings } from '../../src/infra/config/settings-schema.js';

const cli = path.resolve('bin/heritage.ts');

/** The environment that gives a `heritage` process the same archive as `settings`. */
export function settingsEnvironment(settings: Settings): Record<string, string> {
  const env: Record<string, string> = {
    HERITAGE_DATA_DIR: settings.dataDir,
    HERITAGE_QUEUE_PREFIX: settings.queuePrefix,
    HERITAGE_LOG_LEVEL: 'warn',
  };
  if (settings.redisUrl) env.REDIS_URL = settings.redisUrl;
  if (settings.databaseUrl) env.DATABASE_URL = settings.databaseUrl;
  if (settings.s3) {
    env.S3_BUCKET = settings.s3.bucket;
    env.S3_ENDPOINT = settings.s3.endpoint ?? '';
    env.S3_REGION = settings.s3.region;
    env.S3_ACCESS_KEY_ID = settings.s3.accessKeyId ?? '';
    env.S3_SECRET_ACCESS_KEY = settings.s3.secretAccessKey ?? '';
    env.S3_PREFIX = settings.s3.prefix;
    env.S3_FORCE_PATH_STYLE = String(settings.s3.forcePathStyle);
    const { connectTimeoutMs, idleTimeoutMs } = settings.s3;
    if (connectTimeoutMs !== undefined) env.S3_CONNECT_TIMEOUT_MS = String(connectTimeoutMs);
    if (idleTimeoutMs !== undefined) env.S3_IDLE_TIMEOUT_MS = String(idleTimeoutMs);
  }
  const { retryForMs, backoffDelayMs, maxBackoffMs } = settings.retry;
  if (retryForMs !== undefined) env.HERITAGE_RETRY_FOR_MS = String(retryForMs);
  if (backoffDelayMs !== undefined) env.HERITAGE_RETRY_BACKOFF_MS = String(backoffDelayMs);
  if (maxBackoffMs !== undefined) env.HERITAGE_RETRY_MAX_BACKOFF_MS = String(maxBackoffMs);
  if (settings.jobLockMs !== undefined) env.HERITAGE_JOB_LOCK_MS = String(settings.jobLockMs);
  env.DATABASE_CONNECT_TIMEOUT_MS = String(settings.databaseConnectTimeoutMs);
  env.DATABASE_QUERY_TIMEOUT_MS = String(settings.databaseQueryTimeoutMs);
  return env;
}

/** A `heritage worker` child process serving some queues. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  /** What it wrote to stderr, for the message of a failing test. */
  readonly errors: string[];
  kill(): Promise<void>;
  /** SIGTERM, the way an operator stops it, and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `heritage worker --queues <queues>` (through tsx, as an operator would run it)
 * on the archive of `settings`, and waits until it says it is serving.
 */
export function startWorkerProcess(
  settings: Settings,
  queues: readonly string[],
): Promise<WorkerProcess> {
  return startServing([cli, 'worker', '--queues', queues.join(',')], settings);
}

/** Starts one of the process entry points in `workers/` (e.g. `workers/audio.ts`). */
export function startWorkerEntryPoint(settings: Settings, file: string): Promise<WorkerProcess> {
  return startServing([path.resolve(file)], settings);
}

async function startServing(args: string[], settings: Settings): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, ...settingsEnvironment(settings) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errors: string[] = [];
  createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) =>
    errors.push(line),
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const serving = new Promise<void>((resolve, reject) => {
    lines.on('line', (line) => {
      if (line.startsWith('heritage worker: serving')) resolve();
    });
    child.once('exit', (code) =>
      reject(new Error(`heritage worker exited with ${code}: ${errors.join('\n')}`)),
    );
  });
  await serving;
  const exited = () =>
    child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : once(child, 'exit');
  return {
    child,
    errors,
    async kill() {
      const done = exited();
      child.kill('SIGKILL');
      await done;
    },
    async stop() {
      const done = exited();
      child.kill('SIGTERM');
      await done;
    },
  };
}

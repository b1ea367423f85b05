import { type Archive, openArchive } from '../archive/archive.js';
import { createItemLocks, type ItemLocks } from '../archive/item-lock.js';
import { sweepScratch } from '../archive/scratch-space.js';
import { createJobHandlers } from '../handlers/job-handlers.js';
import type { Settings } from '../infra/config/settings-schema.js';
import type { QueueLogger } from '../infra/queue/queue-logger.js';
import type { QueueName } from '../jobs/names.js';
import { openQueueRuntime, type QueueRuntime } from '../jobs/queue-runtime.js';
import { startWorkers, type WorkerRunner } from '../jobs/worker-runner.js';

/** Everything a command that touches the archive and the queues needs, opened once. */
export interface Services {
  settings: Settings;
  archive: Archive;
  queues: QueueRuntime;
  locks: ItemLocks;
  /** Workers running in this process, when asked for. */
  workers?: WorkerRunner;
  /** Stops the workers, then releases everything else. */
  close(): Promise<void>;
  /** Releases everything but the workers (for shutdown paths that stopped them already). */
  release(): Promise<void>;
}

export interface OpenServicesOptions {
  /** Run workers for these queues in this process (all when `true`). */
  workers?: boolean | readonly QueueName[];
  logger?: QueueLogger;
}

/**
 * What killed workers left: scratch folders of this host's dead processes, and writes
 * abandoned in storage long enough ago that no running process can still own them.
 */
async function removeAbandonedWork(archive: Archive): Promise<void> {
  const { settings } = archive;
  await sweepScratch(settings.dataDir);
  const olderThanMs = settings.abandonedWriteHours * 60 * 60 * 1000;
  await archive.objects.store.removeAbandonedWrites(olderThanMs);
  await archive.work.removeAbandonedWrites(olderThanMs);
}

/** Closes `resource` and rethrows: for a step that fails after it was opened. */
const closing =
  (resource: { close(): Promise<void> }) =>
  async (error: unknown): Promise<never> => {
    await resource.close();
    throw error;
  };

/** Opens the archive, the queues (embedded Redis when no REDIS_URL) and optionally workers. */
export async function openServices(
  settings: Settings,
  options: OpenServicesOptions = {},
): Promise<Services> {
  // The catalog and Redis start side by side: on a fresh data folder each is a server
  // to start (initdb and redis-server), and neither needs the other.
  const [opened, connected] = await Promise.allSettled([
    openArchive(settings).then(async (archive) => {
      if (options.workers) await removeAbandonedWork(archive).catch(closing(archive));
      return archive;
    }),
    openQueueRuntime(settings, { prefix: settings.queuePrefix, logger: options.logger }),
  ]);
  if (opened.status === 'rejected' || connected.status === 'rejected') {
    await Promise.all([
      opened.status === 'fulfilled' ? opened.value.close() : undefined,
      connected.status === 'fulfilled' ? connected.value.close() : undefined,
    ]);
    throw opened.status === 'rejected'
      ? opened.reason
      : (connected as PromiseRejectedResult).reason;
  }
  const archive = opened.value;
  const queues = connected.value;
  const locks = createItemLocks(queues, options.logger);
  const jobHandlers = createJobHandlers(archive, queues, locks);
  const workers = options.workers
    ? await startWorkers({
        runtime: queues,
        settings,
        handlers: jobHandlers.handlers,
        queues: options.workers === true ? undefined : options.workers,
        logger: options.logger,
      })
    : undefined;
  const release = async () => {
    await jobHandlers.close();
    await locks.close();
    await queues.close();
    await archive.close();
  };
  return {
    settings,
    archive,
    queues,
    locks,
    workers,
    release,
    async close() {
      await workers?.stop();
      await release();
    },
  };
}

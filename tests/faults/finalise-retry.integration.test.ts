import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCommand } from '../../src/entry/cli/commands/ingest-command.js';
import { openServices, type Services } from '../../src/entry/services.js';
import { createJobHandlers } from '../../src/handlers/job-handlers.js';
import type { Settings } from '../../src/infra/config/settings-schema.js';
import { QueueName } from '../../src/jobs/names.js';
import { startWorkers } from '../../src/jobs/worker-runner.js';
import { recordingOutput } from '../support/annotation-archive.js';
import { catalogAndReindex, repeatedVersions, waitFor } from '../support/archive-checks.js';
import { writeDeposit } from '../support/deposit.js';
import { makeTempDir, quietLogger } from '../support/redis.js';
import { openArchiveBehindProxy, type TcpProxy } from '../support/tcp-proxy.js';

const itemIds = ['song-01', 'song-02', 'song-03', 'song-04'];
const shortRetries = { backoffDelayMs: 100, maxBackoffMs: 400, retryForMs: 60_000 };

describe('finalise while the catalog (PostgreSQL) is unreachable', () => {
  let settings: Settings;
  let proxy: TcpProxy;
  let services: Services;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const archive = await openArchiveBehindProxy({ retry: shortRetries });
    cleanups.push(archive.cleanup);
    ({ settings, proxy } = archive);
    const deposit = await makeTempDir('faults-deposit');
    cleanups.push(deposit.remove);
    await writeDeposit(
      deposit.dir,
      Object.fromEntries(itemIds.map((id) => [`${id}.txt`, `${id}: Pây tàng slam vằn\n`])),
    );
    const queued = await ingestCommand(
      deposit.dir,
      { collection: 'faults', workers: false, wait: false },
      settings,
      recordingOutput(),
    );
    expect(queued).toBe(0);
  });

  afterAll(async () => {
    await proxy.restore();
    await services?.close();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('writes one version per item, and a catalog equal to a fresh reindex, once the catalog is back', async () => {
    services = await openServices(settings, {
      workers: [QueueName.Transcripts],
      logger: quietLogger,
    });
    const finalise = services.queues.queue(QueueName.Finalise);
    const finaliseJobs = async () =>
      finalise.getJobs(['waiting', 'waiting-children', 'failed', 'delayed', 'active', 'completed']);
    await waitFor('every transcript step is done', async () => {
      const jobs = await finaliseJobs();
      const states = await Promise.all(jobs.map((job) => job.getState()));
      return jobs.length === itemIds.length && states.every((state) => state === 'waiting');
    });

    await proxy.cut();
    const handlers = createJobHandlers(services.archive, services.queues, services.locks);
    const finaliseWorker = await startWorkers({
      runtime: services.queues,
      settings,
      handlers: handlers.handlers,
      queues: [QueueName.Finalise],
      logger: quietLogger,
    });
    cleanups.push(async () => {
      await finaliseWorker.stop();
      await handlers.close();
    });
    // The object versions are written; the catalog transactions after them fail and retry.
    await waitFor('every item has its processing version', async () => {
      const heads = await Promise.all(
        itemIds.map(async (id) => (await services.archive.objects.getInventory(id)).head),
      );
      return heads.every((head) => head === 'v2');
    });
    await sleep(1_000);
    await proxy.restore();

    await waitFor('every finalise job has completed', async () => {
      const states = await Promise.all((await finaliseJobs()).map((job) => job.getState()));
      return states.every((state) => state === 'completed');
    });
    expect(await repeatedVersions(services.archive, itemIds)).toEqual([]);
    for (const id of itemIds)
      expect((await services.archive.objects.getInventory(id)).head).toBe('v2');
    const { catalog, reindexed } = await catalogAndReindex(services.archive);
    expect(catalog.items.map((item) => item.status)).toEqual(itemIds.map(() => 'ready'));
    expect(catalog).toEqual(reindexed);
  });
});

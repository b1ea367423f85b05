import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCommand } from '../../src/entry/cli/commands/ingest-command.js';
import { type ArchiveStatus, statusCommand } from '../../src/entry/cli/commands/status-command.js';
import { openServices, type Services } from '../../src/entry/services.js';
import type { Settings } from '../../src/infra/config/settings-schema.js';
import { allQueueNames } from '../../src/jobs/names.js';
import { requeueStuckItems } from '../../src/usecases/recovery/retry-items.js';
import { recordingOutput } from '../support/annotation-archive.js';
import { catalogAndReindex, waitFor } from '../support/archive-checks.js';
import { writeDeposit } from '../support/deposit.js';
import { makeTempDir, quietLogger } from '../support/redis.js';
import { openTestArchive } from '../support/test-archive.js';

describe('an item whose flow was lost (Redis lost its data)', () => {
  let settings: Settings;
  let services: Services;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const archive = await openTestArchive('postgres');
    cleanups.push(archive.cleanup);
    settings = archive.settings;
    const deposit = await makeTempDir('faults-deposit');
    cleanups.push(deposit.remove);
    await writeDeposit(deposit.dir, { 'song-01.txt': 'Pây tàng slam vằn\n' });
    await ingestCommand(
      deposit.dir,
      { collection: 'faults', workers: false, wait: false },
      settings,
      recordingOutput(),
    );
    services = await openServices(settings, { workers: false, logger: quietLogger });
    // Children first: a parent whose child is removed would move on to waiting.
    for (const queue of [...allQueueNames].reverse())
      await services.queues.queue(queue).obliterate({ force: true });
  });

  afterAll(async () => {
    await services?.close();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('is listed as stuck by heritage status', async () => {
    const output = recordingOutput();
    await statusCommand({}, settings, output);
    const status = output.results[0] as ArchiveStatus;
    expect(status.stuck.map((item) => item.id)).toEqual(['song-01']);
  });

  it('is queued again when a worker starts, once it has been stuck for a while, and ends ready', async () => {
    await services.archive.catalog.query(
      "UPDATE items SET updated_at = now() - interval '1 hour' WHERE id = 'song-01'",
    );
    const requeued = await requeueStuckItems(services);
    expect(requeued.map((outcome) => outcome.itemId)).toEqual(['song-01']);

    const workers = await openServices(settings, { workers: true, logger: quietLogger });
    cleanups.push(() => workers.close());
    await waitFor('the item is ready', async () => {
      const [row] = await services.archive.catalog.query<{ status: string }>(
        "SELECT status FROM items WHERE id = 'song-01'",
      );
      return row?.status === 'ready';
    });
    const { catalog, reindexed } = await catalogAndReindex(services.archive);
    expect(catalog).toEqual(reindexed);
  });
});

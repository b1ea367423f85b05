import { readdir, rename } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCommand } from '../../src/entry/cli/commands/ingest-command.js';
import { retryCommand } from '../../src/entry/cli/commands/retry-command.js';
import { type ArchiveStatus, statusCommand } from '../../src/entry/cli/commands/status-command.js';
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
import { openTestArchive } from '../support/test-archive.js';

/** One try only: the failures below stay failed until `heritage retry`. */
const noRetries = { backoffDelayMs: 50, maxBackoffMs: 50, retryForMs: 0 };

async function status(settings: Settings): Promise<ArchiveStatus> {
  const output = recordingOutput();
  await statusCommand({}, settings, output);
  return output.results[0] as ArchiveStatus;
}

async function itemStatus(services: Services, id: string): Promise<string | undefined> {
  const [row] = await services.archive.catalog.query<{ status: string }>(
    'SELECT status FROM items WHERE id = $1',
    [id],
  );
  return row?.status;
}

/** The stored file of `logicalPath` in v1 of the (only) object that has it, on the filesystem store. */
async function contentFile(dataDir: string, logicalPath: string) {
  const files = await readdir(dataDir, { recursive: true });
  const suffix = path.join('v1', 'content', logicalPath);
  const found = files.find((file) => file.endsWith(suffix));
  if (!found) throw new Error(`no stored file ends with ${suffix}`);
  return path.join(dataDir, found);
}

describe('heritage retry --failed after a step failed for a transient reason', () => {
  let settings: Settings;
  let services: Services;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const archive = await openTestArchive('postgres', { retry: noRetries });
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
  });

  afterAll(async () => {
    await services?.close();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('lists the item as failed, then re-runs its step and finalises it', async () => {
    // The original is out of reach while its step runs (storage trouble), then back.
    const stored = await contentFile(settings.dataDir, 'originals/song-01.txt');
    await rename(stored, `${stored}.away`);
    services = await openServices(settings, { workers: true, logger: quietLogger });
    await waitFor(
      'the step has failed',
      async () => (await itemStatus(services, 'song-01')) === 'failed',
    );
    await rename(`${stored}.away`, stored);

    const before = await status(settings);
    expect(before.failed.map((item) => item.id)).toContain('song-01');

    const output = recordingOutput();
    expect(await retryCommand([], { failed: true }, settings, output)).toBe(0);
    expect(output.results[0]).toMatchObject({
      outcomes: [{ itemId: 'song-01', action: 'steps', steps: 1 }],
    });
    await waitFor(
      'the item is ready',
      async () => (await itemStatus(services, 'song-01')) === 'ready',
    );

    const after = await status(settings);
    expect(after.failed).toEqual([]);
    expect(after.stuck).toEqual([]);
    expect(await repeatedVersions(services.archive, ['song-01'])).toEqual([]);
    const { catalog, reindexed } = await catalogAndReindex(services.archive);
    expect(catalog).toEqual(reindexed);
  });
});

describe('heritage status and retry after a finalise failed for good', () => {
  let settings: Settings;
  let proxy: TcpProxy;
  let services: Services;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const archive = await openArchiveBehindProxy({ retry: noRetries });
    cleanups.push(archive.cleanup);
    ({ settings, proxy } = archive);
    const deposit = await makeTempDir('faults-deposit');
    cleanups.push(deposit.remove);
    await writeDeposit(deposit.dir, { 'song-02.txt': 'Then nói "khửn" fạ\n' });
    await ingestCommand(
      deposit.dir,
      { collection: 'faults', workers: false, wait: false },
      settings,
      recordingOutput(),
    );
  });

  afterAll(async () => {
    await proxy.restore();
    await services?.close();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('names the item whose finalise job failed, and finishes it on retry', async () => {
    services = await openServices(settings, {
      workers: [QueueName.Transcripts],
      logger: quietLogger,
    });
    const finalise = services.queues.queue(QueueName.Finalise);
    const finaliseState = async () => {
      const [job] = await finalise.getJobs(['waiting', 'failed', 'completed', 'waiting-children']);
      return job?.getState();
    };
    await waitFor('the step is done', async () => (await finaliseState()) === 'waiting');
    await proxy.cut();
    const handlers = createJobHandlers(services.archive, services.queues, services.locks);
    const worker = await startWorkers({
      runtime: services.queues,
      settings,
      handlers: handlers.handlers,
      queues: [QueueName.Finalise],
      logger: quietLogger,
    });
    cleanups.push(async () => {
      await worker.stop();
      await handlers.close();
    });
    await waitFor('the finalise job has failed', async () => (await finaliseState()) === 'failed');
    await proxy.restore();

    const before = await status(settings);
    expect(before.failed).toContainEqual(
      expect.objectContaining({
        id: 'song-02',
        queue: 'finalise',
        detail: expect.stringMatching(/catalog database/),
      }),
    );

    expect(await retryCommand(['song-02'], {}, settings, recordingOutput())).toBe(0);
    await waitFor(
      'the item is ready',
      async () => (await itemStatus(services, 'song-02')) === 'ready',
    );
    const after = await status(settings);
    expect(after.failed).toEqual([]);
    expect(after.stuck).toEqual([]);
    expect(await repeatedVersions(services.archive, ['song-02'])).toEqual([]);
    const { catalog, reindexed } = await catalogAndReindex(services.archive);
    expect(catalog).toEqual(reindexed);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCommand } from '../../src/entry/cli/commands/ingest-command.js';
import { openServices } from '../../src/entry/services.js';
import type { Settings } from '../../src/infra/config/settings-schema.js';
import { buildIngestPlan } from '../../src/usecases/ingest/plan/build-ingest-plan.js';
import { runIngest } from '../../src/usecases/ingest/run/run-ingest.js';
import { recordingOutput } from '../support/annotation-archive.js';
import { catalogAndReindex, repeatedVersions } from '../support/archive-checks.js';
import { writeDeposit } from '../support/deposit.js';
import { makeTempDir, quietLogger } from '../support/redis.js';
import { openArchiveBehindProxy, type TcpProxy } from '../support/tcp-proxy.js';

const itemIds = ['song-01', 'song-02', 'song-03'];
const shortRetries = { backoffDelayMs: 100, maxBackoffMs: 400, retryForMs: 30_000 };

describe('an ingest while the catalog (PostgreSQL) is unreachable', () => {
  let settings: Settings;
  let proxy: TcpProxy;
  let folder: string;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const archive = await openArchiveBehindProxy({ retry: shortRetries });
    cleanups.push(archive.cleanup);
    ({ settings, proxy } = archive);
    const deposit = await makeTempDir('faults-deposit');
    cleanups.push(deposit.remove);
    folder = deposit.dir;
    await writeDeposit(
      folder,
      Object.fromEntries(itemIds.map((id) => [`${id}.txt`, `${id}: Then nói "khửn" fạ\n`])),
    );
  });

  afterAll(async () => {
    await proxy.restore();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('reports each item as failed, naming the catalog and what to check', async () => {
    const services = await openServices(settings, { workers: false, logger: quietLogger });
    try {
      const plan = await buildIngestPlan({ folder, collection: 'faults' });
      await proxy.cut();
      const report = await runIngest(services, plan, settings);
      await proxy.restore();
      expect(report.failed.map((failure) => failure.itemId).sort()).toEqual(itemIds);
      for (const failure of report.failed)
        expect(failure.reason).toMatch(/^the catalog database failed: .*DATABASE_URL/);
      // The objects were written before the catalog failed.
      for (const id of itemIds) expect(await services.archive.objects.hasObject(id)).toBe(true);
    } finally {
      await proxy.restore();
      await services.close();
    }
  });

  it('repairs the catalog rows and the processing of those items on the next ingest', async () => {
    const output = recordingOutput();
    const code = await ingestCommand(folder, { collection: 'faults' }, settings, output);
    expect(output.errors).toEqual([]);
    expect(code).toBe(0);

    const services = await openServices(settings, { workers: false, logger: quietLogger });
    try {
      expect(await repeatedVersions(services.archive, itemIds)).toEqual([]);
      const { catalog, reindexed } = await catalogAndReindex(services.archive);
      expect(catalog.items.map((item) => [item.id, item.status])).toEqual(
        itemIds.map((id) => [id, 'ready']),
      );
      expect(catalog).toEqual(reindexed);
    } finally {
      await services.close();
    }
  });
});

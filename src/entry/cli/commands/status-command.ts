import { setTimeout as sleep } from 'node:timers/promises';
import { CatalogLockedError } from '../../../infra/catalog/catalog-folder-lock.js';
import type { Database } from '../../../infra/catalog/database.js';
import { openCatalogDatabase } from '../../../infra/catalog/open-catalog-database.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import { allQueueNames } from '../../../jobs/names.js';
import { openQueueRuntime } from '../../../jobs/queue-runtime.js';
import { findFlowProblems } from '../../../usecases/recovery/flow-problems.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

export interface ArchiveStatus {
  items: Record<string, number>;
  /**
   * Items whose processing failed: by their catalog status, or by a failed job in any
   * queue (`queue` and `job` then say which); `heritage retry --failed` retries them.
   */
  failed: { id: string; detail: string | null; queue?: string; job?: string }[];
  /** Items left processing with no job waiting or running: `heritage retry --stuck`. */
  stuck: { id: string; since: string }[];
  quarantined: { batch: string; file: string; reason: string; at: string }[];
  queues: Record<string, Record<string, number>>;
}

/** `heritage status [--watch]`: items by status, failures with their reasons, queue counts. */
export async function statusCommand(
  options: { watch?: boolean },
  settings: Settings,
  output: Output,
): Promise<number> {
  const queues = await openQueueRuntime(settings, {
    prefix: settings.queuePrefix,
    logger: { info: () => {}, warn: () => {}, error: output.error },
  });
  let catalog: Database | undefined;
  try {
    do {
      catalog ??= await openCatalogUnlessBusy(settings, output);
      const status = await readStatus(catalog, queues);
      if (options.watch && !output.json) process.stdout.write('\x1b[2J\x1b[H');
      printStatus(status, output);
      output.result(status);
      if (options.watch) await sleep(2_000);
    } while (options.watch);
  } finally {
    await queues.close();
    await catalog?.close();
  }
  return ExitCode.Ok;
}

/**
 * The in-process PGlite catalog (`HERITAGE_EMBEDDED_CATALOG=pglite`) serves one
 * process at a time: while an ingest runs, status shows the queues and says why item
 * details are missing, and a `--watch` picks the catalog up as soon as the ingest ends.
 */
async function openCatalogUnlessBusy(
  settings: Settings,
  output: Output,
): Promise<Database | undefined> {
  try {
    return await openCatalogDatabase(settings);
  } catch (error) {
    if (!(error instanceof CatalogLockedError)) throw error;
    output.line(
      `The catalog is in use by process ${error.holderPid ?? '(unknown)'}: item details appear when it finishes (set DATABASE_URL to share the catalog between processes).`,
    );
    return undefined;
  }
}

async function readStatus(
  catalog: Database | undefined,
  queues: Awaited<ReturnType<typeof openQueueRuntime>>,
): Promise<ArchiveStatus> {
  const queueCounts: ArchiveStatus['queues'] = {};
  for (const name of allQueueNames) {
    queueCounts[name] = await queues
      .queue(name)
      .getJobCounts('waiting', 'active', 'delayed', 'waiting-children', 'completed', 'failed');
  }
  const problems = await findFlowProblems(queues, catalog);
  const failedJobs = problems.failed.map((job) => ({
    id: job.itemId,
    detail: `${job.step}: ${job.reason}`,
    queue: job.queue,
    job: job.jobId,
  }));
  const stuck = problems.stuck.map((item) => ({ id: item.itemId, since: item.since }));
  if (!catalog)
    return { items: {}, failed: failedJobs, stuck, quarantined: [], queues: queueCounts };
  const counts = await catalog.query<{ status: string; count: number }>(
    'SELECT status, count(*)::int AS count FROM items GROUP BY status ORDER BY status',
  );
  const failed = await catalog.query<{ id: string; status_detail: string | null }>(
    "SELECT id, status_detail FROM items WHERE status = 'failed' ORDER BY updated_at DESC LIMIT 50",
  );
  const quarantined = await catalog.query<{
    batch: string;
    file_path: string;
    reason: string;
    occurred_at: Date;
  }>('SELECT batch, file_path, reason, occurred_at FROM quarantine ORDER BY id DESC LIMIT 50');
  return {
    items: Object.fromEntries(counts.map((row) => [row.status, row.count])),
    failed: [
      ...failed
        .filter((row) => !failedJobs.some((job) => job.id === row.id))
        .map((row) => ({ id: row.id, detail: row.status_detail })),
      ...failedJobs,
    ],
    stuck,
    quarantined: quarantined.map((row) => ({
      batch: row.batch,
      file: row.file_path,
      reason: row.reason,
      at: new Date(row.occurred_at).toISOString(),
    })),
    queues: queueCounts,
  };
}

function printStatus(status: ArchiveStatus, output: Output): void {
  const items = Object.entries(status.items);
  output.line(
    `Items: ${items.length === 0 ? 'none yet' : items.map(([state, count]) => `${count} ${state}`).join(', ')}`,
  );
  for (const item of status.failed) {
    const where = item.queue ? ` (${item.queue} job ${item.job})` : '';
    output.line(`  failed ${item.id}${where}: ${item.detail ?? 'no reason recorded'}`);
  }
  for (const item of status.stuck)
    output.line(`  stuck ${item.id}: processing since ${item.since} with no job under way`);
  if (status.failed.length > 0 || status.stuck.length > 0)
    output.line('  Once the cause is fixed: heritage retry --failed --stuck');
  if (status.quarantined.length > 0) {
    output.line('Quarantined files (latest first):');
    for (const file of status.quarantined)
      output.line(`  ${file.file} ${file.reason} (batch ${file.batch})`);
  }
  output.line('Queues:');
  for (const [name, counts] of Object.entries(status.queues)) {
    const shown = Object.entries(counts)
      .filter(([, count]) => count > 0)
      .map(([state, count]) => `${count} ${state}`);
    output.line(`  ${name.padEnd(12)} ${shown.join(', ') || 'idle'}`);
  }
}

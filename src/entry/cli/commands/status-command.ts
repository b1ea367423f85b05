import { setTimeout as sleep } from 'node:timers/promises';
import { CatalogLockedError } from '../../../infra/catalog/catalog-folder-lock.js';
import type { Database } from '../../../infra/catalog/database.js';
import { openCatalogDatabase } from '../../../infra/catalog/open-catalog-database.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import { openQueueRuntime } from '../../../jobs/queue-runtime.js';
import { localAdmin } from '../../../model/archive-operator.js';
import { type Person, publicPerson } from '../../../model/person.js';
import {
  type ArchiveStatus,
  readArchiveStatus,
} from '../../../usecases/recovery/archive-status.js';
import { statusVisibleTo } from '../../../usecases/recovery/status-visible-to.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';
import { type ActingOptions, actingPerson, namedUser } from './acting-user.js';

export type { ArchiveStatus };

/**
 * `heritage status [--watch]`: items by status, failures with their reasons, queue
 * counts, of what the acting user may see.
 */
export async function statusCommand(
  options: ActingOptions & { watch?: boolean },
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
      const who = await personWhile(catalog, options);
      const status = await statusVisibleTo(await readArchiveStatus(catalog, queues), catalog, who);
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
 * The acting person; while the catalog is busy a named user cannot be looked up, and
 * is shown nothing of the items until it is free.
 */
async function personWhile(catalog: Database | undefined, options: ActingOptions): Promise<Person> {
  if (catalog) return actingPerson(catalog, options);
  return namedUser(options) === undefined ? localAdmin : publicPerson;
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
  if (Object.keys(status.queues).length > 0) output.line('Queues:');
  for (const [name, counts] of Object.entries(status.queues)) {
    const shown = Object.entries(counts)
      .filter(([, count]) => count > 0)
      .map(([state, count]) => `${count} ${state}`);
    output.line(`  ${name.padEnd(12)} ${shown.join(', ') || 'idle'}`);
  }
}

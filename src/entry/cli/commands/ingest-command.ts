import { stat } from 'node:fs/promises';
import { startCatalogServerAhead } from '../../../infra/catalog/open-catalog-database.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import { formatManifestProblem } from '../../../usecases/ingest/manifest/manifest-problem.js';
import type { IngestPlan } from '../../../usecases/ingest/plan/ingest-plan.js';
import { planIngest } from '../../../usecases/ingest/plan/plan-ingest.js';
import { inspectAhead } from '../../../usecases/ingest/run/inspect-ahead.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import type { Output } from '../output.js';
import { IngestProgressDisplay } from '../progress-display.js';
import { summarisePlan } from './ingest-plan-summary.js';

export interface IngestCommandOptions {
  manifest?: string;
  collection?: string;
  dryRun?: boolean;
  /** Ingest the valid rows of a manifest with problems (the bad rows are reported). */
  skipInvalidRows?: boolean;
  /** Wait until every item's processing is finalised (default true). */
  wait?: boolean;
  /** Run workers in this process (default true); without them, other `heritage worker` processes do the work. */
  workers?: boolean;
  /** Keep unknown columns that look like typos of known ones as `extra`. */
  keepUnknownColumns?: boolean;
}

/** `heritage ingest <folder>`: the archivist's main job. Returns the exit code. */
export async function ingestCommand(
  folder: string,
  options: IngestCommandOptions,
  settings: Settings,
  output: Output,
): Promise<number> {
  await requireExisting(folder, 'folder');
  if (options.manifest !== undefined) await requireExisting(options.manifest, 'file');
  const plan = await planIngest(
    {
      folder,
      manifest: options.manifest,
      collection: options.collection,
      keepUnknownColumns: options.keepUnknownColumns ?? false,
    },
    settings,
  );
  for (const problem of plan.problems) output.error(`problem: ${formatManifestProblem(problem)}`);
  if (plan.problems.length > 0 && !options.skipInvalidRows) {
    output.error(
      `${plan.problems.length} problem(s) found; nothing was written. Fix them, or pass --skip-invalid-rows to ingest the rest.`,
    );
    output.result({ ok: false, problems: plan.problems });
    return ExitCode.Failure;
  }
  if (options.dryRun) {
    printPlan(plan, output);
    output.result({ ok: true, dryRun: true, plan: summarisePlan(plan) });
    return ExitCode.Ok;
  }

  // The plan is good: the catalog server (on a fresh data folder, `initdb`) starts
  // while the rest is measured, inspected and loaded.
  startCatalogServerAhead(settings);
  const totalBytes = await plannedBytes(plan);
  const display = new IngestProgressDisplay(!output.json && process.stderr.isTTY === true, {
    bytes: totalBytes,
    items: plan.items.length,
  });
  // Hashing and probing the first items need neither the catalog nor Redis: they go on
  // while those start (on a fresh data folder, a server each) and while the modules
  // that write the archive load.
  const inspections = inspectAhead(plan.items, settings, (bytes) =>
    display.bytesHashed(bytes, totalBytes),
  );
  let archivePlan: typeof import('./ingest-archive-plan.js').archivePlan;
  try {
    ({ archivePlan } = await import('./ingest-archive-plan.js'));
  } catch (error) {
    inspections.stop();
    display.stop();
    throw error;
  }
  return archivePlan(
    plan,
    { inspections, display, wait: options.wait ?? true, workers: options.workers ?? true },
    settings,
    output,
  );
}

/** A missing or wrong-kind folder or manifest is bad usage: one line naming it, exit 2. */
async function requireExisting(given: string, kind: 'folder' | 'file'): Promise<void> {
  const stats = await stat(given).catch(() => undefined);
  const what = kind === 'folder' ? 'deposit folder' : 'manifest';
  if (!stats) throw new UsageError(`${what} ${given} does not exist`);
  if (kind === 'folder' ? !stats.isDirectory() : !stats.isFile())
    throw new UsageError(`${what} ${given} is not a ${kind === 'folder' ? 'folder' : 'file'}`);
}

async function plannedBytes(plan: IngestPlan): Promise<number> {
  let total = 0;
  for (const planned of plan.items)
    for (const file of planned.files) total += (await stat(file.absolutePath)).size;
  return total;
}

function printPlan(plan: IngestPlan, output: Output): void {
  output.line(`Plan for ${plan.folder}${plan.manifest ? ` with ${plan.manifest}` : ''}:`);
  for (const planned of plan.items) {
    const from = planned.source.kind === 'manifest' ? `row ${planned.source.row}` : 'by file name';
    const { accessProtocol, consent } = planned.item;
    const consentText = consent.withdrawn ? 'withdrawn' : consent.uses.join('; ');
    output.line(
      `  ${planned.item.collection}/${planned.item.id} (${from}; access ${accessProtocol}; consent ${consentText}): ${planned.files.map((file) => file.relativePath).join(', ') || 'no files'}`,
    );
  }
  for (const refused of plan.refused)
    output.line(`  refused: ${refused.relativePath} ${refused.reason}`);
  output.line(
    `${plan.items.length} item(s), ${plan.items.reduce((sum, planned) => sum + planned.files.length, 0)} file(s); nothing written (--dry-run).`,
  );
}

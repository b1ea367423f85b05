import { stat } from 'node:fs/promises';
import type { Settings } from '../../../infra/config/settings-schema.js';
import { formatManifestProblem } from '../../../usecases/ingest/manifest/manifest-problem.js';
import type { IngestPlan } from '../../../usecases/ingest/plan/ingest-plan.js';
import { planIngest } from '../../../usecases/ingest/plan/plan-ingest.js';
import { FlowTracker } from '../../../usecases/ingest/run/flow-tracker.js';
import { type ItemNotReady, ingestOutcome } from '../../../usecases/ingest/run/ingest-outcome.js';
import { inspectAhead } from '../../../usecases/ingest/run/inspect-ahead.js';
import { type IngestReport, runIngest } from '../../../usecases/ingest/run/run-ingest.js';
import { findFlowProblems } from '../../../usecases/recovery/flow-problems.js';
import { openServices, type Services } from '../../services.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { type Output, warningsAndErrors } from '../output.js';
import { IngestProgressDisplay } from '../progress-display.js';

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

  const wait = options.wait ?? true;
  const totalBytes = await plannedBytes(plan);
  const display = new IngestProgressDisplay(!output.json && process.stderr.isTTY === true, {
    bytes: totalBytes,
    items: plan.items.length,
  });
  // Hashing and probing the first items need neither the catalog nor Redis: they go on
  // while those start (on a fresh data folder, a server each).
  const inspections = inspectAhead(plan.items, settings, (bytes) =>
    display.bytesHashed(bytes, totalBytes),
  );
  let services: Services;
  try {
    services = await openServices(settings, {
      workers: options.workers ?? true,
      logger: warningsAndErrors(output),
    });
  } catch (error) {
    inspections.stop();
    display.stop();
    throw error;
  }
  try {
    const tracker = new FlowTracker(services.queues);
    await tracker.start();
    tracker.onChange(() => display.jobs(tracker.counts()));
    let archived = 0;
    let failed = 0;
    const report = await runIngest(
      services,
      plan,
      settings,
      {
        onItemArchived: () => display.itemArchived(++archived, plan.items.length, failed),
        onItemFailed: () => display.itemArchived(archived, plan.items.length, ++failed),
        onFlowAdded: (_itemId, jobs) => {
          tracker.expect(jobs);
          display.jobs(tracker.counts());
        },
      },
      { inspections },
    );
    await tracker.catchUp();
    const counts = wait ? await tracker.allFinished() : tracker.counts();
    display.stop();
    const { statuses, notReady, succeeded } = await ingestOutcome(
      services.archive.catalog,
      plan,
      report,
      wait
        ? { failedJobs: (await findFlowProblems(services.queues, undefined)).failed }
        : undefined,
    );
    printSummary(plan, report, statuses, notReady, output, wait);
    output.result({
      ok: succeeded,
      batch: report.batch,
      plan: summarisePlan(plan),
      report,
      jobs: counts,
      statuses,
      notReady,
    });
    return succeeded ? ExitCode.Ok : ExitCode.Failure;
  } finally {
    await services.close();
  }
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

function summarisePlan(plan: IngestPlan) {
  return {
    folder: plan.folder,
    manifest: plan.manifest,
    collections: plan.collections.map((collection) => collection.id),
    items: plan.items.map((planned) => ({
      id: planned.item.id,
      collection: planned.item.collection,
      accessProtocol: planned.item.accessProtocol,
      consent: planned.item.consent,
      source: planned.source,
      files: planned.files.map((file) => file.relativePath),
    })),
    refused: plan.refused,
  };
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

function printSummary(
  plan: IngestPlan,
  report: IngestReport,
  statuses: ReadonlyMap<string, { status: string }>,
  notReady: readonly ItemNotReady[],
  output: Output,
  waited: boolean,
): void {
  const by = (outcome: string) =>
    report.results.filter((result) => result.outcome === outcome).length;
  output.line(
    `Batch ${report.batch}: ${by('created')} item(s) created, ${by('updated')} updated, ${by('unchanged')} unchanged.`,
  );
  for (const refused of plan.refused)
    output.line(`  refused: ${refused.relativePath} ${refused.reason}`);
  for (const result of report.results) {
    for (const file of result.quarantined)
      output.line(`  quarantined: ${file.originalName} ${file.reason} (item ${result.itemId})`);
  }
  for (const failure of report.failed)
    output.line(`  failed: item ${failure.itemId}: ${failure.reason}`);
  if (waited) {
    for (const item of notReady)
      output.line(
        `  not ready: ${item.id} (${item.status}): ${item.detail ?? 'no reason recorded'}`,
      );
    const ready = [...statuses.values()].filter((status) => status.status === 'ready').length;
    output.line(`${ready} of ${report.results.length} item(s) ready.`);
    if (notReady.length > 0 || report.failed.length > 0)
      output.line(
        'Once the cause is fixed, `heritage retry --failed --stuck` (or the same ingest again) finishes them.',
      );
  } else {
    output.line('Processing continues in the workers; follow it with `heritage status --watch`.');
  }
}

import type { Settings } from '../../../infra/config/settings-schema.js';
import type { IngestPlan } from '../../../usecases/ingest/plan/ingest-plan.js';
import { FlowTracker } from '../../../usecases/ingest/run/flow-tracker.js';
import { type ItemNotReady, ingestOutcome } from '../../../usecases/ingest/run/ingest-outcome.js';
import type { ItemInspections } from '../../../usecases/ingest/run/inspect-ahead.js';
import { type IngestReport, runIngest } from '../../../usecases/ingest/run/run-ingest.js';
import { findFlowProblems } from '../../../usecases/recovery/flow-problems.js';
import { openServices, type Services } from '../../services.js';
import { ExitCode } from '../exit-codes.js';
import { type Output, warningsAndErrors } from '../output.js';
import type { IngestProgressDisplay } from '../progress-display.js';
import { summarisePlan } from './ingest-plan-summary.js';

export interface ArchivePlanRun {
  /** The plan's items, already being inspected. */
  inspections: ItemInspections;
  display: IngestProgressDisplay;
  /** Wait until every item's processing is finalised. */
  wait: boolean;
  /** Run workers in this process. */
  workers: boolean;
}

/**
 * The writing half of `heritage ingest`: opens the archive and the queues, archives a
 * checked plan's items, waits for their processing and reports. A module of its own,
 * loaded once the plan is known to be good, so that everything it needs (catalog,
 * queues, handlers) loads while the catalog server starts.
 */
export async function archivePlan(
  plan: IngestPlan,
  run: ArchivePlanRun,
  settings: Settings,
  output: Output,
): Promise<number> {
  const { inspections, display, wait } = run;
  let services: Services;
  try {
    services = await openServices(settings, {
      workers: run.workers,
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

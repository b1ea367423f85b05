import { openArchive } from '../../../archive/archive.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import type { OcflStorageRoot, VerifyReport } from '../../../infra/ocfl/index.js';
import { heritageAgent } from '../../../infra/package/heritage-version.js';
import type { ArchiveEvent } from '../../../model/event.js';
import { newEvent } from '../../../model/event-log.js';
import { newFixityRunId, recordFixityChecks } from '../../../usecases/verify/fixity-log.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

/** What was found for one object: its report, or (unreadable) its root and the problem alone. */
type Checked = Pick<VerifyReport, 'objectId' | 'head' | 'ok' | 'contentFilesChecked' | 'problems'>;

/**
 * `heritage verify [ids...]`: recomputes every digest of every version of the objects
 * (all by default). A damaged object is reported and the run carries on with the
 * rest. The run's fixity-check events are kept in a fixity log object and added to the
 * items' history in the catalog.
 */
export async function verifyCommand(
  ids: string[],
  settings: Settings,
  output: Output,
): Promise<number> {
  const archive = await openArchive(settings);
  try {
    const runId = newFixityRunId();
    const reports: Checked[] = [];
    const events: ArchiveEvent[] = [];
    let index = 0;
    for await (const target of targets(archive.objects, ids)) {
      index += 1;
      const report =
        'problem' in target ? target : await checkObject(archive.objects, target.objectId);
      reports.push(report);
      events.push(fixityEvent(report, runId));
      output.line(
        `[${index}${ids.length > 0 ? `/${ids.length}` : ''}] ${report.ok ? 'ok  ' : 'FAIL'} ${report.objectId} (${report.head ?? 'no head'}, ${report.contentFilesChecked} files)`,
      );
      for (const problem of report.problems)
        output.line(`       ${problem.path}: ${problem.problem}`);
    }
    const damaged = reports.filter((report) => !report.ok).map((report) => report.objectId);
    const fixityLog =
      events.length > 0 ? await recordFixityChecks(archive, runId, events) : undefined;
    output.line(
      damaged.length === 0
        ? `All ${reports.length} object(s) intact.`
        : `${damaged.length} of ${reports.length} object(s) have problems: ${damaged.join(', ')}`,
    );
    output.result({ ok: damaged.length === 0, damaged, fixityLog, reports });
    return damaged.length === 0 ? ExitCode.Ok : ExitCode.Failure;
  } finally {
    await archive.close();
  }
}

/** The objects named, or every object in the storage root, unreadable ones included. */
async function* targets(
  objects: OcflStorageRoot,
  ids: string[],
): AsyncGenerator<{ objectId: string } | (Checked & { problem: string })> {
  if (ids.length > 0) {
    for (const objectId of ids) yield { objectId };
    return;
  }
  for await (const found of objects.scanObjects()) {
    if (found.objectId !== undefined) {
      yield { objectId: found.objectId };
      continue;
    }
    // No readable inventory: the object is named by where it lies.
    const problems = [{ path: 'inventory.json', problem: found.problem }];
    yield {
      objectId: found.objectRoot,
      head: undefined,
      ok: false,
      contentFilesChecked: 0,
      problems,
      problem: found.problem,
    };
  }
}

async function checkObject(objects: OcflStorageRoot, objectId: string): Promise<Checked> {
  try {
    return await objects.verifyObject(objectId);
  } catch (error) {
    const problems = [{ path: '.', problem: (error as Error).message }];
    return { objectId, head: undefined, ok: false, contentFilesChecked: 0, problems };
  }
}

function fixityEvent(report: Checked, runId: string): ArchiveEvent {
  return newEvent({
    type: 'fixity check',
    agent: heritageAgent,
    outcome: report.ok ? 'success' : 'failure',
    detail: report.ok
      ? `${report.contentFilesChecked} content file(s) of ${report.head} match their sha512 and sha256`
      : report.problems.map((problem) => `${problem.path}: ${problem.problem}`).join('; '),
    data: { item: report.objectId, run: runId, version: report.head ?? null },
  });
}

import pMap from 'p-map';
import type { Archive } from '../../archive/archive.js';
import type { OcflStorageRoot, VerifyReport } from '../../infra/ocfl/index.js';
import { heritageAgent } from '../../infra/package/heritage-version.js';
import type { ArchiveEvent } from '../../model/event.js';
import { newEvent } from '../../model/event-log.js';
import { newFixityRunId, recordFixityChecks } from './fixity-log.js';

/**
 * Objects checked at once. Measured on 2 cores with small objects: the run stops
 * gaining beyond a few, as libuv's 4 file threads are then always busy.
 */
const OBJECTS_AT_ONCE = 8;

/** What was found for one object: its report, or (unreadable) its root and the problem alone. */
export type ObjectCheck = Pick<
  VerifyReport,
  'objectId' | 'head' | 'ok' | 'contentFilesChecked' | 'problems'
>;

/** The outcome of a verify run. */
export interface ArchiveVerification {
  reports: ObjectCheck[];
  /** Ids (or roots, when unreadable) of the objects with problems. */
  damaged: string[];
  /** Object id of the run's fixity log; undefined when no object was checked. */
  fixityLog: string | undefined;
}

/**
 * Recomputes every digest of every version of the objects named (all objects, by
 * default). A damaged object is reported and the run carries on with the rest.
 * `onChecked` hears of each object as it is done (`index` counts from 1). The run's
 * fixity-check events are kept in a fixity log object and added to the items' history
 * in the catalog.
 */
export async function verifyArchive(
  archive: Archive,
  ids: readonly string[],
  onChecked?: (report: ObjectCheck, index: number) => void,
): Promise<ArchiveVerification> {
  const runId = newFixityRunId();
  let done = 0;
  // Several objects at once: checking one is mostly waiting for small reads, and the
  // scan that finds the next objects runs meanwhile. The reports keep the scan's order.
  const checks = await pMap(
    targets(archive.objects, ids),
    async (target) => {
      const report = await checkObject(archive.objects, target);
      done += 1;
      onChecked?.(report, done);
      return { report, event: fixityEvent(report, runId) };
    },
    { concurrency: OBJECTS_AT_ONCE },
  );
  const reports = checks.map((check) => check.report);
  const events: ArchiveEvent[] = checks.map((check) => check.event);
  const damaged = reports.filter((report) => !report.ok).map((report) => report.objectId);
  const fixityLog =
    events.length > 0 ? await recordFixityChecks(archive, runId, events) : undefined;
  return { reports, damaged, fixityLog };
}

/**
 * The objects named, or every object root of the storage root (each named then by its
 * own inventory, which its check reads anyway; unreadable ones included).
 */
async function* targets(
  objects: OcflStorageRoot,
  ids: readonly string[],
): AsyncGenerator<{ objectId: string } | { objectRoot: string }> {
  if (ids.length > 0) {
    for (const objectId of ids) yield { objectId };
    return;
  }
  for await (const objectRoot of objects.scanObjectRoots()) yield { objectRoot };
}

async function checkObject(
  objects: OcflStorageRoot,
  target: { objectId: string } | { objectRoot: string },
): Promise<ObjectCheck> {
  try {
    return 'objectId' in target
      ? await objects.verifyObject(target.objectId)
      : await objects.verifyObjectRoot(target.objectRoot);
  } catch (error) {
    const objectId = 'objectId' in target ? target.objectId : target.objectRoot;
    const problems = [{ path: '.', problem: (error as Error).message }];
    return { objectId, head: undefined, ok: false, contentFilesChecked: 0, problems };
  }
}

function fixityEvent(report: ObjectCheck, runId: string): ArchiveEvent {
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

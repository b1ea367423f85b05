import { Readable } from 'node:stream';
import { UnrecoverableError } from 'bullmq';
import type { Archive } from '../archive/archive.js';
import type { ItemLocks } from '../archive/item-lock.js';
import { metadataFiles } from '../archive/metadata-files.js';
import { mirrorItem } from '../archive/mirror-item.js';
import { readItemMetadata } from '../archive/object-files.js';
import { heritageAgent } from '../infra/package/heritage-version.js';
import { inService } from '../infra/queue/classify-failure.js';
import { anyItemJobResultSchema, type ItemJobResult } from '../jobs/item-job-result.js';
import type { ItemJobPayload, JobOf, JobResult } from '../jobs/job-contract.js';
import { type FailedJob, mergeJobResults } from '../jobs/merge-job-results.js';
import type { JobName, QueueName } from '../jobs/names.js';
import { itemStatusOf } from '../jobs/pending-jobs.js';
import type { QueueRuntime } from '../jobs/queue-runtime.js';
import { appendEvents, parseEvents } from '../model/event-log.js';
import { mergeTranscriptResults } from '../usecases/annotations/merge-transcript-results.js';

/**
 * `finalise-item`, the parent of an item's flow and the one place that archives
 * processing results: it collects the children's results and failures, writes the
 * item's next object version (derivatives moved in from the work area, metadata and
 * events) and the catalog rows, then clears the work area.
 */
export async function finaliseItemHandler(
  archive: Archive,
  runtime: QueueRuntime,
  locks: ItemLocks,
  job: JobOf<typeof JobName.FinaliseItem>,
): Promise<JobResult[typeof JobName.FinaliseItem]> {
  const { itemId } = job.data;
  // Each child's result is read by its job's schema in the contract, told apart by `step`.
  const results = Object.values(await job.getChildrenValues()).map((value) =>
    anyItemJobResultSchema.parse(value),
  );
  const failures = await failedChildren(runtime, await job.getIgnoredChildrenFailures());

  const summary = await locks.withLock(itemId, async () => {
    const current = await inService('storage', () => readItemMetadata(archive.objects, itemId));
    if (!current) throw new UnrecoverableError(`item ${itemId} has no archive object to finalise`);
    const merged = mergeJobResults(current.record, results, failures);
    // A retried finalise brings the same events again: keep each once.
    const known = new Set(parseEvents(current.eventsJsonl).map((event) => event.id));
    const transcripts = await mergeTranscriptResults(archive, itemId, current.version, results);
    const eventsJsonl = appendEvents(current.eventsJsonl, [
      ...merged.events.filter((event) => !known.has(event.id)),
      ...transcripts.events,
    ]);
    const derivatives = merged.toArchive.map((derivative) => ({
      logicalPath: derivative.path,
      body: openWhenRead(() => archive.work.get(derivative.workKey)),
      sha256: derivative.sha256,
    }));
    // Unchanged content (a retry after the version was written) writes no version.
    const commit = await inService('storage', () =>
      archive.objects.commitVersion(
        itemId,
        {
          add: [...derivatives, ...transcripts.files, ...metadataFiles(merged.record, eventsJsonl)],
        },
        {
          message: `Processing results: ${results.length} step(s) done, ${failures.length} failed`,
          user: { name: heritageAgent },
        },
      ),
    );
    const status = itemStatusOf(merged.record);
    // The catalog follows the object, so a retry also writes what an earlier try left out.
    await mirrorItem(
      archive,
      { record: merged.record, version: commit.version, eventsJsonl },
      status,
    );
    return {
      itemId,
      version: commit.version,
      status: status.status,
      derivatives: merged.toArchive.length,
      failedSteps: failures.length,
    };
  });
  await clearWorkArea(archive, results);
  return summary;
}

/** Failed children's name and asset, read from the jobs BullMQ keeps after failure. */
async function failedChildren(
  runtime: QueueRuntime,
  failures: Record<string, string>,
): Promise<FailedJob[]> {
  return Promise.all(
    Object.entries(failures).map(async ([key, reason]) => {
      // Keys are `<prefix>:<queue>:<job id>`; job ids contain no `:`.
      const [queueName, jobId] = key.split(':').slice(-2) as [QueueName, string];
      const child = await runtime.queue(queueName).getJob(jobId);
      // The children of an item's flow are processing jobs, added with their payload.
      const data = child?.data as ItemJobPayload | undefined;
      return { name: child?.name ?? queueName, asset: data?.asset ?? '', reason };
    }),
  );
}

/** A stream that opens its source on first read, so many derivatives do not hold many open streams. */
function openWhenRead(open: () => Promise<Readable>): Readable {
  return Readable.from(
    (async function* () {
      yield* await open();
    })(),
  );
}

async function clearWorkArea(archive: Archive, results: ItemJobResult[]): Promise<void> {
  for (const result of results) {
    for (const derivative of result.derivatives)
      await archive.work.delete(derivative.workKey).catch(() => undefined);
  }
}

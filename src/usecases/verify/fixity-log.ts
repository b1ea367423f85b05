import { randomBytes } from 'node:crypto';
import type { Archive } from '../../archive/archive.js';
import { readObjectText } from '../../archive/object-files.js';
import { existingItemIds } from '../../infra/catalog/item-queries.js';
import { saveEventRows } from '../../infra/catalog/item-rows.js';
import { heritageAgent } from '../../infra/package/heritage-version.js';
import type { ArchiveEvent } from '../../model/event.js';
import { appendEvents, parseEvents } from '../../model/event-log.js';

/*
 * The fixity checks of one `heritage verify` run are kept in the archive, in an OCFL
 * object of their own, `urn:heritage:fixity:<run>`, holding `events.jsonl`: one PREMIS
 * `fixity check` event per object checked, whose `data.item` names the object. So
 * `reindex` puts the history back, and the log is itself fixity-checked by the next run.
 * One object per run, rather than a version of every item per run: a run over n items
 * costs one commit instead of n, and leaves the items as they were (a check changes
 * nothing in what it checks). Its id contains `:`, which item ids cannot.
 */

const OBJECT_ID_PREFIX = 'urn:heritage:fixity:';
const EVENTS_PATH = 'events.jsonl';

/** True for the fixity log object of a verify run. */
export function isFixityLogObject(objectId: string): boolean {
  return objectId.startsWith(OBJECT_ID_PREFIX);
}

/** A new run id: sortable by time, unique across machines. */
export function newFixityRunId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(4).toString('hex')}`;
}

/**
 * Writes the run's events as its fixity log object, then adds the events of the
 * objects the catalog knows as items to their history. Returns the log's object id.
 */
export async function recordFixityChecks(
  archive: Archive,
  runId: string,
  events: readonly ArchiveEvent[],
): Promise<string> {
  const objectId = `${OBJECT_ID_PREFIX}${runId}`;
  await archive.objects.commitVersion(
    objectId,
    { add: [{ logicalPath: EVENTS_PATH, body: appendEvents('', [...events]) }] },
    { message: `Fixity check run ${runId}`, user: { name: heritageAgent } },
  );
  await saveItemEvents(archive, events);
  return objectId;
}

/** Puts the events of a fixity log back into the catalog (for `reindex`, after the items). */
export async function reindexFixityLog(archive: Archive, objectId: string): Promise<void> {
  const jsonl = await readObjectText(archive.objects, objectId, EVENTS_PATH);
  if (jsonl === undefined) throw new Error(`has no ${EVENTS_PATH}`);
  await saveItemEvents(archive, parseEvents(jsonl));
}

/** Saves the events whose object is an item the catalog has; the others have no history there. */
async function saveItemEvents(archive: Archive, events: readonly ArchiveEvent[]): Promise<void> {
  const named = [...new Set(events.map(itemOf))];
  const known = await existingItemIds(archive.catalog, named);
  await saveEventRows(
    archive.catalog,
    events
      .filter((event) => known.has(itemOf(event)))
      .map((event) => ({ itemId: itemOf(event), event })),
  );
}

function itemOf(event: ArchiveEvent): string {
  const item = event.data?.item;
  if (typeof item !== 'string') throw new Error(`fixity event ${event.id} names no object`);
  return item;
}

import { isDeepStrictEqual } from 'node:util';
import type { Archive } from '../../archive/archive.js';
import type { ItemLocks } from '../../archive/item-lock.js';
import { withItemHead, writeItemVersion } from '../../archive/item-version.js';
import type { Contributor } from '../../model/contributor.js';
import { newEvent } from '../../model/event-log.js';
import type { Item } from '../../model/item.js';
import type { ItemRecord } from '../../model/item-record.js';
import type { FieldChange, ItemChangeResult } from './change-item.js';

/**
 * The descriptive fields an archivist may edit. Who may see or use the item (protocol,
 * consent, collection) is not among them: that is `changeItem`'s explicit, recorded act.
 * `null` clears an optional field.
 */
export interface ItemDescriptionEdit {
  title?: string;
  description?: string | null;
  genre?: string | null;
  place?: string | null;
  /** EDTF, already normalised (`normaliseArchivalDate`). */
  date?: string | null;
  /** BCP-47 tags, already normalised. */
  languages?: string[];
  contributors?: Contributor[];
  tkLabels?: string[];
  licence?: string | null;
}

export interface ItemDescriptionRequest {
  itemId: string;
  edit: ItemDescriptionEdit;
  /** Who: the event's agent and the version's user. */
  author: string;
  /** Why, when said: recorded with the event. */
  reason?: string;
}

const describedFields = [
  'title',
  'description',
  'genre',
  'place',
  'date',
  'languages',
  'contributors',
  'tkLabels',
  'licence',
] as const satisfies readonly (keyof ItemDescriptionEdit & keyof Item)[];

/**
 * Edits an item's descriptive metadata as its next object version (`item.json`,
 * RO-Crate, events), under the item's lock, with a PREMIS `metadata modification`
 * event naming the agent and every old and new value, and updates the catalog. An edit
 * that changes nothing writes no version, so a retried request is harmless.
 */
export async function editItemDescription(
  archive: Archive,
  locks: ItemLocks,
  request: ItemDescriptionRequest,
): Promise<ItemChangeResult> {
  return withItemHead(archive, locks, request.itemId, async (head) => {
    const before = head.record;
    const item: Item = { ...before.item };
    const changes: Record<string, FieldChange> = {};
    for (const field of describedFields) {
      const value = request.edit[field];
      if (value === undefined) continue;
      const from = before.item[field];
      const to = value === null ? undefined : value;
      if (isDeepStrictEqual(from ?? null, to ?? null)) continue;
      changes[field] = { from: from ?? null, to: to ?? null };
      if (to === undefined) delete item[field];
      else Object.assign(item, { [field]: to });
    }
    if (Object.keys(changes).length === 0)
      return { itemId: request.itemId, changed: false, version: head.version, changes };
    const record: ItemRecord = { ...before, item };
    const reason = request.reason ? `. Reason: ${request.reason}` : '';
    const event = newEvent({
      type: 'metadata modification',
      agent: request.author,
      outcome: 'success',
      detail: `${Object.keys(changes).join(', ')} edited${reason}`,
      data: { changes, ...(request.reason ? { reason: request.reason } : {}) },
    });
    const version = await writeItemVersion(archive, head, {
      record,
      events: [event],
      message: `Edited ${Object.keys(changes).join(', ')}${request.reason ? `: ${request.reason}` : ''}`,
      author: request.author,
    });
    return { itemId: request.itemId, changed: true, version, changes, event };
  });
}

import { isDeepStrictEqual } from 'node:util';
import type { Archive } from '../../archive/archive.js';
import type { ItemLocks } from '../../archive/item-lock.js';
import { withItemHead, writeItemVersion } from '../../archive/item-version.js';
import type { Database } from '../../infra/catalog/database.js';
import { collectionMetadataOf } from '../../infra/catalog/item-queries.js';
import {
  type AccessProtocol,
  type Consent,
  type ConsentUse,
  isLessProtective,
} from '../../model/access.js';
import type { ArchiveEvent } from '../../model/event.js';
import { newEvent } from '../../model/event-log.js';
import { type Collection, collectionSchema } from '../../model/item.js';
import type { ItemRecord } from '../../model/item-record.js';

/** An explicit change of who may see or use an item: its collection, protocol or consent. */
export interface ItemChangeRequest {
  itemId: string;
  accessProtocol?: AccessProtocol;
  /** The consented uses, replacing the current ones. */
  consentUses?: ConsentUse[];
  /** `true` withdraws the consent, `false` restores it. */
  consentWithdrawn?: boolean;
  consentedBy?: string;
  /** EDTF, as the manifest's `consent_date`. */
  consentDate?: string;
  collection?: string;
  /** Why: recorded with the event. */
  reason: string;
  /** Who: the event's agent. */
  author: string;
  /** Confirms a change that makes the item less protected. */
  lowerProtection: boolean;
}

/** One field's value before and after. */
export interface FieldChange {
  from: unknown;
  to: unknown;
}

export interface ItemChangeResult {
  itemId: string;
  /** False when the item already was as asked: no version written. */
  changed: boolean;
  version: string;
  changes: Record<string, FieldChange>;
  event?: ArchiveEvent;
}

/** A change that would lower an item's protection, asked without confirming it. */
export class ProtectionLoweringError extends Error {
  override readonly name = 'ProtectionLoweringError';
  constructor(
    readonly itemId: string,
    readonly lowerings: string[],
  ) {
    super(
      `this change lowers the protection of ${itemId} (${lowerings.join('; ')}); nothing was changed. Pass --lower-protection to confirm it.`,
    );
  }
}

/**
 * Changes an item's collection, access protocol or consent as an explicit, recorded
 * act: under the item's lock it writes the next object version (`item.json`, RO-Crate,
 * events) with a PREMIS `metadata modification` event naming the agent, the reason and
 * every old and new value, and updates the catalog. A change that makes the item less
 * protected (a more open protocol, more consented uses, restoring a withdrawn consent,
 * another collection) is refused unless `lowerProtection` confirms it.
 */
export async function changeItem(
  archive: Archive,
  locks: ItemLocks,
  request: ItemChangeRequest,
): Promise<ItemChangeResult> {
  const collection =
    request.collection === undefined
      ? undefined
      : await collectionDescription(archive.catalog, request.collection);
  return withItemHead(archive, locks, request.itemId, async (head) => {
    const before = head.record;
    const consent = nextConsent(before.item.consent, request);
    const record: ItemRecord = {
      ...before,
      item: {
        ...before.item,
        accessProtocol: request.accessProtocol ?? before.item.accessProtocol,
        consent,
        collection: collection?.id ?? before.item.collection,
      },
      collection: collection ?? before.collection,
    };
    const changes = changesOf(before, record);
    if (Object.keys(changes).length === 0)
      return { itemId: request.itemId, changed: false, version: head.version, changes };
    const lowerings = loweringsOf(before, record);
    if (lowerings.length > 0 && !request.lowerProtection)
      throw new ProtectionLoweringError(request.itemId, lowerings);
    const event = newEvent({
      type: 'metadata modification',
      agent: request.author,
      outcome: 'success',
      detail: `${Object.entries(changes)
        .map(([field, change]) => `${field}: ${show(change.from)} -> ${show(change.to)}`)
        .join('; ')}. Reason: ${request.reason}`,
      data: { reason: request.reason, changes, lowersProtection: lowerings.length > 0 },
    });
    const version = await writeItemVersion(archive, head, {
      record,
      events: [event],
      message: `Changed ${Object.keys(changes).join(', ')}: ${request.reason}`,
      author: request.author,
    });
    return { itemId: request.itemId, changed: true, version, changes, event };
  });
}

function nextConsent(current: Consent, request: ItemChangeRequest): Consent {
  const next: Consent = { ...current };
  if (request.consentUses !== undefined) next.uses = [...new Set(request.consentUses)];
  if (request.consentedBy !== undefined) next.consentedBy = request.consentedBy;
  if (request.consentDate !== undefined) next.date = request.consentDate;
  if (request.consentWithdrawn === true && !current.withdrawn) {
    next.withdrawn = true;
    next.withdrawnDate = new Date().toISOString().slice(0, 10);
  }
  if (request.consentWithdrawn === false && current.withdrawn) {
    next.withdrawn = false;
    delete next.withdrawnDate;
  }
  return next;
}

function changesOf(before: ItemRecord, after: ItemRecord): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  const compare = (field: string, from: unknown, to: unknown) => {
    if (!isDeepStrictEqual(from, to)) changes[field] = { from: from ?? null, to: to ?? null };
  };
  compare('collection', before.item.collection, after.item.collection);
  compare('accessProtocol', before.item.accessProtocol, after.item.accessProtocol);
  compare(
    'consent.uses',
    [...before.item.consent.uses].sort(),
    [...after.item.consent.uses].sort(),
  );
  compare('consent.withdrawn', before.item.consent.withdrawn, after.item.consent.withdrawn);
  compare('consent.consentedBy', before.item.consent.consentedBy, after.item.consent.consentedBy);
  compare('consent.date', before.item.consent.date, after.item.consent.date);
  return changes;
}

function loweringsOf(before: ItemRecord, after: ItemRecord): string[] {
  const lowerings: string[] = [];
  const { item: old } = before;
  const { item } = after;
  if (isLessProtective(old.accessProtocol, item.accessProtocol))
    lowerings.push(`access protocol ${old.accessProtocol} -> ${item.accessProtocol}`);
  const added = item.consent.uses.filter((use) => !old.consent.uses.includes(use));
  if (added.length > 0) lowerings.push(`consent adds ${added.join(', ')}`);
  if (old.consent.withdrawn && !item.consent.withdrawn)
    lowerings.push('withdrawn consent restored');
  if (old.collection !== item.collection)
    lowerings.push(`moved from collection ${old.collection} to ${item.collection}`);
  return lowerings;
}

/** The catalog's description of a collection, or a bare one for a new collection. */
async function collectionDescription(db: Database, id: string): Promise<Collection> {
  const known = collectionSchema.safeParse(await collectionMetadataOf(db, id));
  return known.success ? known.data : collectionSchema.parse({ id, title: id });
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  return Array.isArray(value) ? value.join(', ') || 'none' : String(value);
}

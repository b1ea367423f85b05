import type { Archive } from '../archive/archive.js';
import { decideAccess } from '../domain/access-policy.js';
import { type ItemRecord, itemRecordSchema, MetadataPath } from '../metadata/item-record.js';
import { contentVersionOf } from './content-version.js';
import { edtfYearRange } from './edtf-years.js';
import type { ExclusionTally } from './exclusion-tally.js';
import type { ExportRequest } from './export-request.js';
import { ObjectSnapshot } from './object-snapshot.js';

/** An item the export may use, read at one object version. */
export interface SelectedItem {
  record: ItemRecord;
  /** The head version the files are read from. */
  version: string;
  snapshot: ObjectSnapshot;
  /** The earliest version with the same content (see `contentVersionOf`): the snapshot names it. */
  contentVersion: string;
  /** SPDX id of the item's licence (the collection's when the item names none). */
  licence: string;
}

interface CatalogItemRow {
  id: string;
  status: string;
}

/**
 * The items an export may hold, in id order. The catalog lists candidates; each one is
 * then judged on its own object's `metadata/item.json` (the record, not the index): the
 * request's filters, `decideAccess` for protocol and consent, the licence allow-list,
 * and finished processing. Every item left out is counted with its reason.
 */
export async function selectItems(
  archive: Archive,
  request: ExportRequest,
  exclusions: ExclusionTally,
  onItem?: (done: number, total: number) => void,
): Promise<SelectedItem[]> {
  const { collections } = request.filters;
  const rows = await archive.catalog.query<CatalogItemRow>(
    `SELECT id, status FROM items ${collections.length > 0 ? 'WHERE collection_id = ANY($1)' : ''} ORDER BY id`,
    collections.length > 0 ? [collections] : [],
  );
  const selected: SelectedItem[] = [];
  for (const [index, row] of rows.entries()) {
    const snapshot = await ObjectSnapshot.open(archive.objects, row.id);
    if (!snapshot?.has(MetadataPath.item)) {
      exclusions.add('item', 'in the catalog but not in the archive (run heritage reindex)');
    } else {
      const record = itemRecordSchema.parse(JSON.parse(await snapshot.readText(MetadataPath.item)));
      const reason = exclusionReason(record, row.status, request);
      if (reason) exclusions.add('item', reason);
      else {
        selected.push({
          record,
          version: snapshot.version,
          snapshot,
          contentVersion: contentVersionOf(snapshot.inventory, [MetadataPath.events]),
          licence: licenceOf(record) as string,
        });
      }
    }
    onItem?.(index + 1, rows.length);
  }
  return selected;
}

/** Why an item stays out of the export, or undefined when it may go in. */
export function exclusionReason(
  record: ItemRecord,
  status: string,
  request: ExportRequest,
): string | undefined {
  const { item } = record;
  const { filters } = request;
  // The policy comes first: a secret item is counted as such, whatever the filters say.
  const access = decideAccess(item, 'ml-training-export', filters.accessProtocols);
  if (!access.allowed) return access.reason;
  if (
    filters.languages.length > 0 &&
    !item.languages.some((tag) => matchesLanguage(tag, filters.languages))
  )
    return 'not in the languages asked for';
  if (
    filters.genres.length > 0 &&
    !filters.genres.some((genre) => genre.toLowerCase() === item.genre?.toLowerCase())
  )
    return 'not of the genres asked for';
  if (filters.dateFrom !== undefined || filters.dateTo !== undefined) {
    const years = item.date === undefined ? undefined : edtfYearRange(item.date);
    if (!years) return 'undated, and a date range was asked for';
    if (
      years.to < (filters.dateFrom ?? Number.NEGATIVE_INFINITY) ||
      years.from > (filters.dateTo ?? Number.POSITIVE_INFINITY)
    )
      return 'dated outside the range asked for';
  }
  const licence = licenceOf(record);
  if (!licence) return 'no licence on the item or its collection';
  if (
    filters.licences.length > 0 &&
    !filters.licences.some((allowed) => allowed.toLowerCase() === licence.toLowerCase())
  )
    return 'licence not in the allow-list';
  if (status !== 'ready') return `processing not finished (status ${status})`;
  return undefined;
}

function licenceOf(record: ItemRecord): string | undefined {
  return record.item.licence ?? record.collection.licence;
}

/** `tyz` asks for `tyz`, `tyz-Latn` and `tyz-Hani`; `tyz-Latn` asks for that tag only. */
function matchesLanguage(tag: string, wanted: readonly string[]): boolean {
  const lower = tag.toLowerCase();
  return wanted.some((asked) => {
    const prefix = asked.toLowerCase();
    return lower === prefix || lower.startsWith(`${prefix}-`);
  });
}

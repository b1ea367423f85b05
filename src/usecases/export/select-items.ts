import pMap from 'p-map';
import type { Archive } from '../../archive/archive.js';
import { type ExportCandidateRow, exportCandidates } from '../../infra/catalog/export-rows.js';
import { decideAccess } from '../../model/access-policy.js';
import { archiveOperator } from '../../model/archive-operator.js';
import { type ItemRecord, itemRecordSchema, MetadataPath } from '../../model/item-record.js';
import type { Person } from '../../model/person.js';
import { accessFactsOfRecord } from '../../model/record-access-facts.js';
import { damagedPart } from './damaged-part.js';
import { edtfYearRange } from './edtf-years.js';
import { type ExclusionDisclosure, exclusionDisclosure } from './exclusion-disclosure.js';
import type { ExclusionTally } from './exclusion-tally.js';
import type { ExportRequest } from './export-request.js';
import { ObjectSnapshot } from './object-snapshot.js';

/** An item the export may use, read at one object version. */
export interface SelectedItem {
  record: ItemRecord;
  /** The head version the files are read from, as the export's snapshot names it. */
  version: string;
  snapshot: ObjectSnapshot;
  /** SPDX id of the item's licence (the collection's when the item names none). */
  licence: string;
}

/**
 * The items an export may hold, in id order. The catalog lists candidates; each one is
 * then judged on its own object's `metadata/item.json` (the record, not the index): the
 * request's filters, `decideAccess` for protocol and consent, the licence allow-list,
 * and finished processing. Every item left out is counted with its reason, and named
 * when the policy lets this export reach it (see `exclusion-disclosure.ts`); an item
 * whose record cannot be read cannot be judged, so it is counted only.
 */
export async function selectItems(
  archive: Archive,
  request: ExportRequest,
  exclusions: ExclusionTally,
  onItem?: (done: number, total: number) => void,
  options: SelectionOptions = {},
): Promise<SelectedItem[]> {
  const { collections } = request.filters;
  const rows = await exportCandidates(archive.catalog, collections);
  let done = 0;
  // Items are read a few at a time (each read waits on the store more than it works); `pMap` keeps id order.
  const judged = await pMap(
    rows,
    async (row) => {
      const verdict = await judgeItem(archive, row, request, options.audience).catch(
        (error: unknown) => ({
          damaged: damagedPart(row.id, MetadataPath.item, error),
        }),
      );
      onItem?.(++done, rows.length);
      return verdict;
    },
    { concurrency: CONCURRENCY },
  );
  const selected: SelectedItem[] = [];
  for (const verdict of judged) {
    // An item that cannot be judged could be one the audience may not see: not even counted.
    if ('damaged' in verdict) {
      if (!options.audience) exclusions.addDamaged('item', verdict.damaged, false);
    } else if ('excluded' in verdict) {
      if (verdict.disclosure === 'named')
        exclusions.add('item', verdict.excluded, { item: verdict.itemId });
      else if (verdict.disclosure === 'counted') exclusions.add('item', verdict.excluded);
    } else selected.push(verdict);
  }
  return selected;
}

/** Who sees the selection's result before a dataset exists (a preview), if anyone. */
export interface SelectionOptions {
  /**
   * The person shown what the selection would hold: an item they may not `view` is
   * left out silently, neither counted nor named, even where the dataset itself would
   * count it, so that a preview tells its reader nothing of items kept from them.
   */
  audience?: Person;
}

/** Items read at once. */
const CONCURRENCY = 8;

/** An item left out: why, and what the export may say of it. */
interface Excluded {
  excluded: string;
  itemId: string;
  disclosure: ExclusionDisclosure;
}

/** The item as the export would use it, or why it stays out. */
async function judgeItem(
  archive: Archive,
  row: ExportCandidateRow,
  request: ExportRequest,
  audience?: Person,
): Promise<SelectedItem | Excluded> {
  const snapshot = await ObjectSnapshot.open(archive.objects, row.id);
  if (!snapshot?.has(MetadataPath.item))
    return {
      excluded: 'in the catalog but not in the archive (run heritage reindex)',
      itemId: row.id,
      disclosure: audience ? 'hidden' : 'counted',
    };
  const record = itemRecordSchema.parse(JSON.parse(await snapshot.readText(MetadataPath.item)));
  if (audience && !decideAccess(audience, accessFactsOfRecord(record), 'view').allowed)
    return { excluded: 'not visible to the audience', itemId: row.id, disclosure: 'hidden' };
  const reason = exclusionReason(record, row.status, request);
  if (reason)
    return {
      excluded: reason,
      itemId: row.id,
      disclosure: exclusionDisclosure(record.item, request),
    };
  return {
    record,
    version: snapshot.version,
    snapshot,
    licence: licenceOf(record) as string,
  };
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
  const access = decideAccess(
    archiveOperator,
    accessFactsOfRecord(record),
    'ml-training-export',
    filters.accessProtocols,
  );
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

/** The language of the item's texts when they name none: the item's first, else its collection's. */
export function defaultLanguage(item: SelectedItem): string {
  return item.record.item.languages[0] ?? item.record.collection.languages[0] ?? 'und';
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

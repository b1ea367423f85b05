import { z } from 'zod';
import type { Archive } from '../../archive/archive.js';
import { readObjectText } from '../../archive/object-files.js';
import { exportEvents } from '../../infra/catalog/export-rows.js';
import { accessFactsOf } from '../../infra/catalog/item-queries.js';
import { type AccessProtocol, accessProtocolSchema } from '../../model/access.js';
import { decideAccess } from '../../model/access-policy.js';
import { archiveOperator } from '../../model/archive-operator.js';
import { exportRecordObjectId } from './export-record.js';

/** One dataset exported from the archive, as its record and the items' histories tell it. */
export interface ExportHistoryEntry {
  exportId: string;
  /** Where it was published, each time it ran. */
  locations: string[];
  firstAt: string;
  lastAt: string;
  items: string[];
  /**
   * Items it holds that the same export would leave out today (consent withdrawn,
   * protocol changed): copies of the dataset should drop them.
   */
  noLongerAllowed: { itemId: string; reason: string }[];
}

/**
 * Every export the catalog knows of (newest first), or only those holding `itemId`,
 * each with its items judged again by today's access protocol and consent.
 */
export async function exportHistory(
  archive: Archive,
  options: { itemId?: string } = {},
): Promise<ExportHistoryEntry[]> {
  const rows = await exportEvents(archive.catalog);
  const entries = new Map<string, ExportHistoryEntry>();
  for (const row of rows) {
    const entry = entries.get(row.exportId) ?? {
      exportId: row.exportId,
      locations: [],
      firstAt: row.occurredAt,
      lastAt: row.occurredAt,
      items: [],
      noLongerAllowed: [],
    };
    entries.set(row.exportId, entry);
    entry.lastAt = row.occurredAt;
    if (!entry.locations.includes(row.location)) entry.locations.push(row.location);
    if (!entry.items.includes(row.itemId)) entry.items.push(row.itemId);
  }
  const wanted = [...entries.values()]
    .filter((entry) => options.itemId === undefined || entry.items.includes(options.itemId))
    .sort((a, b) => (a.lastAt < b.lastAt ? 1 : a.lastAt > b.lastAt ? -1 : 0));
  const facts = await accessFactsOf(archive.catalog, [
    ...new Set(wanted.flatMap((entry) => entry.items)),
  ]);
  for (const entry of wanted) {
    const protocols = await protocolsOf(archive, entry.exportId);
    for (const itemId of entry.items.sort()) {
      const today = facts.get(itemId);
      const decision = today
        ? decideAccess(archiveOperator, today, 'ml-training-export', protocols)
        : { allowed: false as const, reason: 'no longer in the catalog' };
      if (!decision.allowed) entry.noLongerAllowed.push({ itemId, reason: decision.reason });
    }
  }
  return wanted;
}

const recordedProtocols = z.object({
  parameters: z.object({
    filters: z.object({ accessProtocols: z.array(accessProtocolSchema) }),
  }),
});

/** The protocols the export allowed, from the manifest its record keeps (default: the policy's). */
async function protocolsOf(
  archive: Archive,
  exportId: string,
): Promise<AccessProtocol[] | undefined> {
  const manifest = await readObjectText(
    archive.objects,
    exportRecordObjectId(exportId),
    'export_manifest.json',
  );
  if (manifest === undefined) return undefined;
  const parsed = recordedProtocols.safeParse(JSON.parse(manifest));
  return parsed.success ? parsed.data.parameters.filters.accessProtocols : undefined;
}

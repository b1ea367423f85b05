import type { Database } from '../../infra/catalog/database.js';
import { existingItemIds } from '../../infra/catalog/item-queries.js';
import { itemStatusesAmong } from '../../infra/catalog/status-queries.js';
import { protocolsReachable } from '../../model/access-policy.js';
import { isAdmin, type Person } from '../../model/person.js';
import { factsVisibleTo } from '../items/items-visible-to.js';
import type { ArchiveStatus } from './archive-status.js';

/**
 * The archive's status as `who` may see it: a count is content too, so items are
 * counted, and failed or stuck ones named, only when the policy lets `who` view them.
 * Refused files and the queues' job counts are the admins' to run the archive with;
 * an admin also sees failures of ids the catalog has no row for (nothing says whose
 * they are, and recovering them is the admin's work).
 */
export async function statusVisibleTo(
  status: ArchiveStatus,
  catalog: Database | undefined,
  who: Person,
): Promise<ArchiveStatus> {
  const admin = isAdmin(who);
  const named = [...status.failed, ...status.stuck].map((item) => item.id);
  const rows = catalog ? await itemStatusesAmong(catalog, protocolsReachable(who, 'view')) : [];
  const visible = catalog
    ? await factsVisibleTo(catalog, who, [...rows.map((row) => row.id), ...named])
    : new Map();
  const catalogued = catalog ? await existingItemIds(catalog, named) : new Set<string>();
  const shown = (id: string) => visible.has(id) || (admin && !catalogued.has(id));
  const items: Record<string, number> = {};
  for (const row of rows) if (visible.has(row.id)) items[row.status] = (items[row.status] ?? 0) + 1;
  return {
    items: Object.fromEntries(Object.entries(items).sort(([a], [b]) => a.localeCompare(b))),
    failed: status.failed.filter((item) => shown(item.id)),
    stuck: status.stuck.filter((item) => shown(item.id)),
    quarantined: admin ? status.quarantined : [],
    queues: admin ? status.queues : {},
  };
}

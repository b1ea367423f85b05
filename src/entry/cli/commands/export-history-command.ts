import { openArchive } from '../../../archive/archive.js';
import type { Database } from '../../../infra/catalog/database.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import type { Person } from '../../../model/person.js';
import { type ExportHistoryEntry, exportHistory } from '../../../usecases/export/export-history.js';
import { factsVisibleTo } from '../../../usecases/items/items-visible-to.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';
import { type ActingOptions, actingPerson, isLocalAdmin } from './acting-user.js';

/**
 * `heritage exports [--item <id>]`: the datasets exported from this archive, and which
 * of their items today's consent and protocols would leave out.
 */
export async function exportHistoryCommand(
  options: ActingOptions & { item?: string },
  settings: Settings,
  output: Output,
): Promise<number> {
  const archive = await openArchive(settings);
  try {
    const who = await actingPerson(archive.catalog, options);
    const history = await historyShownTo(
      archive.catalog,
      who,
      await exportHistory(archive, options.item === undefined ? {} : { itemId: options.item }),
    );
    for (const entry of history) {
      output.line(
        `${entry.exportId}  ${entry.lastAt}  ${entry.items.length} item(s)  ${entry.locations.join(', ')}`,
      );
      for (const { itemId, reason } of entry.noLongerAllowed)
        output.line(`  no longer allowed: ${itemId} (${reason})`);
    }
    const flagged = history.filter((entry) => entry.noLongerAllowed.length > 0).length;
    output.line(
      `${history.length} export(s)${flagged > 0 ? `; ${flagged} hold items that may no longer be used: tell the teams that have them` : ''}`,
    );
    output.result(history);
    return ExitCode.Ok;
  } finally {
    await archive.close();
  }
}

/**
 * The local admin reads every export, to tell the teams holding one what to drop; a
 * named user reads only the items they may see, and no export holding none of them.
 */
async function historyShownTo(
  catalog: Database,
  who: Person,
  history: ExportHistoryEntry[],
): Promise<ExportHistoryEntry[]> {
  if (isLocalAdmin(who)) return history;
  const visible = await factsVisibleTo(
    catalog,
    who,
    history.flatMap((entry) => entry.items),
  );
  return history.flatMap((entry) => {
    const items = entry.items.filter((id) => visible.has(id));
    if (items.length === 0) return [];
    const noLongerAllowed = entry.noLongerAllowed.filter(({ itemId }) => visible.has(itemId));
    return [{ ...entry, items, noLongerAllowed }];
  });
}

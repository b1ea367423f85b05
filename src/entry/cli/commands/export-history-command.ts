import { openArchive } from '../../../archive/archive.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import { exportHistory } from '../../../usecases/export/export-history.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

/**
 * `heritage exports [--item <id>]`: the datasets exported from this archive, and which
 * of their items today's consent and protocols would leave out.
 */
export async function exportHistoryCommand(
  options: { item?: string },
  settings: Settings,
  output: Output,
): Promise<number> {
  const archive = await openArchive(settings);
  try {
    const history = await exportHistory(
      archive,
      options.item === undefined ? {} : { itemId: options.item },
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

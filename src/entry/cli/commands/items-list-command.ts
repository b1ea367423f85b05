import { openCatalogDatabase } from '../../../infra/catalog/open-catalog-database.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import { allItemsVisibleTo } from '../../../usecases/items/items-visible-to.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';
import { type ActingOptions, actingPerson } from './acting-user.js';

// Kept apart from `items change`, which needs the whole archive: listing loads the catalog alone.

/** `heritage items list`: one line per item the acting user may see. */
export async function itemsListCommand(
  options: ActingOptions & { collection?: string; status?: string },
  settings: Settings,
  output: Output,
): Promise<number> {
  const catalog = await openCatalogDatabase(settings);
  try {
    const who = await actingPerson(catalog, options);
    const filters = {
      ...(options.collection !== undefined ? { collection: options.collection } : {}),
      ...(options.status !== undefined ? { status: options.status } : {}),
    };
    const items = await allItemsVisibleTo(catalog, who, filters);
    for (const item of items) {
      output.line(
        `${item.collection}/${item.id}  ${item.status.padEnd(10)} ${item.accessProtocol.padEnd(13)} ${item.objectVersion ?? '-'}  ${item.title}`,
      );
    }
    output.line(`${items.length} item(s)`);
    output.result(items);
    return ExitCode.Ok;
  } finally {
    await catalog.close();
  }
}

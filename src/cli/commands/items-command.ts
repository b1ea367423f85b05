import { getItem, listItems } from '../../catalog/item-queries.js';
import { openCatalogDatabase } from '../../catalog/open-catalog-database.js';
import type { Settings } from '../../config/settings-schema.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';

/** `heritage items list`: one line per item. */
export async function itemsListCommand(
  options: { collection?: string; status?: string },
  settings: Settings,
  output: Output,
): Promise<number> {
  const catalog = await openCatalogDatabase(settings);
  try {
    const items = await listItems(catalog, options);
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

/** `heritage items show <id>`: the item, its files, steps and history. */
export async function itemsShowCommand(
  id: string,
  settings: Settings,
  output: Output,
): Promise<number> {
  const catalog = await openCatalogDatabase(settings);
  try {
    const item = await getItem(catalog, id);
    if (!item) {
      output.error(`no item "${id}" in the catalog`);
      return ExitCode.Failure;
    }
    output.line(`${item.title} (${item.collection}/${item.id}, ${item.objectVersion})`);
    output.line(
      `  access: ${item.accessProtocol}; languages: ${item.languages.join(', ') || '-'}; status: ${item.status}${item.statusDetail ? ` (${item.statusDetail})` : ''}`,
    );
    output.line('Files:');
    for (const asset of item.assets)
      output.line(
        `  ${asset.path}  ${asset.mediaType ?? ''}  ${asset.size} bytes  sha256 ${asset.sha256.slice(0, 12)}…`,
      );
    output.line('Steps:');
    for (const step of item.steps)
      output.line(
        `  ${step.step} ${step.asset}: ${step.status}${step.detail ? ` (${step.detail})` : ''}`,
      );
    output.line('History:');
    for (const event of item.events)
      output.line(`  ${event.occurredAt} ${event.type} ${event.outcome}: ${event.detail ?? ''}`);
    output.result(item);
    return ExitCode.Ok;
  } finally {
    await catalog.close();
  }
}

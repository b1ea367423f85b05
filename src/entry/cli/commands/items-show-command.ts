import { openCatalogDatabase } from '../../../infra/catalog/open-catalog-database.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import { itemVisibleTo } from '../../../usecases/items/items-visible-to.js';
import { recordReadOf } from '../../../usecases/items/record-read.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';
import { type ActingOptions, actingPerson } from './acting-user.js';
import { noSuchItem } from './item-access.js';

/**
 * `heritage items show <id>`: the item, its files, steps and history, as the acting
 * user may see it; an item hidden from them gets an unknown one's answer.
 */
export async function itemsShowCommand(
  id: string,
  settings: Settings,
  output: Output,
  options: ActingOptions = {},
): Promise<number> {
  const catalog = await openCatalogDatabase(settings);
  try {
    const who = await actingPerson(catalog, options);
    const item = await itemVisibleTo(catalog, who, id);
    if (!item) {
      output.error(noSuchItem(id));
      return ExitCode.Failure;
    }
    await recordReadOf(catalog, who, id, 'item');
    const statusDetail = 'statusDetail' in item ? item.statusDetail : null;
    output.line(`${item.title} (${item.collection}/${item.id}, ${item.objectVersion})`);
    output.line(
      `  access: ${item.accessProtocol}; languages: ${item.languages.join(', ') || '-'}; status: ${item.status}${statusDetail ? ` (${statusDetail})` : ''}`,
    );
    output.line('Files:');
    for (const asset of item.assets)
      output.line(
        `  ${asset.path}  ${asset.mediaType ?? ''}  ${asset.size} bytes  sha256 ${asset.sha256.slice(0, 12)}…`,
      );
    output.line('Steps:');
    for (const step of item.steps) {
      const detail = 'detail' in step ? step.detail : null;
      output.line(`  ${step.step} ${step.asset}: ${step.status}${detail ? ` (${detail})` : ''}`);
    }
    output.line('History:');
    for (const event of item.events) {
      const detail = 'detail' in event ? event.detail : null;
      output.line(`  ${event.occurredAt} ${event.type} ${event.outcome}: ${detail ?? ''}`);
    }
    output.result(item);
    return ExitCode.Ok;
  } finally {
    await catalog.close();
  }
}

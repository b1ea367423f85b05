import { openArchive } from '../../../archive/archive.js';
import type { Settings } from '../../../infra/config/settings-schema.js';
import { annotationTimeline } from '../../../usecases/annotations/annotation-timeline.js';
import { recordReadOf } from '../../../usecases/items/record-read.js';
import { ExitCode } from '../exit-codes.js';
import type { Output } from '../output.js';
import { type ActingOptions, actingPerson } from './acting-user.js';
import { requireVisible } from './item-access.js';

/**
 * `heritage annotations history <item> [--id <annotation>]`: the object versions that
 * changed the item's annotations, and every superseded version of edited annotations,
 * of an item the acting user may see.
 */
export async function annotationsHistoryCommand(
  itemId: string,
  options: ActingOptions & { id?: string },
  settings: Settings,
  output: Output,
): Promise<number> {
  const archive = await openArchive(settings);
  try {
    const who = await actingPerson(archive.catalog, options);
    await requireVisible(archive.catalog, who, itemId);
    await recordReadOf(archive.catalog, who, itemId, 'annotations');
    const timeline = await annotationTimeline(archive, itemId, options.id);
    if (options.id !== undefined && timeline.chains.length === 0) {
      output.error(`item ${itemId} has no annotation "${options.id}"`);
      return ExitCode.Failure;
    }
    output.line(
      `${itemId}: ${timeline.current} current annotations, ${timeline.total - timeline.current} superseded or retired versions`,
    );
    output.line('Versions:');
    for (const version of timeline.versions)
      output.line(
        `  ${version.version} ${version.created} ${version.user ?? '-'}: ${version.message ?? ''}`,
      );
    if (timeline.chains.length > 0) output.line('Edited annotations (oldest first):');
    for (const chain of timeline.chains) {
      chain.forEach((annotation, index) => {
        const state =
          index < chain.length - 1
            ? 'superseded'
            : annotation.retired
              ? 'retired   '
              : 'current   ';
        output.line(
          `  ${index === 0 ? '' : '  '}${state} ${annotation.id} ${annotation.created} ${annotation.author} [${annotation.type}] ${annotation.value}`,
        );
      });
    }
    output.result(timeline);
    return ExitCode.Ok;
  } finally {
    await archive.close();
  }
}

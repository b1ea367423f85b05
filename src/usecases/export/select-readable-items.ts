import pMap from 'p-map';
import type { Archive } from '../../archive/archive.js';
import type { Annotation } from '../../model/annotations/annotation-schema.js';
import { MetadataPath } from '../../model/item-record.js';
import { damagedPart } from './damaged-part.js';
import type { ExclusionTally } from './exclusion-tally.js';
import type { ExportRequest } from './export-request.js';
import { readItemAnnotations } from './item-annotations.js';
import { type SelectedItem, type SelectionOptions, selectItems } from './select-items.js';

/** A selected item with the annotations its utterances and texts hang on. */
export interface ReadableItem {
  item: SelectedItem;
  annotations: Annotation[];
}

/**
 * The items the request selects (see `select-items.ts`), with their annotations. An
 * item whose annotations cannot be read is left out whole, as damaged.
 */
export async function selectReadableItems(
  archive: Archive,
  request: ExportRequest,
  exclusions: ExclusionTally,
  onItem: (done: number, total: number) => void,
  options: SelectionOptions = {},
): Promise<ReadableItem[]> {
  const selected = await selectItems(archive, request, exclusions, onItem, options);
  // Read a few at a time, like the items themselves; `pMap` keeps item order.
  const read = await pMap(
    selected,
    async (item) => ({
      item,
      annotations: await readItemAnnotations(item.snapshot).catch((error: unknown) => {
        exclusions.addDamaged(
          'item',
          damagedPart(item.record.item.id, MetadataPath.annotations, error),
        );
        return undefined;
      }),
    }),
    { concurrency: 8 },
  );
  return read.filter((entry): entry is ReadableItem => entry.annotations !== undefined);
}

import { readAnnotationsDocument } from '../../archive/annotations-document.js';
import type { Archive } from '../../archive/archive.js';
import { UnknownItemError } from '../../archive/item-version.js';
import { type Annotation, currentAnnotations } from '../../formats/index.js';

/** An item's current annotations as its head object version holds them. */
export interface WorkspaceAnnotations {
  itemId: string;
  /** The object version read: what the annotations are current at. */
  version: string;
  annotations: Annotation[];
}

/**
 * Every current annotation of an item, read from its object in storage rather than the
 * catalog, whose searches stop at a page of results: an annotator's workspace must see
 * all of them, thousands for a long recording, together with the version they belong to.
 */
export async function readWorkspaceAnnotations(
  archive: Archive,
  itemId: string,
): Promise<WorkspaceAnnotations> {
  if (!(await archive.objects.hasObject(itemId)))
    throw new UnknownItemError(`no item "${itemId}" in the archive`);
  const { head } = await archive.objects.getInventory(itemId);
  const document = await readAnnotationsDocument(archive.objects, itemId, head);
  return { itemId, version: head, annotations: currentAnnotations(document.annotations) };
}

import { readAnnotationsDocument } from '../../archive/annotations-document.js';
import type { Archive } from '../../archive/archive.js';
import { UnknownItemError } from '../../archive/item-version.js';
import { type Annotation, currentAnnotations } from '../../formats/index.js';
import { AnnotationIndex } from '../../model/annotations/annotation-index.js';
import { MetadataPath } from '../../model/item-record.js';

/** An object version that changed the item's annotations. */
export interface AnnotationVersion {
  version: string;
  created: string;
  user?: string;
  message?: string;
}

/** The history of an item's annotations: the versions that changed them, and every edit chain. */
export interface AnnotationTimeline {
  itemId: string;
  versions: AnnotationVersion[];
  /**
   * Annotations with more than one version (or the one asked for), each oldest first; a
   * retired annotation's chain ends with its retirement (`retired: true`).
   */
  chains: Annotation[][];
  total: number;
  /** Annotations readers see: neither superseded nor retired. */
  current: number;
}

/**
 * Reads an item's annotation history from storage: which object versions changed
 * `metadata/annotations.json` (when, by whom, why), and the superseded versions of edited
 * annotations, or of the one annotation asked for.
 */
export async function annotationTimeline(
  archive: Archive,
  itemId: string,
  annotationId?: string,
): Promise<AnnotationTimeline> {
  if (!(await archive.objects.hasObject(itemId)))
    throw new UnknownItemError(`no item "${itemId}" in the archive`);
  const inventory = await archive.objects.getInventory(itemId);
  const versions: AnnotationVersion[] = [];
  let previousDigest: string | undefined;
  const names = Object.keys(inventory.versions).sort(
    (a, b) => Number(a.slice(1)) - Number(b.slice(1)),
  );
  for (const name of names) {
    const version = inventory.versions[name];
    if (!version) continue;
    const digest = Object.entries(version.state).find(([, paths]) =>
      paths.includes(MetadataPath.annotations),
    )?.[0];
    if (digest !== undefined && digest !== previousDigest) {
      versions.push({
        version: name,
        created: version.created,
        ...(version.user ? { user: version.user.name } : {}),
        ...(version.message ? { message: version.message } : {}),
      });
    }
    previousDigest = digest;
  }
  const { annotations } = await readAnnotationsDocument(archive.objects, itemId);
  const superseded = new Set(annotations.flatMap((annotation) => annotation.supersedes ?? []));
  // One index for every chain: building one per chain costs the whole list each time.
  const index = new AnnotationIndex(annotations);
  const chains =
    annotationId !== undefined
      ? [index.history(annotationId)].filter((chain) => chain.length > 0)
      : annotations
          .filter((annotation) => !superseded.has(annotation.id) && annotation.supersedes)
          .map((annotation) => index.history(annotation.id));
  return {
    itemId,
    versions,
    chains,
    total: annotations.length,
    current: currentAnnotations(annotations).length,
  };
}

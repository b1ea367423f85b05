import { parseAnnotationsDocument } from '../../archive/annotations-document.js';
import { currentAnnotations } from '../../model/annotations/annotation-history.js';
import type { Annotation } from '../../model/annotations/annotation-schema.js';
import { MetadataPath } from '../../model/item-record.js';
import type { ObjectSnapshot } from './object-snapshot.js';

/**
 * The annotations a reader sees today (none superseded) in an item's object version;
 * an empty list when the object has no annotations document. A document that breaks
 * the schema is an error naming the item, the file and the field.
 */
export async function readItemAnnotations(snapshot: ObjectSnapshot): Promise<Annotation[]> {
  if (!snapshot.has(MetadataPath.annotations)) return [];
  const document = parseAnnotationsDocument(
    await snapshot.readText(MetadataPath.annotations),
    `item ${snapshot.itemId} ${snapshot.version} ${MetadataPath.annotations}`,
  );
  return currentAnnotations(document.annotations);
}

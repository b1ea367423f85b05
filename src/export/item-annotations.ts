import { currentAnnotations } from '../annotations/model/annotation-history.js';
import type { Annotation } from '../annotations/model/annotation-schema.js';
import { parseAnnotationsDocument } from '../archive/annotations/annotations-document.js';
import { MetadataPath } from '../metadata/item-record.js';
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

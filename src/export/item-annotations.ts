import { z } from 'zod';
import { currentAnnotations } from '../annotations/model/annotation-history.js';
import { type Annotation, annotationSchema } from '../annotations/model/annotation-schema.js';
import { MetadataPath } from '../metadata/item-record.js';
import type { ObjectSnapshot } from './object-snapshot.js';

/** `metadata/annotations.json`: the list itself, or an object that holds it under `annotations`. */
const annotationsDocumentSchema = z.union([
  z.array(annotationSchema),
  z.looseObject({ annotations: z.array(annotationSchema) }),
]);

/**
 * The annotations a reader sees today (none superseded) in an item's object version;
 * an empty list when the object has no annotations document. A document that breaks
 * the annotation schema is an error naming the item, the file and the field.
 */
export async function readItemAnnotations(snapshot: ObjectSnapshot): Promise<Annotation[]> {
  if (!snapshot.has(MetadataPath.annotations)) return [];
  const json = await snapshot.readText(MetadataPath.annotations);
  const where = `item ${snapshot.itemId} ${snapshot.version} ${MetadataPath.annotations}`;
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch (error) {
    throw new Error(`${where}: not JSON (${(error as Error).message})`);
  }
  const parsed = annotationsDocumentSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `${where}: ${issue?.path.join('.') || '(document)'} ${issue?.message ?? 'is invalid'}`,
    );
  }
  return currentAnnotations(Array.isArray(parsed.data) ? parsed.data : parsed.data.annotations);
}

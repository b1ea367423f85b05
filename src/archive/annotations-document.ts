import { text } from 'node:stream/consumers';
import { z } from 'zod';
import type { OcflStorageRoot } from '../infra/ocfl/index.js';
import { annotationSchema } from '../model/annotations/annotation-schema.js';
import { describeIssues } from '../model/annotations/create-annotation.js';
import { MetadataPath } from '../model/item-record.js';

/** A transcript or annotation document whose annotations were merged into the item. */
export const importedDocumentSchema = z.object({
  /** Logical path of the document in the object, e.g. `originals/then-001.eaf`. */
  path: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  format: z.enum(['eaf', 'textgrid', 'vtt', 'srt', 'txt', 'json']),
  /** The recording its times were anchored to; absent when they were anchored to the item. */
  recording: z.string().optional(),
  importedAt: z.iso.datetime({ offset: true }),
});
export type ImportedDocument = z.infer<typeof importedDocumentSchema>;

/**
 * `metadata/annotations.json`: every annotation of the item, superseded versions
 * included (history is never destroyed), and the documents they were imported from,
 * oldest first, so that an export can re-create the latest ELAN document.
 */
export const annotationsDocumentSchema = z.object({
  schemaVersion: z.literal(1),
  item: z.string().min(1),
  documents: z.array(importedDocumentSchema).default([]),
  annotations: z.array(annotationSchema),
});
export type AnnotationsDocument = z.infer<typeof annotationsDocumentSchema>;

/** A stored annotations document that does not match the schema; names the file and field. */
export class AnnotationsDocumentError extends Error {
  override readonly name = 'AnnotationsDocumentError';
}

/** An empty document for an item that has no annotations yet. */
function emptyAnnotationsDocument(itemId: string): AnnotationsDocument {
  return { schemaVersion: 1, item: itemId, documents: [], annotations: [] };
}

/** Parses and validates an annotations document; `sourceName` appears in every error. */
export function parseAnnotationsDocument(json: string, sourceName: string): AnnotationsDocument {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    throw new AnnotationsDocumentError(
      `${sourceName}: not valid JSON: ${(error as Error).message}`,
    );
  }
  const result = annotationsDocumentSchema.safeParse(data);
  if (!result.success) {
    const [first, ...rest] = describeIssues(result.error);
    const more = rest.length > 0 ? ` (and ${rest.length} more problems)` : '';
    throw new AnnotationsDocumentError(
      `${sourceName} (${first?.field}): ${first?.message ?? 'invalid'}${more}`,
    );
  }
  return result.data;
}

/**
 * The document as stored: JSON with one document and one annotation per line, compact
 * for thousands of annotations yet easy to read and compare line by line.
 */
export function serializeAnnotationsDocument(document: AnnotationsDocument): string {
  const { annotations, documents, ...head } = annotationsDocumentSchema.parse(document);
  const list = (values: readonly unknown[]) =>
    values.length === 0
      ? '[]'
      : `[\n${values.map((value) => JSON.stringify(value)).join(',\n')}\n]`;
  const fields = Object.entries(head).map(
    ([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`,
  );
  return `{${fields.join(',')},\n"documents":${list(documents)},\n"annotations":${list(annotations)}}\n`;
}

/** `metadata/annotations.json` of an item version (head by default); empty when the item has none. */
export async function readAnnotationsDocument(
  objects: OcflStorageRoot,
  itemId: string,
  version?: string,
): Promise<AnnotationsDocument> {
  if (!(await objects.hasObject(itemId))) return emptyAnnotationsDocument(itemId);
  // The inventory says which files a version holds (logicalState would also fetch the size
  // of each one); an unknown version goes on to readFileOf, which refuses it.
  const inventory = await objects.getInventory(itemId);
  const state = inventory.versions[version ?? inventory.head]?.state;
  if (state && !Object.values(state).flat().includes(MetadataPath.annotations))
    return emptyAnnotationsDocument(itemId);
  const json = await text(await objects.readFileOf(inventory, MetadataPath.annotations, version));
  return parseAnnotationsDocument(json, `${itemId}/${MetadataPath.annotations}`);
}

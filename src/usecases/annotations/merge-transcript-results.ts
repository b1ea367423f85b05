import { json } from 'node:stream/consumers';
import {
  readAnnotationsDocument,
  serializeAnnotationsDocument,
} from '../../archive/annotations-document.js';
import type { Archive } from '../../archive/archive.js';
import type { FileToAdd } from '../../infra/ocfl/index.js';
import { heritageAgent } from '../../infra/package/heritage-version.js';
import type { ItemJobResult } from '../../jobs/item-job-result.js';
import type { Annotation } from '../../model/annotations/annotation-schema.js';
import { mergeImported } from '../../model/annotations/merge-import.js';
import type { ArchiveEvent } from '../../model/event.js';
import { MetadataPath } from '../../model/item-record.js';
import { annotationChangeEvent } from './annotation-event.js';
import {
  TRANSCRIPT_ANNOTATIONS_USE,
  transcriptAnnotationsFileSchema,
} from './transcript-annotations-file.js';

/** What finalise adds to the item's next version for its parsed transcripts. */
export interface TranscriptMerge {
  /** `metadata/annotations.json`, when annotations were added. */
  files: FileToAdd[];
  events: ArchiveEvent[];
  /** The item's full annotation list, when it changed (for the catalog rows). */
  annotations?: Annotation[];
}

/**
 * Merges the annotations that `parse-transcript` jobs staged into the item's
 * `metadata/annotations.json` (read at `version`) with `mergeImported`, so a transcript
 * ingested again adds nothing and an edited one adds new versions. Runs inside
 * finalise, under the item's lock.
 */
export async function mergeTranscriptResults(
  archive: Archive,
  itemId: string,
  version: string,
  results: readonly ItemJobResult[],
): Promise<TranscriptMerge> {
  const staged = results.flatMap((result) =>
    result.status === 'done'
      ? result.derivatives.filter(
          (derivative) => derivative.technical.use === TRANSCRIPT_ANNOTATIONS_USE,
        )
      : [],
  );
  if (staged.length === 0) return { files: [], events: [] };
  const current = await readAnnotationsDocument(archive.objects, itemId, version);
  let { annotations, documents } = current;
  const events: ArchiveEvent[] = [];
  for (const derivative of staged) {
    const file = transcriptAnnotationsFileSchema.parse(
      await json(await archive.work.get(derivative.workKey)),
    );
    const merged = mergeImported(annotations, file.annotations);
    const known = documents.some(
      (entry) => entry.path === file.document.path && entry.sha256 === file.document.sha256,
    );
    if (merged.added.length === 0 && known) continue;
    // Recorded even when it adds nothing (every tier left out), so that an ELAN export
    // is built on the linguist's document, with its header and tiers, not a new one.
    documents = [...documents, { ...file.document, importedAt: new Date().toISOString() }];
    if (merged.added.length === 0) continue;
    annotations = merged.annotations;
    events.push(
      annotationChangeEvent(
        heritageAgent,
        `annotations from ${file.document.path}`,
        merged,
        file.document.path,
      ),
    );
  }
  if (documents === current.documents) return { files: [], events: [] };
  return {
    files: [
      {
        logicalPath: MetadataPath.annotations,
        body: serializeAnnotationsDocument({ ...current, documents, annotations }),
      },
    ],
    events,
    annotations,
  };
}

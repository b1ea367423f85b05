import { z } from 'zod';
import { importedDocumentSchema } from '../../archive/annotations-document.js';
import { annotationSchema } from '../../formats/index.js';

/** `technical.use` of the derivative that carries a parsed transcript's annotations. */
export const TRANSCRIPT_ANNOTATIONS_USE = 'annotations';

/**
 * `derivatives/transcripts/<name>.annotations.json`: what `parse-transcript` read from
 * one transcript. Finalise merges it into `metadata/annotations.json`; it is also kept
 * in the object, as the record of what the parser made of the original.
 */
export const transcriptAnnotationsFileSchema = z.object({
  schemaVersion: z.literal(1),
  document: importedDocumentSchema.omit({ importedAt: true }),
  annotations: z.array(annotationSchema),
});
export type TranscriptAnnotationsFile = z.infer<typeof transcriptAnnotationsFileSchema>;

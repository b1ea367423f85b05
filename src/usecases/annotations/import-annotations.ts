import { createHash } from 'node:crypto';
import { importedDocumentSchema } from '../../archive/annotations-document.js';
import type { Archive } from '../../archive/archive.js';
import type { ItemLocks } from '../../archive/item-lock.js';
import { type Annotation, type AnnotationType, mergeImported } from '../../formats/index.js';
import { annotationOriginSchema } from '../../model/annotations/annotation-schema.js';
import { transcriptFormats } from '../../model/media-formats.js';
import { type AnnotationCommit, commitAnnotationChange } from './commit-annotation-change.js';
import { buildImportReport, type ImportReport } from './import-report.js';
import {
  type AnnotationDocumentContent,
  type AnnotationDocumentFormat,
  readAnnotationDocument,
} from './read-annotation-document.js';
import { reconcileImport } from './reconcile-import.js';

/** A document a linguist brings: ELAN, TextGrid, WebVTT, SRT, plain text or heritage JSON. */
export interface AnnotationImportRequest {
  itemId: string;
  name: string;
  bytes: Uint8Array;
  /** Default: from the name's extension. */
  format?: AnnotationDocumentFormat;
  author: string;
  recording?: string;
  tierTypes?: Readonly<Record<string, AnnotationType | null>>;
  defaultType?: AnnotationType;
  /**
   * The model or recogniser, with its version, that made the document's text
   * (`whisper large-v3`): its annotations are recorded as machine-made. Absent: people
   * wrote them.
   */
  madeBy?: string;
}

/** What an import did: the commit, and what was read from the document. */
export interface AnnotationImportResult extends AnnotationCommit {
  format: AnnotationDocumentFormat;
  read: number;
  anchoring: string;
  skippedTiers: AnnotationDocumentContent['skippedTiers'];
  skippedAnnotations: number;
  /** Per tier: read, added, superseded, unchanged, skipped and why. */
  report: ImportReport;
}

/** Thrown when a document's format cannot be told from its name. */
export class UnknownDocumentFormatError extends Error {
  override readonly name = 'UnknownDocumentFormatError';
}

/**
 * The document format a file name's extension says (case-insensitive); each format is
 * named by its extension.
 */
function formatOfName(name: string): AnnotationDocumentFormat {
  const formats = importedDocumentSchema.shape.format;
  const format = formats.safeParse(name.toLowerCase().split('.').pop());
  if (!format.success) {
    throw new UnknownDocumentFormatError(
      `${name}: cannot tell the format from the name; name it (${formats.options.join(', ')})`,
    );
  }
  return format.data;
}

/**
 * Imports a document into an item: its annotations are merged with what the item holds
 * (`mergeImported`: nothing twice, edits as new versions), checked against the
 * recording's duration, scan page sizes and the collection vocabulary, and written with
 * the document's own bytes under `originals/annotations/` as the item's next version.
 * A document that adds nothing writes no version, except the first ELAN document of a
 * recording, which the ELAN export is built on.
 */
export async function importAnnotations(
  archive: Archive,
  locks: ItemLocks,
  request: AnnotationImportRequest,
): Promise<AnnotationImportResult> {
  const format = request.format ?? formatOfName(request.name);
  const sha256 = createHash('sha256').update(request.bytes).digest('hex');
  // Read under the lock, against the item as it is then; kept for the result.
  const read: { content?: AnnotationDocumentContent; report?: ImportReport } = {};
  const commit = await commitAnnotationChange(
    archive,
    locks,
    request.itemId,
    request.author,
    request.name,
    ({ record, document }) => {
      const asRead = readAnnotationDocument({
        bytes: request.bytes,
        name: request.name,
        format,
        sha256,
        record,
        limits: archive.settings.annotations,
        author: request.author,
        ...(request.recording ? { recording: request.recording } : {}),
        ...(request.tierTypes ? { tierTypes: request.tierTypes } : {}),
        ...(request.defaultType ? { defaultType: request.defaultType } : {}),
      });
      const content = request.madeBy ? madeByMachine(asRead, request.madeBy) : asRead;
      const reconciled =
        format === 'eaf' || format === 'json'
          ? { annotations: content.annotations, from: content.annotations, restated: [] }
          : reconcileImport(
              document.annotations,
              content.annotations,
              content.cueIds,
              request.author,
            );
      const merged = mergeImported(document.annotations, reconciled.annotations);
      read.content = content;
      read.report = buildImportReport(content, [
        ...merged.outcomes.map((outcome, index) => ({
          from: reconciled.from[index] as Annotation,
          outcome,
        })),
        ...reconciled.restated.map((from) => ({ from, outcome: 'unchanged' as const })),
      ]);
      // An ELAN document is the base of the recording's ELAN export, so the first one is
      // kept even when it brings no annotations (tiers only, or none heritage reads); one
      // heritage wrote itself holds nothing the item lacks.
      const keepDocumentAlone =
        format === 'eaf' &&
        content.recording !== undefined &&
        !content.exportedByHeritage &&
        !document.documents.some(
          (entry) => entry.format === 'eaf' && entry.recording === content.recording,
        );
      return {
        annotations: merged.annotations,
        added: merged.added,
        keepDocumentAlone,
        unchanged: merged.unchanged + reconciled.restated.length,
        document: {
          name: request.name,
          bytes: request.bytes,
          sha256,
          format,
          mediaType: format === 'json' ? 'application/json' : transcriptFormats[format],
          ...(content.recording ? { recording: content.recording } : {}),
        },
        summary: `imported ${request.name} (${format})`,
      };
    },
  );
  const { content, report } = read;
  if (!content || !report) throw new Error('the import read no document');
  return {
    ...commit,
    format,
    read: content.annotations.length,
    anchoring: content.anchoring,
    skippedTiers: content.skippedTiers,
    skippedAnnotations: content.skippedAnnotations,
    report,
  };
}

/** The document's annotations, each recorded as made by `tool` (checked as the schema says). */
function madeByMachine(
  content: AnnotationDocumentContent,
  tool: string,
): AnnotationDocumentContent {
  const origin = annotationOriginSchema.parse({ kind: 'machine', tool });
  return {
    ...content,
    annotations: content.annotations.map((annotation) => ({ ...annotation, origin })),
  };
}

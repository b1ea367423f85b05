import { createHash } from 'node:crypto';
import { importedDocumentSchema } from '../../archive/annotations-document.js';
import type { Archive } from '../../archive/archive.js';
import type { ItemLocks } from '../../archive/item-lock.js';
import type { AnnotationType } from '../../formats/index.js';
import { type AnnotationCommit, commitAnnotationChange } from './commit-annotation-change.js';
import type { ImportReport } from './import-report.js';
import { type ImportPlanRequest, planImport } from './plan-import.js';
import type {
  AnnotationDocumentContent,
  AnnotationDocumentFormat,
} from './read-annotation-document.js';

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
export function formatOfName(name: string): AnnotationDocumentFormat {
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
  // Planned under the lock, against the item as it is then; kept for the result.
  const read: { content?: AnnotationDocumentContent; report?: ImportReport } = {};
  const commit = await commitAnnotationChange(
    archive,
    locks,
    request.itemId,
    request.author,
    request.name,
    (state) => {
      const plan = planImport(
        importPlanRequest(request, format, sha256),
        state,
        archive.settings.annotations,
      );
      read.content = plan.content;
      read.report = plan.report;
      return plan.change;
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

/** What the plan takes of an import request. */
export function importPlanRequest(
  request: AnnotationImportRequest,
  format: AnnotationDocumentFormat,
  sha256: string,
): ImportPlanRequest {
  return {
    name: request.name,
    bytes: request.bytes,
    format,
    sha256,
    author: request.author,
    ...(request.recording ? { recording: request.recording } : {}),
    ...(request.tierTypes ? { tierTypes: request.tierTypes } : {}),
    ...(request.defaultType ? { defaultType: request.defaultType } : {}),
    ...(request.madeBy ? { madeBy: request.madeBy } : {}),
  };
}

import { type Annotation, type AnnotationType, mergeImported } from '../../formats/index.js';
import type { Settings } from '../../infra/config/settings-schema.js';
import { annotationOriginSchema } from '../../model/annotations/annotation-schema.js';
import { transcriptFormats } from '../../model/media-formats.js';
import type { AnnotationState, PlannedAnnotationChange } from './commit-annotation-change.js';
import { buildImportReport, type ImportReport } from './import-report.js';
import {
  type AnnotationDocumentContent,
  type AnnotationDocumentFormat,
  readAnnotationDocument,
} from './read-annotation-document.js';
import { reconcileImport } from './reconcile-import.js';

/** A document to read into an item, as both the import and its preview take it. */
export interface ImportPlanRequest {
  name: string;
  bytes: Uint8Array;
  format: AnnotationDocumentFormat;
  sha256: string;
  author: string;
  recording?: string;
  tierTypes?: Readonly<Record<string, AnnotationType | null>>;
  defaultType?: AnnotationType;
  /** The model or recogniser that made the text; absent when people wrote it. */
  madeBy?: string;
}

/** One new annotation of the plan, with the document annotation it was read from. */
export interface PlannedAddition {
  annotation: Annotation;
  from: Annotation;
}

/** What importing the document into the item as it is now would do. */
export interface ImportPlan {
  change: PlannedAnnotationChange;
  content: AnnotationDocumentContent;
  report: ImportReport;
  /** `change.added`, in order, each with the annotation of the document it stands for. */
  additions: PlannedAddition[];
}

/**
 * Reads the document and merges it with the item's annotations (`mergeImported`: nothing
 * twice, edits as new versions), writing nothing. The import commits this plan; its
 * preview shows it, so both say the same. Ids are derived from content and author, so a
 * plan made twice against the same state adds the same annotations.
 */
export function planImport(
  request: ImportPlanRequest,
  state: AnnotationState,
  limits: Settings['annotations'],
): ImportPlan {
  const { record, document } = state;
  const { format } = request;
  const asRead = readAnnotationDocument({
    bytes: request.bytes,
    name: request.name,
    format,
    sha256: request.sha256,
    record,
    limits,
    author: request.author,
    ...(request.recording ? { recording: request.recording } : {}),
    ...(request.tierTypes ? { tierTypes: request.tierTypes } : {}),
    ...(request.defaultType ? { defaultType: request.defaultType } : {}),
  });
  const content = request.madeBy ? madeByMachine(asRead, request.madeBy) : asRead;
  const reconciled =
    format === 'eaf' || format === 'json'
      ? { annotations: content.annotations, from: content.annotations, restated: [] }
      : reconcileImport(document.annotations, content.annotations, content.cueIds, request.author);
  const merged = mergeImported(document.annotations, reconciled.annotations);
  const report = buildImportReport(content, [
    ...merged.outcomes.map((outcome, index) => ({
      from: reconciled.from[index] as Annotation,
      outcome,
    })),
    ...reconciled.restated.map((from) => ({ from, outcome: 'unchanged' as const })),
  ]);
  // mergeImported adds one annotation per outcome that is not `unchanged`, in order.
  const additions: PlannedAddition[] = [];
  merged.outcomes.forEach((outcome, index) => {
    const annotation = merged.added[additions.length];
    if (outcome !== 'unchanged' && annotation)
      additions.push({ annotation, from: reconciled.from[index] as Annotation });
  });
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
    change: {
      annotations: merged.annotations,
      added: merged.added,
      keepDocumentAlone,
      unchanged: merged.unchanged + reconciled.restated.length,
      document: {
        name: request.name,
        bytes: request.bytes,
        sha256: request.sha256,
        format,
        mediaType: format === 'json' ? 'application/json' : transcriptFormats[format],
        ...(content.recording ? { recording: content.recording } : {}),
      },
      summary: `imported ${request.name} (${format})`,
    },
    content,
    report,
    additions,
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

import { createHash } from 'node:crypto';
import { readAnnotationsDocument } from '../../archive/annotations-document.js';
import type { Archive } from '../../archive/archive.js';
import type { ItemLocks } from '../../archive/item-lock.js';
import { withItemHead } from '../../archive/item-version.js';
import type { Annotation } from '../../formats/index.js';
import { checkAnnotations } from './annotation-checks.js';
import { readCollectionVocabulary } from './collection-vocabulary.js';
import {
  type AnnotationImportRequest,
  formatOfName,
  importPlanRequest,
} from './import-annotations.js';
import type { ImportReport } from './import-report.js';
import { planImport } from './plan-import.js';
import type {
  AnnotationDocumentContent,
  AnnotationDocumentFormat,
} from './read-annotation-document.js';

/** An annotation's content as a person compares it. */
export interface AnnotationContent {
  type: string;
  value: string;
  startMs?: number;
  endMs?: number;
  terms?: string[];
}

/**
 * One change the import would make: `add` a new annotation (`annotationId` the id it
 * will get), or `supersede` the current version `annotationId` with a new one (`newId`).
 */
export interface PreviewedChange {
  kind: 'add' | 'supersede';
  /** The document's tier it comes from; `(document)` for formats without tiers. */
  tier: string;
  tierOccurrence?: number;
  annotationId: string;
  newId: string;
  before?: AnnotationContent;
  after: AnnotationContent;
}

/** What importing the document would do, with nothing written. */
export interface ImportPreview {
  itemId: string;
  format: AnnotationDocumentFormat;
  /** The object version the preview was made against: the import is the same while it is the head. */
  version: string;
  /** True when the import would write a version. */
  wouldChange: boolean;
  read: number;
  anchoring: string;
  skippedTiers: AnnotationDocumentContent['skippedTiers'];
  skippedAnnotations: number;
  unchanged: number;
  report: ImportReport;
  /** The type each tier's annotations were read as (tiers left out are absent). */
  tierTypes: { tier: string; tierOccurrence?: number; type: string }[];
  changes: PreviewedChange[];
}

/**
 * Reads a document and reconciles it with the item exactly as `importAnnotations` does
 * (the same plan, under the item's lock, and the same checks against the recording, scan
 * pages and vocabulary, refused the same way), and answers what the import would do:
 * no object version, no catalog row and no kept document are written.
 */
export async function previewImport(
  archive: Archive,
  locks: ItemLocks,
  request: AnnotationImportRequest,
): Promise<ImportPreview> {
  const format = request.format ?? formatOfName(request.name);
  const sha256 = createHash('sha256').update(request.bytes).digest('hex');
  return withItemHead(archive, locks, request.itemId, async (head) => {
    const document = await readAnnotationsDocument(archive.objects, request.itemId, head.version);
    const vocabulary = (await readCollectionVocabulary(archive.objects, head.record.collection.id))
      ?.vocabulary;
    const plan = planImport(
      importPlanRequest(request, format, sha256),
      { record: head.record, document, vocabulary },
      archive.settings.annotations,
    );
    const { change, content, report } = plan;
    const wouldChange =
      change.added.length > 0 || Boolean(change.keepDocumentAlone && change.document);
    if (change.added.length > 0)
      checkAnnotations(head.record, change.added, vocabulary, request.name);
    const byId = new Map(document.annotations.map((annotation) => [annotation.id, annotation]));
    return {
      itemId: request.itemId,
      format,
      version: head.version,
      wouldChange,
      read: content.annotations.length,
      anchoring: content.anchoring,
      skippedTiers: content.skippedTiers,
      skippedAnnotations: content.skippedAnnotations,
      unchanged: change.unchanged,
      report,
      tierTypes: tierTypesOf(content.annotations),
      changes: plan.additions.map(({ annotation, from }) => {
        // What it supersedes may be a version this same import adds first.
        const before = annotation.supersedes ? byId.get(annotation.supersedes) : undefined;
        byId.set(annotation.id, annotation);
        return {
          kind: annotation.supersedes ? 'supersede' : 'add',
          ...tierOf(from),
          annotationId: annotation.supersedes ?? annotation.id,
          newId: annotation.id,
          ...(before ? { before: contentOf(before) } : {}),
          after: contentOf(annotation),
        };
      }),
    };
  });
}

function contentOf(annotation: Annotation): AnnotationContent {
  const { anchor } = annotation;
  return {
    type: annotation.type,
    value: annotation.value,
    ...(anchor.kind === 'time' ? { startMs: anchor.startMs, endMs: anchor.endMs } : {}),
    ...(annotation.terms.length > 0 ? { terms: [...annotation.terms] } : {}),
  };
}

function tierOf(annotation: Annotation): { tier: string; tierOccurrence?: number } {
  const { source } = annotation;
  if (source?.tier === undefined) return { tier: '(document)' };
  return source.tierOccurrence === undefined
    ? { tier: source.tier }
    : { tier: source.tier, tierOccurrence: source.tierOccurrence };
}

/** Per tier, the type of the first annotation read from it. */
function tierTypesOf(annotations: readonly Annotation[]): ImportPreview['tierTypes'] {
  const types = new Map<string, ImportPreview['tierTypes'][number]>();
  for (const annotation of annotations) {
    const ref = tierOf(annotation);
    const key = JSON.stringify([ref.tier, ref.tierOccurrence ?? 1]);
    if (!types.has(key)) types.set(key, { ...ref, type: annotation.type });
  }
  return [...types.values()];
}

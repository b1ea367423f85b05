import {
  type AnchorIssue,
  type Annotation,
  checkRegion,
  checkTimeSpan,
  type Vocabulary,
} from '../../formats/index.js';
import { JobName } from '../../jobs/names.js';
import type { ItemRecord } from '../../model/item-record.js';
import { recordingFacts, scanFacts } from '../../model/media-facts.js';

/** One annotation that cannot be archived, with the field at fault. */
export interface AnnotationProblem {
  /** Where the annotation is: its id, and its tier and element in the source document. */
  annotation: string;
  field: string;
  message: string;
  /** Which change of a batch, counted from 0. */
  change?: number;
}

/**
 * Annotations refused before anything is written. The message names the document, the
 * first annotation (id, tier, element) and the field, and counts the others.
 */
export class AnnotationRejectedError extends Error {
  override readonly name = 'AnnotationRejectedError';

  constructor(
    readonly sourceName: string,
    readonly problems: readonly AnnotationProblem[],
  ) {
    const [first] = problems;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problems)` : '';
    super(
      first
        ? `${sourceName}: ${first.annotation} (${first.field}): ${first.message}${more}`
        : `${sourceName}: rejected`,
    );
  }
}

/**
 * Checks annotations against the item they are for: a span must lie within its
 * recording's duration, a region on its scan page, and every term must come from the
 * collection's vocabulary. Throws {@link AnnotationRejectedError} listing every problem.
 */
export function checkAnnotations(
  record: ItemRecord,
  annotations: readonly Annotation[],
  vocabulary: Vocabulary | undefined,
  sourceName: string,
): void {
  const problems: AnnotationProblem[] = [];
  const terms = new Set(vocabulary?.terms.map((term) => term.id));
  for (const annotation of annotations) {
    const where = describeAnnotation(annotation);
    for (const issue of anchorIssues(record, annotation))
      problems.push({ annotation: where, ...issue });
    for (const term of annotation.terms) {
      if (!vocabulary) {
        problems.push({
          annotation: where,
          field: 'terms',
          message: `collection ${record.collection.id} has no vocabulary for term "${term}": import one with heritage vocabulary import`,
        });
      } else if (!terms.has(term)) {
        problems.push({
          annotation: where,
          field: 'terms',
          message: `"${term}" is not a term of vocabulary ${vocabulary.id} (collection ${record.collection.id})`,
        });
      }
    }
  }
  if (problems.length > 0) throw new AnnotationRejectedError(sourceName, problems);
}

function anchorIssues(record: ItemRecord, annotation: Annotation): AnchorIssue[] {
  const { anchor } = annotation;
  if (anchor.kind === 'item') return [];
  const asset = record.assets.find((candidate) => candidate.path === anchor.asset);
  if (anchor.kind === 'time') {
    if (asset?.role !== 'recording') {
      return [
        {
          field: 'anchor.asset',
          message: `"${anchor.asset}" is not a recording of item ${record.item.id} (${listOf(record, 'recording')})`,
        },
      ];
    }
    const facts = recordingFacts(asset);
    if (!facts) {
      return [{ field: 'anchor.asset', message: `the duration of ${anchor.asset} is not known` }];
    }
    return checkTimeSpan(anchor, facts);
  }
  if (asset?.role !== 'scan') {
    return [
      {
        field: 'anchor.asset',
        message: `"${anchor.asset}" is not a scan of item ${record.item.id} (${listOf(record, 'scan')})`,
      },
    ];
  }
  const ocr = record.steps.find(
    (step) => step.step === JobName.OcrPage && step.asset === asset.path && step.status === 'done',
  );
  const scan = scanFacts(asset, ocr?.result);
  const page = scan.pageSize(anchor.page);
  if (scan.pageCount === 0 || (!page && anchor.page <= scan.pageCount)) {
    return [
      {
        field: 'anchor.page',
        message: `the pixel size of page ${anchor.page} of ${anchor.asset} is not known`,
      },
    ];
  }
  return checkRegion(anchor, { pageCount: scan.pageCount, page: page ?? { width: 0, height: 0 } });
}

function listOf(record: ItemRecord, role: 'recording' | 'scan'): string {
  const paths = record.assets.filter((asset) => asset.role === role).map((asset) => asset.path);
  return paths.length === 0 ? `it has no ${role}` : `its ${role}s: ${paths.join(', ')}`;
}

/** `annotation an-1f… on tier "text", element a12`: enough to find it in ELAN. */
function describeAnnotation(annotation: Annotation): string {
  const { source } = annotation;
  const parts = [`annotation ${annotation.id}`];
  if (source?.tier !== undefined) parts.push(`on tier "${source.tier}"`);
  if (source?.elementId !== undefined) parts.push(`element ${source.elementId}`);
  else if (source?.index !== undefined) parts.push(`segment ${source.index + 1}`);
  return parts.join(' ');
}

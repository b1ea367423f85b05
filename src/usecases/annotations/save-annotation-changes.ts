import type { Archive } from '../../archive/archive.js';
import type { ItemLocks } from '../../archive/item-lock.js';
import {
  type Anchor,
  type AnnotationBatchChange,
  type AnnotationType,
  type AppliedBatch,
  applyBatch,
} from '../../formats/index.js';
import type { ItemRecord } from '../../model/item-record.js';
import {
  type AnnotationProblem,
  AnnotationRejectedError,
  checkAnnotations,
} from './annotation-checks.js';
import { type AnnotationCommit, commitAnnotationChange } from './commit-annotation-change.js';
import { type AnchorRequest, resolveAnchor } from './resolve-anchor.js';

/** The content of a change as a client sends it; the anchor's asset may be left to the item. */
interface ChangeFields {
  type?: AnnotationType;
  value?: string;
  terms?: readonly string[];
  language?: string;
  anchor?: AnchorRequest;
}

/** One change of a batch: add a new annotation, supersede (edit or restore) or retire one. */
export type AnnotationChangeRequest =
  | ({ op: 'add'; type: AnnotationType; value: string } & ChangeFields)
  | ({ op: 'supersede'; id: string } & ChangeFields)
  | { op: 'retire'; id: string };

export interface AnnotationChangesRequest {
  itemId: string;
  author: string;
  changes: readonly AnnotationChangeRequest[];
}

/** The commit, and what each change made, in the order given. */
export type SavedAnnotationChanges = AnnotationCommit & { saved: AppliedBatch['saved'] };

/**
 * Saves several changes to an item's annotations as ONE object version, or none: under
 * the item's lock, each change is applied in turn to the head version's annotations (a
 * split is a supersede and an add, a merge a supersede and a retirement). A change that
 * names a version already replaced refuses the whole batch (409, naming the change and
 * the current version); so does one that does not fit the item (422, naming the change
 * and the field).
 */
export function saveAnnotationChanges(
  archive: Archive,
  locks: ItemLocks,
  request: AnnotationChangesRequest,
): Promise<SavedAnnotationChanges> {
  let saved: AppliedBatch['saved'] = [];
  const sourceName = `item ${request.itemId}`;
  return commitAnnotationChange(
    archive,
    locks,
    request.itemId,
    request.author,
    sourceName,
    ({ record, document, vocabulary }) => {
      const batch = applyBatch(
        document.annotations,
        resolvedChanges(record, request.changes, sourceName),
        { author: request.author },
      );
      // Checked change by change, so that each problem names its change.
      const problems: AnnotationProblem[] = [];
      const added = new Set(batch.added);
      batch.saved.forEach(({ annotation }, index) => {
        if (annotation.retired || !added.has(annotation)) return;
        problems.push(
          ...problemsOf(
            () => checkAnnotations(record, [annotation], vocabulary, sourceName),
            index,
          ),
        );
      });
      if (problems.length > 0) throw new AnnotationRejectedError(sourceName, problems);
      saved = batch.saved;
      return {
        annotations: batch.annotations,
        added: batch.added,
        unchanged: batch.unchanged,
        summary: summaryOf(request.changes),
      };
    },
  ).then((commit) => ({ ...commit, saved }));
}

/** The changes with their anchors resolved against the item; every bad anchor refuses the batch. */
function resolvedChanges(
  record: ItemRecord,
  changes: readonly AnnotationChangeRequest[],
  sourceName: string,
): AnnotationBatchChange[] {
  const problems: AnnotationProblem[] = [];
  const resolved = changes.map((change, index): AnnotationBatchChange => {
    if (change.op === 'retire') return change;
    let anchor: Anchor | undefined;
    problems.push(
      ...problemsOf(() => {
        anchor = change.anchor && resolveAnchor(record, change.anchor);
      }, index),
    );
    const { anchor: _asked, terms, ...fields } = change;
    const content = {
      ...fields,
      ...(terms ? { terms: [...terms] } : {}),
      ...(anchor ? { anchor } : {}),
    };
    if (change.op === 'add')
      return {
        ...content,
        op: 'add',
        type: change.type,
        value: change.value,
        anchor: anchor ?? { kind: 'item' },
      };
    return { ...content, op: 'supersede', id: change.id };
  });
  if (problems.length > 0) throw new AnnotationRejectedError(sourceName, problems);
  return resolved;
}

/** The problems `check` throws, each marked with the change it is about. */
function problemsOf(check: () => void, change: number): AnnotationProblem[] {
  try {
    check();
    return [];
  } catch (error) {
    if (!(error instanceof AnnotationRejectedError)) throw error;
    return error.problems.map((problem) => ({
      ...problem,
      annotation: `change ${change}: ${problem.annotation}`,
      change,
    }));
  }
}

/** `3 changes: 1 added, 1 edited, 1 retired`, for the version message and the event. */
function summaryOf(changes: readonly AnnotationChangeRequest[]): string {
  const count = (op: AnnotationChangeRequest['op']) =>
    changes.filter((change) => change.op === op).length;
  return `${changes.length} change${changes.length === 1 ? '' : 's'}: ${count('add')} added, ${count('supersede')} edited, ${count('retire')} retired`;
}

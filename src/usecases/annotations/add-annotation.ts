import type { Archive } from '../../archive/archive.js';
import type { ItemLocks } from '../../archive/item-lock.js';
import {
  type Anchor,
  type Annotation,
  type AnnotationEdit,
  type AnnotationType,
  applyEdit,
  newAnnotationIn,
} from '../../formats/index.js';
import { AnnotationRejectedError } from './annotation-checks.js';
import { type AnnotationCommit, commitAnnotationChange } from './commit-annotation-change.js';
import { type AnchorRequest, resolveAnchor } from './resolve-anchor.js';

/** A new annotation, or with `supersedes` a new version of one (unset fields keep their value). */
export interface AnnotationAddRequest {
  itemId: string;
  author: string;
  type?: AnnotationType;
  value?: string;
  terms?: readonly string[];
  language?: string;
  anchor?: AnchorRequest;
  supersedes?: string;
}

/** Adds one annotation (or edits one) as the item's next version; see commitAnnotationChange. */
export async function addAnnotation(
  archive: Archive,
  locks: ItemLocks,
  request: AnnotationAddRequest,
): Promise<AnnotationCommit & { annotation?: Annotation }> {
  // The annotation as the item holds it after the change, new or found already there.
  let stored: Annotation | undefined;
  const commit = await commitAnnotationChange(
    archive,
    locks,
    request.itemId,
    request.author,
    `item ${request.itemId}`,
    ({ record, document }) => {
      const anchor = request.anchor && resolveAnchor(record, request.anchor);
      const annotations =
        request.supersedes !== undefined
          ? editedOnce(document.annotations, {
              supersedes: request.supersedes,
              author: request.author,
              ...(request.type ? { type: request.type } : {}),
              ...(request.value !== undefined ? { value: request.value } : {}),
              ...(request.terms ? { terms: request.terms } : {}),
              ...(request.language ? { language: request.language } : {}),
              ...(anchor ? { anchor } : {}),
            })
          : [...document.annotations, newAnnotation(document.annotations, request, anchor)];
      const added = annotations.slice(document.annotations.length);
      const known = new Map(document.annotations.map((annotation) => [annotation.id, annotation]));
      // The same note by the same author at the same place already exists: nothing to add.
      const fresh = added.filter((annotation) => !known.has(annotation.id));
      stored = added[0] && (known.get(added[0].id) ?? added[0]);
      return {
        annotations: [...document.annotations, ...fresh],
        added: fresh,
        unchanged: added.length - fresh.length,
        summary:
          request.supersedes !== undefined
            ? `edited ${request.supersedes}`
            : `added a ${request.type} annotation`,
      };
    },
  );
  return { ...commit, ...(stored ? { annotation: stored } : {}) };
}

/**
 * The list with the edit applied; the list as it is when the same edit by the same
 * author was already made (the edited annotation is superseded by exactly the version
 * this edit makes), so that a retried edit is harmless.
 */
function editedOnce(annotations: readonly Annotation[], edit: AnnotationEdit): Annotation[] {
  const newer = annotations.find((annotation) => annotation.supersedes === edit.supersedes);
  if (!newer) return applyEdit(annotations, edit);
  const again = applyEdit(
    annotations.filter((annotation) => annotation.id !== newer.id),
    edit,
  ).at(-1);
  if (again?.id === newer.id) return [...annotations, newer];
  return applyEdit(annotations, edit);
}

function newAnnotation(
  annotations: readonly Annotation[],
  request: AnnotationAddRequest,
  anchor: Anchor | undefined,
): Annotation {
  if (!request.type || request.value === undefined) {
    throw new AnnotationRejectedError(`item ${request.itemId}`, [
      {
        annotation: 'the new annotation',
        field: request.type ? 'value' : 'type',
        message: 'is required for a new annotation',
      },
    ]);
  }
  return newAnnotationIn(annotations, {
    anchor: anchor ?? { kind: 'item' },
    type: request.type,
    value: request.value,
    terms: request.terms ?? [],
    author: request.author,
    ...(request.language ? { language: request.language } : {}),
  });
}

import {
  type AnnotationConflict,
  AnnotationEditError,
  applyEdit,
  newAnnotationIn,
  retireAnnotation,
} from './annotation-history.js';
import type { Anchor, Annotation, AnnotationType } from './annotation-schema.js';
import { InvalidAnnotationError } from './create-annotation.js';

/** The content of an annotation a batch adds; the anchor already resolved against the item. */
export interface AddedContent {
  anchor: Anchor;
  type: AnnotationType;
  value: string;
  terms?: readonly string[];
  language?: string;
}

/** One change of a batch: `supersede` and `retire` name the current version they replace. */
export type AnnotationBatchChange =
  | ({ op: 'add' } & AddedContent)
  | ({ op: 'supersede'; id: string } & Partial<AddedContent>)
  | { op: 'retire'; id: string };

/** What one change made: the new version, or the annotation the item already held. */
export interface AppliedChange {
  op: AnnotationBatchChange['op'];
  annotation: Annotation;
}

/** A batch applied: the full next list, the annotations that are new, and each change's outcome. */
export interface AppliedBatch {
  annotations: Annotation[];
  added: Annotation[];
  /** Adds of an annotation the item already held: nothing new for them. */
  unchanged: number;
  /** One per change, in the order given. */
  saved: AppliedChange[];
}

/**
 * Applies several changes as one: each in turn on the list the previous ones made, so
 * that a split (supersede + add) or a merge (supersede + retire) is one step. All or
 * nothing: a change naming a version already replaced throws {@link AnnotationEditError}
 * naming every such change (by index) and its current version; a change with bad
 * content throws {@link InvalidAnnotationError} naming the change and field. Either way
 * `annotations` is left as it was.
 */
export function applyBatch(
  annotations: readonly Annotation[],
  changes: readonly AnnotationBatchChange[],
  by: { author: string; created?: string },
): AppliedBatch {
  let list: Annotation[] = [...annotations];
  const byId = new Map(list.map((annotation) => [annotation.id, annotation]));
  const added: Annotation[] = [];
  const saved: AppliedChange[] = [];
  const conflicts: AnnotationConflict[] = [];
  const invalid: { field: string; message: string; change: number }[] = [];
  let unchanged = 0;
  const created = by.created ?? new Date().toISOString();

  changes.forEach((change, index) => {
    try {
      const repeat = repeatedChange(list, change, by.author, created, byId);
      if (repeat) {
        unchanged += 1;
        saved.push({ op: change.op, annotation: repeat });
        return;
      }
      const next = nextList(list, change, by.author, created, byId);
      const made = next.at(-1);
      if (!made) return;
      const existing = byId.get(made.id);
      if (existing) {
        // The same annotation is already there (an add made twice): nothing new.
        unchanged += 1;
        saved.push({ op: change.op, annotation: existing });
        return;
      }
      list = next;
      byId.set(made.id, made);
      added.push(made);
      saved.push({ op: change.op, annotation: made });
    } catch (error) {
      if (error instanceof AnnotationEditError) {
        for (const conflict of error.conflicts)
          conflicts.push({
            ...conflict,
            change: index,
            message: `change ${index}: ${conflict.message}`,
          });
      } else if (error instanceof InvalidAnnotationError) {
        for (const issue of error.issues)
          invalid.push({
            field: `changes.${index}.${issue.field}`,
            message: issue.message,
            change: index,
          });
      } else {
        throw error;
      }
    }
  });
  if (conflicts.length > 0) throw new AnnotationEditError(conflicts);
  if (invalid.length > 0) throw new InvalidAnnotationError(invalid);
  return { annotations: list, added, unchanged, saved };
}

/**
 * The version a supersede or retire already made, when the same change by the same
 * author was saved before (a batch sent again after its answer was lost): the version
 * that replaced the named one is exactly what this change would make, so a retried
 * batch is harmless instead of a conflict.
 */
function repeatedChange(
  list: readonly Annotation[],
  change: AnnotationBatchChange,
  author: string,
  created: string,
  byId: ReadonlyMap<string, Annotation>,
): Annotation | undefined {
  if (change.op === 'add') return undefined;
  const newer = list.find((annotation) => annotation.supersedes === change.id);
  // Only a successor still current is this change made before; otherwise the edit is stale.
  if (!newer || list.some((annotation) => annotation.supersedes === newer.id)) return undefined;
  const without = list.filter((annotation) => annotation.id !== newer.id);
  const withoutIds = new Map(without.map((annotation) => [annotation.id, annotation]));
  try {
    const again = nextList(without, change, author, created, withoutIds).at(-1);
    return again?.id === newer.id ? (byId.get(newer.id) ?? newer) : undefined;
  } catch {
    return undefined;
  }
}

/** The list after one change; its last element is what the change made. */
function nextList(
  list: readonly Annotation[],
  change: AnnotationBatchChange,
  author: string,
  created: string,
  byId: ReadonlyMap<string, Annotation>,
): Annotation[] {
  switch (change.op) {
    case 'add':
      return [
        ...list,
        newAnnotationIn(list, {
          anchor: change.anchor,
          type: change.type,
          value: change.value,
          terms: change.terms ?? [],
          author,
          created,
          ...(change.language ? { language: change.language } : {}),
        }),
      ];
    case 'retire':
      return retireAnnotation(list, { retires: change.id, author, created });
    case 'supersede': {
      const { op: _op, id, ...fields } = change;
      const restoring = byId.get(id)?.retired === true;
      if (!restoring && Object.values(fields).every((field) => field === undefined)) {
        throw new InvalidAnnotationError([
          {
            field: '(root)',
            message:
              'nothing to change: give type, value, terms, language or anchor (an empty supersede only restores a retired annotation)',
          },
        ]);
      }
      return applyEdit(list, {
        supersedes: id,
        author,
        created,
        ...(fields.type ? { type: fields.type } : {}),
        ...(fields.value !== undefined ? { value: fields.value } : {}),
        ...(fields.terms ? { terms: fields.terms } : {}),
        ...(fields.language ? { language: fields.language } : {}),
        ...(fields.anchor ? { anchor: fields.anchor } : {}),
      });
    }
  }
}

import { AnnotationIndex } from './annotation-index.js';
import type { Anchor, Annotation, AnnotationType } from './annotation-schema.js';
import { createAnnotation, type NewAnnotation } from './create-annotation.js';

/** A change to one annotation; fields left out keep their current value. */
export interface AnnotationEdit {
  /** Id of the annotation being edited: it must be the current version. */
  supersedes: string;
  author: string;
  created?: string;
  value?: string;
  terms?: readonly string[];
  anchor?: Anchor;
  type?: AnnotationType;
  language?: string;
}

/** Why an edit was refused: the annotation it named and, when it exists, its current version. */
export interface AnnotationConflict {
  /** The id the edit named. */
  annotation: string;
  /** Id of the annotation's current version (a retirement when it was retired). */
  current?: string;
  message: string;
  /** Which change of a batch, counted from 0. */
  change?: number;
}

/** Thrown for an edit that names a missing, already superseded or already retired annotation. */
export class AnnotationEditError extends Error {
  override readonly name = 'AnnotationEditError';
  readonly conflicts: readonly AnnotationConflict[];

  constructor(conflicts: AnnotationConflict | readonly AnnotationConflict[]) {
    const list = Array.isArray(conflicts) ? conflicts : [conflicts as AnnotationConflict];
    const [first] = list;
    const more = list.length > 1 ? ` (and ${list.length - 1} more)` : '';
    super(`${first?.message ?? 'the edit conflicts with the item'}${more}`);
    this.conflicts = list;
  }
}

/** A retirement: removes the annotation `retires` from what readers see, keeping its history. */
export interface AnnotationRetirement {
  /** Id of the annotation being retired: it must be the current version. */
  retires: string;
  author: string;
  created?: string;
}

/**
 * Applies an edit without destroying anything: returns a new list holding every old
 * annotation plus the new version, which `supersedes` the edited one. Only the current
 * version of an annotation can be edited, so that history stays one line, not a tree.
 * Editing a retirement restores the annotation (with the edit's changes).
 */
export function applyEdit(annotations: readonly Annotation[], edit: AnnotationEdit): Annotation[] {
  const target = currentVersion(annotations, edit.supersedes, 'supersedes', 'edit');
  const next = createAnnotation(
    {
      anchor: edit.anchor ?? target.anchor,
      type: edit.type ?? target.type,
      value: edit.value ?? target.value,
      terms: edit.terms ?? target.terms,
      language: edit.language ?? target.language,
      author: edit.author,
      created: edit.created,
      supersedes: target.id,
      source: target.source,
    },
    // Edits of equal content on two different annotations must stay two annotations.
    { position: `edit:${target.id}` },
  );
  return [...annotations, next];
}

/**
 * Retires an annotation: adds a version that supersedes it, holds the same content and
 * is marked `retired`, so that it leaves what readers see but stays in the history.
 */
export function retireAnnotation(
  annotations: readonly Annotation[],
  retirement: AnnotationRetirement,
): Annotation[] {
  const target = currentVersion(annotations, retirement.retires, 'id', 'retire');
  if (target.retired) {
    throw new AnnotationEditError({
      annotation: target.id,
      current: target.id,
      message: `id: annotation "${target.id}" is already retired`,
    });
  }
  const next = createAnnotation(
    {
      anchor: target.anchor,
      type: target.type,
      value: target.value,
      terms: target.terms,
      language: target.language,
      author: retirement.author,
      created: retirement.created,
      supersedes: target.id,
      source: target.source,
      origin: target.origin,
      retired: true,
    },
    { position: `retire:${target.id}` },
  );
  return [...annotations, next];
}

/** The annotation with this id when no version supersedes it; otherwise a conflict naming the current one. */
function currentVersion(
  annotations: readonly Annotation[],
  id: string,
  field: string,
  verb: string,
): Annotation {
  const target = annotations.find((annotation) => annotation.id === id);
  if (!target)
    throw new AnnotationEditError({
      annotation: id,
      message: `${field}: no annotation "${id}" to ${verb}`,
    });
  const newer = annotations.find((annotation) => annotation.supersedes === target.id);
  if (newer) {
    const current = new AnnotationIndex(annotations).history(target.id).at(-1) ?? newer;
    throw new AnnotationEditError({
      annotation: target.id,
      current: current.id,
      message: `${field}: annotation "${target.id}" was already superseded by "${newer.id}"; ${verb} the current version, "${current.id}"${current.retired ? ' (retired)' : ''}`,
    });
  }
  return target;
}

/**
 * The annotations no other annotation supersedes and that are not retirements: what a
 * reader sees today.
 */
export function currentAnnotations(annotations: readonly Annotation[]): Annotation[] {
  const superseded = new Set(annotations.flatMap((annotation) => annotation.supersedes ?? []));
  return annotations.filter(
    (annotation) => !superseded.has(annotation.id) && annotation.retired !== true,
  );
}

/** The retirements no later version supersedes: annotations retired today. */
export function retiredAnnotations(annotations: readonly Annotation[]): Annotation[] {
  const superseded = new Set(annotations.flatMap((annotation) => annotation.supersedes ?? []));
  return annotations.filter(
    (annotation) => annotation.retired === true && !superseded.has(annotation.id),
  );
}

/** Every version of the annotation with this id, oldest first (empty when the id is unknown). */
export function annotationHistory(annotations: readonly Annotation[], id: string): Annotation[] {
  return new AnnotationIndex(annotations).history(id);
}

/**
 * A new annotation made from `input`: with the id its content gives, unless the item
 * already holds that id and it has since been edited or removed; then with an id made
 * from the older one's, so that the same words put back at the same place show again
 * rather than count as already there. An equal annotation that is still current is
 * answered as it is (an add sent twice adds nothing).
 */
export function newAnnotationIn(
  annotations: readonly Annotation[],
  input: NewAnnotation,
): Annotation {
  const byId = new Map(annotations.map((annotation) => [annotation.id, annotation]));
  const replaced = new Set(annotations.flatMap((annotation) => annotation.supersedes ?? []));
  let made = createAnnotation(input);
  for (let held = byId.get(made.id); held && replaced.has(held.id); held = byId.get(made.id))
    made = createAnnotation(input, { position: `again:${held.id}` });
  return made;
}

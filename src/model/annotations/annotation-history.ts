import { AnnotationIndex } from './annotation-index.js';
import type { Anchor, Annotation, AnnotationType } from './annotation-schema.js';
import { createAnnotation } from './create-annotation.js';

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

/** Thrown for an edit that names a missing or already superseded annotation. */
export class AnnotationEditError extends Error {
  override readonly name = 'AnnotationEditError';
}

/**
 * Applies an edit without destroying anything: returns a new list holding every old
 * annotation plus the new version, which `supersedes` the edited one. Only the current
 * version of an annotation can be edited, so that history stays one line, not a tree.
 */
export function applyEdit(annotations: readonly Annotation[], edit: AnnotationEdit): Annotation[] {
  const target = annotations.find((annotation) => annotation.id === edit.supersedes);
  if (!target)
    throw new AnnotationEditError(`supersedes: no annotation "${edit.supersedes}" to edit`);
  const newer = annotations.find((annotation) => annotation.supersedes === target.id);
  if (newer) {
    throw new AnnotationEditError(
      `supersedes: annotation "${target.id}" was already superseded by "${newer.id}"; edit the current version`,
    );
  }
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

/** The annotations no other annotation supersedes: what a reader sees today. */
export function currentAnnotations(annotations: readonly Annotation[]): Annotation[] {
  const superseded = new Set(annotations.flatMap((annotation) => annotation.supersedes ?? []));
  return annotations.filter((annotation) => !superseded.has(annotation.id));
}

/** Every version of the annotation with this id, oldest first (empty when the id is unknown). */
export function annotationHistory(annotations: readonly Annotation[], id: string): Annotation[] {
  return new AnnotationIndex(annotations).history(id);
}

import type { Annotation, AnnotationType } from '../api/types';

/*
 * What the inspector lets a person change in an annotation, and how it is kept as one
 * draft: the fields as JSON, so a reload brings back the type and terms with the text.
 */

/** The types a note about the whole item may have. */
export const itemNoteTypes = [
  'note',
  'ritual',
  'symbol',
] as const satisfies readonly AnnotationType[];

export interface EditFields {
  type: string;
  value: string;
  language: string;
  terms: string[];
}

/** One version of an annotation as `GET .../history` answers it. */
export interface AnnotationVersion {
  id: string;
  type: string;
  value: string;
  terms: string[];
  anchor: unknown;
  language?: string;
  supersedes?: string;
  author?: string;
  created?: string;
  /** A version that took the annotation out of the current ones. */
  retired?: boolean;
}

/** An annotation as the workspace may read it: the author and time when the route gives them. */
export type WorkspaceAnnotation = Annotation & { language?: string; created?: string };

export function fieldsOf(annotation: {
  type: string;
  value: string;
  terms?: readonly string[];
  language?: string;
}): EditFields {
  return {
    type: annotation.type,
    value: annotation.value,
    language: annotation.language ?? '',
    terms: [...(annotation.terms ?? [])],
  };
}

export const encodeFields = (fields: EditFields): string => JSON.stringify(fields);

/** The fields a draft holds; a draft that is plain text is taken as the value. */
export function decodeFields(text: string, fallback: EditFields): EditFields {
  try {
    const parsed = JSON.parse(text) as Partial<EditFields>;
    if (typeof parsed === 'object' && parsed !== null && typeof parsed.value === 'string')
      return {
        type: typeof parsed.type === 'string' ? parsed.type : fallback.type,
        value: parsed.value,
        language: typeof parsed.language === 'string' ? parsed.language : fallback.language,
        terms: Array.isArray(parsed.terms)
          ? parsed.terms.filter((term) => typeof term === 'string')
          : fallback.terms,
      };
  } catch {
    // plain text
  }
  return { ...fallback, value: text };
}

/** The body of a supersede that gives these fields. */
export function supersedeFields(fields: EditFields) {
  return {
    type: fields.type,
    value: fields.value,
    terms: fields.terms,
    ...(fields.language.trim() ? { language: fields.language.trim() } : {}),
  };
}

/** The draft key of an edit of the annotation with this id. */
export const editDraftKey = (annotationId: string): string => `annotation:${annotationId}`;
export const itemNoteDraftKey = 'item-note';

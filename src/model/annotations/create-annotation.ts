import type { z } from 'zod';
import { deriveAnnotationId } from './annotation-id.js';
import {
  type Anchor,
  type Annotation,
  type AnnotationOrigin,
  type AnnotationSource,
  type AnnotationType,
  annotationSchema,
} from './annotation-schema.js';

/** An annotation's content before it has an id. */
export interface NewAnnotation {
  anchor: Anchor;
  type: AnnotationType;
  value: string;
  terms?: readonly string[];
  author: string;
  /** ISO 8601 with offset; now when absent. */
  created?: string;
  language?: string | undefined;
  supersedes?: string | undefined;
  source?: AnnotationSource | undefined;
  /** Absent when a person wrote the text. */
  origin?: AnnotationOrigin | undefined;
  /** True for a version that retires the one it supersedes. */
  retired?: true | undefined;
}

/** An annotation that fails the schema; `issues` name each field. */
export class InvalidAnnotationError extends Error {
  override readonly name = 'InvalidAnnotationError';

  constructor(
    /** `change`: which change of a batch, counted from 0. */
    readonly issues: readonly { field: string; message: string; change?: number }[],
  ) {
    super(
      `invalid annotation: ${issues.map((issue) => `${issue.field} ${issue.message}`).join('; ')}`,
    );
  }
}

/**
 * Builds a valid annotation: the value is normalised to Unicode NFC, terms are
 * de-duplicated, and the id is derived from the content (plus `position` for imports).
 */
export function createAnnotation(
  input: NewAnnotation,
  options: { position?: string } = {},
): Annotation {
  const value = input.value.normalize('NFC');
  const terms = [...new Set(input.terms ?? [])];
  const id = deriveAnnotationId({ ...input, value, terms, position: options.position });
  return validateAnnotation({
    id,
    anchor: input.anchor,
    type: input.type,
    value,
    ...(input.language === undefined ? {} : { language: input.language }),
    terms,
    author: input.author,
    created: input.created ?? new Date().toISOString(),
    ...(input.supersedes === undefined ? {} : { supersedes: input.supersedes }),
    ...(input.source === undefined ? {} : { source: input.source }),
    ...(input.origin === undefined ? {} : { origin: input.origin }),
    ...(input.retired ? { retired: true } : {}),
  });
}

/** Checks a value against the annotation schema, with errors that name each field. */
export function validateAnnotation(candidate: unknown): Annotation {
  const result = annotationSchema.safeParse(candidate);
  if (!result.success) throw new InvalidAnnotationError(describeIssues(result.error));
  return result.data;
}

/** Turns zod issues into `{ field, message }` pairs with dotted field paths. */
export function describeIssues(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((issue) => {
    // A bad record key (a language tag, say) hides the real reason one level down.
    const nested = issue.code === 'invalid_key' ? issue.issues[0]?.message : undefined;
    return { field: issue.path.join('.') || '(root)', message: nested ?? issue.message };
  });
}

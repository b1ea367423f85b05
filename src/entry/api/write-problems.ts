import { z } from 'zod';
import { LockTimeoutError } from '../../archive/item-lock.js';
import { UnknownItemError } from '../../archive/item-version.js';
import {
  AnnotationEditError,
  DocumentFormatError,
  InvalidAnnotationError,
} from '../../formats/index.js';
import { AnnotationRejectedError } from '../../usecases/annotations/annotation-checks.js';
import { VocabularyInUseError } from '../../usecases/annotations/collection-vocabulary.js';
import { AnnotationExportError } from '../../usecases/annotations/export-annotations.js';
import { UnknownDocumentFormatError } from '../../usecases/annotations/import-annotations.js';
import { ProtectionLoweringError } from '../../usecases/items/change-item.js';
import { notVisible } from './item-visibility.js';
import { Problem } from './problem.js';
import { problemSchema } from './response-schemas.js';

/**
 * The problem of a write the use case refused: each problem it found, with where it is
 * (an annotation and its tier and element, or a line of the document) and the field.
 */
export const writeProblemSchema = problemSchema
  .extend({
    problems: z
      .array(
        z.object({
          where: z.string(),
          field: z.string().optional(),
          line: z.number().int().optional(),
          column: z.number().int().optional(),
          change: z
            .number()
            .int()
            .optional()
            .meta({ description: 'which change of a batch, counted from 0' }),
          current: z.string().optional().meta({
            description: "for an edit of a replaced version: the annotation's current version",
          }),
          message: z.string(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'WriteProblem', description: 'RFC 9457 problem details, with each problem found' });

/** The answers a writing route may give besides its own: refused input (422) and conflicts (409). */
export const writeProblems = { 409: writeProblemSchema, 422: writeProblemSchema };

/**
 * Runs a use case's write and turns what it refuses into problems a client can act on:
 * a bad document or annotation is 422 naming each problem, a change that conflicts
 * with the item as it now is (an annotation already edited, protection lowered without
 * confirming) is 409. Anything else stays a server error.
 */
export async function asWriteProblems<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw problemOf(error) ?? error;
  }
}

function problemOf(error: unknown): Problem | undefined {
  if (error instanceof UnknownItemError) return notVisible();
  if (error instanceof AnnotationRejectedError)
    return new Problem(422, error.message, {
      problems: error.problems.map((problem) => ({
        where: problem.annotation,
        field: problem.field,
        ...(problem.change !== undefined ? { change: problem.change } : {}),
        message: problem.message,
      })),
    });
  if (error instanceof InvalidAnnotationError)
    return new Problem(422, error.message, {
      problems: error.issues.map((issue) => ({
        where: issue.change !== undefined ? `change ${issue.change}` : 'the annotation',
        field: issue.field,
        ...(issue.change !== undefined ? { change: issue.change } : {}),
        message: issue.message,
      })),
    });
  if (error instanceof AnnotationEditError)
    return new Problem(409, error.message, {
      problems: error.conflicts.map((conflict) => ({
        where: `annotation ${conflict.annotation}`,
        field: conflict.change !== undefined ? `changes.${conflict.change}.id` : 'annotationId',
        ...(conflict.change !== undefined ? { change: conflict.change } : {}),
        ...(conflict.current !== undefined ? { current: conflict.current } : {}),
        message: conflict.message,
      })),
    });
  if (error instanceof DocumentFormatError)
    return new Problem(422, error.message, {
      problems: [
        {
          where: error.sourceName,
          ...(error.location.field !== undefined ? { field: error.location.field } : {}),
          ...(error.location.line !== undefined ? { line: error.location.line } : {}),
          ...(error.location.column !== undefined ? { column: error.location.column } : {}),
          message: error.detail,
        },
      ],
    });
  if (error instanceof UnknownDocumentFormatError || error instanceof AnnotationExportError)
    return new Problem(422, error.message);
  if (error instanceof VocabularyInUseError) return new Problem(409, error.message);
  if (error instanceof ProtectionLoweringError)
    return new Problem(
      409,
      `this change lowers the protection of the item (${error.lowerings.join('; ')}); nothing was changed: send "lowerProtection": true to confirm it`,
    );
  if (error instanceof LockTimeoutError)
    return new Problem(
      503,
      'the item is being written by another change: try again later',
      {},
      {
        'retry-after': '30',
      },
    );
  return undefined;
}

import { z } from 'zod';
import { annotationTypeSchema, languageTagSchema, ncNameSchema } from '../../formats/index.js';
import type { AnchorRequest } from '../../usecases/annotations/resolve-anchor.js';

/* The bodies the annotation writing routes take, shared by the single and batch routes. */

const milliseconds = z.number().int().min(0).max(2_147_483_647);

/** Where a new annotation goes; the asset defaults to the item's only recording or scan. */
export const anchorBody = z.discriminatedUnion('kind', [
  z
    .strictObject({
      kind: z.literal('time'),
      asset: z.string().min(1).max(1000).optional(),
      startMs: milliseconds,
      endMs: milliseconds,
    })
    .refine((anchor) => anchor.endMs >= anchor.startMs, {
      message: 'must not be before startMs',
      path: ['endMs'],
    }),
  z.strictObject({
    kind: z.literal('region'),
    asset: z.string().min(1).max(1000).optional(),
    page: z.number().int().min(1),
    region: z
      .strictObject({
        x: z.number().min(0),
        y: z.number().min(0),
        width: z.number().positive(),
        height: z.number().positive(),
      })
      .optional()
      .meta({ description: 'pixels of the page image; the whole page when absent' }),
  }),
  z.strictObject({ kind: z.literal('item') }),
]);

export const valueSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(100_000)
  .transform((value) => value.normalize('NFC'));
export const termsSchema = z.array(ncNameSchema).max(100);

export const newAnnotationBody = z.strictObject({
  type: annotationTypeSchema,
  value: valueSchema,
  terms: termsSchema.optional(),
  language: languageTagSchema.optional(),
  anchor: anchorBody.optional().meta({ description: 'the whole item when absent' }),
});

/** What an edit may change; every field left out keeps its value. */
const supersedingFields = z.strictObject({
  type: annotationTypeSchema.optional(),
  value: valueSchema.optional(),
  terms: termsSchema.optional(),
  language: languageTagSchema.optional(),
  anchor: anchorBody.optional(),
});

export const supersedingBody = supersedingFields.refine((body) => Object.keys(body).length > 0, {
  message: 'nothing to change: give type, value, terms, language or anchor',
});

/** The anchor as the use case takes it (optional fields left out, not undefined). */
export function anchorRequest(anchor: z.output<typeof anchorBody>): AnchorRequest {
  if (anchor.kind === 'item') return { kind: 'item' };
  if (anchor.kind === 'time')
    return {
      kind: 'time',
      startMs: anchor.startMs,
      endMs: anchor.endMs,
      ...(anchor.asset ? { asset: anchor.asset } : {}),
    };
  return {
    kind: 'region',
    page: anchor.page,
    ...(anchor.region ? { region: anchor.region } : {}),
    ...(anchor.asset ? { asset: anchor.asset } : {}),
  };
}

/** The id of an annotation's current version, as a change names it. */
const annotationId = ncNameSchema.max(128);

/**
 * One change of a batch: `add` a new annotation; `supersede` the current version `id`
 * (an edit; with no fields, the restoration of a retired annotation); `retire` it.
 */
export const changeBody = z
  .discriminatedUnion('op', [
    newAnnotationBody.extend({ op: z.literal('add') }),
    supersedingFields.extend({ op: z.literal('supersede'), id: annotationId }),
    z.strictObject({ op: z.literal('retire'), id: annotationId }),
  ])
  .meta({ id: 'AnnotationChangeRequest' });

/** Changes saved together as one object version, or not at all. */
export const changesBody = z.strictObject({
  changes: z.array(changeBody).min(1).max(1000),
});

import { z } from 'zod';

/*
 * The shapes of the API's answers. The serializer writes only the fields named here,
 * so a field added to the catalog later reaches no client until it is named. Staff
 * read the catalog's full record, everyone else the public view
 * (src/model/public-view.ts); the fields only staff get are optional.
 */

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    invalidParams: z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

export const itemSummarySchema = z
  .object({
    id: z.string(),
    collection: z.string(),
    title: z.string(),
    accessProtocol: z.string(),
    languages: z.array(z.string()),
    tkLabels: z.array(z.string()),
    status: z.string(),
    statusDetail: z.string().nullable().optional(),
    objectVersion: z.string().nullable(),
    genre: z.string().nullable(),
    date: z.string().nullable().describe('as deposited: EDTF or free text'),
    durationSeconds: z.number().nullable().describe("the recordings' durations added up"),
    scanPages: z.number().int().describe("pages of the item's scans"),
    hasThumbnail: z.boolean().describe('whether `/items/{id}/thumbnail` has a picture'),
  })
  .meta({ id: 'ItemSummary' });

export const itemSchema = itemSummarySchema
  .extend({
    metadata: z.record(z.string(), z.unknown()),
    assets: z.array(
      z.object({
        path: z.string(),
        role: z.string(),
        mediaType: z.string().nullable(),
        size: z.number(),
        sha256: z.string(),
        technical: z.record(z.string(), z.unknown()),
      }),
    ),
    steps: z.array(
      z.object({
        step: z.string(),
        asset: z.string(),
        status: z.string(),
        detail: z.string().nullable().optional(),
      }),
    ),
    events: z.array(
      z.object({
        type: z.string(),
        outcome: z.string(),
        occurredAt: z.string(),
        agent: z.string().optional(),
        detail: z.string().nullable().optional(),
      }),
    ),
    mayAnnotate: z
      .boolean()
      .describe('whether the caller may annotate this item (the workspace is offered)'),
  })
  .meta({ id: 'Item' });

export const annotationSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    value: z.string(),
    terms: z.array(z.string()),
    anchor: z.unknown(),
    author: z.string().optional(),
    supersededBy: z.string().nullable().optional(),
  })
  .meta({ id: 'Annotation' });

export const searchHitSchema = z
  .object({
    itemId: z.string(),
    title: z.string(),
    accessProtocol: z.string(),
    source: z.enum(['metadata', 'ocr', 'annotation']),
    where: z.string(),
    snippet: z.string(),
    asset: z.string().nullable(),
    page: z.number().int().nullable(),
    line: z.number().int().nullable().describe("an OCR hit's line on its page, from 1"),
    startMs: z.number().int().nullable(),
    endMs: z.number().int().nullable(),
  })
  .meta({ id: 'SearchHit' });

/** The problems a route may answer with, for its `response` schema. */
export const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, problemSchema])) as Record<
    number,
    typeof problemSchema
  >;

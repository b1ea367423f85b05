import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Annotation } from '../../formats/index.js';
import { annotationTypeSchema, ncNameSchema } from '../../formats/index.js';
import { decideAccess, isStaffFor } from '../../model/access-policy.js';
import { identifierSchema } from '../../model/identifier.js';
import { addAnnotation } from '../../usecases/annotations/add-annotation.js';
import { annotationTimeline } from '../../usecases/annotations/annotation-timeline.js';
import {
  annotationExportFormats,
  exportAnnotations,
} from '../../usecases/annotations/export-annotations.js';
import { importAnnotations } from '../../usecases/annotations/import-annotations.js';
import { previewImport } from '../../usecases/annotations/preview-import.js';
import type { AnnotationDocumentFormat } from '../../usecases/annotations/read-annotation-document.js';
import { recordRead } from '../../usecases/items/record-read.js';
import { anchorRequest, newAnnotationBody, supersedingBody } from './annotation-request-schemas.js';
import type { ApiContext, ApiRoutes } from './api-routes.js';
import { authorOf } from './caller-author.js';
import { mayUse, visibleFacts } from './item-visibility.js';
import { Problem } from './problem.js';
import { problems } from './response-schemas.js';
import { asWriteProblems, writeProblems } from './write-problems.js';

const annotationParams = z.object({
  id: identifierSchema,
  annotationId: ncNameSchema.max(128),
});

/** One version of an annotation; the author and time only for those who may annotate the item. */
const annotationVersionSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    value: z.string(),
    terms: z.array(z.string()),
    anchor: z.unknown(),
    language: z.string().optional(),
    supersedes: z.string().optional(),
    author: z.string().optional(),
    created: z.string().optional(),
    retired: z
      .literal(true)
      .optional()
      .meta({ description: 'this version retired the annotation; a later version restores it' }),
  })
  .meta({ id: 'AnnotationVersion' });

const annotationChangeSchema = z
  .object({
    itemId: z.string(),
    changed: z.boolean().meta({
      description: 'false when the item already held this annotation: no version written',
    }),
    version: z.string(),
    annotation: annotationVersionSchema.optional(),
  })
  .meta({ id: 'AnnotationChange' });

const importFormats = ['eaf', 'textgrid', 'vtt', 'srt', 'txt', 'json'] as const;

/** A query value given once or more (`tierType=a=note&tierType=b=skip`). */
const repeated = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]));

const importQuery = z.object({
  name: z
    .string()
    .regex(/^[^/\\]{1,200}$/, 'a file name, without folders')
    .optional()
    .meta({ description: "the document's file name, kept under originals/annotations/" }),
  format: z.enum(importFormats).optional().meta({ description: 'default: from the name' }),
  recording: z.string().min(1).max(1000).optional(),
  tierType: repeated
    .optional()
    .meta({ description: '<tier>=<type> or <tier>=skip, once per tier' }),
  defaultType: annotationTypeSchema.optional(),
});

const tierReportSchema = z.object({
  tier: z.string(),
  tierOccurrence: z.number().int().optional(),
  read: z.number().int(),
  added: z.number().int(),
  superseded: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  leftOut: z.string().optional(),
});

const importReportSchema = z
  .object({
    itemId: z.string(),
    changed: z.boolean(),
    version: z.string(),
    format: z.string(),
    read: z.number().int(),
    added: z.number().int(),
    edited: z.number().int(),
    unchanged: z.number().int(),
    anchoring: z.string(),
    documentPath: z.string().optional(),
    skippedTiers: z.array(z.object({ tier: z.string(), reason: z.string() })),
    skippedAnnotations: z.number().int(),
    tiers: z.array(tierReportSchema),
    ignored: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  })
  .meta({ id: 'AnnotationImport' });

const annotationContentSchema = z.object({
  type: z.string(),
  value: z.string(),
  startMs: z.number().int().optional(),
  endMs: z.number().int().optional(),
  terms: z.array(z.string()).optional(),
});

const importPreviewSchema = z
  .object({
    itemId: z.string(),
    format: z.string(),
    version: z.string().meta({ description: 'the object version the preview was made against' }),
    wouldChange: z.boolean().meta({ description: 'true when the import would write a version' }),
    read: z.number().int(),
    added: z.number().int(),
    edited: z.number().int(),
    unchanged: z.number().int(),
    anchoring: z.string(),
    skippedTiers: z.array(z.object({ tier: z.string(), reason: z.string() })),
    skippedAnnotations: z.number().int(),
    tiers: z.array(tierReportSchema),
    tierTypes: z.array(
      z.object({ tier: z.string(), tierOccurrence: z.number().int().optional(), type: z.string() }),
    ),
    ignored: z.array(z.object({ line: z.number().int(), reason: z.string() })),
    changes: z.array(
      z.object({
        kind: z.enum(['add', 'supersede']),
        tier: z.string(),
        tierOccurrence: z.number().int().optional(),
        annotationId: z.string().meta({
          description: 'add: the id the new annotation gets; supersede: the version it replaces',
        }),
        newId: z.string(),
        before: annotationContentSchema.optional(),
        after: annotationContentSchema,
      }),
    ),
  })
  .meta({ id: 'AnnotationImportPreview' });

const exportQuery = z.object({
  format: z.enum(annotationExportFormats),
  recording: z.string().min(1).max(1000).optional(),
  type: z
    .string()
    .max(200)
    .transform((value, context) => {
      const types = value
        .split(',')
        .map((type) => type.trim())
        .filter(Boolean);
      const parsed = z.array(annotationTypeSchema).safeParse(types);
      if (parsed.success) return parsed.data;
      context.addIssue({
        code: 'custom',
        message: `types are ${annotationTypeSchema.options.join(', ')}`,
      });
      return z.NEVER;
    })
    .optional()
    .meta({ description: 'comma-separated annotation types; all by default' }),
});

const exportMediaTypes: Record<(typeof annotationExportFormats)[number], string> = {
  eaf: 'text/x-eaf+xml; charset=utf-8',
  textgrid: 'text/praat-textgrid; charset=utf-8',
  vtt: 'text/vtt; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** The content types a document may be sent with; its format comes from the query or name. */
const documentTypes = [
  'text/x-eaf+xml',
  'application/xml',
  'text/praat-textgrid',
  'text/vtt',
  'application/x-subrip',
  'text/plain',
  'application/json',
  'application/octet-stream',
];

/** What the import and its preview are asked to do, from one request to either route. */
function importRequestOf(request: {
  params: { id: string };
  query: z.infer<typeof importQuery>;
  body: Buffer;
  caller: FastifyRequest['caller'];
}) {
  const { id } = request.params;
  const query = request.query;
  const format = query.format ?? formatOfName(query.name);
  return {
    itemId: id,
    name: query.name ?? `${id}.${format}`,
    bytes: request.body,
    format,
    author: authorOf(request.caller),
    ...(query.recording ? { recording: query.recording } : {}),
    ...(query.tierType ? { tierTypes: tierTypesOf(query.tierType) } : {}),
    ...(query.defaultType ? { defaultType: query.defaultType } : {}),
  };
}

/** An uploaded document, as the bytes sent. */
const documentBody = z
  .custom<Buffer>((value) => Buffer.isBuffer(value), 'send the document as the request body')
  .meta({
    type: 'string',
    format: 'binary',
    description: 'the ELAN, TextGrid, WebVTT, SRT, text or heritage JSON document, as its bytes',
  });

/**
 * Annotating through the API, on the same use cases as the CLI: each change is the
 * item's next object version and the catalog follows, with the caller's account as
 * author. Creating, superseding, importing and its preview need purpose `annotate`; the
 * export `curate` or `annotate` (a linguist takes the item's annotations to ELAN or Praat
 * and brings them back); the history `view`. A caller who may not view the item gets a
 * missing one's 404, one who may view it but not do this 403.
 */
export function registerAnnotationWriteRoutes(routes: ApiRoutes, context: ApiContext): void {
  const { catalog, writer } = context;

  routes.post(
    '/items/:id/annotations',
    {
      schema: {
        summary: 'Adds an annotation to an item as its next object version (annotators)',
        tags: ['annotations'],
        params: z.object({ id: identifierSchema }),
        body: newAnnotationBody,
        response: {
          200: annotationChangeSchema,
          201: annotationChangeSchema,
          ...problems(400, 401, 403, 404, 503),
          ...writeProblems,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await visibleFacts(catalog, request, id, 'annotate');
      const body = request.body;
      const { archive, locks } = writer();
      const result = await asWriteProblems(() =>
        addAnnotation(archive, locks, {
          itemId: id,
          author: authorOf(request.caller),
          type: body.type,
          value: body.value,
          ...(body.terms ? { terms: body.terms } : {}),
          ...(body.language ? { language: body.language } : {}),
          anchor: body.anchor ? anchorRequest(body.anchor) : { kind: 'item' },
        }),
      );
      reply.code(result.changed ? 201 : 200);
      return changeAnswer(id, result);
    },
  );

  routes.post(
    '/items/:id/annotations/:annotationId/supersede',
    {
      schema: {
        summary:
          'Edits an annotation: adds a new version that supersedes it, the old one kept in its history (annotators)',
        tags: ['annotations'],
        params: annotationParams,
        body: supersedingBody,
        response: {
          200: annotationChangeSchema,
          201: annotationChangeSchema,
          ...problems(400, 401, 403, 404, 503),
          ...writeProblems,
        },
      },
    },
    async (request, reply) => {
      const { id, annotationId } = request.params;
      await visibleFacts(catalog, request, id, 'annotate');
      const body = request.body;
      const { archive, locks } = writer();
      const result = await asWriteProblems(() =>
        addAnnotation(archive, locks, {
          itemId: id,
          author: authorOf(request.caller),
          supersedes: annotationId,
          ...(body.type ? { type: body.type } : {}),
          ...(body.value !== undefined ? { value: body.value } : {}),
          ...(body.terms ? { terms: body.terms } : {}),
          ...(body.language ? { language: body.language } : {}),
          ...(body.anchor ? { anchor: anchorRequest(body.anchor) } : {}),
        }),
      );
      reply.code(result.changed ? 201 : 200);
      return changeAnswer(id, result);
    },
  );

  routes.get(
    '/items/:id/annotations/:annotationId/history',
    {
      schema: {
        summary: 'Every version of an annotation, oldest first',
        tags: ['annotations'],
        params: annotationParams,
        response: {
          200: z.object({
            itemId: z.string(),
            annotationId: z.string(),
            versions: z.array(annotationVersionSchema),
          }),
          ...problems(400, 401, 404, 503),
        },
      },
    },
    async (request) => {
      const { id, annotationId } = request.params;
      const facts = await visibleFacts(catalog, request, id);
      const { archive } = writer();
      const timeline = await asWriteProblems(() => annotationTimeline(archive, id, annotationId));
      const [chain] = timeline.chains;
      if (!chain) throw new Problem(404, `item ${id} has no annotation "${annotationId}"`);
      await recordRead(catalog, request.caller, facts, 'annotations');
      const withAuthors =
        isStaffFor(request.caller, facts) ||
        decideAccess(request.caller, facts, 'annotate').allowed;
      return {
        itemId: id,
        annotationId,
        versions: chain.map((annotation) => versionOf(annotation, withAuthors)),
      };
    },
  );

  // Documents arrive as their own bytes, whatever their type says: a child context
  // with one parser for every content type, so JSON is kept as sent too.
  routes.register(async (plain) => {
    const uploads = plain.withTypeProvider<ZodTypeProvider>();
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    const bodyLimit = context.settings.annotations.maxDocumentBytes;

    uploads.post(
      '/items/:id/annotations/import',
      {
        bodyLimit,
        schema: {
          summary:
            'Imports an ELAN, TextGrid, WebVTT, SRT, text or heritage JSON document sent as the body (annotators)',
          description: `Answers what was done with each tier. At most ${bodyLimit} bytes (413 beyond).`,
          tags: ['annotations'],
          consumes: documentTypes,
          params: z.object({ id: identifierSchema }),
          querystring: importQuery,
          body: documentBody,
          response: {
            200: importReportSchema,
            201: importReportSchema,
            ...problems(400, 401, 403, 404, 413, 503),
            ...writeProblems,
          },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        await visibleFacts(catalog, request, id, 'annotate');
        const { archive, locks } = writer();
        const result = await asWriteProblems(() =>
          importAnnotations(archive, locks, importRequestOf(request)),
        );
        const edited = result.added.filter((annotation) => annotation.supersedes).length;
        reply.code(result.changed ? 201 : 200);
        return {
          itemId: id,
          changed: result.changed,
          version: result.version,
          format: result.format,
          read: result.read,
          added: result.added.length - edited,
          edited,
          unchanged: result.unchanged,
          anchoring: result.anchoring,
          ...(result.documentPath ? { documentPath: result.documentPath } : {}),
          skippedTiers: result.skippedTiers,
          skippedAnnotations: result.skippedAnnotations,
          tiers: result.report.tiers,
          ignored: result.report.ignored,
        };
      },
    );

    uploads.post(
      '/items/:id/annotations/import/preview',
      {
        bodyLimit,
        schema: {
          summary:
            'What importing the document sent as the body would do, writing nothing (annotators)',
          description:
            'Takes what the import takes and reads and reconciles the document the same way, ' +
            'under the same checks (422 naming the line, tier or element), but writes no version: ' +
            'answers the per-tier report and each annotation it would add or supersede, before and after.',
          tags: ['annotations'],
          consumes: documentTypes,
          params: z.object({ id: identifierSchema }),
          querystring: importQuery,
          body: documentBody,
          response: {
            200: importPreviewSchema,
            ...problems(400, 401, 403, 404, 413, 503),
            ...writeProblems,
          },
        },
      },
      async (request) => {
        const { id } = request.params;
        await visibleFacts(catalog, request, id, 'annotate');
        const { archive, locks } = writer();
        const preview = await asWriteProblems(() =>
          previewImport(archive, locks, importRequestOf(request)),
        );
        const edited = preview.changes.filter((change) => change.kind === 'supersede').length;
        return {
          itemId: id,
          format: preview.format,
          version: preview.version,
          wouldChange: preview.wouldChange,
          read: preview.read,
          added: preview.changes.length - edited,
          edited,
          unchanged: preview.unchanged,
          anchoring: preview.anchoring,
          skippedTiers: preview.skippedTiers,
          skippedAnnotations: preview.skippedAnnotations,
          tiers: preview.report.tiers,
          tierTypes: preview.tierTypes,
          ignored: preview.report.ignored,
          changes: preview.changes,
        };
      },
    );
  });

  routes.get(
    '/items/:id/annotations/export',
    {
      schema: {
        summary:
          "An item's annotations as an ELAN, TextGrid, WebVTT or heritage JSON document (curators and annotators)",
        tags: ['annotations'],
        params: z.object({ id: identifierSchema }),
        querystring: exportQuery,
        produces: Object.values(exportMediaTypes),
        response: {
          200: z.string().meta({ description: 'the document' }),
          ...problems(400, 401, 403, 404, 503),
          ...writeProblems,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      // Staff take annotations out to curate them; those who annotate the item take them
      // to ELAN or Praat and bring them back. Secret/sacred items never leave (the use case).
      const facts = await visibleFacts(catalog, request, id);
      if (!mayUse(request.caller, facts, 'curate') && !mayUse(request.caller, facts, 'annotate'))
        throw new Problem(403, 'you may not export the annotations of this item');
      const query = request.query;
      const { archive } = writer();
      const exported = await asWriteProblems(() =>
        exportAnnotations(archive, {
          itemId: id,
          format: query.format,
          ...(query.recording ? { recording: query.recording } : {}),
          ...(query.type ? { types: query.type } : {}),
        }),
      );
      await recordRead(catalog, request.caller, facts, 'annotations');
      return sendDocument(
        reply,
        exported.content,
        exported.fileName,
        exportMediaTypes[query.format],
        {
          'x-heritage-annotations': String(exported.annotations),
          'x-heritage-skipped': String(exported.skipped.length),
        },
      );
    },
  );
}

function changeAnswer(
  itemId: string,
  result: { changed: boolean; version: string; annotation?: Annotation },
) {
  return {
    itemId,
    changed: result.changed,
    version: result.version,
    ...(result.annotation ? { annotation: versionOf(result.annotation, true) } : {}),
  };
}

function versionOf(annotation: Annotation, withAuthor: boolean) {
  const { id, type, value, terms, anchor, language, supersedes, author, created, retired } =
    annotation;
  return {
    id,
    type,
    value,
    terms,
    anchor,
    ...(language ? { language } : {}),
    ...(supersedes ? { supersedes } : {}),
    ...(withAuthor ? { author, created } : {}),
    ...(retired ? { retired } : {}),
  };
}

/** The format a file name's extension says; without a name, the client must say it. */
function formatOfName(name: string | undefined): AnnotationDocumentFormat {
  const extension = name?.toLowerCase().split('.').pop();
  const format = importFormats.find((candidate) => candidate === extension);
  if (format) return format;
  throw new Problem(
    400,
    name === undefined
      ? `give the document's format (format=${importFormats.join('|')}) or its file name (name=...)`
      : `name: cannot tell the format of "${name}"; give format=${importFormats.join('|')}`,
  );
}

/** `tier=type` or `tier=skip` -> the type per tier (`null` leaves the tier out). */
function tierTypesOf(values: readonly string[]): Record<string, Annotation['type'] | null> {
  const types: Record<string, Annotation['type'] | null> = {};
  for (const value of values) {
    const separator = value.lastIndexOf('=');
    const tier = value.slice(0, separator);
    const type = value.slice(separator + 1);
    const parsed = annotationTypeSchema.safeParse(type);
    if (separator <= 0 || (type !== 'skip' && !parsed.success))
      throw new Problem(400, `tierType: "${value}" is not <tier>=<type> or <tier>=skip`, {
        invalidParams: [
          { name: 'tierType', reason: `"${value}" is not <tier>=<type> or <tier>=skip` },
        ],
      });
    types[tier] = type === 'skip' ? null : (parsed.data ?? null);
  }
  return types;
}

/** A document as a download, named in ASCII and in UTF-8 (RFC 6266). */
function sendDocument(
  reply: FastifyReply,
  content: string,
  fileName: string,
  mediaType: string,
  headers: Record<string, string>,
): FastifyReply {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return reply
    .headers(headers)
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    )
    .type(mediaType)
    .send(Buffer.from(content, 'utf8'));
}

import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { jobToAdd } from '../../jobs/job-to-add.js';
import { JobName, QueueName } from '../../jobs/names.js';
import { isAdmin, type Person } from '../../model/person.js';
import {
  checkTargetFree,
  ExportTargetError,
  parseTarget,
} from '../../usecases/export/dataset-target.js';
import { exportFolderFiles } from '../../usecases/export/export-folder-files.js';
import { exportHistory } from '../../usecases/export/export-history.js';
import {
  ExportRequestError,
  exportRequestSchema,
  parseExportRequest,
} from '../../usecases/export/export-request.js';
import { previewExport } from '../../usecases/export/preview-export.js';
import type { ApiContext, ApiRoutes } from './api-routes.js';
import { unauthorized } from './bearer-token.js';
import { Problem } from './problem.js';
import { problems } from './response-schemas.js';

/** Where datasets the API exports to a folder go: under the data folder, never elsewhere. */
export function apiExportFolder(dataDir: string, name: string): string {
  return path.join(path.resolve(dataDir), 'exports', name);
}

const folderName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

const exportBody = exportRequestSchema.extend({
  out: z
    .string()
    .refine(
      (out) => out.startsWith('s3://') || folderName.test(out),
      's3://bucket/prefix, or a folder name (letters, digits, . _ -) under the data folder’s exports/',
    )
    .describe('s3://bucket/prefix, or the name of a folder under <dataDir>/exports/'),
});

const historyEntry = z
  .object({
    exportId: z.string(),
    locations: z.array(z.string()),
    firstAt: z.string(),
    lastAt: z.string(),
    items: z.array(z.string()),
    noLongerAllowed: z.array(z.object({ itemId: z.string(), reason: z.string() })),
  })
  .meta({ id: 'ExportHistoryEntry' });

const previewBody = exportRequestSchema.omit({ out: true, overwrite: true });

const configPreview = z.object({
  rows: z.number().int(),
  seconds: z.number(),
  characters: z.number().int(),
});

const previewSchema = z
  .object({
    items: z.number().int().describe('items that would give the dataset at least one row'),
    configs: z.object({
      speech: configPreview,
      text: configPreview,
      parallel: configPreview,
      'ocr-lines': configPreview
        .extend({ pages: z.number().int() })
        .describe('at most: each page is checked against its layout as its lines are cut'),
    }),
    exclusions: z.array(
      z.object({
        unit: z.enum(['item', 'recording', 'utterance', 'text', 'ocr-page', 'translation']),
        reason: z.string(),
        count: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'ExportPreview' });

/** Dataset exports are the archive's as a whole: its admins run them, as in the CLI. */
function requireAdmin(who: Person): void {
  if (who.kind === 'public') throw unauthorized('exports are run by admins');
  if (!isAdmin(who)) throw new Problem(403, 'exports are run by admins');
}

/**
 * `POST /exports` queues a dataset export (the same job as `heritage export`; a worker
 * runs it and `GET /jobs/export/:id` follows it); `GET /exports` is the history of past
 * exports, each item judged again by today's protocols and consent.
 */
export function registerExportRoutes(routes: ApiRoutes, context: ApiContext): void {
  routes.post(
    '/exports',
    {
      schema: {
        summary: 'Queues a dataset export (admins); follow it at the answered job',
        tags: ['exports'],
        body: exportBody,
        response: {
          202: z.object({ jobId: z.string(), queue: z.literal('export'), status: z.string() }),
          ...problems(400, 401, 403, 409),
        },
      },
    },
    async (request, reply) => {
      requireAdmin(request.caller);
      const { out } = request.body;
      const target = out.startsWith('s3://') ? out : apiExportFolder(context.settings.dataDir, out);
      let exportRequest: ReturnType<typeof parseExportRequest>;
      try {
        exportRequest = parseExportRequest({ ...request.body, out: target });
        await checkTargetFree(parseTarget(target), context.settings, exportRequest.overwrite);
      } catch (error) {
        if (error instanceof ExportRequestError) throw new Problem(400, error.message);
        if (error instanceof ExportTargetError)
          throw new Problem(409, `${out}: ${error.message.replace(target, 'the target')}`);
        throw error;
      }
      const job = await context.queues.addJob(jobToAdd(JobName.ExportDataset, exportRequest));
      const jobId = String(job.id);
      return reply.code(202).send({
        jobId,
        queue: QueueName.Export,
        status: `/api/jobs/${QueueName.Export}/${encodeURIComponent(jobId)}`,
      });
    },
  );

  routes.post(
    '/exports/preview',
    {
      schema: {
        summary:
          'What an export with these filters would hold and leave out, and why (admins); writes nothing',
        tags: ['exports'],
        body: previewBody,
        response: { 200: previewSchema, ...problems(400, 401, 403, 503) },
      },
    },
    async (request) => {
      requireAdmin(request.caller);
      let exportRequest: ReturnType<typeof parseExportRequest>;
      try {
        // The preview writes nowhere; `out` only satisfies the request's shape.
        exportRequest = parseExportRequest({ ...request.body, out: 'preview' });
      } catch (error) {
        if (error instanceof ExportRequestError) throw new Problem(400, error.message);
        throw error;
      }
      const { archive } = context.writer();
      return context.expensive(() => previewExport(archive, request.caller, exportRequest));
    },
  );

  const exportFolderParams = z.object({
    name: z.string().regex(folderName, 'the name of a folder under the data folder’s exports/'),
  });
  const missingFolder = (name: string) =>
    new Problem(404, `no dataset exported to the folder "${name}"`);

  routes.get(
    '/exports/folders/:name',
    {
      schema: {
        summary: 'The files of a dataset exported to a folder of the server (admins)',
        tags: ['exports'],
        params: exportFolderParams,
        response: {
          200: z.object({
            location: z.string(),
            files: z.array(z.object({ path: z.string(), size: z.number().int() })),
          }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      requireAdmin(request.caller);
      const { name } = request.params;
      const location = apiExportFolder(context.settings.dataDir, name);
      const files = await exportFolderFiles(context, location);
      if (!files) throw missingFolder(name);
      return { location, files };
    },
  );

  routes.get(
    '/exports/folders/:name/file',
    {
      schema: {
        summary: 'Downloads one file of a dataset exported to a folder of the server (admins)',
        tags: ['exports'],
        params: exportFolderParams,
        querystring: z.object({
          path: z.string().min(1).max(1000).describe('the file, as the folder listing names it'),
        }),
        response: {
          200: z.string().meta({ description: "the file's bytes", format: 'binary' }),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      requireAdmin(request.caller);
      const { name } = request.params;
      const wanted = request.query.path;
      const location = apiExportFolder(context.settings.dataDir, name);
      // Only a file the listing holds: nothing outside the folder, no link followed.
      const file = (await exportFolderFiles(context, location))?.find((f) => f.path === wanted);
      if (!file) throw missingFolder(`${name}/${wanted}`);
      // The bytes stream from the file; the reply is taken untyped, as for archived files.
      const plain: FastifyReply = reply;
      return plain
        .headers({
          'content-type': 'application/octet-stream',
          'content-length': String(file.size),
          'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(path.posix.basename(file.path))}`,
          'cache-control': 'private, no-cache',
        })
        .send(createReadStream(path.join(location, ...file.path.split('/'))));
    },
  );

  routes.get(
    '/exports',
    {
      schema: {
        summary: 'Past dataset exports, newest first, with the items each should now drop',
        tags: ['exports'],
        response: { 200: z.object({ exports: z.array(historyEntry) }), ...problems(401, 403, 503) },
      },
    },
    async (request) => {
      requireAdmin(request.caller);
      return { exports: await exportHistory(context.writer().archive) };
    },
  );
}

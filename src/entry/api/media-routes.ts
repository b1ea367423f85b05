import { z } from 'zod';
import { itemFileOf, itemFilesOf } from '../../infra/catalog/item-file-queries.js';
import { identifierSchema } from '../../model/identifier.js';
import { recordRead } from '../../usecases/items/record-read.js';
import type { ApiContext, ApiRoutes } from './api-routes.js';
import { archiveObjects } from './archive-objects.js';
import { mayUse, notVisible, visibleFacts } from './item-visibility.js';
import {
  fileBytesSchema,
  itemFileSchema,
  listedFile,
  logicalPathParameter,
  mayFetch,
} from './media-files.js';
import { registerMediaViewRoutes } from './media-view-routes.js';
import { Problem } from './problem.js';
import { itemParams } from './request-schemas.js';
import { problems } from './response-schemas.js';
import { fileAnswer, sendFileAnswer } from './stored-file-reply.js';
import { registerThumbnailRoutes } from './thumbnail-routes.js';

/**
 * The files of items: the list a caller may fetch, each file with HTTP ranges (GET and
 * HEAD), and the typed views the web app draws from (waveform peaks, page images, OCR
 * layout: media-view-routes.ts; scan thumbnails: thumbnail-routes.ts). Bytes stream from the item's object, head version.
 */
export function registerMediaRoutes(routes: ApiRoutes, context: ApiContext): void {
  const { catalog } = context;
  const objects = archiveObjects(context.settings);
  routes.addHook('onClose', objects.close);

  routes.get(
    '/items/:id/files',
    {
      schema: {
        summary:
          "The files of an item the caller may fetch: viewing copies for its viewers, originals for its collection's staff",
        tags: ['media'],
        params: itemParams,
        response: {
          200: z.object({ files: z.array(itemFileSchema) }),
          ...problems(400, 401, 404),
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const facts = await visibleFacts(catalog, request, id);
      const files = await itemFilesOf(catalog, id);
      return {
        files: files
          .filter((file) => mayFetch(request.caller, facts, file))
          .map((file) => listedFile(id, file)),
      };
    },
  );

  routes.get(
    '/items/:id/files/:path',
    {
      schema: {
        summary:
          'One file of an item, from its current version, with HTTP ranges (Range, If-Range, If-None-Match); HEAD too',
        description:
          'The path is the logical path in the item, as one URL segment (`/` as `%2F`): take the `url` of `GET /items/{id}/files`.',
        tags: ['media'],
        params: z.object({ id: identifierSchema, path: logicalPathParameter }),
        response: {
          200: fileBytesSchema,
          206: fileBytesSchema,
          304: z.null().meta({ description: 'the client holds these bytes (If-None-Match)' }),
          ...problems(400, 401, 403, 404, 416),
        },
      },
    },
    async (request, reply) => {
      const { id, path } = request.params;
      // Item and file in one query: a hidden item, a missing one and a missing file cost the same.
      const { facts, file } = await itemFileOf(catalog, id, path);
      if (!mayUse(request.caller, facts) || !file) throw notVisible();
      if (!mayFetch(request.caller, facts, file))
        throw new Problem(
          403,
          "originals are fetched only by staff of the item's collection; take a file of GET /items/{id}/files",
        );
      const answer = fileAnswer(request, file);
      if (answer.status !== 304 && request.method !== 'HEAD')
        await recordRead(catalog, request.caller, facts, 'media');
      return sendFileAnswer(request, reply, await objects.get(), id, file, answer);
    },
  );

  registerMediaViewRoutes(routes, context, objects);
  registerThumbnailRoutes(routes, context, objects);
}

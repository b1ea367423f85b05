import { Readable } from 'node:stream';
import { z } from 'zod';
import { itemFilesOf } from '../../infra/catalog/item-file-queries.js';
import { recordRead } from '../../usecases/items/record-read.js';
import { hasThumbnail, scanThumbnail } from '../../usecases/items/scan-thumbnail.js';
import type { ApiContext, ApiRoutes } from './api-routes.js';
import type { ArchiveObjects } from './archive-objects.js';
import { visibleFacts } from './item-visibility.js';
import { fileBytesSchema } from './media-files.js';
import { Problem } from './problem.js';
import { itemParams } from './request-schemas.js';
import { problems } from './response-schemas.js';

/** `GET /items/:id/thumbnail`: a small picture of the item's first scan, for lists. */
export function registerThumbnailRoutes(
  routes: ApiRoutes,
  { catalog, settings, expensive }: ApiContext,
  objects: ArchiveObjects,
): void {
  routes.get(
    '/items/:id/thumbnail',
    {
      schema: {
        summary:
          "A small WebP of the first page of the item's first scan (PNG, JPEG, WebP or TIFF), for lists",
        tags: ['media'],
        params: itemParams,
        response: {
          200: fileBytesSchema,
          304: z.null().meta({ description: 'the client holds this thumbnail (If-None-Match)' }),
          ...problems(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const facts = await visibleFacts(catalog, request, id);
      const scan = (await itemFilesOf(catalog, id)).find(hasThumbnail);
      if (!scan) throw new Problem(404, 'the item has no scanned image to show');
      const etag = `"${scan.sha256}-thumbnail"`;
      reply.headers({ etag, 'cache-control': 'private, no-cache' });
      if (request.headers['if-none-match'] === etag) return reply.code(304).send(null);
      // A HEAD asks whether there is a picture: answered without making one.
      if (request.method === 'HEAD')
        return reply.type('image/webp').send(Readable.from([]) as unknown as string);
      await recordRead(catalog, request.caller, facts, 'media');
      const thumbnail = await expensive(async () =>
        scanThumbnail(settings.dataDir, await objects.get(), id, scan, {
          maxPixels: settings.ocr.maxMegapixels * 1e6,
        }),
      );
      // The schema's `string` stands for bytes in the OpenAPI document; a Buffer is sent as it is.
      return reply.type('image/webp').send(thumbnail as unknown as string);
    },
  );
}

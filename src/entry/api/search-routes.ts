import { z } from 'zod';
import { searchVisibleTo } from '../../usecases/items/items-visible-to.js';
import type { ApiContext, ApiRoutes } from './api-routes.js';
import { searchQuery } from './request-schemas.js';
import { problems, searchHitSchema } from './response-schemas.js';

/** `GET /search?q=`: words in metadata, OCR text and annotations of the items the caller may see. */
export function registerSearchRoutes(routes: ApiRoutes, { catalog, expensive }: ApiContext): void {
  routes.get(
    '/search',
    {
      schema: {
        summary: 'Words in the metadata, OCR text and annotations of the items the caller may see',
        tags: ['search'],
        querystring: searchQuery,
        response: { 200: z.object({ hits: z.array(searchHitSchema) }), ...problems(400, 401) },
      },
    },
    async (request) => {
      const who = request.caller;
      return expensive(async () => ({
        hits: await searchVisibleTo(catalog, who, request.query.q),
      }));
    },
  );
}

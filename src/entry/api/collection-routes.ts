import { z } from 'zod';
import { identifierSchema } from '../../model/identifier.js';
import { collectionsVisibleTo } from '../../usecases/items/collections-visible-to.js';
import type { ApiContext, ApiRoutes } from './api-routes.js';
import { Problem } from './problem.js';
import { problems } from './response-schemas.js';

const collectionSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    community: z.string().optional(),
    languages: z.array(z.string()),
    licence: z.string().optional(),
    items: z.number().int().meta({ description: 'the items of the collection the caller may see' }),
    byAccessProtocol: z.record(z.string(), z.number().int()),
    vocabulary: z.string().optional(),
  })
  .meta({ id: 'Collection' });

/** One answer for a collection that is unknown and one whose every item is hidden. */
const noSuchCollection = () => new Problem(404, 'no such collection is visible here');

/**
 * `GET /collections` and `GET /collections/:id`: the collections the caller may see at
 * least one item of, with counts of those items only.
 */
export function registerCollectionRoutes(
  routes: ApiRoutes,
  { catalog, expensive }: ApiContext,
): void {
  routes.get(
    '/collections',
    {
      schema: {
        summary: 'The collections the caller may see an item of, with the count of those items',
        tags: ['collections'],
        response: {
          200: z.object({ collections: z.array(collectionSchema) }),
          ...problems(401),
        },
      },
    },
    async (request) => {
      const who = request.caller;
      return expensive(async () => ({ collections: await collectionsVisibleTo(catalog, who) }));
    },
  );

  routes.get(
    '/collections/:id',
    {
      schema: {
        summary: 'A collection the caller may see an item of, with the count of those items',
        tags: ['collections'],
        params: z.object({ id: identifierSchema }),
        response: { 200: collectionSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const who = request.caller;
      const [found] = await expensive(() => collectionsVisibleTo(catalog, who, request.params.id));
      if (!found) throw noSuchCollection();
      return found;
    },
  );
}

import { z } from 'zod';
import { searchAnnotations } from '../../infra/catalog/annotation-queries.js';
import { getItem } from '../../infra/catalog/item-queries.js';
import { decideAccess, isStaffFor } from '../../model/access-policy.js';
import { publicAnnotation, publicItem } from '../../model/public-view.js';
import { itemsVisibleTo } from '../../usecases/items/items-visible-to.js';
import { recordRead } from '../../usecases/items/record-read.js';
import type { ApiContext, ApiRoutes } from './api-routes.js';
import { notVisible, visibleFacts } from './item-visibility.js';
import { annotationQuery, encodeCursor, itemListQuery, itemParams } from './request-schemas.js';
import { annotationSchema, itemSchema, itemSummarySchema, problems } from './response-schemas.js';

/** The items the caller may see, one item, and its annotations. */
export function registerItemRoutes(routes: ApiRoutes, { catalog, expensive }: ApiContext): void {
  routes.get(
    '/items',
    {
      schema: {
        summary: 'The items the caller may see, a page at a time (200 unless `limit` says)',
        tags: ['items'],
        querystring: itemListQuery,
        response: {
          200: z.object({
            items: z.array(itemSummarySchema),
            next: z.string().optional().describe('pass as `after` for the next page'),
          }),
          ...problems(400, 401),
        },
      },
    },
    async (request) => {
      const who = request.caller;
      const { limit, after, ...filters } = request.query;
      const page = await expensive(() => itemsVisibleTo(catalog, who, filters, { limit, after }));
      return { items: page.items, ...(page.next ? { next: encodeCursor(page.next) } : {}) };
    },
  );

  routes.get(
    '/items/:id',
    {
      schema: {
        summary:
          "An item: staff of its collection read the catalog's record, others its public view",
        tags: ['items'],
        params: itemParams,
        response: { 200: itemSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const facts = await visibleFacts(catalog, request, id);
      const item = await getItem(catalog, id);
      if (!item) throw notVisible();
      await recordRead(catalog, request.caller, facts, 'item');
      const mayAnnotate = decideAccess(request.caller, facts, 'annotate').allowed;
      const shown = isStaffFor(request.caller, facts) ? item : publicItem(item, facts.consent);
      return { ...shown, mayAnnotate };
    },
  );

  routes.get(
    '/items/:id/annotations',
    {
      schema: {
        summary: "An item's current annotations, by type, term and time span (seconds)",
        tags: ['annotations'],
        params: itemParams,
        querystring: annotationQuery,
        response: {
          200: z.object({ annotations: z.array(annotationSchema) }),
          ...problems(400, 401, 404),
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const query = request.query;
      const facts = await visibleFacts(catalog, request, id);
      const annotations = await expensive(() =>
        searchAnnotations(catalog, {
          itemId: id,
          type: query.type,
          term: query.term,
          startMs: query.from,
          endMs: query.to,
        }),
      );
      await recordRead(catalog, request.caller, facts, 'annotations');
      if (!isStaffFor(request.caller, facts))
        return { annotations: annotations.map(publicAnnotation) };
      return {
        annotations: annotations.map(
          ({ itemId: _item, title: _title, accessProtocol: _access, ...annotation }) => annotation,
        ),
      };
    },
  );
}

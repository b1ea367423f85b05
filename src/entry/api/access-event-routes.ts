import { z } from 'zod';
import { listAccessEvents } from '../../infra/catalog/access-event-rows.js';
import type { Database } from '../../infra/catalog/database.js';
import { accessFactsOf } from '../../infra/catalog/item-queries.js';
import { isAdmin } from '../../model/person.js';
import type { ApiRoutes } from './api-routes.js';
import { unauthorized } from './bearer-token.js';
import { mayUse } from './item-visibility.js';
import { Problem } from './problem.js';
import { problems } from './response-schemas.js';

const accessEventsQuery = z.object({
  limit: z
    .string({ error: 'give it once, as a number' })
    .regex(/^\d{1,4}$/, 'a number from 1 to 1000')
    .transform(Number)
    .refine((value) => value >= 1 && value <= 1000, 'a number from 1 to 1000')
    .optional(),
});

/**
 * `GET /access-events`: admins see every read; custodians those of their communities'
 * items; anyone else is refused.
 */
export function registerAccessEventRoutes(routes: ApiRoutes, catalog: Database): void {
  routes.get(
    '/access-events',
    {
      schema: {
        summary:
          'The latest reads of items that are not open (admins; custodians for their communities)',
        tags: ['access events'],
        querystring: accessEventsQuery,
        response: {
          200: z.object({
            events: z.array(
              z.object({
                occurredAt: z.string(),
                who: z.string(),
                itemId: z.string(),
                what: z.enum(['item', 'annotations', 'media']),
                accessProtocol: z.string(),
                community: z.string().optional(),
              }),
            ),
          }),
          ...problems(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { limit = 200 } = request.query;
      const who = request.caller;
      if (who.kind === 'public')
        throw unauthorized('access events are shown to admins and custodians');
      const admin = isAdmin(who);
      const custodianOf = who.grants.flatMap((grant) =>
        grant.role === 'custodian' ? [grant.community] : [],
      );
      if (!admin && custodianOf.length === 0)
        throw new Problem(403, 'access events are shown to admins and custodians');
      const events = await listAccessEvents(catalog, {
        communities: admin ? 'all' : custodianOf,
        secretSacredOf: custodianOf,
        limit,
      });
      // A read of secret/sacred material (then or now) is itself a fact about it: only its
      // custodians see it, admins included in the refusal.
      const facts = await accessFactsOf(catalog, [...new Set(events.map((e) => e.itemId))]);
      const shown = events.filter((event) => {
        const today = facts.get(event.itemId);
        if (today?.accessProtocol === 'secret-sacred' && !mayUse(who, today)) return false;
        return (
          event.accessProtocol !== 'secret-sacred' ||
          (event.community !== undefined && custodianOf.includes(event.community))
        );
      });
      return {
        events: shown.map((event) => ({ ...event, occurredAt: event.occurredAt.toISOString() })),
      };
    },
  );
}

import { z } from 'zod';
import { identifierSchema } from '../../model/identifier.js';
import { peopleActions } from '../../model/people-event.js';
import { accountLanguages, PeopleRuleError } from '../../model/people-register.js';
import { grantSchema, isAdmin, type Person } from '../../model/person.js';
import {
  addPeopleCommunity,
  addUser,
  giveGrant,
  withdrawGrant,
} from '../../usecases/people/change-people.js';
import { itemsHiddenFrom, peopleVisibleTo } from '../../usecases/people/grants-visible-to.js';
import { listPeople } from '../../usecases/people/list-people.js';
import type { ApiContext, ApiRoutes } from './api-routes.js';
import { unauthorized } from './bearer-token.js';
import { authorOf } from './caller-author.js';
import { Problem } from './problem.js';
import { problems } from './response-schemas.js';

const reason = z
  .string()
  .trim()
  .min(1, 'say why the change is made')
  .max(1000)
  .describe('why: kept in the people history with the change');

const personSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    language: z.enum(accountLanguages),
    disabled: z.boolean(),
    grants: z.array(grantSchema),
  })
  .meta({ id: 'Person' });

const peopleEventSchema = z.object({
  action: z.enum(peopleActions),
  occurredAt: z.string(),
  agent: z.string(),
  subject: z.string(),
  reason: z.string().optional(),
  grant: grantSchema.optional(),
});

const communitySchema = z.object({ id: z.string(), name: z.string() }).meta({ id: 'Community' });

const newPerson = z.object({
  id: identifierSchema.describe('the account id people sign in with'),
  name: z.string().trim().min(1, 'must not be empty').max(200),
  language: z.enum(accountLanguages).default('vi'),
  password: z.string().min(1).max(1024).describe('set now; the rules of `heritage users add`'),
  reason: reason.optional(),
});

const grantChange = z.object({ user: identifierSchema, grant: grantSchema, reason });

const changed = z.object({ version: z.string() });

/** People are the archive's as a whole: its admins manage them, as `heritage users|grants` do. */
function requireAdmin(who: Person): void {
  if (who.kind === 'public') throw unauthorized('people and grants are managed by admins');
  if (!isAdmin(who)) throw new Problem(403, 'people and grants are managed by admins');
}

/** A refusal of the people rules: a duplicate is a conflict, anything else bad input. */
function asProblem(error: unknown): never {
  if (error instanceof PeopleRuleError)
    throw new Problem(/: already /.test(error.message) ? 409 : 400, error.message);
  throw error;
}

/**
 * People, communities and grants for admins: the same use cases as `heritage users`,
 * `communities` and `grants`, each change a new version of the people object with an
 * event naming who made it and why (a grant given or removed always says why).
 */
export function registerPeopleRoutes(routes: ApiRoutes, context: ApiContext): void {
  routes.get(
    '/people',
    {
      schema: {
        summary: 'Accounts with their grants, and the history of changes to them (admins)',
        tags: ['people'],
        response: {
          200: z.object({ people: z.array(personSchema), events: z.array(peopleEventSchema) }),
          ...problems(401, 403, 503),
        },
      },
    },
    async (request) => {
      requireAdmin(request.caller);
      const listing = await peopleVisibleTo(
        context.catalog,
        request.caller,
        await listPeople(context.writer().archive),
      );
      return {
        people: listing.accounts,
        // Newest first: what an admin looks for is what just changed.
        events: listing.events.reverse(),
      };
    },
  );

  routes.post(
    '/people',
    {
      schema: {
        summary: 'Adds an account with its password (admins)',
        tags: ['people'],
        body: newPerson,
        response: { 201: changed, ...problems(400, 401, 403, 409, 503) },
      },
    },
    async (request, reply) => {
      requireAdmin(request.caller);
      const { archive, locks } = context.writer();
      const { reason: why, password, ...person } = request.body;
      const version = await addUser(
        archive,
        locks,
        { agent: authorOf(request.caller), reason: why },
        { ...person, password },
      ).catch(asProblem);
      return reply.code(201).send({ version });
    },
  );

  routes.get(
    '/communities',
    {
      schema: {
        summary: 'The communities whose custodians and members hold grants (admins)',
        tags: ['people'],
        response: {
          200: z.object({ communities: z.array(communitySchema) }),
          ...problems(401, 403, 503),
        },
      },
    },
    async (request) => {
      requireAdmin(request.caller);
      return { communities: (await listPeople(context.writer().archive)).communities };
    },
  );

  routes.post(
    '/communities',
    {
      schema: {
        summary: 'Adds a community (admins)',
        tags: ['people'],
        body: communitySchema.extend({
          id: identifierSchema,
          name: z.string().trim().min(1, 'must not be empty').max(200),
          reason: reason.optional(),
        }),
        response: { 201: changed, ...problems(400, 401, 403, 409, 503) },
      },
    },
    async (request, reply) => {
      requireAdmin(request.caller);
      const { archive, locks } = context.writer();
      const { reason: why, ...community } = request.body;
      const version = await addPeopleCommunity(
        archive,
        locks,
        { agent: authorOf(request.caller), reason: why },
        community,
      ).catch(asProblem);
      return reply.code(201).send({ version });
    },
  );

  for (const [method, apply, summary] of [
    ['POST', giveGrant, 'Gives a role, with the reason (admins)'],
    ['DELETE', withdrawGrant, 'Takes a role back, with the reason (admins)'],
  ] as const)
    routes.route({
      method,
      url: '/grants',
      schema: {
        summary,
        tags: ['people'],
        body: grantChange,
        response: { 200: changed, ...problems(400, 401, 403, 409, 503) },
      },
      handler: async (request) => {
        requireAdmin(request.caller);
        const { user, grant, reason: why } = request.body;
        const item =
          grant.role === 'researcher' && grant.scope.kind === 'item' ? [grant.scope.item] : [];
        // A grant on an item the admin may not see is answered as one on a missing item.
        const hidden = await itemsHiddenFrom(context.catalog, request.caller, item);
        const { archive, locks } = context.writer();
        const version = await apply(
          archive,
          locks,
          { agent: authorOf(request.caller), reason: why },
          user,
          grant,
          hidden,
        ).catch(asProblem);
        return { version };
      },
    });
}

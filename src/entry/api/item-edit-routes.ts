import { z } from 'zod';
import { accessProtocolSchema, consentUseSchema } from '../../model/access.js';
import { isStaffFor } from '../../model/access-policy.js';
import { normaliseArchivalDate } from '../../model/archival-date.js';
import { contributorSchema } from '../../model/contributor.js';
import { identifierSchema } from '../../model/identifier.js';
import { normaliseLanguageTag } from '../../model/language-tag.js';
import { changeItem, type ItemChangeRequest } from '../../usecases/items/change-item.js';
import { editItemDescription } from '../../usecases/items/edit-item-description.js';
import type { ApiContext, ApiRoutes } from './api-routes.js';
import { authorOf } from './caller-author.js';
import { visibleFacts } from './item-visibility.js';
import { Problem } from './problem.js';
import { itemParams } from './request-schemas.js';
import { problems } from './response-schemas.js';
import { asWriteProblems, writeProblems } from './write-problems.js';

/** Text as people type it, stored in Unicode NFC so that equal words compare equal. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(max, `at most ${max} characters`)
    .transform((value) => value.normalize('NFC'));

/** A string read by `normalise`, whose error message becomes the field's. */
const normalisedBy = (normalise: (value: string) => string) =>
  z.string().transform((value, context) => {
    try {
      return normalise(value);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
      return z.NEVER;
    }
  });

const reasonSchema = text(2000);

/** The body of `PATCH /items/:id`: descriptive fields only; `null` clears one. */
const descriptionEditBody = z
  .strictObject(
    {
      title: text(500).optional(),
      description: text(20_000).nullable().optional(),
      genre: text(200).nullable().optional(),
      place: text(500).nullable().optional(),
      date: normalisedBy(normaliseArchivalDate).nullable().optional(),
      languages: z.array(normalisedBy(normaliseLanguageTag)).max(50).optional(),
      contributors: z
        .array(contributorSchema.extend({ name: text(300) }))
        .max(500)
        .optional(),
      tkLabels: z.array(text(200)).max(50).optional(),
      licence: text(300).nullable().optional(),
      reason: reasonSchema.optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `not an editable field: ${issue.keys.join(', ')} (access protocol, consent and collection change through PATCH /items/:id/access)`
          : undefined,
    },
  )
  .refine((body) => Object.keys(body).some((key) => key !== 'reason'), {
    message: 'nothing to change: give at least one field',
  });

/** The body of `PATCH /items/:id/access`: an explicit change of who may see or use the item. */
const accessChangeBody = z
  .strictObject({
    accessProtocol: accessProtocolSchema.optional(),
    consentUses: z.array(consentUseSchema).optional(),
    consentWithdrawn: z.boolean().optional(),
    consentedBy: text(300).optional(),
    consentDate: normalisedBy(normaliseArchivalDate).optional(),
    collection: identifierSchema.optional(),
    reason: reasonSchema,
    lowerProtection: z.boolean().default(false),
  })
  .refine((body) => Object.keys(body).some((key) => !['reason', 'lowerProtection'].includes(key)), {
    message:
      'nothing to change: give accessProtocol, consentUses, consentWithdrawn, consentedBy, consentDate or collection',
  });

const fieldChangeSchema = z.object({ from: z.unknown(), to: z.unknown() });

const itemChangeSchema = z
  .object({
    itemId: z.string(),
    changed: z
      .boolean()
      .meta({ description: 'false when the item already was so: no version written' }),
    version: z.string().meta({ description: 'the object version that holds the item now' }),
    changes: z.record(z.string(), fieldChangeSchema),
  })
  .meta({ id: 'ItemChange' });

/**
 * `PATCH /items/:id` edits descriptive metadata, `PATCH /items/:id/access` changes the
 * protocol, consent or collection; each writes the item's next object version with an
 * event naming who, and the catalog follows. Both need purpose `curate` (admins and the
 * collection's archivists); a caller who may not view the item gets a missing one's 404.
 */
export function registerItemEditRoutes(routes: ApiRoutes, { catalog, writer }: ApiContext): void {
  routes.patch(
    '/items/:id',
    {
      schema: {
        summary: "Edits an item's descriptive metadata as its next object version (curators)",
        tags: ['items'],
        params: itemParams,
        body: descriptionEditBody,
        response: { 200: itemChangeSchema, ...problems(400, 401, 403, 404, 503), ...writeProblems },
      },
    },
    async (request) => {
      const { id } = request.params;
      await visibleFacts(catalog, request, id, 'curate');
      const { reason, ...edit } = request.body;
      const { archive, locks } = writer();
      const result = await asWriteProblems(() =>
        editItemDescription(archive, locks, {
          itemId: id,
          edit,
          author: authorOf(request.caller),
          ...(reason ? { reason } : {}),
        }),
      );
      return {
        itemId: id,
        changed: result.changed,
        version: result.version,
        changes: result.changes,
      };
    },
  );

  routes.patch(
    '/items/:id/access',
    {
      schema: {
        summary:
          "Changes an item's access protocol, consent or collection: an explicit act recorded with who and why (curators)",
        tags: ['items'],
        params: itemParams,
        body: accessChangeBody,
        response: { 200: itemChangeSchema, ...problems(400, 401, 403, 404, 503), ...writeProblems },
      },
    },
    async (request) => {
      const { id } = request.params;
      const facts = await visibleFacts(catalog, request, id, 'curate');
      const body = request.body;
      // Whoever moves an item must keep the collection it goes to, or it leaves their care.
      if (
        body.collection !== undefined &&
        !isStaffFor(request.caller, { ...facts, collection: body.collection })
      )
        throw new Problem(403, `you may not move items into collection ${body.collection}`);
      const change: ItemChangeRequest = {
        itemId: id,
        reason: body.reason,
        author: authorOf(request.caller),
        lowerProtection: body.lowerProtection,
        ...(body.accessProtocol !== undefined ? { accessProtocol: body.accessProtocol } : {}),
        ...(body.consentUses !== undefined ? { consentUses: body.consentUses } : {}),
        ...(body.consentWithdrawn !== undefined ? { consentWithdrawn: body.consentWithdrawn } : {}),
        ...(body.consentedBy !== undefined ? { consentedBy: body.consentedBy } : {}),
        ...(body.consentDate !== undefined ? { consentDate: body.consentDate } : {}),
        ...(body.collection !== undefined ? { collection: body.collection } : {}),
      };
      const { archive, locks } = writer();
      const result = await asWriteProblems(() => changeItem(archive, locks, change));
      return {
        itemId: id,
        changed: result.changed,
        version: result.version,
        changes: result.changes,
      };
    },
  );
}

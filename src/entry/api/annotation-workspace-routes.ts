import { z } from 'zod';
import type { Annotation } from '../../formats/index.js';
import { decideAccess, isStaffFor } from '../../model/access-policy.js';
import { identifierSchema } from '../../model/identifier.js';
import { publicAnnotation } from '../../model/public-view.js';
import {
  type AnnotationChangeRequest,
  saveAnnotationChanges,
} from '../../usecases/annotations/save-annotation-changes.js';
import { readWorkspaceAnnotations } from '../../usecases/annotations/workspace-annotations.js';
import { recordRead } from '../../usecases/items/record-read.js';
import { anchorRequest, type changeBody, changesBody } from './annotation-request-schemas.js';
import type { ApiContext, ApiRoutes } from './api-routes.js';
import { authorOf } from './caller-author.js';
import { visibleFacts } from './item-visibility.js';
import { problems } from './response-schemas.js';
import { asWriteProblems, writeProblems } from './write-problems.js';

/** A current annotation as the workspace edits it; author and time only for annotators and staff. */
const workspaceAnnotationSchema = z
  .object({
    id: z.string(),
    type: z.string(),
    value: z.string(),
    terms: z.array(z.string()),
    language: z.string().optional(),
    anchor: z.unknown().meta({ description: 'time span, page region or the whole item' }),
    supersedes: z.string().optional(),
    origin: z.object({ kind: z.literal('machine'), tool: z.string() }).optional(),
    tier: z.string().optional().meta({ description: 'the tier it was imported from' }),
    author: z.string().optional(),
    created: z.string().optional(),
  })
  .meta({ id: 'WorkspaceAnnotation' });

const workspaceSchema = z
  .object({
    itemId: z.string(),
    version: z.string().meta({ description: 'the object version the annotations are read from' }),
    annotations: z.array(workspaceAnnotationSchema),
  })
  .meta({ id: 'AnnotationWorkspace' });

const savedChangesSchema = z
  .object({
    itemId: z.string(),
    changed: z.boolean().meta({
      description: 'false when the item already held every annotation added: no version written',
    }),
    version: z.string().meta({ description: "the item's object version after the save" }),
    saved: z.array(
      z.object({
        op: z.enum(['add', 'supersede', 'retire']),
        id: z.string().meta({ description: 'the new version (or the annotation already held)' }),
        supersedes: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'AnnotationChanges' });

/**
 * The annotator's workspace: every current annotation of an item, read from its object
 * in storage (the catalog's search stops at a page of results), with the version they
 * are current at.
 */
export function registerAnnotationWorkspaceRoutes(routes: ApiRoutes, context: ApiContext): void {
  const { catalog, writer } = context;

  routes.get(
    '/items/:id/annotations/workspace',
    {
      schema: {
        summary: 'Every current annotation of an item, from its object in storage, for editing',
        tags: ['annotations'],
        params: z.object({ id: identifierSchema }),
        response: { 200: workspaceSchema, ...problems(400, 401, 404, 503) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const facts = await visibleFacts(catalog, request, id);
      const { archive } = writer();
      const workspace = await asWriteProblems(() => readWorkspaceAnnotations(archive, id));
      await recordRead(catalog, request.caller, facts, 'annotations');
      const withAuthors =
        isStaffFor(request.caller, facts) ||
        decideAccess(request.caller, facts, 'annotate').allowed;
      return {
        itemId: id,
        version: workspace.version,
        annotations: workspace.annotations.map((annotation) =>
          workspaceAnnotation(annotation, withAuthors),
        ),
      };
    },
  );

  routes.post(
    '/items/:id/annotations/changes',
    {
      schema: {
        summary:
          'Saves several annotation changes (add, supersede, retire) as one object version, or none (annotators)',
        description:
          'All or nothing. 409 when a change names a version already superseded or retired: its `problems` name the change (`change`, from 0) and the current version (`current`). 422 when a change does not fit the item.',
        tags: ['annotations'],
        params: z.object({ id: identifierSchema }),
        body: changesBody,
        response: {
          200: savedChangesSchema,
          201: savedChangesSchema,
          ...problems(400, 401, 403, 404, 503),
          ...writeProblems,
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await visibleFacts(catalog, request, id, 'annotate');
      const { archive, locks } = writer();
      const result = await asWriteProblems(() =>
        saveAnnotationChanges(archive, locks, {
          itemId: id,
          author: authorOf(request.caller),
          changes: request.body.changes.map(changeRequest),
        }),
      );
      reply.code(result.changed ? 201 : 200);
      return {
        itemId: id,
        changed: result.changed,
        version: result.version,
        saved: result.saved.map(({ op, annotation }) => ({
          op,
          id: annotation.id,
          ...(annotation.supersedes ? { supersedes: annotation.supersedes } : {}),
        })),
      };
    },
  );
}

/** A change as the use case takes it: the anchor's optional parts left out, not undefined. */
function changeRequest(change: z.output<typeof changeBody>): AnnotationChangeRequest {
  if (change.op === 'retire') return change;
  const { anchor, terms, language, ...rest } = change;
  return {
    ...rest,
    ...(terms ? { terms } : {}),
    ...(language ? { language } : {}),
    ...(anchor ? { anchor: anchorRequest(anchor) } : {}),
  };
}

/**
 * One annotation as the workspace shows it. Those who may annotate the item (or keep
 * it) see its authorship and making (author, time, tier, origin, what it replaced);
 * other readers only what the item's public annotations show, as the annotations route.
 */
function workspaceAnnotation(annotation: Annotation, annotator: boolean) {
  const { id, type, value, terms, language, anchor, supersedes, origin, source } = annotation;
  if (!annotator) return publicAnnotation(annotation);
  return {
    id,
    type,
    value,
    terms,
    ...(language ? { language } : {}),
    anchor,
    ...(supersedes ? { supersedes } : {}),
    ...(origin ? { origin } : {}),
    ...(source?.tier !== undefined ? { tier: source.tier } : {}),
    author: annotation.author,
    created: annotation.created,
  };
}

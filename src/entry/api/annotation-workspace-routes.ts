import { z } from 'zod';
import type { Annotation } from '../../formats/index.js';
import { decideAccess, isStaffFor } from '../../model/access-policy.js';
import { identifierSchema } from '../../model/identifier.js';
import { readWorkspaceAnnotations } from '../../usecases/annotations/workspace-annotations.js';
import { recordRead } from '../../usecases/items/record-read.js';
import type { ApiContext, ApiRoutes } from './api-routes.js';
import { visibleFacts } from './item-visibility.js';
import { problems } from './response-schemas.js';
import { asWriteProblems } from './write-problems.js';

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
}

function workspaceAnnotation(annotation: Annotation, withAuthor: boolean) {
  const { id, type, value, terms, language, anchor, supersedes, origin, source } = annotation;
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
    ...(withAuthor ? { author: annotation.author, created: annotation.created } : {}),
  };
}

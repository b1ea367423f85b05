import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ncNameSchema } from '../../formats/index.js';
import type { Database } from '../../infra/catalog/database.js';
import { vocabularyRows } from '../../infra/catalog/vocabulary-rows.js';
import { keepsCollection } from '../../model/access-policy.js';
import { identifierSchema } from '../../model/identifier.js';
import type { Person } from '../../model/person.js';
import {
  commitCollectionVocabulary,
  readCollectionVocabulary,
  StaleVocabularyError,
} from '../../usecases/annotations/collection-vocabulary.js';
import { readVocabularyFile } from '../../usecases/annotations/read-vocabulary-file.js';
import { collectionsVisibleTo } from '../../usecases/items/collections-visible-to.js';
import type { ApiContext, ApiRoutes } from './api-routes.js';
import { authorOf } from './caller-author.js';
import { Problem } from './problem.js';
import { problems } from './response-schemas.js';
import { asWriteProblems, writeProblems } from './write-problems.js';

const vocabularyParams = z.object({
  collection: identifierSchema.meta({ description: 'the collection the vocabulary is of' }),
});

const vocabularySummarySchema = z
  .object({
    collection: z.string(),
    id: z.string(),
    version: z.string().meta({ description: "the vocabulary object's version" }),
    terms: z.number().int(),
  })
  .meta({ id: 'VocabularySummary' });

const termSchema = z.object({
  id: z.string(),
  labels: z.record(z.string(), z.string()).meta({ description: 'label by BCP-47 language tag' }),
  broader: z.array(z.string()),
});

const vocabularySchema = z
  .object({
    collection: z.string(),
    id: z.string(),
    version: z.string(),
    terms: z.array(termSchema),
  })
  .meta({ id: 'Vocabulary' });

const versionSchema = z.string().regex(/^v[1-9][0-9]{0,8}$/, 'an object version, e.g. v3');

const uploadQuery = z.object({
  format: z.enum(['json', 'csv']).optional().meta({
    description: 'default: from the content type (text/csv, application/json), else the name',
  }),
  name: z
    .string()
    .regex(/^[^/\\]{1,200}$/, 'a file name, without folders')
    .optional()
    .meta({ description: 'the file name kept under originals/ in the vocabulary object' }),
  id: ncNameSchema
    .max(128)
    .optional()
    .meta({ description: "the vocabulary's id, for CSV (default: the current one)" }),
  baseVersion: versionSchema.optional().meta({
    description:
      'the version the change was made from (as GET answered it; or If-Match: "v3"): 409 when the vocabulary has changed since',
  }),
});

/** One answer for a collection without a vocabulary and one the caller may not see. */
const noSuchVocabulary = () => new Problem(404, 'no such vocabulary is visible here');

/**
 * Controlled vocabularies, one per collection: `GET /vocabularies` and
 * `GET /vocabularies/:collection` show those of the collections the caller may see an
 * item of (or keeps); `PUT /vocabularies/:collection` stores a new version from JSON or
 * CSV, for admins and the collection's archivists, as `heritage vocabulary import` does.
 */
export function registerVocabularyRoutes(routes: ApiRoutes, context: ApiContext): void {
  const { catalog, writer, expensive } = context;

  routes.get(
    '/vocabularies',
    {
      schema: {
        summary: 'The vocabularies of the collections the caller may see',
        tags: ['vocabularies'],
        response: {
          200: z.object({ vocabularies: z.array(vocabularySummarySchema) }),
          ...problems(401),
        },
      },
    },
    async (request) => {
      const who = request.caller;
      const rows = await expensive(async () => {
        const seen = await collectionsSeenBy(catalog, who);
        return (await vocabularyRows(catalog)).filter(
          (row) => keepsCollection(who, row.collection) || seen.has(row.collection),
        );
      });
      return {
        vocabularies: rows.map((row) => ({
          collection: row.collection,
          id: row.vocabulary.id,
          version: row.objectVersion,
          terms: row.vocabulary.terms.length,
        })),
      };
    },
  );

  routes.get(
    '/vocabularies/:collection',
    {
      schema: {
        summary: "A collection's vocabulary, with its terms",
        tags: ['vocabularies'],
        params: vocabularyParams,
        response: { 200: vocabularySchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { collection } = request.params;
      if (!(await maySee(catalog, request.caller, collection))) throw noSuchVocabulary();
      const [row] = await vocabularyRows(catalog, [collection]);
      if (!row) throw noSuchVocabulary();
      return {
        collection,
        id: row.vocabulary.id,
        version: row.objectVersion,
        terms: row.vocabulary.terms.map(({ id, labels, broader }) => ({ id, labels, broader })),
      };
    },
  );

  // The file arrives as its own bytes, kept as sent: a child context with one parser.
  routes.register(async (plain) => {
    const uploads = plain.withTypeProvider<ZodTypeProvider>();
    uploads.removeAllContentTypeParsers();
    uploads.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );
    uploads.put(
      '/vocabularies/:collection',
      {
        bodyLimit: context.settings.annotations.maxDocumentBytes,
        schema: {
          summary:
            "Stores a collection's vocabulary (JSON, or CSV with id,broader,label@<lang> columns) as its next version (admins, the collection's archivists)",
          tags: ['vocabularies'],
          consumes: ['application/json', 'text/csv'],
          params: vocabularyParams,
          querystring: uploadQuery,
          body: z
            .custom<Buffer>((value) => Buffer.isBuffer(value), 'send the vocabulary as the body')
            .meta({ type: 'string', format: 'binary', description: 'the JSON or CSV file' }),
          response: {
            200: z
              .object({
                collection: z.string(),
                id: z.string(),
                version: z.string(),
                changed: z.boolean(),
                terms: z.number().int(),
              })
              .meta({ id: 'VocabularyChange' }),
            ...problems(400, 401, 403, 404, 413, 503),
            ...writeProblems,
          },
        },
      },
      async (request) => {
        const { collection } = request.params;
        const who = request.caller;
        if (!keepsCollection(who, collection)) {
          if (!(await maySee(catalog, who, collection))) throw noSuchVocabulary();
          throw new Problem(403, `you may not change the vocabulary of collection ${collection}`);
        }
        const query = request.query;
        const baseVersion = query.baseVersion ?? ifMatchVersion(request.headers['if-match']);
        const format = query.format ?? formatOf(request.headers['content-type'], query.name);
        const name = query.name ?? `vocabulary.${format}`;
        const { archive, locks } = writer();
        const existing = await readCollectionVocabulary(archive.objects, collection);
        const vocabulary = await asWriteProblems(async () =>
          readVocabularyFile({
            name,
            bytes: request.body,
            format,
            collection,
            id: query.id ?? existing?.vocabulary.id,
          }),
        );
        const result = await asWriteProblems(async () => {
          try {
            return await commitCollectionVocabulary(archive, locks, {
              collection,
              vocabulary,
              source: { name, bytes: request.body },
              author: authorOf(who),
              ...(baseVersion !== undefined ? { baseVersion } : {}),
            });
          } catch (error) {
            if (error instanceof StaleVocabularyError) throw new Problem(409, error.message);
            throw error;
          }
        });
        return {
          collection,
          id: vocabulary.id,
          version: result.version,
          changed: result.changed,
          terms: result.terms,
        };
      },
    );
  });
}

/** The collections `who` may see an item of. */
async function collectionsSeenBy(catalog: Database, who: Person): Promise<Set<string>> {
  return new Set((await collectionsVisibleTo(catalog, who)).map((collection) => collection.id));
}

/** Whether `who` keeps the collection or may see an item of it. */
async function maySee(catalog: Database, who: Person, collection: string): Promise<boolean> {
  if (keepsCollection(who, collection)) return true;
  return (await collectionsVisibleTo(catalog, who, collection)).length > 0;
}

/** The version an `If-Match` header names (`"v3"`, `W/"v3"`); a malformed one is refused. */
function ifMatchVersion(header: string | undefined): string | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const version = /^\s*(?:W\/)?"?([^",\s]+)"?\s*$/.exec(header)?.[1];
  if (!version || !versionSchema.safeParse(version).success)
    throw new Problem(400, 'If-Match must name one vocabulary version, e.g. "v3"');
  return version;
}

function formatOf(contentType: string | undefined, name: string | undefined): 'json' | 'csv' {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'text/csv') return 'csv';
  if (type === 'application/json') return 'json';
  const extension = name?.toLowerCase().split('.').pop();
  if (extension === 'csv' || extension === 'json') return extension;
  throw new Problem(400, 'send the vocabulary as application/json or text/csv, or give format=');
}

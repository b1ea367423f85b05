import type { Vocabulary } from '../../formats/index.js';
import type { Database } from './database.js';

/** Inserts or replaces a collection's vocabulary row, as its vocabulary object version holds it. */
export async function saveVocabularyRow(
  db: Database,
  collection: string,
  vocabulary: Vocabulary,
  objectVersion: string,
): Promise<void> {
  await db.query(
    `INSERT INTO vocabularies (collection_id, vocabulary_id, object_version, document)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (collection_id) DO UPDATE SET vocabulary_id = $2, object_version = $3, document = $4,
       updated_at = now()`,
    [collection, vocabulary.id, objectVersion, JSON.stringify(vocabulary)],
  );
}

/** Terms of a collection's vocabulary that current annotations use. */
export async function termsInUse(db: Database, collection: string): Promise<string[]> {
  const rows = await db.query<{ term: string }>(
    `SELECT DISTINCT unnest(a.terms) AS term
       FROM annotations a JOIN items i ON i.id = a.item_id
      WHERE i.collection_id = $1 AND a.superseded_by IS NULL
      ORDER BY 1`,
    [collection],
  );
  return rows.map((row) => row.term);
}

/** The vocabularies the catalog holds, by collection (all when `collections` is undefined). */
export async function vocabularyRows(
  db: Database,
  collections?: readonly string[],
): Promise<{ collection: string; objectVersion: string; vocabulary: Vocabulary }[]> {
  const where = collections === undefined ? '' : 'WHERE collection_id = ANY($1)';
  const rows = await db.query<{ collection: string; objectVersion: string; document: unknown }>(
    `SELECT collection_id AS collection, object_version AS "objectVersion", document
       FROM vocabularies ${where} ORDER BY collection_id`,
    collections === undefined ? [] : [collections],
  );
  return rows.map((row) => ({
    collection: row.collection,
    objectVersion: row.objectVersion,
    vocabulary: (typeof row.document === 'string'
      ? JSON.parse(row.document)
      : row.document) as Vocabulary,
  }));
}

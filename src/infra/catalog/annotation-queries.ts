import type { Anchor, Vocabulary } from '../../formats/index.js';
import type { Database } from './database.js';
import { likeSearchTerm } from './search-text.js';

/** What to look for among annotations; every filter given must hold. */
export interface AnnotationSearch {
  /** Words in the value, ignoring case and diacritics (`dan tinh` finds `Đàn tính`). */
  words?: string;
  type?: string;
  /** A vocabulary term id; annotations with a narrower term of it match too. */
  term?: string;
  /** Time range in ms: annotations whose span overlaps it (time-anchored ones only). */
  startMs?: number;
  endMs?: number;
  itemId?: string;
}

/** One annotation found, with its item. */
export interface AnnotationHit {
  itemId: string;
  title: string;
  accessProtocol: string;
  id: string;
  type: string;
  value: string;
  terms: string[];
  author: string;
  anchor: Anchor;
  supersededBy: string | null;
}

/** Finds annotations by words, type, term (with narrower terms) and time range. */
export async function searchAnnotations(
  db: Database,
  search: AnnotationSearch,
): Promise<AnnotationHit[]> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (value: unknown) => `$${params.push(value)}`;
  // Current versions only: a superseded annotation is history, not content.
  conditions.push('a.superseded_by IS NULL');
  if (search.words !== undefined && search.words.trim() !== '')
    conditions.push(`a.search_text LIKE '%' || ${add(likeSearchTerm(search.words))} || '%'`);
  if (search.type !== undefined) conditions.push(`a.type = ${add(search.type)}`);
  if (search.itemId !== undefined) conditions.push(`a.item_id = ${add(search.itemId)}`);
  if (search.startMs !== undefined || search.endMs !== undefined) {
    conditions.push('a.start_ms IS NOT NULL');
    if (search.startMs !== undefined) conditions.push(`a.end_ms >= ${add(search.startMs)}`);
    if (search.endMs !== undefined) conditions.push(`a.start_ms <= ${add(search.endMs)}`);
  }
  if (search.term !== undefined) {
    const narrower = await narrowerTermsByCollection(db, search.term);
    conditions.push(
      `a.terms && ARRAY(SELECT jsonb_array_elements_text(
         COALESCE(${add(JSON.stringify(narrower))}::jsonb -> i.collection_id, jsonb_build_array(${add(search.term)}::text))))`,
    );
  }
  return db.query<AnnotationHit>(
    `SELECT a.item_id AS "itemId", i.title, i.access_protocol AS "accessProtocol", a.id, a.type,
        a.value, a.terms, a.author, a.anchor, a.superseded_by AS "supersededBy"
       FROM annotations a JOIN items i ON i.id = a.item_id
       WHERE ${conditions.join(' AND ')}
       ORDER BY a.item_id, a.asset_path NULLS FIRST, a.start_ms NULLS FIRST, a.page NULLS FIRST, a.id
       LIMIT 500`,
    params,
  );
}

/** For each collection with a vocabulary: the term and every term below it. */
async function narrowerTermsByCollection(
  db: Database,
  term: string,
): Promise<Record<string, string[]>> {
  const rows = await db.query<{ collection: string; document: Vocabulary }>(
    'SELECT collection_id AS collection, document FROM vocabularies',
  );
  return Object.fromEntries(
    rows.map(({ collection, document }) => [collection, termAndNarrower(document, term)]),
  );
}

/** The term and all terms whose `broader` chain reaches it. */
export function termAndNarrower(vocabulary: Vocabulary, term: string): string[] {
  const found = new Set([term]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const candidate of vocabulary.terms) {
      if (!found.has(candidate.id) && candidate.broader.some((broader) => found.has(broader))) {
        found.add(candidate.id);
        grew = true;
      }
    }
  }
  return [...found];
}

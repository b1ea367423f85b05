import type { Annotation } from '../../formats/index.js';
import type { Database } from './database.js';
import { foldForSearch } from './search-text.js';

/** Rows per INSERT: one JSON parameter each, a few hundred kilobytes. */
const BATCH_SIZE = 1000;

/**
 * Replaces an item's annotation rows with `annotations` (superseded versions included,
 * each marked with its successor; a retirement with itself), as `metadata/annotations.json` holds them. Rows go
 * in as JSON batches through `jsonb_to_recordset`: one statement per thousand rows
 * rather than one per row, which is what makes a 9,000-annotation ELAN import quick.
 * Runs in the caller's transaction.
 */
export async function saveAnnotationRows(
  db: Database,
  itemId: string,
  annotations: readonly Annotation[],
): Promise<void> {
  await db.query('DELETE FROM annotations WHERE item_id = $1', [itemId]);
  const successor = new Map<string, string>();
  for (const annotation of annotations) {
    if (annotation.supersedes !== undefined) successor.set(annotation.supersedes, annotation.id);
    // A retirement is the end of its line: marked as its own successor so that every
    // query for current annotations (superseded_by IS NULL) leaves it out, while the row
    // stays for the history and for a later version that restores it to refer to.
    if (annotation.retired && !successor.has(annotation.id))
      successor.set(annotation.id, annotation.id);
  }
  for (let start = 0; start < annotations.length; start += BATCH_SIZE) {
    const rows = annotations.slice(start, start + BATCH_SIZE).map((annotation) => {
      const { anchor } = annotation;
      return {
        id: annotation.id,
        type: annotation.type,
        value: annotation.value,
        terms: annotation.terms,
        anchor,
        author: annotation.author,
        created_at: annotation.created,
        supersedes: annotation.supersedes ?? null,
        search_text: foldForSearch(annotation.value),
        asset_path: anchor.kind === 'item' ? null : anchor.asset,
        start_ms: anchor.kind === 'time' ? anchor.startMs : null,
        end_ms: anchor.kind === 'time' ? anchor.endMs : null,
        page: anchor.kind === 'region' ? anchor.page : null,
        language: annotation.language ?? null,
        superseded_by: successor.get(annotation.id) ?? null,
      };
    });
    await db.query(
      `INSERT INTO annotations (item_id, id, type, value, terms, anchor, author, created_at, supersedes,
         search_text, asset_path, start_ms, end_ms, page, language, superseded_by)
       SELECT $1, r.id, r.type, r.value, ARRAY(SELECT jsonb_array_elements_text(r.terms)), r.anchor,
         r.author, r.created_at, r.supersedes, r.search_text, r.asset_path, r.start_ms, r.end_ms,
         r.page, r.language, r.superseded_by
       FROM jsonb_to_recordset($2::jsonb) AS r(id text, type text, value text, terms jsonb,
         anchor jsonb, author text, created_at timestamptz, supersedes text, search_text text,
         asset_path text, start_ms integer, end_ms integer, page integer, language text,
         superseded_by text)`,
      [itemId, JSON.stringify(rows)],
    );
  }
}

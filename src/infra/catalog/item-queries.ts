import { type AccessProtocol, accessProtocols, type Consent } from '../../model/access.js';
import type { AccessFacts } from '../../model/access-policy.js';
import type { Database } from './database.js';
import { foldForSearch, likeSearchTerm } from './search-text.js';

export interface ItemSummary {
  id: string;
  collection: string;
  title: string;
  accessProtocol: string;
  languages: string[];
  /** Local Contexts TK and BC labels, as deposited. */
  tkLabels: string[];
  status: string;
  statusDetail: string | null;
  objectVersion: string | null;
  genre: string | null;
  /** The item's date as deposited (EDTF or free text). */
  date: string | null;
  /** The recordings' durations added up; null when the item has none (or none was read). */
  durationSeconds: number | null;
  /** Pages of the item's scans. */
  scanPages: number;
  /** Whether a scan can be shown as a thumbnail (an image, not a PDF). */
  hasThumbnail: boolean;
}

export interface ItemFilters {
  collection?: string;
  status?: string;
}

const allProtocols: readonly string[] = accessProtocols;

const summaryColumns = `id, collection_id AS collection, title, access_protocol AS "accessProtocol", languages,
  tk_labels AS "tkLabels", status, status_detail AS "statusDetail", object_version AS "objectVersion",
  genre, date_text AS "date",
  (SELECT sum((a.technical->>'durationSeconds')::float8) FROM assets a
    WHERE a.item_id = items.id AND a.role = 'recording') AS "durationSeconds",
  (SELECT coalesce(sum(coalesce((a.technical->>'pages')::int, 1)), 0)::int FROM assets a
    WHERE a.item_id = items.id AND a.role = 'scan') AS "scanPages",
  EXISTS (SELECT 1 FROM assets a WHERE a.item_id = items.id AND a.role = 'scan'
    AND a.media_type IN ('image/png', 'image/jpeg', 'image/webp', 'image/tiff')) AS "hasThumbnail"`;

/** Where a page of items starts: after this item, in the catalog's order (collection, id). */
export interface ItemPosition {
  collection: string;
  id: string;
}

/**
 * The items matching the filters, among those whose protocol is one of `accessProtocols`
 * (all by default), in order of collection and id, `limit` of them after `after`. The
 * protocols only narrow: the access policy still judges each item.
 */
export async function listItems(
  db: Database,
  filters: ItemFilters = {},
  accessProtocols: readonly string[] = allProtocols,
  page: { after?: ItemPosition; limit?: number } = {},
): Promise<ItemSummary[]> {
  const conditions: string[] = [`access_protocol = ANY($1)`];
  const params: unknown[] = [accessProtocols];
  if (filters.collection) conditions.push(`collection_id = $${params.push(filters.collection)}`);
  if (filters.status) conditions.push(`status = $${params.push(filters.status)}`);
  if (page.after)
    conditions.push(
      `(collection_id, id) > ($${params.push(page.after.collection)}, $${params.push(page.after.id)})`,
    );
  const where = `WHERE ${conditions.join(' AND ')}`;
  return db.query<ItemSummary>(
    `SELECT ${summaryColumns} FROM items ${where} ORDER BY collection_id, id LIMIT $${params.push(page.limit ?? 1000)}`,
    params,
  );
}

export interface ItemDetail extends ItemSummary {
  metadata: Record<string, unknown>;
  assets: {
    path: string;
    role: string;
    mediaType: string | null;
    size: number;
    sha256: string;
    technical: Record<string, unknown>;
  }[];
  steps: { step: string; asset: string; status: string; detail: string | null }[];
  events: {
    type: string;
    outcome: string;
    agent: string;
    detail: string | null;
    occurredAt: string;
  }[];
}

export async function getItem(db: Database, id: string): Promise<ItemDetail | undefined> {
  const [item] = await db.query<ItemSummary & { metadata: Record<string, unknown> }>(
    `SELECT ${summaryColumns}, metadata FROM items WHERE id = $1`,
    [id],
  );
  if (!item) return undefined;
  const assets = await db.query<ItemDetail['assets'][number]>(
    `SELECT logical_path AS path, role, media_type AS "mediaType", size, sha256, technical FROM assets WHERE item_id = $1 ORDER BY logical_path`,
    [id],
  );
  const steps = await db.query<ItemDetail['steps'][number]>(
    'SELECT step, asset_path AS asset, status, detail FROM step_results WHERE item_id = $1 ORDER BY step, asset_path',
    [id],
  );
  const events = await db.query<ItemDetail['events'][number] & { occurredAt: Date | string }>(
    `SELECT type, outcome, agent, detail, occurred_at AS "occurredAt" FROM events WHERE item_id = $1 ORDER BY occurred_at, id`,
    [id],
  );
  return {
    ...item,
    assets,
    steps,
    events: events.map((event) => ({
      ...event,
      occurredAt: new Date(event.occurredAt).toISOString(),
    })),
  };
}

/**
 * What the access policy needs of each item found: its protocol and its consent (an
 * item without a consent record counts as consenting to archiving only).
 */
export async function accessFactsOf(
  db: Database,
  ids: readonly string[],
): Promise<Map<string, AccessFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<AccessFactsRow>(
    `SELECT i.id, i.access_protocol, i.consent, i.collection_id, c.community
       FROM items i LEFT JOIN collections c ON c.id = i.collection_id WHERE i.id = ANY($1)`,
    [ids],
  );
  return new Map(rows.map((row) => [row.id, accessFactsOfRow(row)]));
}

/** The columns `accessFactsOf` selects, for queries that read an item's facts with more. */
export interface AccessFactsRow {
  id: string;
  access_protocol: AccessProtocol;
  consent: Consent | null;
  collection_id: string;
  community: string | null;
}

/** An item's access facts from the columns of `AccessFactsRow`. */
export function accessFactsOfRow(row: AccessFactsRow): AccessFacts {
  return {
    id: row.id,
    accessProtocol: row.access_protocol,
    consent: row.consent ?? { uses: ['archive'], withdrawn: false },
    collection: row.collection_id,
    community: row.community ?? undefined,
  };
}

/** The item records (`metadata`) of the items found, by id. */
export async function itemRecordsOf(
  db: Database,
  ids: readonly string[],
): Promise<Map<string, Record<string, unknown>>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ id: string; metadata: Record<string, unknown> }>(
    'SELECT id, metadata FROM items WHERE id = ANY($1)',
    [ids],
  );
  return new Map(rows.map((row) => [row.id, row.metadata]));
}

export interface SearchHit {
  itemId: string;
  title: string;
  accessProtocol: string;
  /** Where the words were found: the item's metadata, an OCR page or an annotation. */
  source: 'metadata' | 'ocr' | 'annotation';
  where: string;
  snippet: string;
  /** The recording or scan of an OCR or annotation hit, when it has one. */
  asset: string | null;
  /** The page of a scan: an OCR hit's, or a region annotation's. */
  page: number | null;
  /** An OCR hit's line on its page (the n-th line that is not blank, from 1). */
  line: number | null;
  /** The span of a time-anchored annotation, in milliseconds of its recording. */
  startMs: number | null;
  endMs: number | null;
}

/**
 * Finds items whose metadata, OCR text (a linguist's correction preferred) or
 * annotations contain the words, ignoring case and diacritics: `dan tinh` finds
 * `đàn tính`.
 */
export async function searchCatalog(
  db: Database,
  words: string,
  accessProtocols: readonly string[] = allProtocols,
): Promise<SearchHit[]> {
  const term = likeSearchTerm(words);
  const rows = await db.query<Omit<SearchHit, 'line'> & { text: string }>(
    `SELECT i.id AS "itemId", i.title, i.access_protocol AS "accessProtocol", 'metadata' AS source, '' AS "where",
            i.title AS text, NULL::text AS asset, NULL::int AS page, NULL::int AS "startMs", NULL::int AS "endMs"
       FROM items i WHERE i.search_text LIKE '%' || $1 || '%' AND i.access_protocol = ANY($2)
     UNION ALL
     SELECT i.id, i.title, i.access_protocol, 'ocr', p.asset_path || ' page ' || p.page,
            COALESCE(p.corrected_text, p.text), p.asset_path, p.page, NULL::int, NULL::int
       FROM ocr_pages p JOIN items i ON i.id = p.item_id
       WHERE p.search_text LIKE '%' || $1 || '%' AND i.access_protocol = ANY($2)
     UNION ALL
     SELECT i.id, i.title, i.access_protocol, 'annotation', a.type || ' ' || a.id, a.value,
            a.anchor->>'asset', (a.anchor->>'page')::int, (a.anchor->>'startMs')::int, (a.anchor->>'endMs')::int
       FROM annotations a JOIN items i ON i.id = a.item_id
       WHERE a.search_text LIKE '%' || $1 || '%' AND i.access_protocol = ANY($2)
         AND a.superseded_by IS NULL
     ORDER BY 1, 4, 5
     LIMIT 200`,
    [term, accessProtocols],
  );
  return rows.map(({ text, ...row }) => {
    const found = lineWithMatch(text, words);
    return {
      ...row,
      snippet: found.snippet,
      line: row.source === 'ocr' ? found.line : null,
    };
  });
}

/**
 * The line of `text` that holds the match, trimmed to a readable length, and its
 * number among the text's lines that are not blank (from 1), as a page layout counts
 * its lines.
 */
function lineWithMatch(text: string, words: string): { snippet: string; line: number } {
  const folded = foldForSearch(words);
  const lines = text.split('\n').filter((candidate) => candidate.trim() !== '');
  const index = Math.max(
    0,
    lines.findIndex((candidate) => foldForSearch(candidate).includes(folded)),
  );
  const line = lines[index] ?? text;
  return { snippet: line.length > 160 ? `${line.slice(0, 157)}...` : line, line: index + 1 };
}

/** Those of the ids the catalog has an item row for. */
export async function existingItemIds(db: Database, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.query<{ id: string }>('SELECT id FROM items WHERE id = ANY($1)', [ids]);
  return new Set(rows.map((row) => row.id));
}

/** Ids of the events the catalog holds for an item. */
export async function savedEventIdsOf(db: Database, itemId: string): Promise<Set<string>> {
  const rows = await db.query<{ id: string }>(
    "SELECT data->>'id' AS id FROM events WHERE item_id = $1",
    [itemId],
  );
  return new Set(rows.map((row) => row.id));
}

/** The stored description (`metadata`) of a collection, or undefined when it has no row. */
export async function collectionMetadataOf(db: Database, id: string): Promise<unknown> {
  const [row] = await db.query<{ metadata: unknown }>(
    'SELECT metadata FROM collections WHERE id = $1',
    [id],
  );
  return row?.metadata;
}

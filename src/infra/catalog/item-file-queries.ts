import type { AccessFacts } from '../../model/access-policy.js';
import type { Database } from './database.js';
import { type AccessFactsRow, accessFactsOfRow } from './item-queries.js';

/** One file of an item as the catalog's `assets` row describes it. */
export interface ItemFile {
  /** Logical path in the item's object, e.g. `derivatives/audio/then-001.a0.access.webm`. */
  path: string;
  role: string;
  mediaType: string | null;
  size: number;
  sha256: string;
  /** What ingest and the steps recorded: `use`, `audioIndex`, `page`, `derivedFrom`, `format`, ... */
  technical: Record<string, unknown>;
}

interface ItemFileRow {
  path: string;
  role: string;
  mediaType: string | null;
  size: number | string;
  sha256: string;
  technical: Record<string, unknown> | null;
}

const fileColumns = `a.logical_path AS path, a.role, a.media_type AS "mediaType", a.size, a.sha256, a.technical`;

/**
 * An item's access facts and one of its files, in one query by primary keys: an answer
 * about a hidden item, a missing item or a missing file costs the same. `facts` is
 * undefined when there is no such item, `file` when the item has no such file.
 */
export async function itemFileOf(
  db: Database,
  itemId: string,
  logicalPath: string,
): Promise<{ facts?: AccessFacts; file?: ItemFile }> {
  const [row] = await db.query<
    AccessFactsRow & { [K in keyof ItemFileRow]: ItemFileRow[K] | null }
  >(
    `SELECT i.id, i.access_protocol, i.consent, i.collection_id, c.community, ${fileColumns}
       FROM items i
       LEFT JOIN collections c ON c.id = i.collection_id
       LEFT JOIN assets a ON a.item_id = i.id AND a.logical_path = $2
      WHERE i.id = $1`,
    [itemId, logicalPath],
  );
  if (!row) return {};
  const facts = accessFactsOfRow(row);
  if (row.path === null || row.role === null || row.size === null || row.sha256 === null)
    return { facts };
  return { facts, file: fileOfRow(row as ItemFileRow) };
}

/** Every file of an item the catalog knows, by logical path. */
export async function itemFilesOf(db: Database, itemId: string): Promise<ItemFile[]> {
  const rows = await db.query<ItemFileRow>(
    `SELECT ${fileColumns} FROM assets a WHERE a.item_id = $1 ORDER BY a.logical_path`,
    [itemId],
  );
  return rows.map(fileOfRow);
}

function fileOfRow(row: ItemFileRow): ItemFile {
  return {
    path: row.path,
    role: row.role,
    mediaType: row.mediaType,
    size: Number(row.size),
    sha256: row.sha256,
    technical: row.technical ?? {},
  };
}

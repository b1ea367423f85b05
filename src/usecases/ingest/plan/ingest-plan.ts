import type { Collection, Item } from '../../../model/item.js';
import type { ManifestColumn } from '../manifest/manifest-columns.js';
import type { ManifestProblem } from '../manifest/manifest-problem.js';
import type { FolderFile, RefusedFile } from './scan-folder.js';

/** One item to ingest and the files that belong to it. */
export interface PlannedItem {
  item: Item;
  /** Columns of the depositor's own, kept in the item's metadata. */
  extra: Record<string, string>;
  files: FolderFile[];
  /** Where the item came from: a manifest row, or files that no row named. */
  source: { kind: 'manifest'; row: number } | { kind: 'file-stem'; stem: string };
  /** The columns its row gave a value (none for files no row names); the rest are defaults. */
  given: ManifestColumn[];
}

/** What `heritage ingest` will do, worked out before anything is written. */
export interface IngestPlan {
  folder: string;
  /** The folder's real path: every deposit file is opened inside it. */
  root: string;
  manifest?: string;
  collections: Collection[];
  /** The id of the collection the folder's `collection.json` describes, when it has one. */
  describedCollection?: string;
  items: PlannedItem[];
  /** Files refused before hashing (symlinks leading outside the folder, ...). */
  refused: RefusedFile[];
  /** Every problem in the manifest; the plan may only run when this is empty (or skipped). */
  problems: ManifestProblem[];
}

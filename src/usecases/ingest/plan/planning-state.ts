import type { ManifestProblem } from '../manifest/manifest-problem.js';
import type { PlannedItem } from './ingest-plan.js';
import type { FolderFile } from './scan-folder.js';

/** What an ingest plan knows so far: filled by the manifest rows, then by the file stems. */
export interface PlanningState {
  filesByPath: Map<string, FolderFile>;
  refusedPaths: Set<string>;
  /** Folder path -> the manifest row that lists it. */
  claimedBy: Map<string, number>;
  /** Item id -> the manifest row that defines it. */
  rowOfId: Map<string, number>;
  items: PlannedItem[];
  problems: ManifestProblem[];
}

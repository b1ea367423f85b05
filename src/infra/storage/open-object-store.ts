import path from 'node:path';
import type { Settings } from '../config/settings-schema.js';
import { FsObjectStore } from './fs-object-store.js';
import type { ObjectStore } from './object-store.js';

/**
 * The two areas of storage: `archive` holds the OCFL storage root and nothing else
 * (so OCFL readers can open it); `work` holds derivatives between the job that makes
 * them and the finalise job that moves them into an object version.
 */
export type StorageArea = 'archive' | 'work';

/**
 * The store of one area: S3 (`<prefix><area>/`) when `settings.s3` is set, else
 * `<dataDir>/<area>`. The S3 client is loaded only then: it costs every other
 * command about 150 ms of start-up.
 */
export async function openObjectStore(
  settings: Settings,
  area: StorageArea = 'archive',
): Promise<ObjectStore> {
  if (settings.s3) {
    const { S3ObjectStore } = await import('./s3-object-store.js');
    // posix.join: a prefix written with or without its trailing `/` gives the same folder.
    return new S3ObjectStore({
      ...settings.s3,
      prefix: `${path.posix.join(settings.s3.prefix, area)}/`,
    });
  }
  return new FsObjectStore({ root: path.join(settings.dataDir, area) });
}

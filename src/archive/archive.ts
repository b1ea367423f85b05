import type { Database } from '../infra/catalog/database.js';
import { openCatalogDatabase } from '../infra/catalog/open-catalog-database.js';
import type { Settings } from '../infra/config/settings-schema.js';
import { OcflStorageRoot } from '../infra/ocfl/index.js';
import type { ObjectStore } from '../infra/storage/object-store.js';
import { openObjectStore } from '../infra/storage/open-object-store.js';

/**
 * The archive as every command and worker sees it: OCFL objects in storage, the
 * work area for derivatives in flight, and the catalog that indexes them.
 */
export interface Archive {
  readonly settings: Settings;
  readonly objects: OcflStorageRoot;
  readonly work: ObjectStore;
  readonly catalog: Database;
  close(): Promise<void>;
}

/**
 * Opens storage and the catalog (applying migrations) as the settings say. A process
 * that holds its catalog already (the HTTP API) passes it: it is used and left open.
 */
export async function openArchive(
  settings: Settings,
  shared: { catalog?: Database } = {},
): Promise<Archive> {
  const store = await openObjectStore(settings, 'archive');
  const work = await openObjectStore(settings, 'work');
  try {
    const objects = await OcflStorageRoot.open(store);
    // Declared before any commit, so that processes and lanes never race to declare it.
    await objects.declare();
    const catalog = shared.catalog ?? (await openCatalogDatabase(settings));
    return {
      settings,
      objects,
      work,
      catalog,
      async close() {
        if (!shared.catalog) await catalog.close();
        await Promise.all([store.close(), work.close()]);
      },
    };
  } catch (error) {
    await Promise.all([store.close(), work.close()]);
    throw error;
  }
}

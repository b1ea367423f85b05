import type { Settings } from '../../infra/config/settings-schema.js';
import { OcflStorageRoot } from '../../infra/ocfl/index.js';
import type { ObjectStore } from '../../infra/storage/object-store.js';
import { openObjectStore } from '../../infra/storage/open-object-store.js';

/** The archive's OCFL storage root, opened on first use (an API that serves no file opens no store). */
export interface ArchiveObjects {
  get(): Promise<OcflStorageRoot>;
  close(): Promise<void>;
}

export function archiveObjects(settings: Settings): ArchiveObjects {
  let store: ObjectStore | undefined;
  let opening: Promise<OcflStorageRoot> | undefined;
  return {
    get() {
      opening ??= (async () => {
        store = await openObjectStore(settings, 'archive');
        return OcflStorageRoot.open(store);
      })();
      // A failed opening (storage down) is tried again by the next request.
      opening.catch(() => {
        opening = undefined;
      });
      return opening;
    },
    async close() {
      await store?.close();
    },
  };
}

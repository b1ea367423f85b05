import { type Settings, settingsSchema } from '../../src/infra/config/settings-schema.js';
import { createScratchCatalog, type DatabaseKind } from './databases.js';
import { deleteKeysWithPrefix, makeTempDir, testRedisUrl, uniquePrefix } from './redis.js';

export interface TestArchive {
  /** Settings for a whole archive of its own: data folder, catalog, queue prefix. */
  settings: Settings;
  /** Removes the data folder, the catalog and the queue keys. */
  cleanup(): Promise<void>;
}

/**
 * An archive for one test file: filesystem storage in a temporary folder, a fresh
 * catalog of `catalog` kind, and the machine's Redis under a prefix of its own.
 */
export async function openTestArchive(
  catalog: DatabaseKind,
  overrides: Record<string, unknown> = {},
): Promise<TestArchive> {
  const data = await makeTempDir('archive');
  const scratch = await createScratchCatalog(catalog);
  const prefix = uniquePrefix();
  const settings = settingsSchema.parse({
    ...scratch.settings,
    dataDir: data.dir,
    redisUrl: testRedisUrl,
    queuePrefix: prefix,
    ...overrides,
  });
  return {
    settings,
    async cleanup() {
      await deleteKeysWithPrefix(prefix);
      await scratch.dispose();
      await data.remove();
    },
  };
}

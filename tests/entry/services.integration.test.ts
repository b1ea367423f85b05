import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openServices } from '../../src/entry/services.js';
import { EmbeddedPostgresError } from '../../src/infra/catalog/embedded-postgres.js';
import { settingsSchema } from '../../src/infra/config/settings-schema.js';
import { embeddedRedisPaths } from '../../src/infra/queue/embedded-redis-config.js';
import { quietLogger } from '../support/redis.js';
import { tempDir } from '../support/temp-dir.js';

describe('openServices', () => {
  it('stops the Redis it started alongside a catalog that cannot open', async () => {
    const dataDir = await tempDir();
    // The embedded defaults, but no PostgreSQL where the catalog server is looked for.
    const settings = settingsSchema.parse({
      dataDir,
      postgresBinDir: path.join(dataDir, 'no-postgres-here'),
    });
    await expect(openServices(settings, { workers: true, logger: quietLogger })).rejects.toThrow(
      EmbeddedPostgresError,
    );
    // The private redis-server was started (its folder is there) and is gone again.
    expect(existsSync(path.join(dataDir, 'redis'))).toBe(true);
    expect(existsSync(embeddedRedisPaths(dataDir).socketPath)).toBe(false);
  });
});

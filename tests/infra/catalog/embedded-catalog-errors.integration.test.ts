import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EmbeddedPostgresError,
  embeddedPostgresPaths,
  startEmbeddedPostgres,
} from '../../../src/infra/catalog/embedded-postgres.js';
import { tempDir } from '../../support/temp-dir.js';

describe('the embedded catalog server, when it cannot start', () => {
  it('names the folder it looked in for PostgreSQL and how to install it', async () => {
    const dataDir = await tempDir();
    const missing = path.join(dataDir, 'no-postgres-here');
    const refusal = await startEmbeddedPostgres({ dataDir, binDir: missing }).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(EmbeddedPostgresError);
    expect((refusal as Error).message).toContain(`not found in ${missing} (POSTGRES_BIN_DIR)`);
    expect((refusal as Error).message).toContain('apt-get install postgresql');
    expect(existsSync(embeddedPostgresPaths(dataDir).cluster)).toBe(false);
  });

  it('refuses a data folder whose socket path a unix socket cannot hold, before creating anything', async () => {
    const dataDir = path.join(await tempDir(), 'a'.repeat(100));
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(
      /longer than the 107 bytes a unix socket allows: use a shorter data folder path/,
    );
    expect(existsSync(dataDir)).toBe(false);
  });
});

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeDeposit } from '../../support/deposit.js';
import { runRecordingModules } from '../../support/modules-loaded-by.js';
import { tempDir } from '../../support/temp-dir.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/** `heritage ingest` in a fresh process on a fresh data folder: its exit code and the modules it loaded. */
async function ingestOnFreshFolder(
  args: string[],
): Promise<{ code: number; output: string; modules: string[]; dataDir: string }> {
  const dataDir = await tempDir('ingest-ahead-data-');
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(HERITAGE_|REDIS_URL|DATABASE_URL|S3_)/.test(name),
    ),
  );
  const { code, stdout, stderr, modules } = await runRecordingModules(
    'bin/heritage.ts',
    ['ingest', ...args],
    { cwd: root, env: { ...env, HERITAGE_DATA_DIR: dataDir } },
  );
  return { code, output: stdout + stderr, modules, dataDir };
}

/** What writes the archive: loaded only once a plan is good, while the catalog server starts. */
const writingModules =
  /\/src\/entry\/(services|cli\/commands\/ingest-archive-plan)\.ts$|node_modules\/bullmq\//;

describe('heritage ingest before it writes', () => {
  it('loads nothing that writes the archive and starts no catalog server for a dry run', async () => {
    const deposit = await tempDir('ingest-ahead-deposit-');
    await writeDeposit(deposit, { 'then-009.txt': 'Lời then\n' });
    const { code, output, modules, dataDir } = await ingestOnFreshFolder([
      deposit,
      '--collection',
      'songs',
      '--dry-run',
    ]);
    expect(code, output).toBe(0);
    expect(output).toContain('nothing written (--dry-run)');
    expect(modules.filter((url) => writingModules.test(url))).toEqual([]);
    expect(existsSync(path.join(dataDir, 'catalog-server'))).toBe(false);
  });

  it('starts no catalog server when the manifest has problems', async () => {
    const deposit = await tempDir('ingest-ahead-deposit-');
    await writeDeposit(deposit, {
      'items.csv': 'id,title,access,consent,files\nthen-009,Song,bogus,archive,then-009.txt\n',
      'then-009.txt': 'Lời then\n',
    });
    const { code, output, modules, dataDir } = await ingestOnFreshFolder([
      deposit,
      '--manifest',
      path.join(deposit, 'items.csv'),
    ]);
    expect(code).toBe(1);
    expect(output).toContain('nothing was written');
    expect(modules.filter((url) => writingModules.test(url))).toEqual([]);
    expect(existsSync(path.join(dataDir, 'catalog-server'))).toBe(false);
  });
});

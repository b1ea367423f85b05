import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, utimes } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogLockedError } from '../../../src/infra/catalog/catalog-folder-lock.js';
import { pgliteCatalogFolder } from '../../../src/infra/catalog/open-catalog-database.js';
import { PgliteDatabase } from '../../../src/infra/catalog/pglite-database.js';
import { createScratchCatalog, type ScratchCatalog } from '../../support/databases.js';

const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
const holderScript = fileURLToPath(
  new URL('../../support/catalog-holder-process.ts', import.meta.url),
);

interface Holder {
  child: ChildProcess;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
  output: () => { stdout: string; stderr: string };
}

/** Starts the holder script in a separate Node process on `folder`. */
function startHolder(folder: string): Holder {
  const child = spawn(process.execPath, ['--import', 'tsx', holderScript, folder], {
    cwd: repositoryRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** Waits until the holder has the catalog open, or fails with what it printed. */
async function untilOpened(holder: Holder): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (holder.output().stdout.includes('opened')) resolve();
    };
    holder.child.stdout?.on('data', check);
    void holder.exited.then((code) =>
      reject(new Error(`holder exited with ${code}: ${holder.output().stderr}`)),
    );
    check();
  });
}

describe('the lock on a PGlite catalog folder', () => {
  let scratch: ScratchCatalog;
  let folder: string;
  const holders: Holder[] = [];
  const databases: PgliteDatabase[] = [];

  beforeEach(async () => {
    scratch = await createScratchCatalog('pglite');
    folder = pgliteCatalogFolder(scratch.settings);
  });

  afterEach(async () => {
    for (const holder of holders.splice(0)) {
      if (holder.child.exitCode === null && holder.child.signalCode === null) {
        holder.child.kill('SIGKILL');
        await holder.exited;
      }
    }
    for (const database of databases.splice(0)) await database.close();
    await scratch.dispose();
  });

  async function open(): Promise<PgliteDatabase> {
    const database = await PgliteDatabase.open(folder);
    databases.push(database);
    return database;
  }

  it('gives a second process a clear error naming the folder and the holding pid', async () => {
    await open();
    const second = startHolder(folder);
    holders.push(second);
    expect(await second.exited).toBe(1);
    const { stderr } = second.output();
    expect(stderr).toContain(folder);
    expect(stderr).toContain(`process ${process.pid}`);
    expect(stderr).toMatch(/stop that process.*DATABASE_URL/is);
  });

  it('refuses this process while another process holds the folder, naming that process', async () => {
    const holder = startHolder(folder);
    holders.push(holder);
    await untilOpened(holder);
    const refusal = await PgliteDatabase.open(folder).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(CatalogLockedError);
    expect((refusal as CatalogLockedError).holderPid).toBe(holder.child.pid);
    expect((refusal as Error).message).toContain(folder);
  });

  it('recovers the lock of a holder that was killed, with its committed data intact', async () => {
    const holder = startHolder(folder);
    holders.push(holder);
    await untilOpened(holder);
    holder.child.kill('SIGKILL');
    await holder.exited;

    const database = await open();
    const rows = await database.query<{ pid: number }>('SELECT pid FROM holders');
    expect(rows).toEqual([{ pid: holder.child.pid }]);
  });

  it('refuses a second open in the same process', async () => {
    await open();
    await expect(PgliteDatabase.open(folder)).rejects.toThrow(`this process (pid ${process.pid})`);
  });

  it('can be opened again once closed', async () => {
    const first = await PgliteDatabase.open(folder);
    await first.exec('CREATE TABLE songs (title text)');
    await first.close();
    const again = await open();
    expect(await again.query('SELECT count(*) AS n FROM songs')).toEqual([{ n: 0 }]);
  });

  it('refuses a fresh lock of unknown origin, but takes over one left stale', async () => {
    const lockFolder = `${folder}.lock`;
    await mkdir(lockFolder);
    const refusal = await PgliteDatabase.open(folder).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(CatalogLockedError);
    expect((refusal as CatalogLockedError).holderPid).toBeUndefined();

    const longAgo = new Date(Date.now() - 10 * 60_000);
    await utimes(lockFolder, longAgo, longAgo);
    const database = await open();
    expect(await database.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });
});

import { execFile } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { openDepositFile, RefusedFileError } from '../../src/usecases/ingest/open-deposit-file.js';
import { buildIngestPlan } from '../../src/usecases/ingest/plan/build-ingest-plan.js';
import { writeDeposit } from '../support/deposit.js';
import { tempDir } from '../support/temp-dir.js';

const run = promisify(execFile);

async function refusal(file: string, rules: Parameters<typeof openDepositFile>[1]) {
  const error = await openDepositFile(file, rules).then(
    async (opened) => {
      await opened.close();
      throw new Error(`${file} was opened`);
    },
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RefusedFileError);
  return (error as RefusedFileError).reason;
}

describe('collection.json that is not what it seems', () => {
  it('is never read when it is a symlink to /etc/passwd, and no byte of it is printed', async () => {
    const folder = await tempDir();
    await writeDeposit(folder, { 'song01.txt': 'Then ơi\n' });
    await symlink('/etc/passwd', path.join(folder, 'collection.json'));
    const plan = await buildIngestPlan({ folder });
    const messages = JSON.stringify(plan.problems);
    expect(plan.problems).toEqual([
      {
        file: 'collection.json',
        reason: 'is a symlink that points outside the folder; it was not read',
      },
    ]);
    expect(messages).not.toContain('root');
    // Without its collection's description no item's protocol is known: none is planned.
    expect(plan.items).toEqual([]);
  });

  it('is not used when it is a symlink to a JSON file elsewhere', async () => {
    const outside = await tempDir();
    const folder = await tempDir();
    await writeFile(
      path.join(outside, 'other.json'),
      JSON.stringify({ id: 'elsewhere', title: 'Elsewhere', defaultAccess: 'open' }),
    );
    await writeDeposit(folder, { 'song01.txt': 'Then ơi\n' });
    await symlink(path.join(outside, 'other.json'), path.join(folder, 'collection.json'));
    const plan = await buildIngestPlan({ folder });
    expect(plan.refused.map((file) => file.relativePath)).toContain('collection.json');
    expect(plan.problems.map((problem) => problem.file)).toEqual(['collection.json']);
    expect(plan.collections.map((collection) => collection.id)).not.toContain('elsewhere');
    expect(plan.items).toEqual([]);
  });

  it('reports invalid JSON by position, without quoting the file', async () => {
    const folder = await tempDir();
    await writeDeposit(folder, { 'collection.json': 'secret words, not JSON' });
    const plan = await buildIngestPlan({ folder });
    expect(JSON.stringify(plan.problems)).not.toContain('secret');
  });
});

describe('files that are not regular files inside the folder', () => {
  it('refuses a named pipe in the deposit with its reason, and plans the rest', async () => {
    const folder = await tempDir();
    await writeDeposit(folder, { 'kept.txt': 'Then ơi\n' });
    await run('mkfifo', [path.join(folder, 'pipe.wav')]);
    const plan = await buildIngestPlan({ folder });
    expect(plan.refused).toEqual([
      { relativePath: 'pipe.wav', reason: 'is a named pipe (FIFO), not a regular file' },
    ]);
    expect(plan.items.map((planned) => planned.item.id)).toEqual(['kept']);
  });

  it('refuses a symlink to a device without opening it', async () => {
    const folder = await tempDir();
    await symlink('/dev/zero', path.join(folder, 'zero.wav'));
    await mkdir(path.join(folder, 'inside'));
    expect(await refusal(path.join(folder, 'zero.wav'), { root: folder })).toBe(
      'is a symlink that points outside the folder',
    );
    expect(await refusal('/dev/zero', {})).toBe('is a device file, not a regular file');
  });

  it('refuses a manifest that is a named pipe instead of waiting on it', async () => {
    const folder = await tempDir();
    await writeDeposit(folder, { 'kept.txt': 'x' });
    await run('mkfifo', [path.join(folder, 'items.csv')]);
    const plan = await buildIngestPlan({ folder, manifest: path.join(folder, 'items.csv') });
    expect(plan.problems).toEqual([
      { file: 'items.csv', reason: 'is a named pipe (FIFO), not a regular file' },
    ]);
  });

  it('refuses a manifest in the folder that is a symlink leading out of it', async () => {
    const outside = await tempDir();
    const folder = await tempDir();
    await writeFile(path.join(outside, 'rows.csv'), 'id,access\nthen-004,open\n');
    await symlink(path.join(outside, 'rows.csv'), path.join(folder, 'items.csv'));
    const plan = await buildIngestPlan({ folder, manifest: path.join(folder, 'items.csv') });
    expect(plan.problems).toEqual([
      { file: 'items.csv', reason: 'is a symlink that points outside the folder' },
    ]);
    expect(plan.items).toEqual([]);
  });

  it('refuses a file through a folder symlinked out of the deposit', async () => {
    const outside = await tempDir();
    const folder = await tempDir();
    await writeFile(path.join(outside, 'private.txt'), 'not for the archive');
    await symlink(outside, path.join(folder, 'tape'));
    expect(await refusal(path.join(folder, 'tape', 'private.txt'), { root: folder })).toBe(
      'is a symlink that points outside the folder',
    );
  });

  it('refuses a file over the size limit, naming the setting', async () => {
    const folder = await tempDir();
    await writeFile(path.join(folder, 'big.txt'), 'x'.repeat(2000));
    expect(
      await refusal(path.join(folder, 'big.txt'), {
        root: folder,
        maxBytes: 1000,
        limitName: 'SOME_LIMIT',
      }),
    ).toBe('is 2000 bytes, more than the limit of 1000 (SOME_LIMIT)');
  });
});

describe('the command line, given paths that do not exist', () => {
  const heritage = async (...args: string[]) => {
    const data = await tempDir();
    return run('npx', ['tsx', 'bin/heritage.ts', ...args], {
      env: { ...process.env, HERITAGE_DATA_DIR: data },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
  };

  it('names a missing manifest in one line and exits 2', async () => {
    const folder = await tempDir();
    const missing = path.join(folder, 'nope.csv');
    const { code, stderr } = await heritage('ingest', folder, '--manifest', missing, '--dry-run');
    expect(code).toBe(2);
    expect(stderr).toBe(`heritage: manifest ${missing} does not exist\n`);
  });

  it('names a missing folder in one line and exits 2', async () => {
    const missing = path.join(await tempDir(), 'no-such-folder');
    const { code, stderr } = await heritage('ingest', missing, '--dry-run');
    expect(code).toBe(2);
    expect(stderr).toBe(`heritage: deposit folder ${missing} does not exist\n`);
  });
});

import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoreThreadError, StoreThreads } from '../../../src/infra/storage/store-threads.js';

/** Real threads hashing real files. */
describe('StoreThreads', () => {
  let folder: string;
  const threads = new StoreThreads(2);
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'heritage-store-threads-'));
  });
  afterAll(async () => {
    await threads.close();
    await rm(folder, { recursive: true, force: true });
  });

  async function fileOf(name: string, bytes: Buffer) {
    const file = path.join(folder, name);
    await writeFile(file, bytes);
    return file;
  }

  it('digests many files at once with two threads, each up to the size it is given', async () => {
    const bodies = Array.from({ length: 7 }, (_, index) => randomBytes(index * 700_001));
    const files = await Promise.all(bodies.map((bytes, index) => fileOf(`f${index}`, bytes)));
    const found = await Promise.all(
      files.map(async (file, index) =>
        threads.digest(await open(file), bodies[index]?.length ?? 0, ['sha512', 'sha256']),
      ),
    );
    found.forEach((digests, index) => {
      const bytes = bodies[index] as Buffer;
      expect(digests.size).toBe(bytes.length);
      expect(digests.digests.get('sha256')).toBe(sha256(bytes));
      expect(digests.digests.get('sha512')).toBe(createHash('sha512').update(bytes).digest('hex'));
    });

    // Grown since it was opened: only the size found at open is read.
    const grown = randomBytes(3_000_000);
    const partial = await threads.digest(await open(await fileOf('grown', grown)), 1_000_000, [
      'sha256',
    ]);
    expect(partial).toEqual({
      digests: new Map([['sha256', sha256(grown.subarray(0, 1_000_000))]]),
      size: 1_000_000,
    });
    // Shortened since: what is there.
    const short = Buffer.from('a short file');
    const shortened = await threads.digest(await open(await fileOf('short', short)), 5_000_000, [
      'sha256',
    ]);
    expect(shortened.size).toBe(short.length);
  });

  it('fails with the read error of a file it cannot read, and goes on hashing', async () => {
    const error = await threads.digest(await open(folder), 10, ['sha256']).catch((e) => e);
    expect(error).not.toBeInstanceOf(StoreThreadError);
    expect(error).toMatchObject({ code: 'EISDIR' });
    const bytes = randomBytes(2_000_000);
    const after = await threads.digest(await open(await fileOf('after', bytes)), bytes.length, [
      'sha256',
    ]);
    expect(after.digests.get('sha256')).toBe(sha256(bytes));
  });

  it('fails files under way or waiting with StoreThreadError once closed', async () => {
    const closing = new StoreThreads(1);
    const file = await fileOf('large', randomBytes(64 * 1024 ** 2));
    const outcome = (digesting: Promise<unknown>) =>
      digesting.then(
        () => 'digested',
        (e) => e,
      );
    const running = outcome(closing.digest(await open(file), 64 * 1024 ** 2, ['sha512']));
    const waiting = outcome(closing.digest(await open(file), 64 * 1024 ** 2, ['sha512']));
    await closing.close();
    expect(await running).toBeInstanceOf(StoreThreadError);
    expect(await waiting).toBeInstanceOf(StoreThreadError);
    const handle = await open(file);
    await expect(closing.digest(handle, 10, ['sha256'])).rejects.toThrow(StoreThreadError);
    // The handle was closed for the caller.
    await expect(handle.stat()).rejects.toThrow();
  });

  it('walks a folder in key order, a few files an answer, each taking up after the last', async () => {
    const tree = path.join(folder, 'tree');
    const keys = ['a-b', 'a.b/x', 'a/c', 'a/d/e', 'a0', 'b/f', 'lượn'];
    for (const key of keys) {
      await mkdir(path.dirname(path.join(tree, key)), { recursive: true });
      await writeFile(path.join(tree, key), key);
    }
    const request = {
      objectsRoot: tree,
      digestsRoot: tree,
      folderKey: '',
      namePrefix: '',
      namesOnly: true,
      maxObjectBytes: 0,
      maxTotalBytes: 0,
    };
    const found: string[] = [];
    const answers: boolean[] = [];
    let after: string | undefined;
    do {
      const answer = await threads.readFolder({ ...request, after, maxFiles: 2 });
      const names = (answer.entries ?? []).map((entry) => entry.key);
      found.push(...names);
      answers.push(answer.more === true);
      after = names.at(-1);
    } while (answers.at(-1));
    expect(found).toEqual(keys);
    expect(answers).toEqual([true, true, true, false]);
    const under = await threads.readFolder({ ...request, folderKey: 'a/', maxFiles: 10 });
    expect(under.entries?.map((entry) => entry.key)).toEqual(['a/c', 'a/d/e']);
    const named = await threads.readFolder({ ...request, namePrefix: 'a', maxFiles: 10 });
    expect(named.entries?.map((entry) => entry.key)).toEqual(keys.slice(0, 5));
  });

  it('lets a process end once its files are hashed, without being closed', async () => {
    const file = await fileOf('exit', randomBytes(3_000_000));
    const module = path.resolve('src/infra/storage/store-threads.ts');
    const script = [
      `import { open } from 'node:fs/promises';`,
      `import { StoreThreads } from ${JSON.stringify(module)};`,
      `const found = await new StoreThreads(2).digest(await open(${JSON.stringify(file)}), 3000000, ['sha256']);`,
      `console.log(found.size);`,
    ].join('\n');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', script],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const [code, signal] = await once(child, 'exit');
    clearTimeout(timer);
    expect({ code, signal, output: output.trim() }).toEqual({
      code: 0,
      signal: null,
      output: '3000000',
    });
  });
});

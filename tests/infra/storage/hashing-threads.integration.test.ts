import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HashingThreadError, HashingThreads } from '../../../src/infra/storage/hashing-threads.js';

/** Real threads hashing real files. */
describe('HashingThreads', () => {
  let folder: string;
  const threads = new HashingThreads(2);
  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  beforeAll(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'heritage-hashing-threads-'));
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
    expect(error).not.toBeInstanceOf(HashingThreadError);
    expect(error).toMatchObject({ code: 'EISDIR' });
    const bytes = randomBytes(2_000_000);
    const after = await threads.digest(await open(await fileOf('after', bytes)), bytes.length, [
      'sha256',
    ]);
    expect(after.digests.get('sha256')).toBe(sha256(bytes));
  });

  it('fails files under way or waiting with HashingThreadError once closed', async () => {
    const closing = new HashingThreads(1);
    const file = await fileOf('large', randomBytes(64 * 1024 ** 2));
    const outcome = (digesting: Promise<unknown>) =>
      digesting.then(
        () => 'digested',
        (e) => e,
      );
    const running = outcome(closing.digest(await open(file), 64 * 1024 ** 2, ['sha512']));
    const waiting = outcome(closing.digest(await open(file), 64 * 1024 ** 2, ['sha512']));
    await closing.close();
    expect(await running).toBeInstanceOf(HashingThreadError);
    expect(await waiting).toBeInstanceOf(HashingThreadError);
    const handle = await open(file);
    await expect(closing.digest(handle, 10, ['sha256'])).rejects.toThrow(HashingThreadError);
    // The handle was closed for the caller.
    await expect(handle.stat()).rejects.toThrow();
  });

  it('lets a process end once its files are hashed, without being closed', async () => {
    const file = await fileOf('exit', randomBytes(3_000_000));
    const module = path.resolve('src/infra/storage/hashing-threads.ts');
    const script = [
      `import { open } from 'node:fs/promises';`,
      `import { HashingThreads } from ${JSON.stringify(module)};`,
      `const found = await new HashingThreads(2).digest(await open(${JSON.stringify(file)}), 3000000, ['sha256']);`,
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

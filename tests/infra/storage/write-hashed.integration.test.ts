/** Writing a body through a file handle while hashing it, on real files. */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { type FileHandle, mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EARLY_FLUSH_BYTES, writeHashed } from '../../../src/infra/storage/write-hashed.js';

let folder: string;

beforeEach(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'heritage-write-hashed-'));
});

afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** Chunks that arrive one at a time, as from a file or the network. */
function slowly(chunks: Array<Buffer | string>): Readable {
  return Readable.from(
    (async function* () {
      for (const chunk of chunks) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        yield chunk;
      }
    })(),
  );
}

describe('writeHashed', () => {
  it('writes every chunk in order and returns the sha256 of the whole', async () => {
    const chunks = [randomBytes(300_000), randomBytes(1), 'text too', randomBytes(70_000)];
    const file = path.join(folder, 'body.bin');
    const handle = await open(file, 'wx');
    const sha256 = await writeHashed(handle, slowly(chunks), true).finally(() => handle.close());
    const whole = Buffer.concat(chunks.map((chunk) => Buffer.from(chunk)));
    expect(await readFile(file)).toEqual(whole);
    expect(sha256).toBe(createHash('sha256').update(whole).digest('hex'));
  });

  it('flushes a large body to disk as it goes, only when asked to', async () => {
    // Two and a half flush spans, in chunks of a quarter of one (one buffer, sent ten times).
    const chunk = randomBytes(EARLY_FLUSH_BYTES / 4);
    const chunks = Array.from({ length: 10 }, () => chunk);
    for (const flush of [true, false]) {
      const file = path.join(folder, `large-${flush}.bin`);
      const handle = await open(file, 'wx');
      // The real handle, with the size of the file at each flush noted on the way.
      const flushedAt: number[] = [];
      const noting = Object.assign(Object.create(handle) as FileHandle, {
        write: handle.write.bind(handle),
        datasync: async () => {
          flushedAt.push((await handle.stat()).size);
          return handle.datasync();
        },
        sync: async () => {
          flushedAt.push((await handle.stat()).size);
          return handle.sync();
        },
      });
      const sha256 = await writeHashed(noting, Readable.from(chunks), flush).finally(() =>
        handle.close(),
      );
      const whole = createHash('sha256');
      for (let index = 0; index < chunks.length; index += 1) whole.update(chunk);
      expect(sha256).toBe(whole.digest('hex'));
      expect((await stat(file)).size).toBe(chunks.length * chunk.length);
      const onDisk = createHash('sha256');
      for await (const part of createReadStream(file)) onDisk.update(part as Buffer);
      expect(onDisk.digest('hex')).toBe(sha256);
      // Early flushes while the body was still coming, then the last one at its end.
      if (flush) {
        expect(flushedAt.length).toBe(3);
        expect(flushedAt[0]).toBeLessThan(chunks.length * chunk.length);
        expect(flushedAt.at(-1)).toBe(chunks.length * chunk.length);
      } else expect(flushedAt).toEqual([]);
      await rm(file);
    }
  });

  it('fails with the body’s error', async () => {
    const handle = await open(path.join(folder, 'body.bin'), 'wx');
    const body = new Readable({ read() {} });
    body.push(Buffer.from('part'));
    setTimeout(() => body.destroy(new Error('the upload broke off')), 10);
    await expect(writeHashed(handle, body, false).finally(() => handle.close())).rejects.toThrow(
      'the upload broke off',
    );
  });

  // /dev/full refuses every write (ENOSPC), as a full disk does. The failure must come
  // out of the call, not as an unhandled rejection while the next chunk is on its way.
  it.skipIf(process.platform !== 'linux')(
    'fails with a write’s error, reported once, and stops reading the body',
    async () => {
      const handle = await open('/dev/full', 'w');
      const body = slowly([randomBytes(1000), randomBytes(1000), randomBytes(1000)]);
      await expect(writeHashed(handle, body, false).finally(() => handle.close())).rejects.toThrow(
        /ENOSPC/,
      );
      expect(body.destroyed).toBe(true);
    },
  );
});

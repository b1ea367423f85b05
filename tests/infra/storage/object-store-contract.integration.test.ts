/**
 * One contract, two adapters: every behaviour of `ObjectStore` that callers rely
 * on, run against the filesystem store and against the S3 store talking to a real
 * s3rver over HTTP.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidRangeError } from '../../../src/infra/storage/errors.js';
import { FsObjectStore } from '../../../src/infra/storage/fs-object-store.js';
import { InvalidKeyError } from '../../../src/infra/storage/object-key.js';
import {
  IntegrityError,
  ObjectNotFoundError,
  type ObjectStore,
  WHOLE_READ_MAX_BYTES,
} from '../../../src/infra/storage/object-store.js';
import { createS3Client } from '../../../src/infra/storage/s3-client.js';
import { S3ObjectStore } from '../../../src/infra/storage/s3-object-store.js';
import { startS3rver } from '../../support/s3rver.js';

interface Harness {
  store: ObjectStore;
  /** Overwrites the stored bytes behind the store's back, leaving its recorded sha256 as it was. */
  tamper(key: string, bytes: Buffer): Promise<void>;
  /** Anything a write left outside the objects themselves (temporary files or keys). */
  leftovers(): Promise<string[]>;
  cleanup(): Promise<void>;
}

/** Small S3 list pages so that paging is exercised without writing 1,000+ objects. */
const LIST_PAGE_SIZE = 50;
/** Bodies above this go up to S3 as multipart uploads. */
const PART_SIZE = 5 * 1024 ** 2;

async function fsHarness(): Promise<Harness> {
  const parent = await mkdtemp(path.join(os.tmpdir(), 'heritage-fs-store-'));
  const store = new FsObjectStore({ root: path.join(parent, 'archive') });
  return {
    store,
    tamper: (key, bytes) => writeFile(path.join(store.location, ...key.split('/')), bytes),
    leftovers: async () => readdir(store.temporaryFolder),
    cleanup: () => rm(parent, { recursive: true, force: true }),
  };
}

async function s3Harness(): Promise<Harness> {
  const server = await startS3rver();
  const store = new S3ObjectStore(server.settings, {
    listPageSize: LIST_PAGE_SIZE,
    partSize: PART_SIZE,
  });
  const raw: S3Client = createS3Client(server.settings);
  const { bucket } = server.settings;
  return {
    store,
    async tamper(key, bytes) {
      const before = await store.head(key);
      // A raw PutObject that keeps the old x-amz-meta-sha256: what bit rot or a
      // careless tool looks like from the store's point of view.
      await raw.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: bytes,
          Metadata: { sha256: before?.sha256 ?? '' },
        }),
      );
    },
    async leftovers() {
      const listed = await raw.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: '.heritage-uploads/' }),
      );
      return (listed.Contents ?? []).map((entry) => entry.Key ?? '');
    },
    async cleanup() {
      raw.destroy();
      await store.close();
      await server.stop();
    },
  };
}

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const readAll = async (store: ObjectStore, key: string) => buffer(await store.get(key));

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** A stream of `size` random bytes in 64 KiB chunks, and the sha256 of what it sent. */
function randomStream(size: number): { stream: Readable; sent: () => string } {
  const hash = createHash('sha256');
  let remaining = size;
  const stream = new Readable({
    read() {
      if (remaining === 0) {
        this.push(null);
        return;
      }
      const chunk = randomBytes(Math.min(remaining, 64 * 1024));
      remaining -= chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, sent: () => hash.digest('hex') };
}

/** A stream that sends `bytesBeforeFailure` bytes and then fails. */
function failingStream(bytesBeforeFailure: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= bytesBeforeFailure) {
        this.destroy(new Error('the recorder was unplugged'));
        return;
      }
      const chunk = Buffer.alloc(Math.min(64 * 1024, bytesBeforeFailure - sent), 7);
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

describe.each([
  ['FsObjectStore', fsHarness],
  ['S3ObjectStore on s3rver', s3Harness],
])('%s', (_name, makeHarness) => {
  let harness: Harness;
  let store: ObjectStore;

  beforeAll(async () => {
    harness = await makeHarness();
    store = harness.store;
  });
  afterAll(async () => {
    await harness?.cleanup();
  });

  it('round-trips text, bytes and streams with their sha256 and size', async () => {
    const text = 'Then Tày: lượn cọi, slì, phong slư\n';
    const bytes = new Uint8Array([0, 1, 2, 253, 254, 255]);
    const chunks = [Buffer.from('first '), Buffer.from('second '), Buffer.from('third')];

    const fromText = await store.put('round-trip/text.txt', text, { contentType: 'text/plain' });
    const fromBytes = await store.put('round-trip/bytes.bin', bytes);
    const fromStream = await store.put('round-trip/stream.txt', Readable.from(chunks));
    const empty = await store.put('round-trip/empty', '');

    expect(fromText).toMatchObject({
      key: 'round-trip/text.txt',
      size: Buffer.byteLength(text),
      sha256: sha256(text),
    });
    expect(fromBytes).toMatchObject({ size: bytes.length, sha256: sha256(Buffer.from(bytes)) });
    expect(fromStream.sha256).toBe(sha256(Buffer.concat(chunks)));
    expect(empty).toMatchObject({ size: 0, sha256: sha256('') });

    expect((await readAll(store, 'round-trip/text.txt')).toString('utf8')).toBe(text);
    expect([...(await readAll(store, 'round-trip/bytes.bin'))]).toEqual([...bytes]);
    expect((await readAll(store, 'round-trip/stream.txt')).equals(Buffer.concat(chunks))).toBe(
      true,
    );
    expect((await readAll(store, 'round-trip/empty')).length).toBe(0);

    const head = await store.head('round-trip/text.txt');
    expect(head).toMatchObject({
      key: 'round-trip/text.txt',
      size: fromText.size,
      sha256: fromText.sha256,
    });
    expect(head?.lastModified).toBeInstanceOf(Date);
  });

  it('streams a multi-megabyte body (multipart on S3) and records the digest of what was sent', async () => {
    const size = 2 * PART_SIZE + 12_345;
    const { stream, sent } = randomStream(size);
    const info = await store.put('large/recording.wav', stream);
    expect(info.size).toBe(size);
    expect(info.sha256).toBe(sent());

    const read = createHash('sha256');
    let readBytes = 0;
    for await (const chunk of await store.get('large/recording.wav')) {
      read.update(chunk as Buffer);
      readBytes += (chunk as Buffer).length;
    }
    expect(readBytes).toBe(size);
    expect(read.digest('hex')).toBe(info.sha256);
  });

  it('overwrites an object whole', async () => {
    await store.put('overwrite/k', 'first version, longer than the second');
    const second = await store.put('overwrite/k', 'second');
    expect((await readAll(store, 'overwrite/k')).toString()).toBe('second');
    expect(await store.head('overwrite/k')).toMatchObject({ size: 6, sha256: second.sha256 });
  });

  it('reads byte ranges, inclusive, clamped at the end', async () => {
    const body = Buffer.from(Array.from({ length: 1000 }, (_, index) => index % 251));
    await store.put('range/body.bin', body);
    const read = async (start: number, end?: number) =>
      buffer(await store.get('range/body.bin', { start, end }));

    expect((await read(10, 19)).equals(body.subarray(10, 20))).toBe(true);
    expect((await read(0, 0)).equals(body.subarray(0, 1))).toBe(true);
    expect((await read(990)).equals(body.subarray(990))).toBe(true);
    expect((await read(995, 5000)).equals(body.subarray(995))).toBe(true);
    expect((await read(999, 999)).equals(body.subarray(999))).toBe(true);
  });

  it('refuses ranges that cannot be satisfied, naming the key', async () => {
    await store.put('range/short.txt', 'abc');
    await expect(store.get('range/short.txt', { start: 3 })).rejects.toThrow(InvalidRangeError);
    await expect(store.get('range/short.txt', { start: 5, end: 2 })).rejects.toThrow(
      /"range\/short\.txt"/,
    );
    await expect(store.get('range/short.txt', { start: -1 })).rejects.toThrow(InvalidRangeError);
  });

  it('reports a missing object as undefined from head and ObjectNotFoundError from get', async () => {
    expect(await store.head('missing/nothing.txt')).toBeUndefined();
    const attempt = store.get('missing/nothing.txt');
    await expect(attempt).rejects.toThrow(ObjectNotFoundError);
    await expect(store.get('missing/nothing.txt')).rejects.toThrow(store.location);
  });

  it('lists by prefix in UTF-8 key order, with each object’s digest', async () => {
    const contents: Record<string, string> = {
      'list/z': 'z',
      'list/b/z': 'b/z',
      'list/a0': 'a0',
      'list/a/c': 'a/c',
      'list/B': 'B',
      'list/a/b/d': 'a/b/d',
      'list/ñ': 'ñ',
      'list/\u{1f600}': 'emoji',
      'list/\uff5e': 'tilde',
      'listing-elsewhere': 'not under list/',
    };
    for (const [key, value] of Object.entries(contents)) await store.put(key, value);

    const listed = await collect(store.list('list/'));
    expect(listed.map((info) => info.key)).toEqual([
      'list/B',
      'list/a/b/d',
      'list/a/c',
      'list/a0',
      'list/b/z',
      'list/z',
      'list/ñ',
      'list/\uff5e',
      'list/\u{1f600}',
    ]);
    for (const info of listed) {
      const value = contents[info.key] ?? '';
      expect(info).toMatchObject({ size: Buffer.byteLength(value), sha256: sha256(value) });
    }

    const partial = await collect(store.list('list/a'));
    expect(partial.map((info) => info.key)).toEqual(['list/a/b/d', 'list/a/c', 'list/a0']);
    expect((await collect(store.list('list/a/'))).map((info) => info.key)).toEqual([
      'list/a/b/d',
      'list/a/c',
    ]);
    expect(await collect(store.list('no-such-folder/'))).toEqual([]);
    for (const prefix of ['list/', 'list/a', 'list/a/', 'no-such-folder/']) {
      expect(await collect(store.listKeys(prefix))).toEqual(
        (await collect(store.list(prefix))).map((info) => info.key),
      );
    }
  });

  it(`lists past a page of results (${LIST_PAGE_SIZE} keys per S3 page)`, async () => {
    const keys = Array.from(
      { length: 2 * LIST_PAGE_SIZE + 7 },
      (_, index) => `paged/${String(index).padStart(4, '0')}.txt`,
    );
    const queue = [...keys].reverse();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let key = queue.pop(); key !== undefined; key = queue.pop()) await store.put(key, key);
      }),
    );
    const listed = (await collect(store.list('paged/'))).map((info) => info.key);
    expect(listed).toEqual(keys);
    expect(await collect(store.listKeys('paged/'))).toEqual(keys);
  });

  it('deletes, and deleting what is not there is not an error', async () => {
    await store.put('delete/me.txt', 'bye');
    await store.put('delete/keep.txt', 'stay');
    await store.delete('delete/me.txt');
    expect(await store.head('delete/me.txt')).toBeUndefined();
    await expect(store.get('delete/me.txt')).rejects.toThrow(ObjectNotFoundError);
    expect((await collect(store.list('delete/'))).map((info) => info.key)).toEqual([
      'delete/keep.txt',
    ]);
    await expect(store.delete('delete/me.txt')).resolves.toBeUndefined();
  });

  it('accepts a matching expectedSha256, in either case', async () => {
    const body = 'verified on the way in';
    const info = await store.put('expected/ok.txt', body, {
      expectedSha256: sha256(body).toUpperCase(),
    });
    expect(info.sha256).toBe(sha256(body));
    expect((await readAll(store, 'expected/ok.txt')).toString()).toBe(body);
  });

  it('refuses an expectedSha256 mismatch and leaves nothing behind, not even over an old object', async () => {
    await store.put('expected/existing.txt', 'the old, good version');
    const wrong = sha256('something else');

    await expect(
      store.put('expected/new.txt', 'new bytes', { expectedSha256: wrong }),
    ).rejects.toThrow(IntegrityError);
    await expect(
      store.put('expected/existing.txt', 'replacement', { expectedSha256: wrong }),
    ).rejects.toThrow(/expected\/existing\.txt/);
    const large = randomStream(PART_SIZE + 1);
    await expect(
      store.put('expected/large.bin', large.stream, { expectedSha256: wrong }),
    ).rejects.toThrow(IntegrityError);

    expect(await store.head('expected/new.txt')).toBeUndefined();
    expect(await store.head('expected/large.bin')).toBeUndefined();
    expect((await readAll(store, 'expected/existing.txt')).toString()).toBe(
      'the old, good version',
    );
    expect(await harness.leftovers()).toEqual([]);
  });

  it('fails a full read with IntegrityError when the stored bytes changed, while ranges still read', async () => {
    const original = 'the song as it was recorded';
    const info = await store.put('tamper/song.txt', original);
    await harness.tamper('tamper/song.txt', Buffer.from('the song as somebody changed it'));

    const reading = readAll(store, 'tamper/song.txt');
    await expect(reading).rejects.toThrow(IntegrityError);
    await expect(readAll(store, 'tamper/song.txt')).rejects.toThrow(`expected ${info.sha256}`);
    expect(
      (await buffer(await store.get('tamper/song.txt', { start: 0, end: 7 }))).toString(),
    ).toBe('the song');
    // For a fixity check that hashes the bytes itself: they come back as they are.
    const unverified = await store.getUnverified('tamper/song.txt');
    expect(Buffer.isBuffer(unverified) && unverified.toString()).toBe(
      'the song as somebody changed it',
    );
    await expect(store.getUnverified('tamper/absent.txt')).rejects.toThrow(ObjectNotFoundError);
  });

  it('hands over an unverified read as bytes up to its limit and as a stream above it', async () => {
    const atLimit = randomBytes(WHOLE_READ_MAX_BYTES);
    const aboveLimit = randomBytes(WHOLE_READ_MAX_BYTES + 1);
    await store.put('unverified/at-limit.bin', atLimit);
    await store.put('unverified/above-limit.bin', aboveLimit);

    const small = await store.getUnverified('unverified/at-limit.bin');
    expect(Buffer.isBuffer(small) && small.equals(atLimit)).toBe(true);
    const large = await store.getUnverified('unverified/above-limit.bin');
    expect(large).toBeInstanceOf(Readable);
    expect((await buffer(large as Readable)).equals(aboveLimit)).toBe(true);
  });

  it('digests an object as stored, on both sides of the whole-read limit, without checking its record', async () => {
    const digestsOf = (bytes: Buffer) => ({
      sha512: createHash('sha512').update(bytes).digest('hex'),
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    const bodies = {
      'digests/empty.bin': Buffer.alloc(0),
      'digests/at-limit.bin': randomBytes(WHOLE_READ_MAX_BYTES),
      'digests/above-limit.bin': randomBytes(WHOLE_READ_MAX_BYTES + 1),
      'digests/several-chunks.bin': randomBytes(3 * WHOLE_READ_MAX_BYTES + 12_345),
    };
    for (const [key, bytes] of Object.entries(bodies)) await store.put(key, bytes);
    // Several large ones at once: more than there are store threads.
    const keys = [...Object.keys(bodies), ...Object.keys(bodies)];
    const found = await Promise.all(
      keys.map((key) => store.digestUnverified(key, ['sha512', 'sha256'])),
    );
    keys.forEach((key, index) => {
      const bytes = bodies[key as keyof typeof bodies];
      expect(Object.fromEntries(found[index]?.digests ?? []), key).toEqual(digestsOf(bytes));
      expect(found[index]?.size, key).toBe(bytes.length);
    });

    // Bytes changed behind the store's back are digested as they are now.
    const changed = Buffer.from(bodies['digests/above-limit.bin']);
    changed[changed.length - 1] = (changed.at(-1) ?? 0) ^ 0xff;
    await harness.tamper('digests/above-limit.bin', changed);
    const afterChange = await store.digestUnverified('digests/above-limit.bin', ['sha256']);
    expect(afterChange.digests.get('sha256')).toBe(digestsOf(changed).sha256);
    await expect(store.digestUnverified('digests/absent.bin', ['sha256'])).rejects.toThrow(
      ObjectNotFoundError,
    );
  });

  it('refuses invalid keys in every operation, naming the key', async () => {
    for (const key of [
      '../escape.txt',
      '/etc/passwd',
      'a//b',
      'a/./b',
      'a\\b',
      'nul\u0000byte',
      'trailing/',
      '',
    ]) {
      await expect(store.put(key, 'x')).rejects.toThrow(InvalidKeyError);
      await expect(store.get(key)).rejects.toThrow(InvalidKeyError);
      await expect(store.head(key)).rejects.toThrow(InvalidKeyError);
      await expect(store.delete(key)).rejects.toThrow(InvalidKeyError);
    }
    await expect(collect(store.list('../'))).rejects.toThrow(InvalidKeyError);
    await expect(store.put('../escape.txt', 'x')).rejects.toThrow('"../escape.txt"');
  });

  it('leaves no object, and keeps the old one, when the body stream fails', async () => {
    await store.put('atomic/take.wav', 'the previous take');
    for (const bytesBeforeFailure of [10, PART_SIZE + 1]) {
      const overwrite = store.put('atomic/take.wav', failingStream(bytesBeforeFailure));
      await expect(overwrite).rejects.toThrow(/"atomic\/take\.wav".*the recorder was unplugged/);
      await expect(store.put('atomic/new.wav', failingStream(bytesBeforeFailure))).rejects.toThrow(
        'the recorder was unplugged',
      );
    }
    expect((await readAll(store, 'atomic/take.wav')).toString()).toBe('the previous take');
    expect(await store.head('atomic/new.wav')).toBeUndefined();
    expect(await harness.leftovers()).toEqual([]);
  });
});

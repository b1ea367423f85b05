/** What only the S3 store promises: where the digest lives, prefixes, and errors that name the bucket. */
import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import {
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageError } from '../../../src/infra/storage/errors.js';
import type { ListedObject } from '../../../src/infra/storage/object-store.js';
import { createS3Client } from '../../../src/infra/storage/s3-client.js';
import { S3ObjectStore } from '../../../src/infra/storage/s3-object-store.js';
import { type RunningS3rver, startS3rver } from '../../support/s3rver.js';

let server: RunningS3rver;
let raw: S3Client;
let bucket: string;

beforeAll(async () => {
  server = await startS3rver();
  raw = createS3Client(server.settings);
  bucket = server.settings.bucket;
});
afterAll(async () => {
  raw?.destroy();
  await server?.stop();
});

async function rawKeys(prefix = ''): Promise<string[]> {
  const listed = await raw.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  return (listed.Contents ?? []).map((entry) => entry.Key ?? '');
}

async function collect(iterable: AsyncIterable<ListedObject>): Promise<ListedObject[]> {
  const items: ListedObject[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('S3ObjectStore', () => {
  it('keeps the sha256 in x-amz-meta-sha256 and leaves no temporary key behind', async () => {
    const store = new S3ObjectStore(server.settings);
    const body = 'phong slư: a letter song';
    await store.put('meta/letter.txt', body, { contentType: 'text/plain; charset=utf-8' });
    await store.put('meta/verified.txt', body, {
      expectedSha256: createHash('sha256').update(body).digest('hex'),
    });

    const head = await raw.send(new HeadObjectCommand({ Bucket: bucket, Key: 'meta/letter.txt' }));
    expect(head.Metadata?.sha256).toBe(createHash('sha256').update(body).digest('hex'));
    expect(head.ContentType).toBe('text/plain; charset=utf-8');
    expect(await rawKeys('.heritage-uploads/')).toEqual([]);
    expect(await rawKeys('meta/')).toEqual(['meta/letter.txt', 'meta/verified.txt']);
    // No local file to hand a tool: the caller copies the object out instead.
    expect(await store.checkedLocalFile('meta/letter.txt')).toBeUndefined();
    await store.close();
  });

  it('writes under its prefix and sees nothing outside it', async () => {
    const outer = new S3ObjectStore(server.settings);
    await outer.put('outside-the-prefix.txt', 'not in the archive');
    const store = new S3ObjectStore({ ...server.settings, prefix: 'archive' });
    expect(store.location).toBe(`s3://${bucket}/archive/`);

    await store.put('item/file.txt', 'inside');
    expect(await rawKeys('archive/')).toEqual(['archive/item/file.txt']);
    expect((await collect(store.list(''))).map((info) => info.key)).toEqual(['item/file.txt']);
    expect((await buffer(await store.get('item/file.txt'))).toString()).toBe('inside');
    await Promise.all([store.close(), outer.close()]);
  });

  it('refuses to read objects another tool wrote without a sha256, and lists them with the problem', async () => {
    const store = new S3ObjectStore(server.settings);
    await raw.send(
      new PutObjectCommand({ Bucket: bucket, Key: 'foreign/upload.bin', Body: 'no digest' }),
    );
    await expect(store.head('foreign/upload.bin')).rejects.toThrow(StorageError);
    await expect(store.head('foreign/upload.bin')).rejects.toThrow(
      `"foreign/upload.bin" in s3://${bucket}/ failed: "foreign/upload.bin" has no x-amz-meta-sha256`,
    );
    await expect(store.get('foreign/upload.bin')).rejects.toThrow(/no x-amz-meta-sha256/);
    expect(await collect(store.list('foreign/'))).toEqual([
      expect.objectContaining({
        key: 'foreign/upload.bin',
        sha256: undefined,
        problem: expect.stringMatching(/no x-amz-meta-sha256/),
      }),
    ]);
    await store.close();
  });

  it('names the bucket and key when the bucket does not exist', async () => {
    const store = new S3ObjectStore({ ...server.settings, bucket: 'no-such-bucket' });
    await expect(store.put('any/key.txt', 'x')).rejects.toThrow(
      /put "any\/key\.txt" in s3:\/\/no-such-bucket\/ failed/,
    );
    await store.close();
  });

  it('refuses half-given credentials at construction', () => {
    expect(() => new S3ObjectStore({ ...server.settings, secretAccessKey: undefined })).toThrow(
      /accessKeyId and s3\.secretAccessKey must be given together/,
    );
  });
});

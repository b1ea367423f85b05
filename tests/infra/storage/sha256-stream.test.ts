import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { checkExpectedSha256, Sha256Stream } from '../../../src/infra/storage/sha256-stream.js';
import { takeBytes } from '../../../src/infra/storage/take-bytes.js';

const chunks = [
  Buffer.from('Slam slao '),
  Buffer.from('lượn cọi'),
  Buffer.alloc(0),
  Buffer.from('!'),
];
const whole = Buffer.concat(chunks);

describe('Sha256Stream', () => {
  it('passes bytes through unchanged and knows their digest and count at the end', async () => {
    const hashing = new Sha256Stream();
    const out = buffer(hashing);
    await pipeline(Readable.from(chunks), hashing);
    expect((await out).equals(whole)).toBe(true);
    expect(hashing.sha256).toBe(createHash('sha256').update(whole).digest('hex'));
    expect(hashing.bytes).toBe(whole.length);
  });

  it('refuses to give a digest before the end', () => {
    expect(() => new Sha256Stream().sha256).toThrow(/only known once the stream has ended/);
  });

  it('fails the stream instead of ending it when the check rejects', async () => {
    const hashing = new Sha256Stream(async () => {
      throw new Error('digest refused');
    });
    const out = buffer(hashing);
    await expect(pipeline(Readable.from(chunks), hashing)).rejects.toThrow('digest refused');
    await expect(out).rejects.toThrow('digest refused');
  });
});

describe('checkExpectedSha256', () => {
  it('lower-cases a valid digest and passes undefined through', () => {
    const digest = createHash('sha256').update('x').digest('hex');
    expect(checkExpectedSha256('k', digest.toUpperCase())).toBe(digest);
    expect(checkExpectedSha256('k', undefined)).toBeUndefined();
  });

  it('refuses anything that is not 64 hex digits, naming the key', () => {
    expect(() => checkExpectedSha256('songs/a.flac', 'abc')).toThrow(
      /expectedSha256 for "songs\/a\.flac"/,
    );
  });
});

describe('takeBytes', () => {
  it('keeps exactly the first n bytes across chunk boundaries', async () => {
    const limited = takeBytes(12);
    const out = buffer(limited);
    await pipeline(Readable.from(chunks), limited);
    expect((await out).equals(whole.subarray(0, 12))).toBe(true);
  });
});

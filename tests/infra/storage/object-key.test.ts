import { describe, expect, it } from 'vitest';
import {
  compareKeys,
  foldersAbove,
  InvalidKeyError,
  isReservedKey,
  MAX_KEY_BYTES,
  validateKey,
  validateListPrefix,
} from '../../../src/infra/storage/object-key.js';

describe('validateKey', () => {
  it.each([
    'inventory.json',
    '0=ocfl_1.1',
    'tyz/then-luon/v1/content/originals/bài hát lượn.flac',
    'a/b/c/d.e',
    '.hidden/file',
    'a/..b/c..',
  ])('accepts %j', (key) => {
    expect(validateKey(key)).toBe(key);
  });

  it.each([
    ['', /non-empty/],
    ['/etc/passwd', /leading "\/"/],
    ['../outside', /"\.\." segments/],
    ['a/../../b', /"\.\." segments/],
    ['a/./b', /"\." segments/],
    ['.', /"\." segments/],
    ['a//b', /empty path segments/],
    ['a/', /empty path segments/],
    ['a\\..\\b', /backslashes/],
    ['a\u0000b', /control characters/],
    ['line\nbreak', /control characters/],
    ['del\u007f', /control characters/],
    ['c1\u0085', /control characters/],
    ['lone\ud800surrogate', /lone surrogates/],
    ['.heritage-uploads/x', /reserved/],
  ])('refuses %j', (key, reason) => {
    const attempt = () => validateKey(key);
    expect(attempt).toThrow(InvalidKeyError);
    expect(attempt).toThrow(reason);
  });

  it('names the key, escaped, in the message', () => {
    expect(() => validateKey('bad\u0000key')).toThrow('invalid object key "bad\\u0000key"');
  });

  it('measures the length limit in UTF-8 bytes, not characters', () => {
    const threeByteCharacter = 'ữ'; // U+1EEF: three bytes in UTF-8
    const fits = threeByteCharacter.repeat(Math.floor(MAX_KEY_BYTES / 3));
    expect(validateKey(fits)).toBe(fits);
    expect(() => validateKey(`${fits}ữ`)).toThrow(/at most 1024 UTF-8 bytes/);
  });
});

describe('validateListPrefix', () => {
  it.each(['', 'items/', 'items/00', 'a/b/partial.na'])('accepts %j', (prefix) => {
    expect(validateListPrefix(prefix)).toBe(prefix);
  });

  it.each(['../', 'a/../b/', '/abs', 'a//b', 'a\\b', 'a\u0001'])('refuses %j', (prefix) => {
    expect(() => validateListPrefix(prefix)).toThrow(InvalidKeyError);
  });
});

describe('compareKeys', () => {
  it('orders by UTF-8 bytes as S3 does, where UTF-16 order disagrees', () => {
    const halfwidthTilde = '\uff5e'; // UTF-8 EF BD 9E
    const emoji = '\u{1f600}'; // UTF-8 F0 9F 98 80, but UTF-16 D83D DE00 sorts first
    expect(emoji < halfwidthTilde).toBe(true);
    expect(compareKeys(halfwidthTilde, emoji)).toBeLessThan(0);
  });

  it('puts a folder\'s keys after siblings whose next byte sorts before "/"', () => {
    expect(compareKeys('a-b', 'a/c')).toBeLessThan(0);
    expect(compareKeys('a/c', 'a0')).toBeLessThan(0);
    expect(compareKeys('same', 'same')).toBe(0);
  });
});

describe('isReservedKey', () => {
  it("recognises the store's own namespace only as a whole first segment", () => {
    expect(isReservedKey('.heritage-uploads/123')).toBe(true);
    expect(isReservedKey('.heritage-uploads-not/123')).toBe(false);
    expect(isReservedKey('items/.heritage-uploads/123')).toBe(false);
  });

  it('names every folder above a key, each holding the name of the one below it', () => {
    expect(foldersAbove('obj/v2/content/recordings/a.wav')).toEqual([
      'obj/v2/content/recordings',
      'obj/v2/content',
      'obj/v2',
      'obj',
      '',
    ]);
    expect(foldersAbove('a.txt')).toEqual(['']);
  });
});

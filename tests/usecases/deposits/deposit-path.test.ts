import { describe, expect, it } from 'vitest';
import { depositPath } from '../../../src/usecases/deposits/deposit-folders.js';

describe('the relative path an upload names', () => {
  it('keeps plain relative paths, normalised', () => {
    expect(depositPath('recordings/song01.wav')).toBe('recordings/song01.wav');
    expect(depositPath('recordings\\song01.wav')).toBe('recordings/song01.wav');
    expect(depositPath('./a//b.wav')).toBe('a/b.wav');
    // NFC, as the manifest is read.
    expect(depositPath('lu\u0301a.wav')).toBe('lúa.wav');
  });

  it('refuses absolute paths, .., NUL bytes and a missing name', () => {
    for (const refused of [
      '/etc/passwd',
      'C:/x.wav',
      '../x.wav',
      'a/../../x.wav',
      '..',
      '.',
      'a\0b',
      '',
      undefined,
      null,
      'x'.repeat(1025),
    ])
      expect(() => depositPath(refused), String(refused)).toThrow();
  });
});

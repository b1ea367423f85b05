import { describe, expect, it } from 'vitest';
import { characterErrorRate, normaliseForCer } from '../../support/ocr-cer.js';

describe('character error rate', () => {
  it('is zero for the same text', () => {
    expect(characterErrorRate('Tày then', 'Tày then')).toBe(0);
  });

  it('counts one edit per character of the truth', () => {
    // One substitution and one deletion against a truth of 10 characters.
    expect(characterErrorRate('abcdefgXi', 'abcdefghij')).toBeCloseTo(2 / 10);
  });

  it('can exceed one when the recognised text is long junk', () => {
    expect(characterErrorRate('xxxxxxxxxx', 'ab')).toBeGreaterThan(1);
  });

  it('treats composed and decomposed Vietnamese letters as the same', () => {
    const composed = 'lượn';
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(characterErrorRate(decomposed, composed)).toBe(0);
  });

  it('folds every run of whitespace into one space', () => {
    expect(normaliseForCer('  one\n\ntwo\t three  ')).toBe('one two three');
    expect(characterErrorRate('one\n\ntwo', 'one two')).toBe(0);
  });

  it('refuses an empty truth', () => {
    expect(() => characterErrorRate('text', '  \n')).toThrow('non-empty ground truth');
  });
});

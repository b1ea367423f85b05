import { describe, expect, it } from 'vitest';
import { normaliseArchivalDate } from '../../src/model/archival-date.js';
import { languageName, normaliseLanguageTag } from '../../src/model/language-tag.js';

describe('archival dates', () => {
  it.each([
    ['1965', '1965'],
    ['1965-03', '1965-03'],
    ['2024-02-29', '2024-02-29'],
    ['c. 1965', '1965~'],
    ['circa 1965-03', '1965-03~'],
    ['1960s', '196X'],
    ['1965?', '1965?'],
    ['1965/1970', '1965/1970'],
  ])('reads %s as EDTF %s', (written, edtf) => {
    expect(normaliseArchivalDate(written)).toBe(edtf);
  });

  it.each(['65', '1965-13', '2023-02-29', 'last spring', '1965/1966/1967'])(
    'refuses %s',
    (written) => {
      expect(() => normaliseArchivalDate(written)).toThrow(written);
    },
  );
});

describe('language tags', () => {
  it('accepts ISO 639-3 codes and BCP-47 tags built on them', () => {
    expect(normaliseLanguageTag('tyz')).toBe('tyz');
    expect(normaliseLanguageTag('TYZ-hani')).toBe('tyz-Hani');
    expect(normaliseLanguageTag('nut')).toBe('nut');
    expect(normaliseLanguageTag('vi-vn')).toBe('vi-VN');
    expect(languageName('tyz-Latn')).toBe('Tày');
  });

  it('refuses codes that are not in ISO 639-3', () => {
    expect(() => normaliseLanguageTag('qqq')).toThrow('"qqq" is not an ISO 639-3');
    expect(() => normaliseLanguageTag('tày')).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { foldForSearch, likeSearchTerm } from '../../../src/infra/catalog/search-text.js';

describe('foldForSearch', () => {
  it('lets plain ASCII find Vietnamese words with tone marks and đ', () => {
    expect(foldForSearch('Đàn tính')).toBe('dan tinh');
    expect(foldForSearch('Lạng Sơn, Cao Bằng')).toBe('lang son, cao bang');
    expect(foldForSearch('Nguyễn Thị Đức')).toBe('nguyen thi duc');
  });

  it('drops the horn of ơ and ư, so Tày lượn is found as luon', () => {
    expect(foldForSearch('Lượn')).toBe('luon');
    expect(foldForSearch('Then Pựt Tồng')).toBe('then put tong');
    expect(foldForSearch('Khắp Slấc Slương')).toBe('khap slac sluong');
  });

  it('folds composed and decomposed spellings of a word to the same text', () => {
    const composed = 'lượn slương'.normalize('NFC');
    const decomposed = composed.normalize('NFD');
    expect(decomposed).not.toBe(composed);
    expect(foldForSearch(decomposed)).toBe(foldForSearch(composed));
  });

  it('turns every run of whitespace into one space and trims the ends', () => {
    expect(foldForSearch('  hát\tthen\n\u00a0đàn   tính \u3000')).toBe('hat then dan tinh');
  });

  it('unfolds ligatures and full-width letters that OCR produces', () => {
    expect(foldForSearch('ﬁeld ＴＨＥＮ')).toBe('field then');
  });

  it('leaves Nôm Tày (Han characters) as written', () => {
    expect(foldForSearch('𡨸喃 Tày')).toBe('𡨸喃 tay');
  });

  it('is idempotent', () => {
    const once = foldForSearch('Hát Then – Đàn Tính của người Tày');
    expect(foldForSearch(once)).toBe(once);
  });
});

describe('likeSearchTerm', () => {
  it('folds the query like the stored text', () => {
    expect(likeSearchTerm('  Đàn TÍNH ')).toBe('dan tinh');
  });

  it('escapes LIKE wildcards so that they match themselves', () => {
    expect(likeSearchTerm('100% then_1 a\\b')).toBe('100\\% then\\_1 a\\\\b');
  });
});

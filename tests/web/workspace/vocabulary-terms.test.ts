import { describe, expect, it } from 'vitest';
import {
  broaderPath,
  folded,
  labelIn,
  mainLabel,
  narrowerTerms,
  orderedLabels,
  searchTerms,
  termProblems,
  type VocabularyTerm,
  withTerm,
} from '../../../web/src/workspace/vocabulary-terms.js';

const terms: VocabularyTerm[] = [
  { id: 'ritual-act', labels: { tyz: 'Pjạt then', vi: 'nghi lễ', en: 'ritual' }, broader: [] },
  {
    id: 'offering',
    labels: { tyz: 'Khẩu tẩy', vie: 'lễ vật', en: 'offering' },
    broader: ['ritual-act'],
  },
  { id: 'spirit-horse', labels: { vi: 'ngựa thần', en: 'spirit horse' }, broader: ['offering'] },
  { id: 'drum', labels: { vi: 'trống', en: 'drum' }, broader: ['ritual-act'] },
];
const ids = (found: VocabularyTerm[]) => found.map((term) => term.id);

describe('the terms of a vocabulary as the workspace reads them', () => {
  it('puts the reader’s language first, then Tày, Vietnamese and English', () => {
    const offering = terms[1] as VocabularyTerm;
    expect(orderedLabels(offering, 'en').map((label) => label.language)).toEqual([
      'en',
      'tyz',
      'vie',
    ]);
    expect(orderedLabels(offering, 'vi').map((label) => label.language)).toEqual([
      'vie',
      'tyz',
      'en',
    ]);
    expect(mainLabel(terms[2] as VocabularyTerm, 'tyz')).toBe('ngựa thần');
    expect(labelIn(offering, 'vi')).toBe('lễ vật');
  });

  it('finds terms by a label in any language, with or without diacritics', () => {
    expect(folded('Lễ Vật đêm')).toBe('le vat dem');
    expect(ids(searchTerms(terms, 'lễ vật', 'en'))).toEqual(['offering']);
    expect(ids(searchTerms(terms, 'le vat', 'en'))).toEqual(['offering']);
    expect(ids(searchTerms(terms, 'trong', 'en'))).toEqual(['drum']);
    expect(ids(searchTerms(terms, 'khẩu', 'vi'))).toEqual(['offering']);
    expect(ids(searchTerms(terms, 'nothing like it', 'vi'))).toEqual([]);
  });

  it('ranks a label that starts with the words before one that holds them', () => {
    // "lễ" starts "lễ vật" and ends "nghi lễ".
    expect(ids(searchTerms(terms, 'lễ', 'vi'))).toEqual(['offering', 'ritual-act']);
    expect(searchTerms(terms, '', 'vi')).toHaveLength(4);
  });

  it('knows the broader chain above a term and the terms below it', () => {
    expect(ids(broaderPath(terms, 'spirit-horse'))).toEqual(['ritual-act', 'offering']);
    expect(broaderPath(terms, 'ritual-act')).toEqual([]);
    expect(ids(narrowerTerms(terms, 'ritual-act'))).toEqual(['offering', 'drum']);
    // A cycle (refused by the server, but read safely) ends the chain.
    const looped = [
      { id: 'a', labels: { en: 'a' }, broader: ['b'] },
      { id: 'b', labels: { en: 'b' }, broader: ['a'] },
    ];
    expect(ids(broaderPath(looped, 'a'))).toEqual(['b']);
  });

  it('adds a term or replaces it by id, and names what is wrong before sending', () => {
    const bell = { id: 'bell', labels: { vi: 'chuông' }, broader: ['ritual-act'] };
    expect(ids(withTerm(terms, bell))).toEqual([...ids(terms), 'bell']);
    const relabelled = { ...(terms[3] as VocabularyTerm), labels: { vi: 'trống cái' } };
    expect(withTerm(terms, relabelled)[3]?.labels).toEqual({ vi: 'trống cái' });
    expect(withTerm(terms, relabelled)).toHaveLength(4);

    expect(termProblems(terms, bell, true)).toEqual([]);
    expect(termProblems(terms, { ...bell, id: '1 bell' }, true)).toEqual(['id']);
    expect(termProblems(terms, { ...bell, id: 'drum' }, true)).toEqual(['idTaken']);
    expect(termProblems(terms, { ...bell, labels: { vi: ' ' } }, true)).toEqual(['label']);
    expect(termProblems(terms, { ...bell, broader: ['gong'] }, true)).toEqual(['broader']);
    // ritual-act under offering, which lies under ritual-act: a cycle.
    expect(
      termProblems(terms, { ...(terms[0] as VocabularyTerm), broader: ['offering'] }, false),
    ).toEqual(['cycle']);
  });
});

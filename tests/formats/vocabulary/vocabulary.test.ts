import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  DocumentFormatError,
  parseVocabularyCsv,
  parseVocabularyJson,
  vocabularyToCsv,
  vocabularyToJson,
} from '../../../src/formats/index.js';
import { catchError } from '../../support/catch-error.js';

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/annotations/${name}`, import.meta.url));
const csvOptions = {
  sourceName: 'ritual-vocabulary.csv',
  vocabularyId: 'tay-ritual',
  collection: 'cao-bang-then',
};

describe('controlled vocabularies', () => {
  it('reads CSV columns id, broader and label@<language> into terms', () => {
    const vocabulary = parseVocabularyCsv(fixture('ritual-vocabulary.csv'), csvOptions);
    expect(vocabulary.id).toBe('tay-ritual');
    expect(vocabulary.terms).toEqual([
      { id: 'ritual', broader: [], labels: { tyz: 'then', vie: 'nghi lễ', en: 'ritual' } },
      {
        id: 'invocation',
        broader: ['ritual'],
        labels: { tyz: 'khửn', vie: 'khấn', en: 'invocation' },
      },
      {
        id: 'offering',
        broader: ['ritual'],
        labels: { tyz: 'cúng', vie: 'cúng, dâng lễ', en: 'offering' },
      },
    ]);
  });

  it('reads the JSON form, where a term may lack a language', () => {
    const vocabulary = parseVocabularyJson(fixture('ritual-vocabulary.json'), {
      sourceName: 'v.json',
    });
    expect(vocabulary.terms[2]).toEqual({
      id: 'offering',
      broader: ['ritual'],
      labels: { vie: 'cúng, dâng lễ', en: 'offering' },
    });
  });

  it('round-trips through CSV and JSON', () => {
    const vocabulary = parseVocabularyJson(fixture('ritual-vocabulary.json'), {
      sourceName: 'v.json',
    });
    const csv = vocabularyToCsv(vocabulary);
    const rows = parseCsv(csv) as string[][];
    expect(rows[0]).toEqual(['id', 'broader', 'label@tyz', 'label@vie', 'label@en']);
    expect(parseVocabularyCsv(csv, { ...csvOptions, vocabularyId: vocabulary.id })).toEqual(
      vocabulary,
    );
    expect(parseVocabularyJson(vocabularyToJson(vocabulary), { sourceName: 'again.json' })).toEqual(
      vocabulary,
    );
  });

  it('names the row and column of a label that is not NFC', () => {
    const csv = 'id,broader,label@tyz\nritual,,then\ninvocation,ritual,khu\u0309n\n';
    const error = catchError(() => parseVocabularyCsv(csv, csvOptions));
    expect(error).toBeInstanceOf(DocumentFormatError);
    expect(error.message).toBe(
      'ritual-vocabulary.csv (row 3, column label@tyz): must be Unicode NFC',
    );
  });

  it('names the row of a broader term that does not exist', () => {
    const csv = 'id,broader,label@vie\nritual,,nghi lễ\ninvocation,ritaul,khấn\n';
    expect(() => parseVocabularyCsv(csv, csvOptions)).toThrow(
      'ritual-vocabulary.csv (row 3, column broader): names unknown term "ritaul"',
    );
  });

  it('refuses an unknown column and a repeated id', () => {
    expect(() => parseVocabularyCsv('id,label\nx,y\n', csvOptions)).toThrow(
      /row 1, column 2.*unknown column "label"/,
    );
    const repeated = 'id,label@vie\nritual,nghi lễ\nritual,lễ\n';
    expect(() => parseVocabularyCsv(repeated, csvOptions)).toThrow(
      /row 3, column id.*repeats term id "ritual"/,
    );
  });

  it('refuses broader terms that form a cycle', () => {
    const cyclic = {
      id: 'v',
      terms: [
        { id: 'a', labels: { vie: 'a' }, broader: ['b'] },
        { id: 'b', labels: { vie: 'b' }, broader: ['a'] },
      ],
    };
    expect(() => parseVocabularyJson(JSON.stringify(cyclic), { sourceName: 'c.json' })).toThrow(
      /c\.json \(terms\.0\.broader\): broader terms form a cycle: a > b > a/,
    );
  });

  it('refuses a label in an invalid language tag and a term without labels', () => {
    const badTag = { id: 'v', terms: [{ id: 'a', labels: { 'not a tag': 'x' } }] };
    expect(() => parseVocabularyJson(JSON.stringify(badTag), { sourceName: 't.json' })).toThrow(
      /BCP-47/,
    );
    const unlabelled = { id: 'v', terms: [{ id: 'a', labels: {} }] };
    expect(() => parseVocabularyJson(JSON.stringify(unlabelled), { sourceName: 'u.json' })).toThrow(
      /u\.json \(terms\.0\.labels\): needs a label/,
    );
  });
});

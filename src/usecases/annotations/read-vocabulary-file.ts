import path from 'node:path';
import {
  DocumentFormatError,
  ncNameSchema,
  parseVocabularyCsv,
  parseVocabularyJson,
  type Vocabulary,
} from '../../formats/index.js';

/**
 * Reads a vocabulary file for a collection: JSON, or CSV with `id,broader,label@<lang>`
 * columns, whose vocabulary id is `id`, else the file's stem when it is a valid id, else
 * `terms`. A JSON vocabulary that names another collection is refused.
 */
export function readVocabularyFile(input: {
  name: string;
  bytes: Uint8Array;
  format: 'json' | 'csv';
  collection: string;
  id: string | undefined;
}): Vocabulary {
  const { name, bytes, collection, id } = input;
  if (input.format === 'csv') {
    const stem = path.parse(name).name;
    const vocabularyId = id ?? (ncNameSchema.safeParse(stem).success ? stem : 'terms');
    return parseVocabularyCsv(bytes, { sourceName: name, vocabularyId, collection });
  }
  const vocabulary = parseVocabularyJson(bytes, { sourceName: name });
  if (vocabulary.collection !== undefined && vocabulary.collection !== collection)
    throw new DocumentFormatError(
      name,
      `the vocabulary is for collection ${vocabulary.collection}, not ${collection}`,
      { field: 'collection' },
    );
  return { ...vocabulary, collection };
}

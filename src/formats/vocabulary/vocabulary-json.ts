import { describeIssues } from '../../model/annotations/create-annotation.js';
import { DocumentFormatError } from '../errors.js';
import { decodeDocumentText, type ReadOptions } from '../text-decoding.js';
import { type Vocabulary, vocabularySchema } from './vocabulary-schema.js';

/** Reads a vocabulary from JSON (`{ id, collection?, terms: [{ id, labels, broader }] }`). */
export function parseVocabularyJson(input: Uint8Array | string, options: ReadOptions): Vocabulary {
  const text = decodeDocumentText(input, options);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DocumentFormatError(
      options.sourceName,
      `not valid JSON: ${(error as Error).message}`,
    );
  }
  const result = vocabularySchema.safeParse(data);
  if (!result.success) {
    const [first, ...rest] = describeIssues(result.error);
    const more = rest.length > 0 ? ` (and ${rest.length} more problems)` : '';
    throw new DocumentFormatError(
      options.sourceName,
      `${first?.message ?? 'invalid vocabulary'}${more}`,
      {
        field: first?.field,
      },
    );
  }
  return result.data;
}

/** Writes a vocabulary as indented JSON that {@link parseVocabularyJson} reads back. */
export function vocabularyToJson(vocabulary: Vocabulary): string {
  return `${JSON.stringify(vocabularySchema.parse(vocabulary), null, 2)}\n`;
}

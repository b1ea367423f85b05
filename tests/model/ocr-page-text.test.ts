import { describe, expect, it } from 'vitest';
import type { RegionAnchor } from '../../src/model/annotations/annotation-schema.js';
import { ocrPageTextChanges } from '../../src/model/ocr-page-text.js';

const scans = new Map([
  [
    'scan.tif',
    {
      pageSize: (page: number) => (page === 1 ? { width: 1000, height: 1400 } : undefined),
    },
  ],
]);

function region(x: number, y: number, width: number, height: number, page = 1): RegionAnchor {
  return { kind: 'region', asset: 'scan.tif', page, x, y, width, height };
}

const uncorrected = { asset: 'scan.tif', page: 1, correctedText: null };

describe('ocrPageTextChanges', () => {
  it('makes a correction covering the whole page the page text', () => {
    const changes = ocrPageTextChanges(
      [uncorrected],
      [{ value: 'Lượn slương', anchor: region(0, 0, 1000, 1400) }],
      scans,
    );
    expect(changes).toEqual([{ ocrPage: uncorrected, correctedText: 'Lượn slương' }]);
  });

  it('leaves a page alone when the correction covers part of it', () => {
    const changes = ocrPageTextChanges(
      [uncorrected],
      [{ value: 'one line', anchor: region(10, 200, 900, 40) }],
      scans,
    );
    expect(changes).toEqual([]);
  });

  it('takes the latest of several whole-page corrections', () => {
    const changes = ocrPageTextChanges(
      [uncorrected],
      [
        { value: 'first', anchor: region(0, 0, 1000, 1400) },
        { value: 'second', anchor: region(0, 0, 1200, 1500) },
      ],
      scans,
    );
    expect(changes.map((change) => change.correctedText)).toEqual(['second']);
  });

  it('sends a page whose correction is gone back to the OCR text', () => {
    const corrected = { asset: 'scan.tif', page: 1, correctedText: 'old correction' };
    expect(ocrPageTextChanges([corrected], [], scans)).toEqual([
      { ocrPage: corrected, correctedText: null },
    ]);
  });

  it('reports no change for a page that already holds its correction', () => {
    const corrected = { asset: 'scan.tif', page: 1, correctedText: 'same' };
    expect(
      ocrPageTextChanges([corrected], [{ value: 'same', anchor: region(0, 0, 1000, 1400) }], scans),
    ).toEqual([]);
  });

  it('cannot judge a page of unknown size, so keeps the OCR text', () => {
    const second = { asset: 'scan.tif', page: 2, correctedText: null };
    expect(
      ocrPageTextChanges([second], [{ value: 'text', anchor: region(0, 0, 1000, 1400, 2) }], scans),
    ).toEqual([]);
  });
});

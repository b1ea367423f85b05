import { describe, expect, it } from 'vitest';
import { readAltoLayout } from '../../../src/formats/alto/read-alto-layout.js';
import { DocumentFormatError } from '../../../src/formats/errors.js';
import { buildAlto } from '../../../src/media/ocr/alto.js';

const word = (text: string, x0: number, confidence: number) => ({
  text,
  confidence,
  bbox: { x0, y0: 10, x1: x0 + 40, y1: 30 },
});

describe('readAltoLayout', () => {
  it('reads back the lines, words, boxes and confidences the OCR step writes', () => {
    const alto = buildAlto({
      pageNumber: 1,
      width: 800,
      height: 600,
      sourceFileName: 'page.png',
      softwareName: 'tesseract.js',
      softwareVersion: '7',
      processingSettings: 'languages=vie+eng; rotation=180',
      blocks: [
        {
          bbox: { x0: 0, y0: 0, x1: 800, y1: 100 },
          paragraphs: [
            {
              bbox: { x0: 0, y0: 0, x1: 800, y1: 100 },
              lines: [
                {
                  bbox: { x0: 5, y0: 10, x1: 200, y1: 30 },
                  words: [word('Lượn', 5, 91.4), word('slương', 60, 47)],
                },
              ],
            },
          ],
        },
      ],
    });
    const layout = readAltoLayout(alto, 'page.p001.alto.xml');
    expect(layout).toMatchObject({ width: 800, height: 600, rotation: 180 });
    expect(layout.lines).toEqual([
      {
        text: 'Lượn slương',
        box: { x: 5, y: 10, width: 195, height: 20 },
        words: [
          { text: 'Lượn', box: { x: 5, y: 10, width: 40, height: 20 }, confidence: 0.91 },
          { text: 'slương', box: { x: 60, y: 10, width: 40, height: 20 }, confidence: 0.47 },
        ],
      },
    ]);
  });

  it('refuses a document that is not ALTO, naming the file', () => {
    expect(() => readAltoLayout('<html/>', 'x.alto.xml')).toThrow(DocumentFormatError);
    expect(() => readAltoLayout('<alto><Layout/></alto>', 'y.alto.xml')).toThrow(/y\.alto\.xml/);
  });
});

import { DOMParser, type Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { buildAlto } from '../../../src/media/ocr/alto.js';
import type { RecognizedBlock, RecognizedWord } from '../../../src/media/ocr/recognized-layout.js';

const word = (text: string, x0: number, x1: number, confidence = 90): RecognizedWord => ({
  text,
  confidence,
  bbox: { x0, y0: 10, x1, y1: 30 },
});

const line = (words: RecognizedWord[]) => ({ bbox: { x0: 0, y0: 10, x1: 400, y1: 30 }, words });

const blocks: RecognizedBlock[] = [
  {
    bbox: { x0: 0, y0: 0, x1: 400, y1: 100 },
    paragraphs: [
      {
        bbox: { x0: 0, y0: 0, x1: 400, y1: 100 },
        lines: [
          line([
            word('Hát', 10, 60, 96.4),
            word('"then"', 70, 150, 41),
            word('<&>', 160, 200, 100),
          ]),
          line([word('lượn'.normalize('NFD'), 10, 90, 80)]),
        ],
      },
    ],
  },
  // A picture: a block with no words.
  { bbox: { x0: 0, y0: 200, x1: 100, y1: 300 }, paragraphs: [] },
];

function build(): Element {
  const xml = buildAlto({
    pageNumber: 3,
    width: 800,
    height: 600,
    sourceFileName: 'song & book.tif',
    blocks,
    softwareName: 'tesseract.js',
    softwareVersion: '7.0.0',
    processingSettings: 'languages=vie+eng; rotation=180',
  });
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const document = new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(xml, 'text/xml');
  return document.documentElement as Element;
}

const elements = (root: Element, name: string) => Array.from(root.getElementsByTagName(name));

describe('ALTO v4 from the recognised layout', () => {
  it('is an ALTO v4 document with the page size, number and source file', () => {
    const alto = build();
    expect(alto.localName).toBe('alto');
    expect(alto.namespaceURI).toBe('http://www.loc.gov/standards/alto/ns-v4#');
    const page = elements(alto, 'Page')[0];
    expect(page?.getAttribute('WIDTH')).toBe('800');
    expect(page?.getAttribute('HEIGHT')).toBe('600');
    expect(page?.getAttribute('PHYSICAL_IMG_NR')).toBe('3');
    expect(elements(alto, 'fileName')[0]?.textContent).toBe('song & book.tif');
    expect(elements(alto, 'MeasurementUnit')[0]?.textContent).toBe('pixel');
    expect(elements(alto, 'processingStepSettings')[0]?.textContent).toBe(
      'languages=vie+eng; rotation=180',
    );
  });

  it('writes one String per word with its box, confidence from 0 to 1 and exact content', () => {
    const strings = elements(build(), 'String');
    expect(strings.map((each) => each.getAttribute('CONTENT'))).toEqual([
      'Hát',
      '"then"',
      '<&>',
      'lượn',
    ]);
    const [first] = strings;
    expect(first?.getAttribute('HPOS')).toBe('10');
    expect(first?.getAttribute('VPOS')).toBe('10');
    expect(first?.getAttribute('WIDTH')).toBe('50');
    expect(first?.getAttribute('HEIGHT')).toBe('20');
    expect(strings.map((each) => each.getAttribute('WC'))).toEqual([
      '0.96',
      '0.41',
      '1.00',
      '0.80',
    ]);
  });

  it('writes word text in NFC even when tesseract gives it decomposed', () => {
    const last = elements(build(), 'String').at(-1)?.getAttribute('CONTENT') ?? '';
    expect(last).toBe('lượn'.normalize('NFC'));
    expect(last).toBe(last.normalize('NFC'));
  });

  it('puts a space between the words of a line, spanning the gap', () => {
    const lines = elements(build(), 'TextLine');
    expect(lines).toHaveLength(2);
    const spaces = elements(lines[0] as Element, 'SP');
    expect(spaces.map((each) => [each.getAttribute('HPOS'), each.getAttribute('WIDTH')])).toEqual([
      ['60', '10'],
      ['150', '10'],
    ]);
    expect(elements(lines[1] as Element, 'SP')).toHaveLength(0);
  });

  it('leaves out blocks without words and gives every element a unique ID', () => {
    const alto = build();
    expect(elements(alto, 'ComposedBlock')).toHaveLength(1);
    const ids = ['ComposedBlock', 'TextBlock', 'TextLine', 'String'].flatMap((name) =>
      elements(alto, name).map((each) => each.getAttribute('ID')),
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id?.includes('_3_'))).toBe(true);
  });
});

/**
 * Reads the layout (blocks, paragraphs, lines, words with boxes and confidences) back
 * out of tesseract's hOCR, so that ALTO is built from the very words the hOCR holds and
 * tesseract.js need not also serialise its much larger JSON layout. The `title`
 * properties follow the hOCR 1.2 specification (`bbox x0 y0 x1 y1; x_wconf n`).
 */
import type { Element } from '@xmldom/xmldom';
import type {
  BoundingBox,
  RecognizedBlock,
  RecognizedLine,
  RecognizedParagraph,
  RecognizedWord,
} from './recognized-layout.js';

/** The classes tesseract gives text lines: plain lines, captions, headings and floating text. */
const lineClasses = new Set(['ocr_line', 'ocr_caption', 'ocr_header', 'ocr_textfloat']);

/** The page's blocks in reading order, from its `ocr_page` element. */
export function readHocrLayout(page: Element): RecognizedBlock[] {
  return childrenWithClass(page, (name) => name === 'ocr_carea').map((area) => ({
    bbox: boundingBox(area),
    paragraphs: childrenWithClass(area, (name) => name === 'ocr_par').map(
      (paragraph): RecognizedParagraph => ({
        bbox: boundingBox(paragraph),
        lines: childrenWithClass(paragraph, (name) => lineClasses.has(name)).map(
          (line): RecognizedLine => ({
            bbox: boundingBox(line),
            words: childrenWithClass(line, (name) => name === 'ocrx_word').map(
              (word): RecognizedWord => ({
                text: (word.textContent ?? '').normalize('NFC'),
                confidence: titleNumber(word, 'x_wconf') ?? 0,
                bbox: boundingBox(word),
              }),
            ),
          }),
        ),
      }),
    ),
  }));
}

function childrenWithClass(parent: Element, test: (className: string) => boolean): Element[] {
  return Array.from(parent.childNodes).filter(
    (node): node is Element =>
      node.nodeType === 1 && test((node as Element).getAttribute('class') ?? ''),
  );
}

function boundingBox(element: Element): BoundingBox {
  const match = /(?:^|;)\s*bbox (\d+) (\d+) (\d+) (\d+)/.exec(element.getAttribute('title') ?? '');
  if (!match) throw new Error(`hOCR element ${element.getAttribute('id')} has no bbox`);
  const [x0, y0, x1, y1] = match.slice(1).map(Number) as [number, number, number, number];
  return { x0, y0, x1, y1 };
}

function titleNumber(element: Element, property: string): number | undefined {
  const match = new RegExp(`(?:^|;)\\s*${property} ([\\d.]+)`).exec(
    element.getAttribute('title') ?? '',
  );
  return match ? Number(match[1]) : undefined;
}

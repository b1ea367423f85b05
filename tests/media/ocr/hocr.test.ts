import { DOMParser, type Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { buildHocr } from '../../../src/media/ocr/hocr-document.js';

// The shape of what tesseract.js returns: the ocr_page div alone, single-quoted attributes.
const fragment = `<div class='ocr_page' id='page_1' title='image "unknown"; bbox 0 0 640 480; ppageno 0; scan_res 300 300'>
 <div class='ocr_carea' id='block_1_1' title="bbox 36 92 618 361">
  <p class='ocr_par' id='par_1_1' lang='vie' title="bbox 36 92 618 361">
   <span class='ocr_line' id='line_1_1' title="bbox 36 92 580 122; baseline 0 -6">
    <span class='ocrx_word' id='word_1_1' title='bbox 36 92 96 116; x_wconf 95'>${'lượn'.normalize('NFD')}</span>
    <span class='ocrx_word' id='word_1_2' title='bbox 109 92 129 116; x_wconf 90'>&lt;then&gt;</span>
   </span>
  </p>
 </div>
</div>`;

function parse(xml: string): Element {
  return new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(xml, 'text/xml').documentElement as Element;
}

const build = () =>
  buildHocr({
    pageFragment: fragment,
    pageNumber: 4,
    sourceFileName: 'book "B".tif',
    language: 'vie',
    softwareVersion: 'tesseract.js 7.0.0',
  });

describe('hOCR document for one page', () => {
  it('is an XHTML document with the page in the XHTML namespace', () => {
    const { xml } = build();
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<!DOCTYPE html PUBLIC/);
    const html = parse(xml);
    expect(html.namespaceURI).toBe('http://www.w3.org/1999/xhtml');
    expect(html.getAttribute('lang')).toBe('vie');
    const words = Array.from(html.getElementsByTagName('span')).filter(
      (span) => span.getAttribute('class') === 'ocrx_word',
    );
    expect(words.map((span) => span.namespaceURI)).toEqual([
      'http://www.w3.org/1999/xhtml',
      'http://www.w3.org/1999/xhtml',
    ]);
    expect(words.map((span) => span.textContent)).toEqual(['lượn'.normalize('NFC'), '<then>']);
  });

  it('names the source file and the page number in the head and the page title', () => {
    const html = parse(build().xml);
    expect(html.getElementsByTagName('title')[0]?.textContent).toBe('book "B".tif');
    const ocrSystem = Array.from(html.getElementsByTagName('meta')).find(
      (meta) => meta.getAttribute('name') === 'ocr-system',
    );
    expect(ocrSystem?.getAttribute('content')).toBe('tesseract.js 7.0.0');
    const page = Array.from(html.getElementsByTagName('div')).find(
      (div) => div.getAttribute('class') === 'ocr_page',
    );
    expect(page?.getAttribute('title')).toBe(
      'image "book _B_.tif"; bbox 0 0 640 480; ppageno 3; scan_res 300 300',
    );
  });

  it('is entirely NFC', () => {
    const { xml } = build();
    expect(xml).toBe(xml.normalize('NFC'));
  });

  it('reads the layout back with boxes, confidences and NFC text, for ALTO', () => {
    const [block] = build().blocks;
    expect(block?.bbox).toEqual({ x0: 36, y0: 92, x1: 618, y1: 361 });
    const words = block?.paragraphs[0]?.lines[0]?.words ?? [];
    expect(words).toEqual([
      { text: 'lượn'.normalize('NFC'), confidence: 95, bbox: { x0: 36, y0: 92, x1: 96, y1: 116 } },
      { text: '<then>', confidence: 90, bbox: { x0: 109, y0: 92, x1: 129, y1: 116 } },
    ]);
  });

  it('reads captions and headings as lines too', () => {
    const withCaption = fragment.replace("class='ocr_line'", "class='ocr_caption'");
    const { blocks } = buildHocr({
      pageFragment: withCaption,
      pageNumber: 1,
      sourceFileName: 'a.tif',
      language: 'vie',
      softwareVersion: 'x',
    });
    expect(blocks[0]?.paragraphs[0]?.lines[0]?.words).toHaveLength(2);
  });

  it('refuses a fragment that is not well-formed', () => {
    expect(() =>
      buildHocr({
        pageFragment: "<div class='ocr_page'><span>",
        pageNumber: 1,
        sourceFileName: 'a.tif',
        language: 'eng',
        softwareVersion: 'x',
      }),
    ).toThrow('malformed hOCR');
  });
});

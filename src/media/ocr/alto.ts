/**
 * ALTO v4 for one page, built from the layout tesseract recognised. Written here because the
 * WebAssembly build of tesseract that tesseract.js runs does not include tesseract's
 * ALTO renderer; the structure follows it (ComposedBlock per block, TextBlock per
 * paragraph, TextLine, String with WC, SP between words). xmldom builds the tree, so
 * escaping is the serializer's job, not string pasting.
 */
import { DOMImplementation, type Element, XMLSerializer } from '@xmldom/xmldom';
import type { BoundingBox, RecognizedBlock, RecognizedWord } from './recognized-layout.js';

export const altoNamespace = 'http://www.loc.gov/standards/alto/ns-v4#';
const xsiNamespace = 'http://www.w3.org/2001/XMLSchema-instance';
const altoSchemaLocation = `${altoNamespace} http://www.loc.gov/alto/v4/alto-4-4.xsd`;

export interface AltoPage {
  pageNumber: number;
  width: number;
  height: number;
  /** Name of the scanned file the page came from. */
  sourceFileName: string;
  blocks: readonly RecognizedBlock[];
  softwareName: string;
  softwareVersion: string;
  /** How the page was processed, e.g. `languages=vie+eng; rotation=180`. */
  processingSettings: string;
}

/** Serialises one page as an ALTO v4 document (UTF-8, word text in NFC). */
export function buildAlto(page: AltoPage): string {
  const document = new DOMImplementation().createDocument(altoNamespace, 'alto', null);
  const alto = document.documentElement as Element;
  alto.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:xsi', xsiNamespace);
  alto.setAttributeNS(xsiNamespace, 'xsi:schemaLocation', altoSchemaLocation);

  const add = (
    parent: Element,
    name: string,
    attributes: Record<string, string | number> = {},
  ): Element => {
    const element = document.createElementNS(altoNamespace, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
    parent.appendChild(element);
    return element;
  };
  const addText = (parent: Element, name: string, text: string): void => {
    add(parent, name).appendChild(document.createTextNode(text));
  };

  const description = add(alto, 'Description');
  addText(description, 'MeasurementUnit', 'pixel');
  addText(add(description, 'sourceImageInformation'), 'fileName', page.sourceFileName);
  const processing = add(description, 'Processing', { ID: 'OCR_0' });
  addText(processing, 'processingCategory', 'contentGeneration');
  addText(processing, 'processingStepSettings', page.processingSettings);
  const software = add(processing, 'processingSoftware');
  addText(software, 'softwareName', page.softwareName);
  addText(software, 'softwareVersion', page.softwareVersion);

  const layout = add(alto, 'Layout');
  const pageElement = add(layout, 'Page', {
    ID: `page_${page.pageNumber}`,
    PHYSICAL_IMG_NR: page.pageNumber,
    WIDTH: page.width,
    HEIGHT: page.height,
  });
  const printSpace = add(pageElement, 'PrintSpace', {
    HPOS: 0,
    VPOS: 0,
    WIDTH: page.width,
    HEIGHT: page.height,
  });

  const ids = { cblock: 0, block: 0, line: 0, string: 0 };
  const nextId = (kind: keyof typeof ids) => `${kind}_${page.pageNumber}_${ids[kind]++}`;
  for (const block of page.blocks) {
    // Blocks without words (pictures, rules, noise) carry no text to index.
    if (
      !block.paragraphs.some((paragraph) => paragraph.lines.some((line) => line.words.length > 0))
    )
      continue;
    const composed = add(printSpace, 'ComposedBlock', { ID: nextId('cblock'), ...box(block.bbox) });
    for (const paragraph of block.paragraphs) {
      const textBlock = add(composed, 'TextBlock', { ID: nextId('block'), ...box(paragraph.bbox) });
      for (const line of paragraph.lines) {
        if (line.words.length === 0) continue;
        const textLine = add(textBlock, 'TextLine', { ID: nextId('line'), ...box(line.bbox) });
        line.words.forEach((word, index) => {
          if (index > 0) add(textLine, 'SP', space(line.words[index - 1] as RecognizedWord, word));
          add(textLine, 'String', {
            ID: nextId('string'),
            ...box(word.bbox),
            WC: (Math.min(100, Math.max(0, word.confidence)) / 100).toFixed(2),
            CONTENT: word.text.normalize('NFC'),
          });
        });
      }
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(document)}\n`;
}

function box(bbox: BoundingBox): Record<string, number> {
  return { HPOS: bbox.x0, VPOS: bbox.y0, WIDTH: bbox.x1 - bbox.x0, HEIGHT: bbox.y1 - bbox.y0 };
}

/** The gap between two words on a line (never negative when boxes overlap). */
function space(before: RecognizedWord, after: RecognizedWord): Record<string, number> {
  return {
    HPOS: before.bbox.x1,
    VPOS: before.bbox.y0,
    WIDTH: Math.max(0, after.bbox.x0 - before.bbox.x1),
  };
}

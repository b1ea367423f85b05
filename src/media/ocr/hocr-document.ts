/**
 * A complete hOCR (XHTML) document for one page. tesseract.js returns only the page's
 * `<div class='ocr_page'>`; the head carries what tesseract's own hOCR renderer writes.
 */
import { DOMParser, type Document, type Element, XMLSerializer } from '@xmldom/xmldom';
import { readHocrLayout } from './hocr-layout.js';
import type { RecognizedBlock } from './recognized-layout.js';

const xhtmlNamespace = 'http://www.w3.org/1999/xhtml';
const xmlNamespace = 'http://www.w3.org/XML/1998/namespace';
const doctype =
  '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';
const capabilities = 'ocr_page ocr_carea ocr_par ocr_line ocrx_word ocrp_wconf ocrp_lang';

export interface HocrPage {
  /** tesseract.js's `ocr_page` element for the page, as XML text. */
  pageFragment: string;
  pageNumber: number;
  /** Name of the scanned file the page came from. */
  sourceFileName: string;
  /** The main OCR language, as the document's language. */
  language: string;
  softwareVersion: string;
}

/** The XHTML document, and the layout read from it (for ALTO). */
export interface HocrDocument {
  xml: string;
  blocks: RecognizedBlock[];
}

/** Wraps a page fragment in an XHTML hOCR document, with its text in NFC. */
export function buildHocr(page: HocrPage): HocrDocument {
  // Parsing the fragment inside the XHTML skeleton puts it in the XHTML namespace and
  // proves it well-formed; everything set afterwards is escaped by the serializer.
  const document = parse(
    `<html xmlns="${xhtmlNamespace}"><head><title/>` +
      '<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>' +
      `<meta name="ocr-system"/><meta name="ocr-capabilities" content="${capabilities}"/>` +
      `</head><body>${page.pageFragment}</body></html>`,
  );
  const html = document.documentElement as Element;
  html.setAttribute('lang', page.language);
  html.setAttributeNS(xmlNamespace, 'xml:lang', page.language);
  const title = html.getElementsByTagName('title')[0] as Element;
  title.appendChild(document.createTextNode(page.sourceFileName));
  const ocrSystem = findElement(
    html,
    'meta',
    (element) => element.getAttribute('name') === 'ocr-system',
  );
  ocrSystem.setAttribute('content', page.softwareVersion);

  const pageDiv = findElement(
    html,
    'div',
    (element) => element.getAttribute('class') === 'ocr_page',
  );
  // tesseract.js names an image it never saw by name, and page 0 for every page.
  const pageTitle = (pageDiv.getAttribute('title') ?? '')
    .replace(/image "[^"]*"/, `image "${page.sourceFileName.replace(/["\\;]/g, '_')}"`)
    .replace(/ppageno \d+/, `ppageno ${page.pageNumber - 1}`);
  pageDiv.setAttribute('title', pageTitle);

  const xml = new XMLSerializer().serializeToString(html).normalize('NFC');
  return {
    xml: `<?xml version="1.0" encoding="UTF-8"?>\n${doctype}\n${xml}\n`,
    blocks: readHocrLayout(pageDiv),
  };
}

function parse(xml: string): Document {
  return new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(`tesseract.js returned malformed hOCR: ${message}`);
    },
  }).parseFromString(xml, 'text/xml');
}

function findElement(root: Element, tag: string, test: (element: Element) => boolean): Element {
  const found = Array.from(root.getElementsByTagName(tag)).find(test);
  if (!found) throw new Error(`tesseract.js returned hOCR without the expected <${tag}>`);
  return found;
}

import { parseXmlSafely, type XmlElement } from '../../formats/xml/safe-xml.js';

/** A text line's rectangle on the upright page, in pixels. */
export interface LineBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** The lines of one OCR page, as its ALTO or hOCR document lays them out. */
export interface PageLayout {
  /** Size of the upright page the boxes refer to. */
  width: number;
  height: number;
  /** Clockwise turn that set the scan upright before recognition (0 when unknown). */
  rotation: 0 | 90 | 180 | 270;
  lines: LineBox[];
}

/**
 * Reads page size and line boxes from an ALTO (v2-v4) or hOCR document, refusing DTDs
 * and entities (see `parseXmlSafely`). hOCR's standard XHTML doctype, which declares
 * nothing, is dropped before parsing; any other is refused.
 */
export function readPageLayout(document: string, sourceName: string): PageLayout {
  const xhtmlDoctype = /^(\s*<\?xml[^>]*\?>)?\s*<!DOCTYPE html PUBLIC "[^"[\]]*" "[^"[\]]*">/;
  const root = parseXmlSafely(document.replace(xhtmlDoctype, '$1'), { sourceName });
  return localName(root.name) === 'alto'
    ? altoLayout(root, sourceName)
    : hocrLayout(root, sourceName);
}

function altoLayout(root: XmlElement, sourceName: string): PageLayout {
  const page = find(root, (element) => localName(element.name) === 'Page');
  if (!page) throw new Error(`${sourceName}: ALTO document has no Page`);
  const settings = find(root, (element) => localName(element.name) === 'processingStepSettings');
  const lines = findAll(page, (element) => localName(element.name) === 'TextLine').map((line) => ({
    left: number(line, 'HPOS', sourceName),
    top: number(line, 'VPOS', sourceName),
    width: number(line, 'WIDTH', sourceName),
    height: number(line, 'HEIGHT', sourceName),
  }));
  return {
    width: number(page, 'WIDTH', sourceName),
    height: number(page, 'HEIGHT', sourceName),
    rotation: rotationOf(/rotation=(\d+)/.exec(settings?.text ?? '')?.[1]),
    lines,
  };
}

function hocrLayout(root: XmlElement, sourceName: string): PageLayout {
  const page = find(root, (element) => classes(element).includes('ocr_page'));
  if (!page) throw new Error(`${sourceName}: neither ALTO nor hOCR (no ocr_page element)`);
  const [, , pageWidth, pageHeight] = bbox(page, sourceName);
  const lines = findAll(page, (element) => classes(element).includes('ocr_line')).map((line) => {
    const [x0, y0, x1, y1] = bbox(line, sourceName);
    return { left: x0, top: y0, width: x1 - x0, height: y1 - y0 };
  });
  // hOCR boxes refer to the image as recognised; the turn is not recorded in it.
  return { width: pageWidth, height: pageHeight, rotation: 0, lines };
}

function bbox(element: XmlElement, sourceName: string): [number, number, number, number] {
  const match = /bbox (\d+) (\d+) (\d+) (\d+)/.exec(element.attributes.title ?? '');
  if (!match)
    throw new Error(`${sourceName} line ${element.line}: ${element.name} has no bbox in its title`);
  return [Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4])];
}

function number(element: XmlElement, attribute: string, sourceName: string): number {
  const value = Number(element.attributes[attribute]);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(
      `${sourceName} line ${element.line}: ${element.name} ${attribute} is not a size in pixels`,
    );
  return Math.round(value);
}

function rotationOf(text: string | undefined): PageLayout['rotation'] {
  const degrees = Number(text);
  return degrees === 90 || degrees === 180 || degrees === 270 ? degrees : 0;
}

function classes(element: XmlElement): string[] {
  return (element.attributes.class ?? '').split(/\s+/);
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

function find(root: XmlElement, test: (element: XmlElement) => boolean): XmlElement | undefined {
  if (test(root)) return root;
  for (const child of root.children) {
    const found = find(child, test);
    if (found) return found;
  }
  return undefined;
}

function findAll(root: XmlElement, test: (element: XmlElement) => boolean): XmlElement[] {
  return [...(test(root) ? [root] : []), ...root.children.flatMap((child) => findAll(child, test))];
}

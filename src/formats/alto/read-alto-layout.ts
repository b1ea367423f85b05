import { DocumentFormatError } from '../errors.js';
import { parseXmlSafely, type XmlElement } from '../xml/safe-xml.js';

/** A box in page pixels: left, top, width, height (ALTO's HPOS, VPOS, WIDTH, HEIGHT). */
export interface PageBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LayoutWord {
  text: string;
  box: PageBox;
  /** ALTO's word confidence, 0 to 1; `null` when the file gives none. */
  confidence: number | null;
}

export interface LayoutLine {
  text: string;
  box: PageBox;
  words: LayoutWord[];
}

/** One page's OCR layout, in the pixels of the page as it was read. */
export interface PageLayout {
  width: number;
  height: number;
  /**
   * The clockwise turn OCR gave the page before reading it (0, 90, 180, 270), from the
   * processing settings heritage writes; boxes refer to the page turned so. 0 when unsaid.
   */
  rotation: number;
  lines: LayoutLine[];
}

/**
 * Reads the lines and words of an ALTO (v2 to v4) page: the first `Page` of the document,
 * every `TextLine` under it in document order, its `String`s with their boxes and `WC`.
 * Parsed by the project's safe XML reader (no DTD, no entities, bounded size).
 */
export function readAltoLayout(input: Uint8Array | string, sourceName: string): PageLayout {
  const root = parseXmlSafely(input, { sourceName });
  if (localName(root.name) !== 'alto')
    throw new DocumentFormatError(sourceName, `the root element is <${root.name}>, not <alto>`);
  const page = find(root, 'Page');
  if (!page) throw new DocumentFormatError(sourceName, 'no <Page> element');
  const lines: LayoutLine[] = [];
  for (const line of findAll(page, 'TextLine')) {
    const words = line.children
      .filter((child) => localName(child.name) === 'String')
      .map((word) => ({
        text: (word.attributes.CONTENT ?? '').normalize('NFC'),
        box: boxOf(word, sourceName),
        confidence: confidenceOf(word.attributes.WC),
      }));
    lines.push({
      text: words.map((word) => word.text).join(' '),
      box: boxOf(line, sourceName),
      words,
    });
  }
  const settings = find(root, 'processingStepSettings')?.text ?? '';
  const rotation = Number(/(?:^|;)\s*rotation=(0|90|180|270)\b/.exec(settings)?.[1] ?? 0);
  return {
    width: number(page, 'WIDTH', sourceName),
    height: number(page, 'HEIGHT', sourceName),
    rotation,
    lines,
  };
}

function boxOf(element: XmlElement, sourceName: string): PageBox {
  return {
    x: number(element, 'HPOS', sourceName),
    y: number(element, 'VPOS', sourceName),
    width: number(element, 'WIDTH', sourceName),
    height: number(element, 'HEIGHT', sourceName),
  };
}

function number(element: XmlElement, attribute: string, sourceName: string): number {
  const value = Number(element.attributes[attribute]);
  if (element.attributes[attribute] === undefined || !Number.isFinite(value))
    throw new DocumentFormatError(
      sourceName,
      `<${element.name}> has no numeric ${attribute} attribute`,
      { line: element.line },
    );
  return value;
}

function confidenceOf(value: string | undefined): number | null {
  if (value === undefined) return null;
  const confidence = Number(value);
  return Number.isFinite(confidence) && confidence >= 0 && confidence <= 1 ? confidence : null;
}

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

function find(element: XmlElement, name: string): XmlElement | undefined {
  for (const child of element.children) {
    if (localName(child.name) === name) return child;
    const found = find(child, name);
    if (found) return found;
  }
  return undefined;
}

function findAll(element: XmlElement, name: string, found: XmlElement[] = []): XmlElement[] {
  for (const child of element.children) {
    if (localName(child.name) === name) found.push(child);
    else findAll(child, name, found);
  }
  return found;
}

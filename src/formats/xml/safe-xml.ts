import { SaxesParser } from 'saxes';
import { DocumentFormatError } from '../errors.js';
import { decodeDocumentText, type ReadOptions } from '../text-decoding.js';

/** One element of a parsed XML document; comments and processing instructions are dropped. */
export interface XmlElement {
  name: string;
  /** Attributes in document order (null-prototype object: `__proto__` is just a name). */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own character data (text and CDATA), concatenated. */
  text: string;
  /** 1-based line of the start tag. */
  line: number;
}

/** Deeper nesting than any EAF document needs; stops stack exhaustion in recursive readers. */
const MAX_DEPTH = 64;

/**
 * Parses an XML document into a small element tree with `saxes`, which never expands
 * external entities. Any DOCTYPE is refused outright, so neither internal entity bombs
 * ("billion laughs") nor external entities (XXE) can be declared; input larger than
 * `maxBytes` is refused before parsing. Errors name the source, line and column.
 */
export function parseXmlSafely(input: Uint8Array | string, options: ReadOptions): XmlElement {
  const { sourceName } = options;
  const text = decodeDocumentText(input, options);
  const parser = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  parser.on('xmldecl', (declaration) => {
    const encoding = declaration.encoding?.toLowerCase();
    if (encoding !== undefined && !/^utf-?(8|16)$/.test(encoding)) {
      throw new DocumentFormatError(
        sourceName,
        `unsupported encoding "${declaration.encoding}" (use UTF-8)`,
        {
          line: parser.line,
        },
      );
    }
  });
  parser.on('doctype', () => {
    throw new DocumentFormatError(
      sourceName,
      'DOCTYPE declarations are refused: DTDs can declare entities that expand without bound or read local files',
      { line: parser.line },
    );
  });
  parser.on('opentag', (tag) => {
    if (stack.length >= MAX_DEPTH) {
      throw new DocumentFormatError(sourceName, `elements nested deeper than ${MAX_DEPTH} levels`, {
        line: parser.line,
      });
    }
    const element: XmlElement = {
      name: tag.name,
      attributes: tag.attributes as Record<string, string>,
      children: [],
      text: '',
      line: parser.line,
    };
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else root = element;
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const appendText = (data: string) => {
    const current = stack.at(-1);
    if (current) current.text += data;
  };
  parser.on('text', appendText);
  parser.on('cdata', appendText);

  try {
    parser.write(text).close();
  } catch (error) {
    if (error instanceof DocumentFormatError) throw error;
    // saxes prefixes its messages with "<line>:<column>: "; the location goes in our own prefix.
    const problem = (error as Error).message.replace(/^\d+:\d+: /, '');
    throw new DocumentFormatError(sourceName, `not well-formed XML: ${problem}`, {
      line: parser.line,
      column: parser.column,
    });
  }
  if (!root) throw new DocumentFormatError(sourceName, 'document has no root element');
  return root;
}

import { DEFAULT_MAX_DOCUMENT_BYTES } from './document-limits.js';
import { DocumentFormatError } from './errors.js';

/** Options shared by every document reader. */
export interface ReadOptions {
  /** Shown in every error message, e.g. the original file name. */
  sourceName: string;
  /** Larger inputs are refused before parsing (default {@link DEFAULT_MAX_DOCUMENT_BYTES}). */
  maxBytes?: number;
  /** Documents giving more annotations are refused (default `DEFAULT_MAX_ANNOTATIONS`). */
  maxAnnotations?: number;
}

/**
 * Turns document bytes into text: UTF-8 (with or without a byte order mark) or UTF-16
 * LE/BE with a byte order mark, as Praat and ELAN write them. Refuses oversized input,
 * bytes that are not valid in the detected encoding, and NUL characters (a sign of
 * UTF-16 without a byte order mark), unless `nul` is `replace`: then each becomes
 * U+FFFD, as the WebVTT specification says.
 */
export function decodeDocumentText(
  input: Uint8Array | string,
  options: ReadOptions,
  { nul = 'refuse' }: { nul?: 'refuse' | 'replace' } = {},
): string {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > maxBytes) {
    throw new DocumentFormatError(
      options.sourceName,
      `document is ${size} bytes, more than the limit of ${maxBytes} bytes`,
    );
  }
  const text =
    typeof input === 'string'
      ? input.replace(/^\uFEFF/, '')
      : decodeBytes(input, options.sourceName);
  if (nul === 'replace') return text.replaceAll('\0', '\uFFFD');
  const nulAt = text.indexOf('\0');
  if (nulAt !== -1) {
    throw new DocumentFormatError(
      options.sourceName,
      'document contains NUL characters (UTF-16 without a byte order mark?)',
      { line: lineOfOffset(text, nulAt) },
    );
  }
  return text;
}

function decodeBytes(bytes: Uint8Array, sourceName: string): string {
  const [encoding, bomLength] = detectEncoding(bytes);
  try {
    // The byte order mark is cut off above; a second one is text (WebVTT refuses it).
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(
      bytes.subarray(bomLength),
    );
  } catch {
    const hint = bomLength === 0 && bytes.includes(0) ? ' (UTF-16 without a byte order mark?)' : '';
    throw new DocumentFormatError(
      sourceName,
      `document is not valid ${encoding.toUpperCase()}${hint}`,
    );
  }
}

function detectEncoding(bytes: Uint8Array): [encoding: string, bomLength: number] {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return ['utf-8', 3];
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return ['utf-16le', 2];
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return ['utf-16be', 2];
  return ['utf-8', 0];
}

/** 1-based line number of a character offset. */
function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (
    let index = text.indexOf('\n');
    index !== -1 && index < offset;
    index = text.indexOf('\n', index + 1)
  ) {
    line += 1;
  }
  return line;
}

import { open } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import {
  acceptedBinaryFormats,
  kindSuggestedByName,
  kindsAgree,
  type MediaKind,
  type TranscriptFormat,
  transcriptFormats,
} from '../../../model/media-formats.js';
import { readTiffDirectories, type TiffPageHeader } from './tiff-directories.js';

export interface DetectedFormat {
  kind: MediaKind;
  mediaType: string;
  /** Short format name: `flac`, `tif`, `eaf`, ... */
  format: string;
}

/** A file the batch goes on without, with the reason an archivist can act on. */
export class QuarantineReason extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuarantineReason';
  }
}

/** How much of a file's head is read to recognise a transcript from its text. */
const HEAD_BYTES = 64 * 1024;

/**
 * Recognises a file from its bytes (magic numbers, then the shape of its text); the
 * name's extension is only a hint, and a file whose content contradicts it is
 * refused rather than archived under the wrong label.
 */
export async function detectFormat(file: string, name: string): Promise<DetectedFormat> {
  const head = await readHead(file);
  if (head.length === 0) throw new QuarantineReason('is empty (0 bytes)');
  const detected = (await detectBinary(file)) ?? detectTranscript(head);
  if (!detected) {
    if (isTiffHeader(head)) await readTiffOrRefuse(file);
    throw new QuarantineReason('has content of an unknown or unsupported type');
  }
  const suggested = kindSuggestedByName(name);
  if (suggested && !kindsAgree(suggested, detected.kind)) {
    throw new QuarantineReason(
      `is named as ${suggested} (${name.split('.').pop()}) but its content is ${detected.mediaType}`,
    );
  }
  return detected;
}

async function readHead(file: string): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/**
 * Magic numbers, read from the file with random access rather than from its head: a
 * TIFF's header points to its image directory, which scanning software often writes
 * at the end of the file, and file-type must follow that pointer to tell a TIFF from
 * the camera raw formats built on it.
 */
async function detectBinary(file: string): Promise<DetectedFormat | undefined> {
  const type = await fileTypeFromFile(file);
  if (!type) return undefined;
  const kind = acceptedBinaryFormats[type.ext];
  if (!kind) return undefined;
  return { kind, mediaType: type.mime, format: type.ext };
}

function isTiffHeader(head: Buffer): boolean {
  const order = head.toString('latin1', 0, 4);
  return order === 'II*\0' || order === 'MM\0*';
}

/** A TIFF's page directories; one that cannot be followed was cut short or damaged, and is refused. */
export async function readTiffOrRefuse(file: string): Promise<TiffPageHeader[]> {
  try {
    return await readTiffDirectories(file);
  } catch (error) {
    throw new QuarantineReason(
      `is truncated or damaged beyond reading: ${(error as Error).message}`,
    );
  }
}

function detectTranscript(head: Buffer): DetectedFormat | undefined {
  const text = decodeText(head);
  if (text === undefined) return undefined;
  const format = transcriptFormatOf(text);
  if (!format) return undefined;
  return { kind: 'transcript', mediaType: transcriptFormats[format], format };
}

function transcriptFormatOf(text: string): TranscriptFormat | undefined {
  const start = text.trimStart();
  if (start.startsWith('<')) return /<ANNOTATION_DOCUMENT[\s>]/.test(text) ? 'eaf' : undefined;
  if (/^File type\s*=\s*"ooTextFile"/.test(start) && /Object class\s*=\s*"TextGrid"/.test(start))
    return 'textgrid';
  if (/^WEBVTT(\s|$)/.test(start)) return 'vtt';
  if (/^\d+\s*\r?\n\d{1,2}:\d{2}:\d{2}[,.]\d{3}\s*-->/.test(start)) return 'srt';
  return 'txt';
}

/** Text in UTF-8 or UTF-16 (with a BOM), or undefined for bytes that are not text. */
function decodeText(head: Buffer): string | undefined {
  const encoding =
    head[0] === 0xff && head[1] === 0xfe
      ? 'utf-16le'
      : head[0] === 0xfe && head[1] === 0xff
        ? 'utf-16be'
        : 'utf-8';
  try {
    // `stream: true` so that a character cut at the end of the head is not an error.
    const text = new TextDecoder(encoding, { fatal: true }).decode(head, { stream: true });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control bytes are what mark binary data
    return /[\u0000-\u0008\u000E-\u001F]/.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

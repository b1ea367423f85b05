import { fileTypeFromFile } from 'file-type';
import { BadImageError } from './errors.js';

/** The formats OCR accepts, by media type detected from the content (never the name). */
export const ocrInputFormats = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/webp': 'webp',
  'image/tiff': 'tiff',
  'application/pdf': 'pdf',
} as const;

export type OcrInputFormat = (typeof ocrInputFormats)[keyof typeof ocrInputFormats];

/** Detects the file's format from its bytes; anything else is a `BadImageError`. */
export async function detectOcrInputFormat(file: string): Promise<OcrInputFormat> {
  let detected: Awaited<ReturnType<typeof fileTypeFromFile>>;
  try {
    detected = await fileTypeFromFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR') {
      throw new BadImageError(file, code === 'ENOENT' ? 'no such file' : 'is a directory');
    }
    throw error;
  }
  const format = detected && (ocrInputFormats as Record<string, OcrInputFormat>)[detected.mime];
  if (!format) {
    const what = detected ? `${detected.mime} content` : 'content of no known format';
    throw new BadImageError(file, `cannot OCR ${what}: accepted are PNG, JPEG, WebP, TIFF and PDF`);
  }
  return format;
}

import { z } from 'zod';
import { defaultMinOrientationConfidence } from './orientation.js';

/** Every option of the OCR engine, with its default. The `ocr` settings fit it as they are. */
export const ocrEngineOptionsSchema = z.object({
  /** tesseract languages, `+`-joined; each needs its npm package `@tesseract.js-data/<code>`. */
  languages: z
    .string()
    .regex(
      /^[a-z][a-z0-9_]{2,}(\+[a-z][a-z0-9_]{2,})*$/,
      'write languages as tesseract does, e.g. vie+eng',
    )
    .default('vie+eng'),
  /** tesseract.js workers kept warm; each recognises one page at a time. */
  workers: z.number().int().min(1).max(32).default(2),
  /** Pages whose mean word confidence (0-100) is below this are flagged `needsReview`. */
  reviewBelowConfidence: z.number().min(0).max(100).default(60),
  /** Largest page accepted, in megapixels; larger ones are refused before they are decoded. */
  maxMegapixels: z.number().positive().default(120),
  /** Most pages accepted in one file. */
  maxPages: z.number().int().positive().default(1000),
  /** Set pages turned by 90, 180 or 270 degrees upright (needs `@tesseract.js-data/osd`). */
  detectOrientation: z.boolean().default(true),
  /**
   * A first reading with at least this mean confidence is taken as upright; below it,
   * orientation is detected and a turned page is read again. Upright text reads at
   * 90-95, upside-down text at about 50.
   */
  orientationCheckBelowConfidence: z.number().min(0).max(101).default(80),
  /** Least orientation margin that turns a page; tesseract's own `min_orientation_margin`. */
  minOrientationConfidence: z.number().min(0).default(defaultMinOrientationConfidence),
  /** Resolution PDF pages are rendered at. */
  pdfDpi: z.number().int().min(72).max(1200).default(300),
  /** Longest one poppler call (render, text layer) may take for one page. */
  toolTimeoutMs: z.number().int().positive().default(120_000),
  /** Longest a tesseract.js worker may take to start. */
  startTimeoutMs: z.number().int().positive().default(60_000),
});

export type OcrEngineOptions = z.input<typeof ocrEngineOptionsSchema>;
export type OcrEngineSettings = z.output<typeof ocrEngineOptionsSchema>;

/** Validates engine options, naming every wrong one in a single error. */
export function parseOcrEngineOptions(options: OcrEngineOptions): OcrEngineSettings {
  const parsed = ocrEngineOptionsSchema.safeParse(options);
  if (!parsed.success)
    throw new Error(`invalid OCR engine options:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

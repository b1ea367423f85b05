import { z } from 'zod';
import { ocrInputFormats } from './input-format.js';

const nfcText = z
  .string()
  .refine((text) => text === text.normalize('NFC'), 'text must be Unicode NFC');

/** What OCR produced for one page. Plain JSON: it goes into job results as it is. */
export const ocrPageResultSchema = z.object({
  /** 1-based, in the order of the file. */
  pageNumber: z.number().int().positive(),
  /** Size in pixels of the page as recognised (upright); ALTO and hOCR boxes refer to it. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** Resolution the file declares (PDF: the render resolution); `null` when unknown. */
  dpi: z.number().positive().nullable(),
  orientation: z.object({
    /** The clockwise turn applied to set the page upright before it was read. */
    rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
    /** Whether orientation detection ran (it does when the first reading is doubtful). */
    checked: z.boolean(),
    /** Tesseract's margin for the orientation it found; `null` when unchecked or no text was found. */
    confidence: z.number().nullable(),
  }),
  text: nfcText,
  /** XHTML hOCR document. */
  hocr: nfcText,
  /** ALTO v4 document with word boxes and word confidences. */
  alto: nfcText,
  /** Tesseract's mean word confidence, 0 to 100 (0 when no word was found). */
  meanConfidence: z.number().min(0).max(100),
  wordCount: z.number().int().nonnegative(),
  /** Mean confidence below the engine's `reviewBelowConfidence`. */
  needsReview: z.boolean(),
  /** Text a PDF page already carried; `null` for images and pages without a text layer. */
  textLayer: nfcText.nullable(),
});

/** What OCR produced for one file. */
export const ocrDocumentResultSchema = z.object({
  file: z.string(),
  format: z.enum(Object.values(ocrInputFormats)),
  languages: z.string(),
  engine: z.object({
    name: z.literal('tesseract.js'),
    version: z.string(),
    /** Version of the tesseract library inside tesseract.js. */
    tesseractVersion: z.string(),
  }),
  pageCount: z.number().int().positive(),
  pages: z.array(ocrPageResultSchema).min(1),
  /** Mean word confidence over the whole file, each word counted once. */
  meanConfidence: z.number().min(0).max(100),
  /** True when any page needs review. */
  needsReview: z.boolean(),
});

export type OcrPageResult = z.infer<typeof ocrPageResultSchema>;
export type OcrDocumentResult = z.infer<typeof ocrDocumentResultSchema>;

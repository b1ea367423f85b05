import type Tesseract from 'tesseract.js';
import type { LanguageDataFile } from './language-data.js';
import type { TesseractPoolSpec } from './tesseract-pool.js';

/** The child's one argument (as JSON): its worker's settings and the language files to link for it. */
export interface TesseractChildSpec extends Omit<TesseractPoolSpec, 'langPath' | 'size'> {
  languageData: LanguageDataFile[];
}

/** What a parent asks of its tesseract.js child process (`tesseract-child.ts`). */
export type TesseractChildRequest =
  | {
      id: number;
      kind: 'recognize';
      image: Uint8Array;
      parameters: Record<string, string>;
      output: Partial<Tesseract.OutputFormats>;
    }
  | { id: number; kind: 'detect'; image: Uint8Array };

/** What the child answers: once whether its worker started, then one answer per request. */
export type TesseractChildAnswer =
  | { kind: 'started' }
  | { kind: 'failed'; message: string }
  | {
      kind: 'answer';
      id: number;
      data: Tesseract.Page | Tesseract.DetectData;
      /** The child's resident memory once the request was done, in bytes. */
      rss: number;
    }
  | { kind: 'error'; id: number; message: string };

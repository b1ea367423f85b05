import type Tesseract from 'tesseract.js';

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
  | { kind: 'answer'; id: number; data: Tesseract.Page | Tesseract.DetectData }
  | { kind: 'error'; id: number; message: string };

import { z } from 'zod';
import type { Annotation } from '../../model/annotations/annotation-schema.js';
import type { ItemRecord } from '../../model/item-record.js';
import { ocrStepFacts } from './ocr-step-facts.js';

/**
 * Where a text came from, as AI training-data disclosure asks: typed or written by a
 * person (`human`), read by OCR (`ocr`), read by OCR and corrected by a person
 * (`ocr-corrected`), or made by a model (`machine`).
 */
export const textOriginKinds = ['human', 'ocr', 'ocr-corrected', 'machine'] as const;
export const textOriginKindSchema = z.enum(textOriginKinds);
export type TextOriginKind = (typeof textOriginKinds)[number];

export interface TextOrigin {
  origin: TextOriginKind;
  /** The software that read or made the text (`tesseract.js 5.1.1`); null for human text. */
  tool: string | null;
}

/**
 * The origin of annotations' text: `machine`, with its tool, when a model or recogniser
 * made it (recorded on import, `--made-by`); otherwise a person typed it in heritage or
 * in the transcripts and ELAN documents they deposited, and it is `human`. A row made of
 * several annotations (a transcript, a parallel pair) is `machine` when any of them is,
 * naming every tool, so that machine-made text is never counted as human.
 */
export function annotationOrigin(
  ...annotations: readonly Pick<Annotation, 'origin'>[]
): TextOrigin {
  const tools = [
    ...new Set(
      annotations.flatMap((annotation) => (annotation.origin ? [annotation.origin.tool] : [])),
    ),
  ].sort();
  return tools.length === 0
    ? { origin: 'human', tool: null }
    : { origin: 'machine', tool: tools.join(', ') };
}

/**
 * The origin of an OCR page's text: the engine the `ocr-page` step of the scan recorded;
 * a page a person corrected (the correction replaces the whole page) is `ocr-corrected`.
 */
export function ocrPageOrigin(
  record: ItemRecord,
  scanPath: string,
  corrected: boolean,
): TextOrigin {
  return {
    origin: corrected ? 'ocr-corrected' : 'ocr',
    tool: ocrStepFacts(record, scanPath)?.engine ?? 'unknown OCR engine',
  };
}

/** Why a row is left out by `--text-origin`. */
export function originNotAskedFor(origin: TextOriginKind): string {
  return `text origin ${origin} not asked for`;
}

/** Rows and characters (Unicode code points) of a split, by origin: `human`, `ocr (tesseract.js 5.1.1)`. */
export type OriginCounts = Record<string, { rows: number; characters: number }>;

/** Adds one row of `text` to the counts of its origin. */
export function countOrigin(counts: OriginCounts, origin: TextOrigin, text: string): void {
  const label = origin.tool === null ? origin.origin : `${origin.origin} (${origin.tool})`;
  const entry = counts[label] ?? { rows: 0, characters: 0 };
  entry.rows += 1;
  entry.characters += [...text].length;
  counts[label] = entry;
}

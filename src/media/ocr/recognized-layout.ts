/**
 * A page's layout as tesseract segments it (block > paragraph > line > word), as the
 * ALTO builder and the word statistics read it.
 */
export interface BoundingBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface RecognizedWord {
  text: string;
  /** 0 to 100. */
  confidence: number;
  bbox: BoundingBox;
}

export interface RecognizedLine {
  bbox: BoundingBox;
  words: readonly RecognizedWord[];
}

export interface RecognizedParagraph {
  bbox: BoundingBox;
  lines: readonly RecognizedLine[];
}

export interface RecognizedBlock {
  bbox: BoundingBox;
  paragraphs: readonly RecognizedParagraph[];
}

/** Every word of the page, in reading order. */
export function wordsOf(blocks: readonly RecognizedBlock[]): RecognizedWord[] {
  return blocks.flatMap((block) =>
    block.paragraphs.flatMap((paragraph) => paragraph.lines.flatMap((line) => line.words)),
  );
}

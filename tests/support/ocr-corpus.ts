/** The OCR pages of the shared corpus, each with its ground truth (see the corpus README). */
import path from 'node:path';
import { corpusFile } from './corpus.js';

const ocrCorpusDir = corpusFile('ocr');

export interface CorpusPage {
  name: string;
  image: string;
  truth: string;
}

const corpusPage = (image: string, truth: string): CorpusPage => ({
  name: image,
  image: path.join(ocrCorpusDir, image),
  truth: path.join(ocrCorpusDir, truth),
});

/** A clean 1-bit page, 640x480. */
export const phototest = corpusPage('phototest.tif', 'phototest.gold.txt');
/** The same page upside down. */
export const phototestRotated180 = corpusPage('phototest-rotated-180.png', 'phototest.gold.txt');
/** Multilingual text with diacritics and symbols. */
export const eurotext = corpusPage('eurotext.tif', 'eurotext.txt');
/** Real book pages, CCITT G4 TIFF; their truth covers only the text zones, so CER is an upper bound. */
export const unlvPages = [
  corpusPage('8071_093.3B.tif', '8071_093.3B.txt'),
  corpusPage('8087_054.3B.tif', '8087_054.3B.txt'),
];

/** Every page, the biggest first so that a pool working through them finishes early. */
export const allCorpusPages: CorpusPage[] = [
  ...unlvPages,
  eurotext,
  phototest,
  phototestRotated180,
];

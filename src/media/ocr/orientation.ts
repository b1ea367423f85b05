import sharp from 'sharp';
import { greyPixels, type PageImage } from './page-image.js';

/** Clockwise turn that makes a page upright. */
export type Rotation = 0 | 90 | 180 | 270;

/** The turn orientation detection calls for, and tesseract's margin for it. */
export interface OrientationDecision {
  rotation: Rotation;
  /** Tesseract's margin between the best and the second-best orientation; `null` when it found no text. */
  confidence: number | null;
}

/** Tesseract's own default for `min_orientation_margin`: below it, a page is left as it is. */
export const defaultMinOrientationConfidence = 7;

/** The part of tesseract's orientation detection (`DetectOS`) this decision reads. */
export interface DetectedOrientation {
  orientation_degrees: number | null;
  orientation_confidence: number | null;
}

/**
 * Turns tesseract's detection into a rotation. Tesseract reports how far the page is
 * turned counter-clockwise, which is the clockwise turn that sets it upright; an
 * unsure detection keeps the page as it is.
 */
export function decideRotation(
  detected: DetectedOrientation,
  minConfidence: number,
): OrientationDecision {
  const degrees = detected.orientation_degrees;
  const confidence = detected.orientation_confidence;
  if (degrees === null || confidence === null) return { rotation: 0, confidence: null };
  const rotation = isRotation(degrees) && confidence >= minConfidence ? degrees : 0;
  return { rotation, confidence };
}

function isRotation(degrees: number): degrees is Rotation {
  return degrees === 0 || degrees === 90 || degrees === 180 || degrees === 270;
}

/** The page turned clockwise by `rotation`, with width and height swapped for quarter turns. */
export async function rotatePage(page: PageImage, rotation: Rotation): Promise<PageImage> {
  if (rotation === 0) return page;
  const turned = await greyPixels(
    sharp(page.pixels, { raw: { width: page.width, height: page.height, channels: 1 } }).rotate(
      rotation,
    ),
  );
  return { ...page, ...turned };
}

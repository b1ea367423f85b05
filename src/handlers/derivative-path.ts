import path from 'node:path';

/**
 * Where a derivative of an original lives in the object:
 * `originals/tape1/then-001.wav` + (`audio`, `then-001.a0.training.wav`) ->
 * `derivatives/audio/tape1/then-001.a0.training.wav`.
 */
export function derivativePath(
  original: string,
  family: 'audio' | 'ocr' | 'transcripts',
  fileName: string,
): string {
  const folder = path.posix.dirname(original.replace(/^originals\//, ''));
  return path.posix.join('derivatives', family, folder === '.' ? '' : folder, fileName);
}

import { InvalidRangeError } from './errors.js';
import type { ByteRange } from './object-store.js';

/** A range with both ends known and inside the object. */
export interface ResolvedRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/** Refuses ranges that could never be satisfied, whatever the object's size. */
export function checkRangeShape(location: string, key: string, range: ByteRange): void {
  const { start, end } = range;
  if (!Number.isSafeInteger(start) || start < 0) {
    throw new InvalidRangeError(location, key, `start must be a whole number >= 0, got ${start}`);
  }
  if (end !== undefined && (!Number.isSafeInteger(end) || end < start)) {
    throw new InvalidRangeError(
      location,
      key,
      `end must be a whole number >= start (${start}), got ${end}`,
    );
  }
}

/**
 * Fits a range to an object of `size` bytes as HTTP does: an end past the last byte
 * is cut to it, a start past it is refused.
 */
export function resolveRange(
  location: string,
  key: string,
  range: ByteRange,
  size: number,
): ResolvedRange {
  checkRangeShape(location, key, range);
  if (range.start >= size) {
    throw new InvalidRangeError(
      location,
      key,
      `start ${range.start} is past the end of a ${size}-byte object`,
    );
  }
  return { start: range.start, end: Math.min(range.end ?? size - 1, size - 1) };
}

/** The HTTP `Range` header value for a range. */
export function rangeHeader(range: ByteRange): string {
  return `bytes=${range.start}-${range.end ?? ''}`;
}

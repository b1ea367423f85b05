/** Pixels per second of audio in the peaks file: fine enough to zoom to a syllable. */
export const peaksPerSecond = 100;

/** Samples per pixel for a given sample rate. */
export function samplesPerPixel(sampleRate: number): number {
  return Math.max(1, Math.round(sampleRate / peaksPerSecond));
}

/**
 * Turns a stream of mono 16-bit little-endian PCM into min/max pairs of
 * `samplesPerPixel` samples, scaled to 8 bits as audiowaveform does (the high byte).
 * Chunks may split a sample in two; only the current pixel and one odd byte are kept.
 */
export class PeaksAccumulator {
  private min = 0;
  private max = 0;
  private filled = 0;
  private oddByte: number | null = null;

  constructor(private readonly samplesPerPixel: number) {}

  /** Adds PCM bytes; returns the min/max pairs of every pixel they completed. */
  push(chunk: Uint8Array): number[] {
    const pairs: number[] = [];
    let offset = 0;
    if (this.oddByte !== null && chunk.length > 0) {
      const low = this.oddByte;
      const high = chunk[0] as number;
      this.add(((high << 24) >> 16) | low, pairs);
      this.oddByte = null;
      offset = 1;
    }
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    for (; offset + 1 < chunk.length; offset += 2) this.add(view.getInt16(offset, true), pairs);
    if (offset < chunk.length) this.oddByte = chunk[offset] as number;
    return pairs;
  }

  /** The last, partly filled pixel, if any. */
  finish(): number[] {
    if (this.filled === 0) return [];
    const pair = [this.min >> 8, this.max >> 8];
    this.filled = 0;
    return pair;
  }

  private add(sample: number, pairs: number[]): void {
    if (this.filled === 0 || sample < this.min) this.min = sample;
    if (this.filled === 0 || sample > this.max) this.max = sample;
    this.filled += 1;
    if (this.filled === this.samplesPerPixel) {
      pairs.push(this.min >> 8, this.max >> 8);
      this.filled = 0;
    }
  }
}

import { z } from 'zod';
import { DocumentFormatError } from '../errors.js';

/**
 * The peaks file the audio step writes: audiowaveform's JSON format (version 2), one
 * channel, `data` holding min,max pairs per pixel of `samples_per_pixel` samples, each
 * scaled to 8 or 16 `bits`.
 */
const audiowaveformSchema = z.object({
  version: z.literal(2),
  channels: z.number().int().positive(),
  sample_rate: z.number().int().positive(),
  samples_per_pixel: z.number().int().positive(),
  bits: z.union([z.literal(8), z.literal(16)]),
  length: z.number().int().nonnegative(),
  data: z.array(z.number().int()),
});

/** What wavesurfer.js takes to draw a waveform without decoding the audio (`peaks`, `duration`). */
export interface WavesurferPeaks {
  /** One array per channel, values from -1 to 1 (min and max of each pixel, in turn). */
  peaks: number[][];
  /** Seconds of audio the peaks span. */
  duration: number;
  sampleRate: number;
  samplesPerPixel: number;
}

/**
 * Turns an audiowaveform peaks file into wavesurfer.js's `peaks` and `duration`
 * options. The min,max pairs stay interleaved: wavesurfer takes the extremes of the
 * values that fall into each bar or pixel, so the shape is the same. Values are scaled
 * to -1..1 and rounded to 3 decimals, which is finer than any screen draws.
 *
 * With `maxPixels`, runs of consecutive pixels are merged into one (the least of their
 * minima, the greatest of their maxima) until at most that many are left: a player that
 * shows a whole hour across a page needs a few thousand, not the 360,000 stored.
 */
export function wavesurferPeaks(
  json: string,
  sourceName: string,
  { maxPixels }: { maxPixels?: number } = {},
): WavesurferPeaks {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new DocumentFormatError(sourceName, `not JSON: ${(error as Error).message}`);
  }
  const result = audiowaveformSchema.safeParse(parsed);
  if (!result.success)
    throw new DocumentFormatError(
      sourceName,
      `not an audiowaveform version 2 peaks file: ${result.error.issues[0]?.message ?? ''}`,
    );
  const file = result.data;
  const scale = 2 ** (file.bits - 1);
  const pixels = Math.floor(file.data.length / 2 / file.channels);
  const merged = maxPixels === undefined ? 1 : Math.max(1, Math.ceil(pixels / maxPixels));
  const channels = Array.from({ length: file.channels }, (): number[] => []);
  // Pairs are laid out pixel by pixel, channel by channel within a pixel.
  for (let first = 0; first < pixels; first += merged) {
    const last = Math.min(first + merged, pixels);
    channels.forEach((channel, channelIndex) => {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (let pixel = first; pixel < last; pixel += 1) {
        const at = (pixel * file.channels + channelIndex) * 2;
        min = Math.min(min, file.data[at] as number);
        max = Math.max(max, file.data[at + 1] as number);
      }
      channel.push(round(min / scale), round(max / scale));
    });
  }
  return {
    peaks: channels,
    duration: (file.length * file.samples_per_pixel) / file.sample_rate,
    sampleRate: file.sample_rate,
    samplesPerPixel: file.samples_per_pixel * merged,
  };
}

const round = (value: number): number => Math.round(value * 1000) / 1000 || 0;

import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { PeaksAccumulator, samplesPerPixel } from './peaks.js';

/**
 * Text gathered before each write. ffmpeg's pipe brings 1-4 KiB at a time, a few pixels'
 * worth: written as they come, a two-minute recording took 700-4,700 writes, each a
 * hop to libuv's threads and a system call.
 */
const WRITE_CHARS = 64 * 1024;

/**
 * Reads mono s16le PCM from `pcm` and writes the peaks JSON (the audiowaveform /
 * peaks.js format, version 2) to `file` as it goes, so memory stays flat for recordings
 * of any length. `length` is written after `data` because it is known only at the end;
 * JSON readers do not care about key order.
 */
export async function writePeaksFile(
  pcm: AsyncIterable<Uint8Array>,
  file: string,
  sampleRate: number,
): Promise<{ length: number; samplesPerPixel: number }> {
  const perPixel = samplesPerPixel(sampleRate);
  const accumulator = new PeaksAccumulator(perPixel);
  let values = 0;
  const render = (pairs: number[]): string => {
    if (pairs.length === 0) return '';
    const text = (values === 0 ? '' : ',') + pairs.join(',');
    values += pairs.length;
    return text;
  };
  await pipeline(
    pcm,
    async function* (chunks: AsyncIterable<Uint8Array>) {
      let pending = `{"version":2,"channels":1,"sample_rate":${sampleRate},"samples_per_pixel":${perPixel},"bits":8,"data":[`;
      for await (const chunk of chunks) {
        pending += render(accumulator.push(chunk));
        if (pending.length < WRITE_CHARS) continue;
        yield pending;
        pending = '';
      }
      yield `${pending}${render(accumulator.finish())}],"length":${values / 2}}`;
    },
    createWriteStream(file),
  );
  return { length: values / 2, samplesPerPixel: perPixel };
}

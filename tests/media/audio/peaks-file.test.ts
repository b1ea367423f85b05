import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PeaksAccumulator } from '../../../src/media/audio/peaks.js';
import { writePeaksFile } from '../../../src/media/audio/peaks-file.js';
import { tempDir } from '../../support/temp-dir.js';

/** `seconds` of 16 kHz mono s16le: a tone whose loudness swells, so pixels differ. */
function tone(seconds: number): Uint8Array {
  const samples = 16_000 * seconds;
  const bytes = new Uint8Array(samples * 2);
  const view = new DataView(bytes.buffer);
  for (let index = 0; index < samples; index += 1) {
    const swell = 0.1 + 0.9 * Math.abs(Math.sin(index / 40_000));
    view.setInt16(index * 2, Math.round(32_000 * swell * Math.sin(index / 7)), true);
  }
  return bytes;
}

/** The bytes cut into pieces of `size` (odd sizes split samples), as a pipe brings them. */
async function* inPieces(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let start = 0; start < bytes.length; start += size)
    yield bytes.subarray(start, start + size);
}

describe('writePeaksFile', () => {
  it('writes the whole signal as one peaks document, however small the pieces it reads', async () => {
    const folder = await tempDir('peaks-file-');
    const pcm = tone(130); // more text than one write gathers
    const whole = new PeaksAccumulator(160);
    const expected = [...whole.push(pcm), ...whole.finish()];
    for (const size of [1_023, 4_096, 65_536]) {
      const file = path.join(folder, `tone-${size}.json`);
      const written = await writePeaksFile(inPieces(pcm, size), file, 16_000);
      const document = JSON.parse(await readFile(file, 'utf8'));
      expect(document).toEqual({
        version: 2,
        channels: 1,
        sample_rate: 16_000,
        samples_per_pixel: 160,
        bits: 8,
        data: expected,
        length: expected.length / 2,
      });
      expect(written).toEqual({ length: 13_000, samplesPerPixel: 160 });
    }
  });

  it('writes an empty document for no audio', async () => {
    const file = path.join(await tempDir('peaks-file-'), 'silence.json');
    expect(await writePeaksFile(inPieces(new Uint8Array(0), 1), file, 16_000)).toEqual({
      length: 0,
      samplesPerPixel: 160,
    });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ data: [], length: 0 });
  });
});

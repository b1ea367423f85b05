import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { describePixelFlood, greyPixels, toNetpbm } from '../../../src/media/ocr/page-image.js';

describe('page images handed to tesseract', () => {
  it('writes a grey page as a binary PGM: header, then one byte per pixel', () => {
    const pixels = Buffer.from([0, 64, 128, 255, 10, 20]);
    const pgm = toNetpbm({ pixels, width: 3, height: 2 });
    expect(pgm.subarray(0, 11).toString('latin1')).toBe('P5\n3 2\n255\n');
    expect(pgm.subarray(11)).toEqual(pixels);
  });

  it('writes a black-and-white page as a binary PBM: rows of bits, first pixel high, 1 for black', () => {
    // Two rows of ten pixels: each row's second byte holds its last two pixels.
    const rows = [
      [0, 255, 255, 255, 255, 255, 255, 0, 255, 0],
      [255, 255, 255, 255, 255, 255, 255, 255, 0, 255],
    ];
    const pbm = toNetpbm({ pixels: Buffer.from(rows.flat()), width: 10, height: 2 });
    expect(pbm.subarray(0, 8).toString('latin1')).toBe('P4\n10 2\n');
    expect([...pbm.subarray(8)]).toEqual([0b10000001, 0b01000000, 0b00000000, 0b10000000]);
  });

  it('lays transparency on white paper and keeps one grey channel', async () => {
    // Two pixels: opaque black, and fully transparent black.
    const rgba = Buffer.from([0, 0, 0, 255, 0, 0, 0, 0]);
    const decoded = await greyPixels(sharp(rgba, { raw: { width: 2, height: 1, channels: 4 } }));
    expect([decoded.width, decoded.height]).toEqual([2, 1]);
    expect([...decoded.pixels]).toEqual([0, 255]);
  });

  it('names the size and the setting when refusing a pixel flood', () => {
    expect(describePixelFlood(20_000, 10_000, 120_000_000)).toBe(
      '20000x10000 pixels (200.0 MP) exceeds the limit of 120 MP (setting ocr.maxMegapixels)',
    );
  });
});

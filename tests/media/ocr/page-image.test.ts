import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { describePixelFlood, greyPixels, toPgm } from '../../../src/media/ocr/page-image.js';

describe('page images handed to tesseract', () => {
  it('writes a binary PGM: header, then one byte per pixel', () => {
    const pixels = Buffer.from([0, 64, 128, 255, 10, 20]);
    const pgm = toPgm({ pixels, width: 3, height: 2 });
    expect(pgm.subarray(0, 11).toString('latin1')).toBe('P5\n3 2\n255\n');
    expect(pgm.subarray(11)).toEqual(pixels);
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

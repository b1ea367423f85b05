import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import UTIF, { type IFD } from 'utif2';
import { describePixelFlood, greyPixels } from './page-image.js';

/**
 * The second decoder for TIFF pages libvips refuses: utif2, a pure JavaScript TIFF
 * reader. libvips stops at variants that scanners do write: a bilevel page with an
 * extra sample ("not 1 bands"), bilevel CMYK ("samples_per_pixel not a whole number
 * of bytes"), old-style JPEG. Measured on such pages, utif2 reads them all, in process;
 * libtiff's `tiff2rgba` refuses the bilevel page with an extra sample too, so it would
 * add a system package without adding a page.
 */

/** The compressions utif2 decodes, by TIFF code. For others it leaves the page blank, so they are refused. */
const decodedCompressions: Record<number, string> = {
  1: 'none',
  2: 'CCITT RLE',
  3: 'CCITT G3',
  4: 'CCITT G4',
  5: 'LZW',
  6: 'old-style JPEG',
  7: 'JPEG',
  8: 'Deflate',
  32946: 'Deflate',
  32773: 'PackBits',
};
/** 16-bit CMYK with alpha; anything wider is refused before it is decoded. */
const maxBitsPerPixel = 80;
/** The fax codecs encode one sample per pixel whatever SamplesPerPixel says. */
const faxCompressions = new Set([2, 3, 4]);

export interface FallbackPage {
  pixels: Buffer;
  width: number;
  height: number;
  dpi: number | null;
}

/** A TIFF's pages as utif2 reads them; the file is read once, its pages decoded one at a time. */
export interface TiffFallback {
  pageCount: number;
  /** Decodes one page (0-based) to greyscale; throws an `Error` whose message says why it cannot. */
  decodePage(pageIndex: number, maxPixels: number): Promise<FallbackPage>;
}

export async function openTiffFallback(file: string): Promise<TiffFallback> {
  const bytes = await readFile(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  let pages: IFD[];
  try {
    pages = UTIF.decode(buffer).filter((ifd) => ifd.t256 !== undefined);
  } catch (error) {
    throw new Error(`utif2 cannot read the page directories (${String(error)})`);
  }
  return {
    pageCount: pages.length,
    decodePage: async (pageIndex, maxPixels) => {
      const page = pages[pageIndex];
      if (!page) throw new Error(`utif2 finds no page ${pageIndex + 1}`);
      const width = tag(page, 256) ?? 0;
      const height = tag(page, 257) ?? 0;
      if (width * height > maxPixels) throw new Error(describePixelFlood(width, height, maxPixels));
      // utif2 holds the decoded samples whole: many or wide samples per pixel multiply them.
      const bitsPerPixel = (tag(page, 258) ?? 1) * (tag(page, 277) ?? 1);
      if (bitsPerPixel > maxBitsPerPixel) {
        throw new Error(
          `${bitsPerPixel} bits per pixel exceeds the ${maxBitsPerPixel} the fallback decoder takes`,
        );
      }
      const compression = tag(page, 259) ?? 1;
      if (!(compression in decodedCompressions)) {
        throw new Error(`TIFF compression ${compression} is decoded by neither libvips nor utif2`);
      }
      if (faxCompressions.has(compression)) page.t277 = [1];
      try {
        UTIF.decodeImage(buffer, page);
        return { ...(await greyOf(page, width, height)), dpi: dpiOf(page) };
      } catch (error) {
        throw new Error(`utif2 cannot decode it (${String(error)})`);
      }
    },
  };
}

function tag(page: IFD, id: number): number | undefined {
  const value = page[`t${id}`];
  return Array.isArray(value) ? Number(value[0]) : undefined;
}

/** Greyscale pixels of a decoded page: bilevel and CMYK by hand (utif2's RGBA conversion misreads them), the rest through its RGBA. */
async function greyOf(
  page: IFD,
  width: number,
  height: number,
): Promise<{ pixels: Buffer; width: number; height: number }> {
  const bits = tag(page, 258) ?? 1;
  const samples = tag(page, 277) ?? 1;
  const photometric = tag(page, 262) ?? 0;
  if (bits === 1)
    return { pixels: bilevelGrey(page.data, width, height, samples, photometric), width, height };
  const rgba =
    photometric === 5 && bits === 8
      ? cmykToRgba(page.data, width * height, samples)
      : UTIF.toRGBA8(page);
  return greyPixels(sharp(Buffer.from(rgba), { raw: { width, height, channels: 4 } }));
}

/** One byte per pixel from packed bits: ink is 1 for white-is-zero and CMYK, 0 for black-is-zero; extra samples are ignored. */
function bilevelGrey(
  data: Uint8Array,
  width: number,
  height: number,
  samples: number,
  photometric: number,
): Buffer {
  const pixels = Buffer.alloc(width * height);
  const rowBytes = Math.ceil((width * samples) / 8);
  const colourants = photometric === 5 ? Math.min(samples, 4) : 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let ink = false;
      for (let s = 0; s < colourants; s++) {
        const bit = (x * samples + s) >>> 0;
        const set = ((data[y * rowBytes + (bit >>> 3)] ?? 0) >> (7 - (bit & 7))) & 1;
        ink ||= photometric === 1 ? set === 0 : set === 1;
      }
      pixels[y * width + x] = ink ? 0 : 255;
    }
  }
  return pixels;
}

/** 8-bit CMYK to RGBA, the naive way: enough to tell ink from paper. */
function cmykToRgba(data: Uint8Array, area: number, samples: number): Uint8Array {
  const rgba = new Uint8Array(area * 4);
  for (let i = 0; i < area; i++) {
    const at = i * samples;
    const white = 255 - (data[at + 3] ?? 0);
    for (let c = 0; c < 3; c++) rgba[i * 4 + c] = ((255 - (data[at + c] ?? 0)) * white) / 255;
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

/** utif2 gives a RATIONAL as its numerator and denominator. */
function dpiOf(page: IFD): number | null {
  const [fraction] = (page.t282 ?? []) as unknown as [number, number][];
  const resolution = fraction ? fraction[0] / fraction[1] : 0;
  if (!Number.isFinite(resolution) || resolution <= 0) return null;
  return Math.round(tag(page, 296) === 3 ? resolution * 2.54 : resolution);
}

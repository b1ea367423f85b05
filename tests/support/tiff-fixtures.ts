/**
 * TIFF variants that scanners write and libvips refuses, made at test time from the
 * bundled song-book page. No encoder writes a bilevel page with an extra sample or an
 * unknown compression on purpose, so those are assembled here tag by tag.
 */
import path from 'node:path';
import sharp from 'sharp';
import UTIF from 'utif2';

/** The bundled CCITT G4 song-book page (1700x1100, 300 dpi) and the text on it. */
export const songbookPage = path.resolve('samples/tay-songs/songbook-003.tif');
export const songbookText = [
  'Sổ bài hát',
  'Đàn tính ngân vang giữa núi rừng',
  'Tiếng then ngọt ngào như suối chảy',
  'Lượn thương gửi lại người đi xa',
  'Mùa xuân về hoa nở khắp bản',
].join('\n');

export interface TiffPage {
  width: number;
  height: number;
  /** Tag values by tag number; SHORT unless listed in `longTags`. */
  tags: Record<number, number[]>;
  /** The image data, one strip. */
  strip: Buffer;
}

const longTags = new Set([273, 279]);
const rationalTags = new Set([282, 283]);

/**
 * A little-endian, single-strip, single-page TIFF whose image directory comes after the
 * image data, at the end of the file, as scanning software writes it.
 */
export function writeTiff(page: TiffPage): Buffer {
  const dataOffset = 8;
  const tags: Record<number, number[]> = {
    ...page.tags,
    256: [page.width],
    257: [page.height],
    273: [dataOffset],
    278: [page.height],
    279: [page.strip.length],
    282: [300],
    283: [300],
    296: [2],
  };
  const ids = Object.keys(tags)
    .map(Number)
    .sort((a, b) => a - b);
  let ifdOffset = dataOffset + page.strip.length;
  ifdOffset += ifdOffset % 2;
  const entriesEnd = ifdOffset + 2 + ids.length * 12 + 4;
  const extra: Buffer[] = [];
  let extraOffset = entriesEnd;
  const ifd = Buffer.alloc(entriesEnd - ifdOffset);
  ifd.writeUInt16LE(ids.length, 0);
  ids.forEach((id, index) => {
    const values = tags[id] as number[];
    const at = 2 + index * 12;
    ifd.writeUInt16LE(id, at);
    ifd.writeUInt32LE(values.length, at + 4);
    if (rationalTags.has(id)) {
      const rational = Buffer.alloc(8);
      rational.writeUInt32LE(values[0] as number, 0);
      rational.writeUInt32LE(1, 4);
      ifd.writeUInt16LE(5, at + 2);
      ifd.writeUInt32LE(extraOffset, at + 8);
      extra.push(rational);
      extraOffset += 8;
      return;
    }
    const long = longTags.has(id);
    ifd.writeUInt16LE(long ? 4 : 3, at + 2);
    const bytes = Buffer.alloc(values.length * (long ? 4 : 2));
    values.forEach((value, i) => {
      if (long) bytes.writeUInt32LE(value, i * 4);
      else bytes.writeUInt16LE(value, i * 2);
    });
    if (bytes.length <= 4) bytes.copy(ifd, at + 8);
    else {
      ifd.writeUInt32LE(extraOffset, at + 8);
      extra.push(bytes);
      extraOffset += bytes.length;
    }
  });
  const header = Buffer.from([0x49, 0x49, 0x2a, 0x00, 0, 0, 0, 0]);
  header.writeUInt32LE(ifdOffset, 4);
  const padding = Buffer.alloc(ifdOffset - dataOffset - page.strip.length);
  return Buffer.concat([header, page.strip, padding, ifd, ...extra]);
}

/** The song-book page's CCITT G4 data as one strip, with its size and photometric tag. */
export async function songbookG4Strip(): Promise<{
  width: number;
  height: number;
  photometric: number;
  strip: Buffer;
}> {
  const g4 = await sharp(songbookPage)
    .tiff({ compression: 'ccittfax4', bitdepth: 1 })
    .toBuffer()
    .then((tiff) => sharp(tiff).toBuffer());
  return oneStripOf(g4);
}

/** Reads a single-page TIFF's strips back into one (they are concatenated only for uncompressed or G4 data of whole rows). */
function oneStripOf(tiff: Buffer): {
  width: number;
  height: number;
  photometric: number;
  strip: Buffer;
} {
  const [ifd] = UTIF.decode(tiff);
  if (!ifd) throw new Error('no image directory');
  const offsets = ifd.t273 as number[];
  const counts = ifd.t279 as number[];
  if (offsets.length !== 1) throw new Error(`expected one strip, got ${offsets.length}`);
  return {
    width: (ifd.t256 as number[])[0] as number,
    height: (ifd.t257 as number[])[0] as number,
    photometric: (ifd.t262 as number[])[0] as number,
    strip: tiff.subarray(offsets[0], (offsets[0] as number) + (counts[0] as number)),
  };
}

/**
 * TIFF variants that scanners write and libvips refuses, made at test time from the
 * bundled song-book page. No encoder writes a bilevel page with an extra sample or an
 * unknown compression on purpose, so those are assembled here tag by tag.
 */
import { readFile } from 'node:fs/promises';
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
  /** The image data, in strips of `rowsPerStrip` rows. */
  strips: Buffer[];
  rowsPerStrip: number;
}

const longTags = new Set([273, 279]);
const rationalTags = new Set([282, 283]);

/**
 * A little-endian, single-page TIFF whose image directory comes after the image data,
 * at the end of the file, as scanning software writes it.
 */
export function writeTiff(page: TiffPage): Buffer {
  const dataOffset = 8;
  const data = Buffer.concat(page.strips);
  const stripOffsets = page.strips.map(
    (_, index) => dataOffset + page.strips.slice(0, index).reduce((sum, s) => sum + s.length, 0),
  );
  const tags: Record<number, number[]> = {
    ...page.tags,
    256: [page.width],
    257: [page.height],
    273: stripOffsets,
    278: [page.rowsPerStrip],
    279: page.strips.map((strip) => strip.length),
    282: [300],
    283: [300],
    296: [2],
  };
  const ids = Object.keys(tags)
    .map(Number)
    .sort((a, b) => a - b);
  let ifdOffset = dataOffset + data.length;
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
  const padding = Buffer.alloc(ifdOffset - dataOffset - data.length);
  return Buffer.concat([header, data, padding, ifd, ...extra]);
}

/** The bundled page's own directory and strips: CCITT G4, 256 rows a strip. */
async function songbookStrips(): Promise<{ page: TiffPage; photometric: number }> {
  const bytes = await readFile(songbookPage);
  const [ifd] = UTIF.decode(bytes);
  if (!ifd) throw new Error(`${songbookPage}: no image directory`);
  const values = (id: number) => ifd[`t${id}`] as number[];
  const counts = values(279);
  return {
    photometric: values(262)[0] as number,
    page: {
      width: values(256)[0] as number,
      height: values(257)[0] as number,
      rowsPerStrip: values(278)[0] as number,
      strips: values(273).map((offset, i) =>
        bytes.subarray(offset, offset + (counts[i] as number)),
      ),
      tags: {},
    },
  };
}

/**
 * The song-book page as a bilevel CCITT G4 TIFF with one extra sample (unspecified),
 * as some scanning software writes it: leptonica reads it, libvips says "not 1 bands".
 */
export async function bilevelTiffWithExtraSample(): Promise<Buffer> {
  const { page, photometric } = await songbookStrips();
  return writeTiff({
    ...page,
    tags: { 258: [1, 1], 259: [4], 262: [photometric], 277: [2], 338: [0] },
  });
}

/**
 * The song-book page's G4 strips labelled with a compression no decoder here knows
 * (34712, JPEG 2000 in TIFF): a real kind of file that cannot be read.
 */
export async function tiffWithUnsupportedCompression(): Promise<Buffer> {
  const { page, photometric } = await songbookStrips();
  return writeTiff({ ...page, tags: { 258: [1], 259: [34712], 262: [photometric], 277: [1] } });
}

/**
 * The song-book page uncompressed (230 KB), its directory after the pixels, past the
 * first 64 KiB.
 */
export async function tiffWithDirectoryAtTheEnd(): Promise<Buffer> {
  const { data, info } = await sharp(songbookPage)
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const rowBytes = Math.ceil(info.width / 8);
  const packed = Buffer.alloc(rowBytes * info.height);
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      // Black-is-zero: a set bit is paper.
      const at = y * rowBytes + (x >> 3);
      if ((data[y * info.width + x] as number) >= 128)
        packed[at] = (packed[at] as number) | (0x80 >> (x & 7));
    }
  }
  return writeTiff({
    width: info.width,
    height: info.height,
    rowsPerStrip: info.height,
    strips: [packed],
    tags: { 258: [1], 259: [1], 262: [1], 277: [1] },
  });
}

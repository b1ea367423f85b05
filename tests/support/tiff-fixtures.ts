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
 * A little-endian TIFF of one or more pages whose image directories come after all
 * the image data, at the end of the file, as scanning software writes them.
 */
export function writeTiff(...pages: TiffPage[]): Buffer {
  const parts: Buffer[] = [Buffer.from([0x49, 0x49, 0x2a, 0x00, 0, 0, 0, 0])];
  let offset = 8;
  const append = (bytes: Buffer): number => {
    const at = offset;
    parts.push(bytes);
    offset += bytes.length;
    if (offset % 2 === 1) append(Buffer.alloc(1));
    return at;
  };
  const stripOffsets = pages.map((page) => page.strips.map(append));
  let previousNext = 4;
  pages.forEach((page, index) => {
    const tags: Record<number, number[]> = {
      ...page.tags,
      256: [page.width],
      257: [page.height],
      273: stripOffsets[index] as number[],
      278: [page.rowsPerStrip],
      279: page.strips.map((strip) => strip.length),
      282: [300],
      283: [300],
      296: [2],
    };
    const ids = Object.keys(tags)
      .map(Number)
      .sort((a, b) => a - b);
    // Values too long for their entry go first, so the directory can point at them.
    const outOfLine = new Map<number, number>();
    const encoded = new Map<number, Buffer>();
    for (const id of ids) {
      const values = tags[id] as number[];
      let bytes: Buffer;
      if (rationalTags.has(id)) {
        bytes = Buffer.alloc(8);
        bytes.writeUInt32LE(values[0] as number, 0);
        bytes.writeUInt32LE(1, 4);
      } else {
        const long = longTags.has(id);
        bytes = Buffer.alloc(values.length * (long ? 4 : 2));
        values.forEach((value, i) => {
          if (long) bytes.writeUInt32LE(value, i * 4);
          else bytes.writeUInt16LE(value, i * 2);
        });
      }
      encoded.set(id, bytes);
      if (bytes.length > 4) outOfLine.set(id, append(bytes));
    }
    const ifd = Buffer.alloc(2 + ids.length * 12 + 4);
    ifd.writeUInt16LE(ids.length, 0);
    ids.forEach((id, entry) => {
      const at = 2 + entry * 12;
      const type = rationalTags.has(id) ? 5 : longTags.has(id) ? 4 : 3;
      ifd.writeUInt16LE(id, at);
      ifd.writeUInt16LE(type, at + 2);
      ifd.writeUInt32LE(type === 5 ? 1 : (tags[id] as number[]).length, at + 4);
      const place = outOfLine.get(id);
      if (place === undefined) encoded.get(id)?.copy(ifd, at + 8);
      else ifd.writeUInt32LE(place, at + 8);
    });
    const ifdOffset = append(ifd);
    const pointer = Buffer.concat(parts);
    pointer.writeUInt32LE(ifdOffset, previousNext);
    parts.splice(0, parts.length, pointer);
    previousNext = ifdOffset + ifd.length - 4;
  });
  return Buffer.concat(parts);
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
 * The song-book page uncompressed, `samples` bits a pixel: `bitsOf` gives them for paper
 * and for ink.
 */
async function uncompressedSongbook(
  samples: number,
  bitsOf: (ink: boolean) => number,
  tags: Record<number, number[]>,
): Promise<TiffPage> {
  const { data, info } = await sharp(songbookPage)
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const rowBytes = Math.ceil((info.width * samples) / 8);
  const packed = Buffer.alloc(rowBytes * info.height);
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const bits = bitsOf((data[y * info.width + x] as number) < 128);
      for (let s = 0; s < samples; s++) {
        if (((bits >> (samples - 1 - s)) & 1) === 0) continue;
        const bit = x * samples + s;
        const at = y * rowBytes + (bit >> 3);
        packed[at] = (packed[at] as number) | (0x80 >> (bit & 7));
      }
    }
  }
  return {
    width: info.width,
    height: info.height,
    rowsPerStrip: info.height,
    strips: [packed],
    tags: { ...tags, 259: [1], 277: [samples] },
  };
}

/**
 * The song-book page uncompressed (230 KB), its directory after the pixels, past the
 * first 64 KiB.
 */
export async function tiffWithDirectoryAtTheEnd(): Promise<Buffer> {
  // Black-is-zero: a set bit is paper.
  return writeTiff(await uncompressedSongbook(1, (ink) => (ink ? 0 : 1), { 258: [1], 262: [1] }));
}

/**
 * Three pages: the G4 page libvips reads, the same with an extra sample, and the page
 * as bilevel CMYK (ink in K), both of which libvips refuses.
 */
export async function mixedTiff(): Promise<Buffer> {
  const { page, photometric } = await songbookStrips();
  return writeTiff(
    { ...page, tags: { 258: [1], 259: [4], 262: [photometric], 277: [1] } },
    { ...page, tags: { 258: [1, 1], 259: [4], 262: [photometric], 277: [2], 338: [0] } },
    await uncompressedSongbook(4, (ink) => (ink ? 0b0001 : 0), { 258: [1, 1, 1, 1], 262: [5] }),
  );
}

import { open } from 'node:fs/promises';

/** What a TIFF page's directory says about it, whether or not any decoder can read its pixels. */
export interface TiffPageHeader {
  width: number;
  height: number;
  bitsPerSample: number[];
  samplesPerPixel: number;
  /** TIFF compression code: 1 none, 4 CCITT G4, 5 LZW, 6 old-style JPEG, 7 JPEG, ... */
  compression: number;
  /** 0 white is zero, 1 black is zero, 2 RGB, 3 palette, 5 CMYK, 6 YCbCr, ... */
  photometric: number | null;
}

/** Beyond this many pages the directory chain is taken for a loop or a page flood. */
const maxPages = 10_000;

const tags = {
  width: 256,
  height: 257,
  bitsPerSample: 258,
  compression: 259,
  photometric: 262,
  samplesPerPixel: 277,
};

/**
 * Reads the page directories of a TIFF with random access, following the offsets
 * wherever in the file they lead. Written here because the readers at hand either
 * refuse the variants this is for (libvips: "not 1 bands") or need the whole file in
 * memory (utif2), and a scan may be hundreds of megabytes; only the header and the
 * directories are read. Throws when the structure points outside the file.
 */
export async function readTiffDirectories(file: string): Promise<TiffPageHeader[]> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const read = async (offset: number, length: number): Promise<Buffer> => {
      if (offset + length > size) {
        throw new Error(
          `its structure points to bytes ${offset}-${offset + length}, beyond the end of the file (${size} bytes)`,
        );
      }
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, offset);
      return buffer;
    };
    const header = await read(0, 8);
    const little = header.toString('latin1', 0, 2) === 'II';
    const u16 = (b: Buffer, at: number) => (little ? b.readUInt16LE(at) : b.readUInt16BE(at));
    const u32 = (b: Buffer, at: number) => (little ? b.readUInt32LE(at) : b.readUInt32BE(at));
    if (u16(header, 2) !== 42)
      throw new Error('it is not a classic TIFF (BigTIFF is not read here)');
    const pages: TiffPageHeader[] = [];
    const seen = new Set<number>();
    for (let offset = u32(header, 4); offset !== 0; ) {
      if (seen.has(offset) || pages.length >= maxPages) {
        throw new Error(`its page directories loop or exceed ${maxPages} pages`);
      }
      seen.add(offset);
      const count = u16(await read(offset, 2), 0);
      const entries = await read(offset + 2, count * 12 + 4);
      const values = new Map<number, number[]>();
      for (let i = 0; i < count; i++) {
        const at = i * 12;
        const tag = u16(entries, at);
        if (!Object.values(tags).includes(tag)) continue;
        values.set(tag, await readValues(entries, at, read, u16, u32));
      }
      pages.push({
        width: values.get(tags.width)?.[0] ?? 0,
        height: values.get(tags.height)?.[0] ?? 0,
        bitsPerSample: values.get(tags.bitsPerSample) ?? [1],
        samplesPerPixel: values.get(tags.samplesPerPixel)?.[0] ?? 1,
        compression: values.get(tags.compression)?.[0] ?? 1,
        photometric: values.get(tags.photometric)?.[0] ?? null,
      });
      offset = u32(entries, count * 12);
    }
    if (pages.length === 0) throw new Error('it has no page directory');
    return pages;
  } finally {
    await handle.close();
  }
}

/** The SHORT or LONG values of one directory entry, inline or at the offset it gives. */
async function readValues(
  entries: Buffer,
  at: number,
  read: (offset: number, length: number) => Promise<Buffer>,
  u16: (b: Buffer, at: number) => number,
  u32: (b: Buffer, at: number) => number,
): Promise<number[]> {
  const type = u16(entries, at + 2);
  const count = Math.min(u32(entries, at + 4), 16);
  const width = type === 3 ? 2 : type === 4 ? 4 : 0;
  if (width === 0 || count === 0) return [];
  const bytes =
    width * count <= 4
      ? entries.subarray(at + 8, at + 12)
      : await read(u32(entries, at + 8), width * count);
  return Array.from({ length: count }, (_, i) =>
    width === 2 ? u16(bytes, i * 2) : u32(bytes, i * 4),
  );
}

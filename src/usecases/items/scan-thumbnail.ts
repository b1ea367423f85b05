import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { withOriginalOnDisk } from '../../archive/original-on-disk.js';
import type { ItemFile } from '../../infra/catalog/item-file-queries.js';
import type { OcflStorageRoot } from '../../infra/ocfl/index.js';

/** Thumbnails are this wide (at most): two rows of a list at a high-density screen. */
export const THUMBNAIL_WIDTH = 240;

/** The scans a thumbnail is made from: images sharp reads (a PDF has none yet). */
const thumbnailSources = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/tiff']);

export function hasThumbnail(scan: Pick<ItemFile, 'role' | 'mediaType'>): boolean {
  return scan.role === 'scan' && thumbnailSources.has(scan.mediaType ?? '');
}

/**
 * A small WebP of a scan's first page, upright, for lists. Made once per scan content
 * and kept under `<data>/thumbnails/<sha256>.webp`: the name is the scan's digest, so a
 * changed scan gets a new thumbnail and two items sharing a scan share one. Whoever asks
 * must already have been allowed to view the item.
 */
export async function scanThumbnail(
  dataDir: string,
  objects: OcflStorageRoot,
  itemId: string,
  scan: Pick<ItemFile, 'path' | 'sha256'>,
  { maxPixels }: { maxPixels: number },
): Promise<Buffer> {
  const folder = path.join(dataDir, 'thumbnails');
  const kept = path.join(folder, `${scan.sha256}.webp`);
  const cached = await readFile(kept).catch(() => undefined);
  // An empty file is what a crash between writing and flushing can leave: made again.
  if (cached && cached.length > 0) return cached;
  const original = { objects, itemId, logicalPath: scan.path };
  return withOriginalOnDisk(dataDir, original, async (source, scratch) => {
    const thumbnail = await sharp(source, {
      page: 0,
      limitInputPixels: maxPixels,
      autoOrient: true,
    })
      .resize({ width: THUMBNAIL_WIDTH, withoutEnlargement: true })
      .webp({ quality: 70 })
      .toBuffer();
    await mkdir(folder, { recursive: true });
    // Written whole, then renamed in: a reader never finds half a thumbnail.
    const temporary = path.join(scratch, 'thumbnail.webp');
    await writeFile(temporary, thumbnail);
    await rename(temporary, kept);
    return thumbnail;
  });
}

import path from 'node:path';
import sharp from 'sharp';
import type { Archive } from '../../archive/archive.js';
import { withOriginalOnDisk } from '../../archive/original-on-disk.js';
import { correctedOcrPagesOf } from '../../infra/catalog/ocr-queries.js';
import { BadImageError } from '../../media/ocr/errors.js';
import { detectOcrInputFormat } from '../../media/ocr/input-format.js';
import { rotatePage } from '../../media/ocr/orientation.js';
import { openRasterPages } from '../../media/ocr/raster-pages.js';
import type { Asset } from '../../model/asset.js';
import { itemGroup } from './assign-split.js';
import type { DatasetFiles } from './dataset-files.js';
import type { ExclusionTally } from './exclusion-tally.js';
import { allowsOrigin, type ExportRequest, type SplitName } from './export-request.js';
import { type PageLayout, readPageLayout } from './line-boxes.js';
import type { SelectedItem } from './select-items.js';
import type { SplitPlan } from './split-plan.js';
import { countOrigin, type OriginCounts, ocrPageOrigin, originNotAskedFor } from './text-origin.js';

export interface OcrLinesSummary {
  /** Per split: line pairs, their bytes, and lines and characters by text origin. */
  splits: Partial<Record<SplitName, { lines: number; bytes: number; origins: OriginCounts }>>;
  /** Item id -> line pairs included. */
  perItem: Map<string, number>;
}

/**
 * Line images with their ground truth (`<name>.png` + `<name>.gt.txt`, the tesstrain
 * layout) from pages a linguist corrected. A page needs a line layout (an ALTO or hOCR
 * derivative of the scan) and a correction with one line of text per layout line;
 * pages without are counted with the reason. Split by item, by the texts' plan.
 */
export async function writeOcrLines(
  archive: Archive,
  files: DatasetFiles,
  items: readonly SelectedItem[],
  request: ExportRequest,
  itemSplits: SplitPlan,
  exclusions: ExclusionTally,
): Promise<OcrLinesSummary> {
  const summary: OcrLinesSummary = { splits: {}, perItem: new Map() };
  if (items.length === 0) return summary;
  const byId = new Map(items.map((item) => [item.record.item.id, item]));
  const pages = await correctedOcrPagesOf(archive.catalog, [...byId.keys()]);
  const maxPixels = archive.settings.ocr.maxMegapixels * 1e6;
  const metadata = new Map<SplitName, string[]>();
  for (const page of pages) {
    const item = byId.get(page.itemId) as SelectedItem;
    const place = { item: page.itemId, part: `${page.asset}/p${page.page}` };
    const scan = item.record.assets.find((asset) => asset.path === page.asset);
    const layoutAsset = scan && layoutDocument(item, scan, page.page);
    const lines = page.correctedText
      .normalize('NFC')
      .split(/\r\n?|\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    if (!allowsOrigin(request, 'ocr-corrected')) {
      exclusions.add('ocr-page', originNotAskedFor('ocr-corrected'), place);
      continue;
    }
    if (!scan || scan.mediaType === 'application/pdf') {
      exclusions.add('ocr-page', 'line images are cut from raster scans only (not PDF)', place);
      continue;
    }
    if (!layoutAsset) {
      exclusions.add('ocr-page', 'corrected, but no ALTO or hOCR line layout in the object', place);
      continue;
    }
    const source = `item ${page.itemId} ${item.version} ${layoutAsset.path}`;
    const layout = readPageLayout(await item.snapshot.readText(layoutAsset.path), source);
    if (layout.lines.length !== lines.length) {
      exclusions.add(
        'ocr-page',
        'corrected text and OCR layout differ in their number of lines',
        place,
      );
      continue;
    }
    const split = itemSplits.splitOf(itemGroup(page.itemId));
    const origin = ocrPageOrigin(item.record, page.asset, true);
    const crops = await cropLines(archive, item, scan, page.page, layout, maxPixels);
    if (!crops) {
      exclusions.add('ocr-page', 'page image size differs from the OCR layout', place);
      continue;
    }
    const stem = `${page.itemId}-${path.posix.basename(scan.path).replace(/\.[^.]*$/, '')}-p${page.page}`;
    for (const [index, png] of crops.entries()) {
      const name = `ocr/${split}/${stem}-l${String(index + 1).padStart(3, '0')}`;
      const image = await files.write(`${name}.png`, png);
      const truth = await files.write(`${name}.gt.txt`, `${lines[index]}\n`);
      const lineMetadata = metadata.get(split) ?? [];
      lineMetadata.push(
        `${JSON.stringify({
          file_name: `${name.slice(`ocr/${split}/`.length)}.png`,
          text: lines[index],
          text_origin: origin.origin,
          text_origin_tool: origin.tool,
          item_id: page.itemId,
        })}\n`,
      );
      metadata.set(split, lineMetadata);
      const totals = summary.splits[split] ?? { lines: 0, bytes: 0, origins: {} };
      summary.splits[split] = totals;
      countOrigin(totals.origins, origin, lines[index] as string);
      totals.lines += 1;
      totals.bytes += image.size + truth.size;
    }
    summary.perItem.set(page.itemId, (summary.perItem.get(page.itemId) ?? 0) + crops.length);
  }
  // Lets `datasets` load each split as an imagefolder; tesstrain ignores it.
  for (const [split, lines] of metadata)
    await files.write(`ocr/${split}/metadata.jsonl`, lines.join(''));
  return summary;
}

/**
 * The ALTO (preferred) or hOCR derivative of a scan page: one whose name carries the
 * page (`.p2.`, `-page-2.`), or the only one of a single-page scan.
 */
function layoutDocument(item: SelectedItem, scan: Asset, page: number): Asset | undefined {
  const candidates = item.record.assets
    .filter((asset) => asset.derivedFrom === scan.path)
    .filter((asset) => /\.(alto\.xml|hocr|hocr\.html)$/i.test(asset.path));
  const pageMark = (asset: Asset) =>
    Number(/[._-]p(?:age)?-?0*(\d+)[._-]/i.exec(path.posix.basename(asset.path))?.[1]);
  const forPage = candidates.filter(
    (asset) => pageMark(asset) === page || (Number.isNaN(pageMark(asset)) && page === 1),
  );
  return forPage.find((asset) => /alto\.xml$/i.test(asset.path)) ?? forPage[0];
}

/** Each line's PNG, cut from the upright page; undefined when the page is not the size the layout expects. */
async function cropLines(
  archive: Archive,
  item: SelectedItem,
  scan: Asset,
  pageNumber: number,
  layout: PageLayout,
  maxPixels: number,
): Promise<Buffer[] | undefined> {
  const id = item.record.item.id;
  const original = {
    objects: archive.objects,
    itemId: id,
    logicalPath: scan.path,
    version: item.version,
  };
  return withOriginalOnDisk(archive.settings.dataDir, original, async (file) => {
    let upright: Awaited<ReturnType<typeof rotatePage>>;
    try {
      const pages = await openRasterPages(
        file,
        { maxPixels, maxPages: 10_000 },
        await detectOcrInputFormat(file),
      );
      upright = await rotatePage(await pages.load(pageNumber), layout.rotation);
    } catch (error) {
      if (error instanceof BadImageError)
        throw new Error(`item ${id} ${scan.path}: ${error.message}`);
      throw error;
    }
    if (upright.width !== layout.width || upright.height !== layout.height) return undefined;
    const crops: Buffer[] = [];
    for (const box of layout.lines) {
      const left = Math.min(box.left, upright.width - 1);
      const top = Math.min(box.top, upright.height - 1);
      crops.push(
        await sharp(upright.pixels, {
          raw: { width: upright.width, height: upright.height, channels: 1 },
        })
          .extract({
            left,
            top,
            width: Math.max(1, Math.min(box.width, upright.width - left)),
            height: Math.max(1, Math.min(box.height, upright.height - top)),
          })
          .png({ compressionLevel: 9 })
          .toBuffer(),
      );
    }
    return crops;
  });
}

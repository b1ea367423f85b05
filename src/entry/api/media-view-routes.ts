import { text } from 'node:stream/consumers';
import sharp from 'sharp';
import { z } from 'zod';
import { withOriginalOnDisk } from '../../archive/original-on-disk.js';
import { readAltoLayout } from '../../formats/alto/read-alto-layout.js';
import { wavesurferPeaks } from '../../formats/waveform/wavesurfer-peaks.js';
import { type ItemFile, itemFilesOf } from '../../infra/catalog/item-file-queries.js';
import { correctedPageText } from '../../infra/catalog/ocr-queries.js';
import { identifierSchema } from '../../model/identifier.js';
import { recordRead } from '../../usecases/items/record-read.js';
import type { ApiContext, ApiRoutes } from './api-routes.js';
import type { ArchiveObjects } from './archive-objects.js';
import { visibleFacts } from './item-visibility.js';
import { fileBytesSchema, fileUrl, isViewingCopy, logicalPathParameter } from './media-files.js';
import { Problem } from './problem.js';
import { itemParams } from './request-schemas.js';
import { problems } from './response-schemas.js';
import { etagOf, fileAnswer, sendFileAnswer } from './stored-file-reply.js';

/** Peaks files larger than this (about 20 hours of audio) are fetched as files, not converted. */
const MAX_PEAKS_BYTES = 64 * 1024 * 1024;

/** Scans a browser shows as they are: served as the page image of a one-page scan. */
const browserImages = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif']);

const wholeNumber = (what: string) =>
  z
    .string({ error: `give ${what} once, as a whole number` })
    .regex(/^\d{1,5}$/, `${what}: a whole number`)
    .transform(Number);

const pageParams = z.object({
  id: identifierSchema,
  page: wholeNumber('the page number').refine((page) => page >= 1, 'pages count from 1'),
});
const scanQuery = z.object({ scan: logicalPathParameter.optional() });

const waveformSchema = z
  .object({
    recording: z.string(),
    track: z.number(),
    duration: z.number().meta({ description: 'seconds: wavesurfer.js `duration`' }),
    peaks: z
      .array(z.array(z.number()))
      .meta({ description: 'one array per channel, -1 to 1: wavesurfer.js `peaks`' }),
    sampleRate: z.number(),
    samplesPerPixel: z.number(),
    audio: z
      .object({ url: z.string(), mediaType: z.string().nullable(), size: z.number() })
      .nullable()
      .meta({ description: 'the access copy to play (wavesurfer.js `url`)' }),
    peaksUrl: z.string().meta({ description: 'the stored peaks file (audiowaveform JSON v2)' }),
  })
  .meta({ id: 'Waveform' });

const boxSchema = z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() });
const pageLayoutSchema = z
  .object({
    scan: z.string(),
    page: z.number(),
    width: z.number(),
    height: z.number(),
    rotation: z.number().meta({
      description:
        'clockwise degrees OCR turned the scanned page before reading it; boxes refer to the turned page',
    }),
    meanConfidence: z.number().nullable(),
    needsReview: z.boolean().nullable(),
    correctedText: z.string().nullable().meta({
      description:
        "a linguist's text of the whole page, which replaces the OCR text; null when none",
    }),
    imageUrl: z.string(),
    lines: z.array(
      z.object({
        text: z.string(),
        box: boxSchema,
        words: z.array(
          z.object({ text: z.string(), box: boxSchema, confidence: z.number().nullable() }),
        ),
      }),
    ),
  })
  .meta({ id: 'PageLayout' });

/**
 * What the web app draws, without knowing where anything is stored: the waveform of a
 * recording in wavesurfer.js's terms, and for a scan a page's image (for OpenSeadragon)
 * and its OCR layout (lines and words with boxes and confidences).
 */
export function registerMediaViewRoutes(
  routes: ApiRoutes,
  { catalog, settings, expensive }: ApiContext,
  objects: ArchiveObjects,
): void {
  routes.get(
    '/items/:id/waveform',
    {
      schema: {
        summary:
          "A recording's waveform as wavesurfer.js takes it (`peaks`, `duration`), with its access copy",
        tags: ['media'],
        params: itemParams,
        querystring: z.object({
          recording: logicalPathParameter.optional(),
          track: wholeNumber('track').optional(),
          pixels: wholeNumber('pixels')
            .refine((pixels) => pixels >= 1, 'pixels: at least 1')
            .optional()
            .meta({
              description:
                'at most this many peaks (min,max pairs) per channel: consecutive ones are merged, keeping their extremes; all the stored ones (100 a second) when absent',
            }),
        }),
        response: { 200: waveformSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { recording, track = 0, pixels } = request.query;
      const facts = await visibleFacts(catalog, request, id);
      const copies = (await itemFilesOf(catalog, id)).filter(isViewingCopy);
      const ofTrack = (file: ItemFile, use: string, original?: unknown) =>
        file.technical.use === use &&
        (original === undefined || file.technical.derivedFrom === original) &&
        (file.technical.audioIndex ?? 0) === track;
      const peaksFile = copies.find((file) => ofTrack(file, 'peaks', recording));
      if (!peaksFile)
        throw new Problem(
          404,
          'no waveform of that recording and track: is the recording processed?',
        );
      if (peaksFile.size > MAX_PEAKS_BYTES)
        throw new Problem(
          404,
          `the waveform is too long to convert; fetch ${fileUrl(id, peaksFile.path)}`,
        );
      const original = peaksFile.technical.derivedFrom;
      const access = copies.find((file) => ofTrack(file, 'access', original));
      if (request.method !== 'HEAD') await recordRead(catalog, request.caller, facts, 'media');
      const json = await text(await (await objects.get()).readFile(id, peaksFile.path));
      return {
        recording: typeof original === 'string' ? original : peaksFile.path,
        track,
        ...wavesurferPeaks(json, peaksFile.path, { maxPixels: pixels }),
        audio: access
          ? { url: fileUrl(id, access.path), mediaType: access.mediaType, size: access.size }
          : null,
        peaksUrl: fileUrl(id, peaksFile.path),
      };
    },
  );

  routes.get(
    '/items/:id/pages/:page/layout',
    {
      schema: {
        summary:
          "A scanned page's OCR layout: lines and words with boxes in page pixels and confidences (0 to 1)",
        tags: ['media'],
        params: pageParams,
        querystring: scanQuery,
        response: { 200: pageLayoutSchema, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { id, page } = request.params;
      const { scan } = request.query;
      const facts = await visibleFacts(catalog, request, id);
      const alto = (await itemFilesOf(catalog, id)).find(
        (file) =>
          isViewingCopy(file) &&
          file.technical.format === 'alto' &&
          file.technical.page === page &&
          (scan === undefined || file.technical.derivedFrom === scan),
      );
      if (!alto) throw new Problem(404, 'no OCR layout of that page: is the scan processed?');
      if (request.method !== 'HEAD') await recordRead(catalog, request.caller, facts, 'media');
      const xml = await text(await (await objects.get()).readFile(id, alto.path));
      const scanPath = String(alto.technical.derivedFrom ?? scan ?? '');
      const { meanConfidence, needsReview } = alto.technical;
      const correctedText = await correctedPageText(catalog, id, scanPath, page);
      return {
        scan: scanPath,
        page,
        ...readAltoLayout(xml, alto.path),
        meanConfidence: typeof meanConfidence === 'number' ? meanConfidence : null,
        needsReview: typeof needsReview === 'boolean' ? needsReview : null,
        correctedText,
        imageUrl: `/api/items/${id}/pages/${page}/image?scan=${encodeURIComponent(scanPath)}`,
      };
    },
  );

  routes.get(
    '/items/:id/pages/:page/image',
    {
      schema: {
        summary:
          "A scanned page's image for viewers (OpenSeadragon's `{ type: 'image' }`): a one-page PNG, JPEG or WebP scan as stored (with ranges), a TIFF page as PNG",
        tags: ['media'],
        params: pageParams,
        querystring: scanQuery,
        response: {
          200: fileBytesSchema,
          206: fileBytesSchema,
          304: z.null().meta({ description: 'the client holds this image (If-None-Match)' }),
          ...problems(400, 401, 404, 416),
        },
      },
    },
    async (request, reply) => {
      const { id, page } = request.params;
      const { scan } = request.query;
      const facts = await visibleFacts(catalog, request, id);
      const scanFile = (await itemFilesOf(catalog, id)).find(
        (file) => file.role === 'scan' && (scan === undefined || file.path === scan),
      );
      if (!scanFile) throw new Problem(404, 'no such scan in this item');
      const pages = typeof scanFile.technical.pages === 'number' ? scanFile.technical.pages : 1;
      if (page > pages) throw new Problem(404, `the scan has ${pages} page(s)`);
      const mediaType = scanFile.mediaType ?? '';
      if (browserImages.has(mediaType) && pages === 1) {
        const answer = fileAnswer(request, scanFile);
        if (answer.status !== 304 && request.method !== 'HEAD')
          await recordRead(catalog, request.caller, facts, 'media');
        return sendFileAnswer(request, reply, await objects.get(), id, scanFile, answer);
      }
      if (mediaType !== 'image/tiff')
        throw new Problem(404, `no page image is made from ${mediaType || 'this'} scans yet`);
      const etag = `"${etagOf(scanFile).slice(1, -1)}-p${page}"`;
      reply.headers({ etag, 'cache-control': 'private, no-cache' });
      if (request.headers['if-none-match'] === etag) return reply.code(304).send(null);
      if (request.method !== 'HEAD') await recordRead(catalog, request.caller, facts, 'media');
      const png = await expensive(async () =>
        renderTiffPage(settings.dataDir, await objects.get(), id, scanFile.path, page, {
          maxPixels: settings.ocr.maxMegapixels * 1e6,
        }),
      );
      // The schema's `string` stands for bytes in the OpenAPI document; a Buffer is sent as it is.
      return reply.type('image/png').send(png as unknown as string);
    },
  );
}

/**
 * A page of a TIFF scan as PNG, upright as its header says. libvips reads it as a local
 * file (`withOriginalOnDisk`): it reads a TIFF's pages from a seekable file, and a
 * stream would be held in memory whole.
 */
async function renderTiffPage(
  dataDir: string,
  objects: Awaited<ReturnType<ArchiveObjects['get']>>,
  itemId: string,
  logicalPath: string,
  page: number,
  { maxPixels }: { maxPixels: number },
): Promise<Buffer> {
  return withOriginalOnDisk(dataDir, { objects, itemId, logicalPath }, (file) =>
    sharp(file, { page: page - 1, limitInputPixels: maxPixels, autoOrient: true })
      .png()
      .toBuffer(),
  );
}

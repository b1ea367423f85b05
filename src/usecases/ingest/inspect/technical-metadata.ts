import type { Settings } from '../../../infra/config/settings-schema.js';
import { BadMediaError } from '../../../media/audio/errors.js';
import { probeMedia } from '../../../media/audio/probe-media.js';
import { technicalOfProbe } from '../../../media/audio/recorded-probe.js';
import { type DetectedFormat, readTiffOrRefuse } from './detect-format.js';
import type { TiffPageHeader } from './tiff-directories.js';

export type TechnicalMetadata = Record<string, unknown>;

/**
 * Reads what an archivist and the later steps need to know about a file without
 * decoding all of it: duration, rate, channels and codec of every audio track
 * (ffprobe, kept whole so that normalisation need not probe again); pixel size, dpi
 * and pages of a scan (image headers only, so a pixel flood costs nothing here). A tool that cannot read a recognised file does not keep
 * it out of the archive: what could be read is kept, with `unreadable` naming the tool
 * and its reason, and the file's processing step fails for good later. Only a TIFF
 * whose structure ends outside the file is quarantined, as truncated beyond reading.
 */
export async function readTechnicalMetadata(
  file: string,
  detected: DetectedFormat,
  settings: Settings,
): Promise<TechnicalMetadata> {
  switch (detected.kind) {
    case 'audio':
    case 'video':
      return describeRecording(file, settings);
    case 'image':
      return describeImage(file, detected);
    case 'pdf':
    case 'transcript':
      return {};
  }
}

async function describeRecording(file: string, settings: Settings): Promise<TechnicalMetadata> {
  try {
    return technicalOfProbe(await probeMedia(file, settings));
  } catch (error) {
    if (error instanceof BadMediaError) return { unreadable: `ffprobe: ${error.reason}` };
    throw error;
  }
}

async function describeImage(file: string, detected: DetectedFormat): Promise<TechnicalMetadata> {
  try {
    // Loaded with the first image: libvips and its libraries cost a deposit of recordings
    // about 0.25 CPU-s and 33 MB, which every later tool launch would pay for again.
    const { default: sharp } = await import('sharp');
    // Headers only: a huge scan is still archived; the OCR step applies the pixel limit.
    const metadata = await sharp(file, { limitInputPixels: false }).metadata();
    return {
      width: metadata.width,
      height: metadata.height,
      pages: metadata.pages ?? 1,
      dpi: metadata.density,
      colourSpace: metadata.space,
      channels: metadata.channels,
      bitsPerSample: metadata.depth,
      compression: metadata.compression,
    };
  } catch (error) {
    const unreadable = `libvips: ${(error as Error).message.split('\n')[0]}`;
    return detected.format === 'tif' ? describeTiffPages(file, unreadable) : { unreadable };
  }
}

/** A TIFF libvips refuses, described from its page directories. */
async function describeTiffPages(file: string, unreadable: string): Promise<TechnicalMetadata> {
  const pages = await readTiffOrRefuse(file);
  const [first] = pages as [TiffPageHeader, ...TiffPageHeader[]];
  return {
    width: first.width,
    height: first.height,
    pages: pages.length,
    bitsPerSample: first.bitsPerSample,
    samplesPerPixel: first.samplesPerPixel,
    tiffCompression: first.compression,
    tiffPhotometric: first.photometric,
    unreadable,
  };
}

import sharp from 'sharp';
import { BadMediaError } from '../../audio/errors.js';
import { probeMedia } from '../../audio/probe-media.js';
import type { Settings } from '../../config/settings-schema.js';
import { type DetectedFormat, QuarantineReason } from './detect-format.js';

export type TechnicalMetadata = Record<string, unknown>;

/**
 * Reads what an archivist and the later steps need to know about a file without
 * decoding all of it: duration, rate, channels and codec of every audio track
 * (ffprobe); pixel size, dpi and pages of a scan (image headers only, so a pixel
 * flood costs nothing here). Content the tools cannot read is quarantined.
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
      return describeImage(file);
    case 'pdf':
    case 'transcript':
      return {};
  }
}

async function describeRecording(file: string, settings: Settings): Promise<TechnicalMetadata> {
  try {
    const probe = await probeMedia(file, settings);
    return {
      container: probe.formatName,
      durationSeconds: probe.durationSeconds,
      hasVideo: probe.hasVideo,
      audioTracks: probe.tracks.map((track) => ({
        codec: track.codec,
        sampleRate: track.sampleRate,
        channels: track.channels,
        bitDepth: track.bitDepth,
        durationSeconds: track.durationSeconds,
        language: track.language,
      })),
    };
  } catch (error) {
    if (error instanceof BadMediaError)
      throw new QuarantineReason(`cannot be read as audio or video: ${error.reason}`);
    throw error;
  }
}

async function describeImage(file: string): Promise<TechnicalMetadata> {
  try {
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
    throw new QuarantineReason(`cannot be read as an image: ${(error as Error).message}`);
  }
}

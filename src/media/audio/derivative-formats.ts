import path from 'node:path';
import type { AudioSettings } from './audio-settings.js';

/** How one kind of derivative is encoded. */
export interface DerivativeFormat {
  extension: string;
  mediaType: string;
  sampleRate: number;
  /** Encoder and muxer arguments. */
  codecArgs: string[];
}

/** Training copies: 16-bit PCM, mono, at the configured rate. */
export function trainingFormat(
  settings: Pick<AudioSettings, 'trainingFormat' | 'trainingSampleRate'>,
): DerivativeFormat {
  const sampleRate = settings.trainingSampleRate;
  return settings.trainingFormat === 'flac'
    ? {
        extension: 'flac',
        mediaType: 'audio/flac',
        sampleRate,
        codecArgs: ['-c:a', 'flac', '-f', 'flac'],
      }
    : {
        extension: 'wav',
        mediaType: 'audio/wav',
        sampleRate,
        codecArgs: ['-c:a', 'pcm_s16le', '-f', 'wav'],
      };
}

/**
 * Access copies for browsers. Opus goes in WebM rather than Ogg because Safari has played
 * Opus in WebM for years but in Ogg only recently; 64 kb/s mono Opus is transparent for
 * speech and song. MP3 is the fallback every player knows.
 */
export function accessFormat(settings: Pick<AudioSettings, 'accessFormat'>): DerivativeFormat {
  return settings.accessFormat === 'mp3'
    ? {
        extension: 'mp3',
        mediaType: 'audio/mpeg',
        sampleRate: 44_100,
        codecArgs: ['-c:a', 'libmp3lame', '-b:a', '96k', '-f', 'mp3'],
      }
    : {
        extension: 'webm',
        mediaType: 'audio/webm',
        sampleRate: 48_000,
        codecArgs: ['-c:a', 'libopus', '-b:a', '64k', '-f', 'webm'],
      };
}

/** The files one track's derivatives are written to. */
export interface DerivativePaths {
  training: string;
  access: string;
  peaks: string;
}

/**
 * A name stem safe on every filesystem and in URLs: from `stem` when the caller chose
 * one (to keep apart originals named alike), else from the input's file name.
 */
export function derivativeStem(inputPath: string, stem?: string): string {
  const name = stem ?? path.basename(inputPath, path.extname(inputPath));
  return name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[.]+/, '') || 'recording';
}

/** Where the derivatives of audio track `audioIndex` go inside `outputDir`. */
export function derivativePaths(
  outputDir: string,
  stem: string,
  audioIndex: number,
  settings: Pick<AudioSettings, 'trainingFormat' | 'trainingSampleRate' | 'accessFormat'>,
): DerivativePaths {
  const base = path.join(path.resolve(outputDir), `${stem}.a${audioIndex}`);
  return {
    training: `${base}.training.${trainingFormat(settings).extension}`,
    access: `${base}.access.${accessFormat(settings).extension}`,
    peaks: `${base}.peaks.json`,
  };
}

import { gzipSync } from 'node:zlib';
import type { SplitName } from './export-request.js';
import type { SpeechRow } from './speech-parquet.js';

/** Lines of the audiofolder, NeMo and Lhotse manifests of one split. */
export interface ManifestLines {
  audiofolder: string[];
  nemo: string[];
  recordings: string[];
  supervisions: string[];
}

export function emptyLines(): ManifestLines {
  return { audiofolder: [], nemo: [], recordings: [], supervisions: [] };
}

/** One line per format; paths are relative to where each tool resolves them. */
export function addLines(
  lines: ManifestLines,
  row: SpeechRow,
  split: SplitName,
  frames: number,
  rate: number,
): void {
  lines.audiofolder.push(json(audiofolderEntry(row)));
  lines.nemo.push(json(nemoEntry(row, split)));
  lines.recordings.push(json(lhotseRecording(row, split, frames, rate)));
  lines.supervisions.push(json(lhotseSupervision(row)));
}

function json(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

/** The parquet columns, by the same names, for `datasets`' audiofolder loader. */
function audiofolderEntry(row: SpeechRow): Record<string, unknown> {
  return {
    file_name: row.audio.path,
    id: row.id,
    text: row.text,
    text_origin: row.textOrigin,
    text_origin_tool: row.textOriginTool,
    language: row.language,
    speaker_id: row.speakerId,
    item_id: row.itemId,
    collection_id: row.collectionId,
    licence: row.licence,
    duration: row.duration,
    offset: row.offset,
    ritual_terms: row.ritualTerms,
    symbol_terms: row.symbolTerms,
  };
}

/** NeMo resolves relative audio paths against the manifest's folder. */
function nemoEntry(row: SpeechRow, split: SplitName): Record<string, unknown> {
  const { speakerId } = row;
  return {
    audio_filepath: `../audio/${split}/${row.audio.path}`,
    duration: row.duration,
    text: row.text,
    lang: row.language,
    ...(speakerId === null ? {} : { speaker: speakerId }),
    item_id: row.itemId,
    text_origin: row.textOrigin,
  };
}

/** Lhotse: each clip is a recording, with one supervision covering it; paths from the dataset root. */
function lhotseRecording(
  row: SpeechRow,
  split: SplitName,
  frames: number,
  rate: number,
): Record<string, unknown> {
  return {
    id: row.id,
    sources: [{ type: 'file', channels: [0], source: `audio/${split}/${row.audio.path}` }],
    sampling_rate: rate,
    num_samples: frames,
    duration: row.duration,
    channel_ids: [0],
  };
}

function lhotseSupervision(row: SpeechRow): Record<string, unknown> {
  const { speakerId } = row;
  return {
    id: row.id,
    recording_id: row.id,
    start: 0,
    duration: row.duration,
    channel: 0,
    text: row.text,
    language: row.language,
    ...(speakerId === null ? {} : { speaker: speakerId }),
    custom: {
      item_id: row.itemId,
      collection_id: row.collectionId,
      text_origin: row.textOrigin,
      text_origin_tool: row.textOriginTool,
      offset: row.offset,
      ritual_terms: row.ritualTerms,
      symbol_terms: row.symbolTerms,
    },
  };
}

/** gzip with no name and a zero time in its header (Node writes neither), so equal lines give equal bytes. */
export function gzip(lines: readonly string[]): Buffer {
  return gzipSync(lines.join(''), { level: 6 });
}

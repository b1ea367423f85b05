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
  const json = (value: unknown) => `${JSON.stringify(value)}\n`;
  const { speakerId } = row;
  // The parquet columns, by the same names, for `datasets`' audiofolder loader.
  lines.audiofolder.push(
    json({
      file_name: row.audio.path,
      id: row.id,
      text: row.text,
      text_origin: row.textOrigin,
      text_origin_tool: row.textOriginTool,
      language: row.language,
      speaker_id: speakerId,
      item_id: row.itemId,
      collection_id: row.collectionId,
      licence: row.licence,
      duration: row.duration,
      offset: row.offset,
      ritual_terms: row.ritualTerms,
      symbol_terms: row.symbolTerms,
    }),
  );
  // NeMo resolves relative audio paths against the manifest's folder.
  lines.nemo.push(
    json({
      audio_filepath: `../audio/${split}/${row.audio.path}`,
      duration: row.duration,
      text: row.text,
      lang: row.language,
      ...(speakerId === null ? {} : { speaker: speakerId }),
      item_id: row.itemId,
      text_origin: row.textOrigin,
    }),
  );
  // Lhotse: each clip is a recording, with one supervision covering it; paths from the dataset root.
  lines.recordings.push(
    json({
      id: row.id,
      sources: [{ type: 'file', channels: [0], source: `audio/${split}/${row.audio.path}` }],
      sampling_rate: rate,
      num_samples: frames,
      duration: row.duration,
      channel_ids: [0],
    }),
  );
  lines.supervisions.push(
    json({
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
    }),
  );
}

/** gzip with no name and a zero time in its header (Node writes neither), so equal lines give equal bytes. */
export function gzip(lines: readonly string[]): Buffer {
  return gzipSync(lines.join(''), { level: 6 });
}

import type { SchemaElement } from 'hyparquet-writer';
import { AudioShardWriter, idAndAudioColumns, textColumn as text } from './audio-parquet-shard.js';
import type { DatasetFiles } from './dataset-files.js';

/** One utterance as a row of the speech parquet files. */
export interface SpeechRow {
  id: string;
  /** WAV bytes of the clip and its file name, as the Hugging Face `Audio` feature reads them. */
  audio: { bytes: Uint8Array; path: string };
  text: string;
  /** Where the text came from (see `text-origin.ts`), and the software for machine-read text. */
  textOrigin: string;
  textOriginTool: string | null;
  language: string;
  /** A pseudonym, or the name when consent allows names; null when the item names no performer. */
  speakerId: string | null;
  itemId: string;
  collectionId: string;
  licence: string;
  /** Clip length, in seconds (its samples over the sample rate). */
  duration: number;
  /** Where the clip starts in the item's recording, in seconds. */
  offset: number;
  ritualTerms: string[];
  symbolTerms: string[];
}

const textList = (name: string): SchemaElement[] => [
  { name, repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  text('element'),
];

/** The parquet schema; `audio` is the struct<bytes, path> that `datasets.Audio` decodes. */
const speechParquetSchema: SchemaElement[] = [
  { name: 'schema', num_children: 14 },
  ...idAndAudioColumns,
  text('text'),
  text('text_origin'),
  text('text_origin_tool', true),
  text('language'),
  text('speaker_id', true),
  text('item_id'),
  text('collection_id'),
  text('licence'),
  { name: 'duration', type: 'DOUBLE', repetition_type: 'REQUIRED' },
  { name: 'offset', type: 'DOUBLE', repetition_type: 'REQUIRED' },
  ...textList('ritual_terms'),
  ...textList('symbol_terms'),
];

/** Hugging Face `datasets` features of the speech rows, for the card and the parquet footer. */
export function speechFeatures(sampleRate: number): Record<string, unknown> {
  const value = (dtype: string) => ({ dtype, _type: 'Value' });
  const strings = { feature: value('string'), _type: 'Sequence' };
  return {
    id: value('string'),
    audio: { sampling_rate: sampleRate, _type: 'Audio' },
    text: value('string'),
    text_origin: value('string'),
    text_origin_tool: value('string'),
    language: value('string'),
    speaker_id: value('string'),
    item_id: value('string'),
    collection_id: value('string'),
    licence: value('string'),
    duration: value('float64'),
    offset: value('float64'),
    ritual_terms: strings,
    symbol_terms: strings,
  };
}

/** Writes one parquet shard of speech rows (see AudioShardWriter). */
export class SpeechShardWriter extends AudioShardWriter<SpeechRow> {
  constructor(files: DatasetFiles, relativePath: string, sampleRate: number) {
    super(files, relativePath, {
      schema: speechParquetSchema,
      features: speechFeatures(sampleRate),
      rowsPerGroup: 64,
      columns: [
        ['text', (row) => row.text],
        ['text_origin', (row) => row.textOrigin],
        ['text_origin_tool', (row) => row.textOriginTool],
        ['language', (row) => row.language],
        ['speaker_id', (row) => row.speakerId],
        ['item_id', (row) => row.itemId],
        ['collection_id', (row) => row.collectionId],
        ['licence', (row) => row.licence],
        ['duration', (row) => row.duration],
        ['offset', (row) => row.offset],
        ['ritual_terms', (row) => row.ritualTerms],
        ['symbol_terms', (row) => row.symbolTerms],
      ],
    });
  }
}

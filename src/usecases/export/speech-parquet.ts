import { ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import { heritageAgent } from '../../infra/package/heritage-version.js';
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

const text = (name: string, optional = false): SchemaElement => ({
  name,
  type: 'BYTE_ARRAY',
  converted_type: 'UTF8',
  repetition_type: optional ? 'OPTIONAL' : 'REQUIRED',
});
const textList = (name: string): SchemaElement[] => [
  { name, repetition_type: 'REQUIRED', converted_type: 'LIST', num_children: 1 },
  { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
  text('element'),
];

/** The parquet schema; `audio` is the struct<bytes, path> that `datasets.Audio` decodes. */
const speechParquetSchema: SchemaElement[] = [
  { name: 'schema', num_children: 14 },
  text('id'),
  { name: 'audio', repetition_type: 'REQUIRED', num_children: 2 },
  { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
  text('path', true),
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

/** Rows per row group: a few MB of audio, so a reader can fetch a little at a time. */
const ROWS_PER_GROUP = 64;

/**
 * Writes one parquet shard of speech rows, a row group at a time. Audio is stored
 * PLAIN and uncompressed (PCM does not shrink with snappy, and encoding it costs
 * time); the footer carries the `huggingface` features so `datasets` needs no card.
 */
export class SpeechShardWriter {
  readonly #writer: ParquetWriter;
  #pending: SpeechRow[] = [];

  constructor(files: DatasetFiles, relativePath: string, sampleRate: number) {
    this.#writer = new ParquetWriter({
      writer: files.parquetWriter(relativePath),
      schema: speechParquetSchema,
      // The version goes into the file, never a time: the same rows give the same bytes.
      createdBy: heritageAgent,
      kvMetadata: [
        {
          key: 'huggingface',
          value: JSON.stringify({ info: { features: speechFeatures(sampleRate) } }),
        },
      ],
    });
  }

  async add(row: SpeechRow): Promise<void> {
    this.#pending.push(row);
    if (this.#pending.length >= ROWS_PER_GROUP) await this.#flush();
  }

  async finish(): Promise<void> {
    await this.#flush();
    await this.#writer.finish();
  }

  async #flush(): Promise<void> {
    const rows = this.#pending;
    if (rows.length === 0) return;
    this.#pending = [];
    const column = <T>(name: string, pick: (row: SpeechRow) => T) => ({
      name,
      data: rows.map(pick),
    });
    await this.#writer.write({
      rowGroupSize: rows.length,
      columnData: [
        column('id', (row) => row.id),
        {
          ...column('audio', (row) => row.audio),
          codec: 'UNCOMPRESSED',
          encoding: 'PLAIN',
          statistics: false,
        },
        column('text', (row) => row.text),
        column('text_origin', (row) => row.textOrigin),
        column('text_origin_tool', (row) => row.textOriginTool),
        column('language', (row) => row.language),
        column('speaker_id', (row) => row.speakerId),
        column('item_id', (row) => row.itemId),
        column('collection_id', (row) => row.collectionId),
        column('licence', (row) => row.licence),
        column('duration', (row) => row.duration),
        column('offset', (row) => row.offset),
        column('ritual_terms', (row) => row.ritualTerms),
        column('symbol_terms', (row) => row.symbolTerms),
      ],
    });
  }
}

import { ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import { heritageAgent } from '../../infra/package/heritage-version.js';
import type { DatasetFiles } from './dataset-files.js';

/** One clip of untranscribed speech as a row of the `unlabelled` parquet files. */
export interface UnlabelledRow {
  id: string;
  /** WAV bytes of the clip and its file name, as the Hugging Face `Audio` feature reads them. */
  audio: { bytes: Uint8Array; path: string };
  /** The item's language: nobody has said what is spoken, only what the item is in. */
  language: string;
  speakerId: string | null;
  itemId: string;
  collectionId: string;
  licence: string;
  duration: number;
  /** Where the clip starts in the item's recording, in seconds. */
  offset: number;
}

const text = (name: string, optional = false): SchemaElement => ({
  name,
  type: 'BYTE_ARRAY',
  converted_type: 'UTF8',
  repetition_type: optional ? 'OPTIONAL' : 'REQUIRED',
});

const unlabelledParquetSchema: SchemaElement[] = [
  { name: 'schema', num_children: 9 },
  text('id'),
  { name: 'audio', repetition_type: 'REQUIRED', num_children: 2 },
  { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
  text('path', true),
  text('language'),
  text('speaker_id', true),
  text('item_id'),
  text('collection_id'),
  text('licence'),
  { name: 'duration', type: 'DOUBLE', repetition_type: 'REQUIRED' },
  { name: 'offset', type: 'DOUBLE', repetition_type: 'REQUIRED' },
];

/** Hugging Face `datasets` features of the unlabelled rows, for the card and the parquet footer. */
export function unlabelledFeatures(sampleRate: number): Record<string, unknown> {
  const value = (dtype: string) => ({ dtype, _type: 'Value' });
  return {
    id: value('string'),
    audio: { sampling_rate: sampleRate, _type: 'Audio' },
    language: value('string'),
    speaker_id: value('string'),
    item_id: value('string'),
    collection_id: value('string'),
    licence: value('string'),
    duration: value('float64'),
    offset: value('float64'),
  };
}

/** Rows per row group: a few MB of audio. */
const ROWS_PER_GROUP = 32;

/** Writes one parquet shard of unlabelled clips, as `SpeechShardWriter` does speech: audio PLAIN, uncompressed. */
export class UnlabelledShardWriter {
  readonly #writer: ParquetWriter;
  #pending: UnlabelledRow[] = [];

  constructor(files: DatasetFiles, relativePath: string, sampleRate: number) {
    this.#writer = new ParquetWriter({
      writer: files.parquetWriter(relativePath),
      schema: unlabelledParquetSchema,
      createdBy: heritageAgent,
      kvMetadata: [
        {
          key: 'huggingface',
          value: JSON.stringify({ info: { features: unlabelledFeatures(sampleRate) } }),
        },
      ],
    });
  }

  async add(row: UnlabelledRow): Promise<void> {
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
    const column = <T>(name: string, pick: (row: UnlabelledRow) => T) => ({
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
        column('language', (row) => row.language),
        column('speaker_id', (row) => row.speakerId),
        column('item_id', (row) => row.itemId),
        column('collection_id', (row) => row.collectionId),
        column('licence', (row) => row.licence),
        column('duration', (row) => row.duration),
        column('offset', (row) => row.offset),
      ],
    });
  }
}

import { ParquetWriter, type SchemaElement } from 'hyparquet-writer';
import { heritageAgent } from '../../infra/package/heritage-version.js';
import type { DatasetFiles } from './dataset-files.js';

/** A UTF-8 text column of a parquet schema. */
export const textColumn = (name: string, optional = false): SchemaElement => ({
  name,
  type: 'BYTE_ARRAY',
  converted_type: 'UTF8',
  repetition_type: optional ? 'OPTIONAL' : 'REQUIRED',
});

/** The schema's first columns, which every audio config shares: `id`, and `audio` as the struct<bytes, path> that `datasets.Audio` decodes. */
export const idAndAudioColumns: SchemaElement[] = [
  textColumn('id'),
  { name: 'audio', repetition_type: 'REQUIRED', num_children: 2 },
  { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
  textColumn('path', true),
];

/** A row of an audio config: its id and the clip's WAV bytes with their file name. */
export interface AudioRow {
  id: string;
  audio: { bytes: Uint8Array; path: string };
}

/** What one audio config writes: its schema, its `datasets` features, and its columns after `id` and `audio`, in the schema's order. */
export interface AudioShardLayout<Row extends AudioRow> {
  schema: SchemaElement[];
  features: Record<string, unknown>;
  /** Rows per row group: a few MB of audio, so a reader can fetch a little at a time. */
  rowsPerGroup: number;
  columns: [name: string, pick: (row: Row) => unknown][];
}

/**
 * Writes one parquet shard of audio rows, a row group at a time. Audio is stored PLAIN
 * and uncompressed (PCM does not shrink with snappy, and encoding it costs time); the
 * footer carries the `huggingface` features so `datasets` needs no card.
 */
export class AudioShardWriter<Row extends AudioRow> {
  readonly #writer: ParquetWriter;
  readonly #layout: AudioShardLayout<Row>;
  #pending: Row[] = [];

  constructor(files: DatasetFiles, relativePath: string, layout: AudioShardLayout<Row>) {
    this.#layout = layout;
    this.#writer = new ParquetWriter({
      writer: files.parquetWriter(relativePath),
      schema: layout.schema,
      // The version goes into the file, never a time: the same rows give the same bytes.
      createdBy: heritageAgent,
      kvMetadata: [
        { key: 'huggingface', value: JSON.stringify({ info: { features: layout.features } }) },
      ],
    });
  }

  async add(row: Row): Promise<void> {
    this.#pending.push(row);
    if (this.#pending.length >= this.#layout.rowsPerGroup) await this.#flush();
  }

  async finish(): Promise<void> {
    await this.#flush();
    await this.#writer.finish();
  }

  async #flush(): Promise<void> {
    const rows = this.#pending;
    if (rows.length === 0) return;
    this.#pending = [];
    await this.#writer.write({
      rowGroupSize: rows.length,
      columnData: [
        { name: 'id', data: rows.map((row) => row.id) },
        {
          name: 'audio',
          data: rows.map((row) => row.audio),
          codec: 'UNCOMPRESSED',
          encoding: 'PLAIN',
          statistics: false,
        },
        ...this.#layout.columns.map(([name, pick]) => ({ name, data: rows.map(pick) })),
      ],
    });
  }
}

import type { SchemaElement } from 'hyparquet-writer';
import { AudioShardWriter, idAndAudioColumns, textColumn as text } from './audio-parquet-shard.js';
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

const unlabelledParquetSchema: SchemaElement[] = [
  { name: 'schema', num_children: 9 },
  ...idAndAudioColumns,
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
/** Writes one parquet shard of unlabelled clips (see AudioShardWriter). */
export class UnlabelledShardWriter extends AudioShardWriter<UnlabelledRow> {
  constructor(files: DatasetFiles, relativePath: string, sampleRate: number) {
    super(files, relativePath, {
      schema: unlabelledParquetSchema,
      features: unlabelledFeatures(sampleRate),
      rowsPerGroup: 32,
      columns: [
        ['language', (row) => row.language],
        ['speaker_id', (row) => row.speakerId],
        ['item_id', (row) => row.itemId],
        ['collection_id', (row) => row.collectionId],
        ['licence', (row) => row.licence],
        ['duration', (row) => row.duration],
        ['offset', (row) => row.offset],
      ],
    });
  }
}

/**
 * The item record of a benchmark item whose recording went through the audio step: an
 * open recording with consent to ML training and its 16 kHz training copy, as an
 * export reads it.
 */
import type { normaliseRecording } from '../src/media/audio/index.js';
import { type ItemRecord, itemRecordSchema } from '../src/model/item-record.js';

export function itemRecord(
  id: string,
  index: number,
  track: Awaited<ReturnType<typeof normaliseRecording>>['tracks'][number],
  size: number,
): ItemRecord {
  const { derivatives: _derivatives, ...result } = track;
  return itemRecordSchema.parse({
    schemaVersion: 1,
    item: {
      id,
      collection: 'bench',
      title: `Song ${index}`,
      languages: ['tyz'],
      contributors: [{ name: `Singer ${index % 7}`, role: 'singer' }],
      accessProtocol: 'open',
      consent: { uses: ['archive', 'ml-training'] },
      licence: 'CC0-1.0',
    },
    collection: { id: 'bench', title: 'Benchmark songs', licence: 'CC0-1.0' },
    assets: [
      {
        path: `originals/${id}.flac`,
        role: 'recording',
        mediaType: 'audio/flac',
        format: 'flac',
        sha256: '0'.repeat(64),
        size: 1,
      },
      {
        path: `derivatives/audio/${id}.a0.training.wav`,
        role: 'derivative',
        mediaType: 'audio/wav',
        format: 'wav',
        sha256: '0'.repeat(64),
        size,
        technical: { use: 'training', audioIndex: 0, sampleRate: 16_000, channels: 1 },
        derivedFrom: `originals/${id}.flac`,
        derivation: { step: 'normalise-audio', agent: 'ffmpeg' },
      },
    ],
    steps: [
      {
        step: 'normalise-audio',
        asset: `originals/${id}.flac`,
        status: 'done',
        result: { tracks: [result] },
      },
    ],
  });
}

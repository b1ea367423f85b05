import { JobName } from '../../jobs/names.js';
import { recordedJob } from '../../jobs/recorded-job-results.js';
import type { ItemRecord } from '../../model/item-record.js';

/** The 16 kHz training copy of a recording, with what the audio step measured. */
export interface TrainingTrack {
  /** The original's logical path: transcripts are anchored to it. */
  original: string;
  /** Logical path of the training copy, e.g. `derivatives/audio/then-001.a0.training.wav`. */
  path: string;
  sha256: string;
  sampleRate: number;
  durationSeconds: number;
  flags: string[];
  /** The loudness the copy was normalised to, and the software that made it. */
  loudnessTarget: { integratedLufs: number; truePeakDbtp: number };
  agent: string;
}

/**
 * The training copy of each recording whose audio step is done: of its first audio
 * track, which is the one transcripts are timed against. Recordings without one are
 * returned in `missing` with why.
 */
export function trainingTracks(record: ItemRecord): {
  tracks: TrainingTrack[];
  missing: { original: string; reason: string }[];
} {
  const tracks: TrainingTrack[] = [];
  const missing: { original: string; reason: string }[] = [];
  for (const recording of record.assets.filter((asset) => asset.role === 'recording')) {
    const audio = recordedJob(record, JobName.NormaliseAudio, recording.path);
    const measured = audio?.result?.tracks ?? [];
    if (audio?.status !== 'done' || measured.length === 0) {
      missing.push({ original: recording.path, reason: 'audio normalisation not done' });
      continue;
    }
    const [first] = [...measured].sort((a, b) => a.audioIndex - b.audioIndex);
    const training = record.assets.find(
      (asset) =>
        asset.derivedFrom === recording.path &&
        asset.technical.use === 'training' &&
        asset.technical.audioIndex === first?.audioIndex,
    );
    const sampleRate = Number(training?.technical.sampleRate);
    if (!first || !training || !(sampleRate > 0) || training.format !== 'wav') {
      missing.push({ original: recording.path, reason: 'no WAV training copy' });
      continue;
    }
    tracks.push({
      original: recording.path,
      path: training.path,
      sha256: training.sha256,
      sampleRate,
      durationSeconds: first.quality.durationSeconds,
      flags: first.flags.map((flag) => flag.code),
      loudnessTarget: first.loudness.target,
      agent: training.derivation?.agent ?? 'unknown',
    });
  }
  return { tracks, missing };
}

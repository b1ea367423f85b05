/**
 * Voice activity of a loudness-normalised training copy, by ffmpeg's `silencedetect`
 * rule (`silentStretches` below) applied here to the samples the export already holds.
 * A neural VAD (silero through `@ricky0123/vad-node`) would need onnxruntime-node, a
 * native package of some 50 MB this project does not otherwise carry; the training copies
 * are all normalised to one loudness target, so a level threshold set relative to that
 * target separates phrases from pauses on every copy alike.
 *
 * Thresholds, measured on real speech (`jfk.flac` of the reference corpus, normalised
 * to -23 LUFS, 16 kHz mono as the audio step writes training copies), in 50 ms windows:
 * the pauses sit at -47 to -52 dBFS RMS, speech at -16 to -25, and the gaps between
 * words dip to -38 to -45 for 50-150 ms. silencedetect compares each sample's level, and
 * samples peak some 10 dB above their window's RMS: at target - 17 dB (-40) the floor's
 * peaks broke each pause into pieces, at target - 12 dB (-35) the three phrase pauses
 * (1.17, 1.11 and 0.60 s) came out whole, as they did at -30. With a minimum of 0.3 s the
 * 0.31 s gap inside "ask not / what your country" also split that phrase into two
 * pieces too short to keep; 0.5 s keeps phrases whole and still cuts at every pause.
 */
/** Silence is what stays this many dB below the copy's loudness target (-23 LUFS gives -35 dB). */
export const silenceBelowTargetDb = 12;
/** A quieter stretch shorter than this is a gap inside a phrase, not a pause. */
export const pauseMinSeconds = 0.5;

/** A stretch of sound between pauses, in seconds from the start of the copy. */
export interface VoicedRegion {
  startSeconds: number;
  endSeconds: number;
}

/** The complement of the silent stretches in [0, duration]: where someone speaks or sings. */
export function voicedRegions(
  silences: readonly { startSeconds: number; endSeconds: number }[],
  openSinceSeconds: number | null,
  durationSeconds: number,
): VoicedRegion[] {
  const quiet = [...silences];
  if (openSinceSeconds !== null)
    quiet.push({ startSeconds: openSinceSeconds, endSeconds: durationSeconds });
  const regions: VoicedRegion[] = [];
  let from = 0;
  for (const stretch of quiet) {
    if (stretch.startSeconds > from)
      regions.push({
        startSeconds: from,
        endSeconds: Math.min(stretch.startSeconds, durationSeconds),
      });
    from = Math.max(from, stretch.endSeconds);
  }
  if (from < durationSeconds) regions.push({ startSeconds: from, endSeconds: durationSeconds });
  return regions.filter((region) => region.endSeconds > region.startSeconds);
}

/** Integer PCM, interleaved, as the data chunk of a WAV file holds it. */
export interface PcmSamples {
  bytes: Uint8Array;
  /** Byte offset of the first sample. */
  dataOffset: number;
  frames: number;
  channels: number;
  sampleRate: number;
  /** Bytes per frame: every channel's sample, each 1 (unsigned), 2, 3 or 4 bytes wide. */
  blockAlign: number;
}

/**
 * The voiced regions of a copy normalised to `targetLufs`, or null when its samples are
 * not integer PCM this reads (1 to 4 bytes each).
 */
export function detectVoice(pcm: PcmSamples, targetLufs: number): VoicedRegion[] | null {
  const silence = silentStretches(pcm, targetLufs - silenceBelowTargetDb);
  if (!silence) return null;
  return voicedRegions(silence.stretches, silence.openSinceSeconds, pcm.frames / pcm.sampleRate);
}

/** Where a copy stays silent: closed stretches, and the start of one still open at its end. */
export interface SilentStretches {
  stretches: { startSeconds: number; endSeconds: number }[];
  openSinceSeconds: number | null;
}

/**
 * The stretches where every sample stays below `noiseDb` for at least `pauseMinSeconds`,
 * as ffmpeg 5.1's `silencedetect` finds them on integer samples: the threshold is the
 * full scale times the level, cut to an integer; a sample is silent strictly inside it;
 * channels count together, as one run of samples. Done here rather than by ffmpeg: the
 * copies are in memory already, and feeding 24 minutes of them through ffmpeg took
 * 1.1-1.3 s of an export's 2 s (launch, pipes, its log to parse), reading them here
 * about 45 ms. Unlike ffmpeg, a pause at the very start is reported from 0, not
 * from the second sample (its `0` means "no silence yet").
 */
export function silentStretches(pcm: PcmSamples, noiseDb: number): SilentStretches | null {
  const { channels, sampleRate } = pcm;
  const width = pcm.blockAlign / channels;
  const readSample = sampleReaders[width];
  if (!readSample) return null;
  const view = new DataView(pcm.bytes.buffer, pcm.bytes.byteOffset + pcm.dataOffset);
  const threshold = Math.trunc(10 ** (noiseDb / 20) * (2 ** (8 * width - 1) - 1));
  const runToNotify = Math.round(pauseMinSeconds * sampleRate) * channels;
  const seconds = (sample: number) => Math.floor(sample / channels) / sampleRate;
  const stretches: SilentStretches['stretches'] = [];
  const samples = pcm.frames * channels;
  let run = 0;
  for (let index = 0; index < samples; index += 1) {
    const value = readSample(view, index * width);
    if (value < threshold && value > -threshold) {
      run += 1;
    } else {
      if (run >= runToNotify)
        stretches.push({ startSeconds: seconds(index - run), endSeconds: seconds(index) });
      run = 0;
    }
  }
  return {
    stretches,
    openSinceSeconds: run >= runToNotify ? seconds(samples - run) : null,
  };
}

/** Readers of one little-endian sample by its width in bytes; 8-bit WAV is unsigned. */
const sampleReaders: Record<number, (view: DataView, offset: number) => number> = {
  1: (view, offset) => view.getUint8(offset) - 128,
  2: (view, offset) => view.getInt16(offset, true),
  3: (view, offset) => (view.getInt8(offset + 2) << 16) | view.getUint16(offset, true),
  4: (view, offset) => view.getInt32(offset, true),
};

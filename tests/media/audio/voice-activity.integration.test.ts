import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { normaliseRecording } from '../../../src/media/audio/normalise-recording.js';
import {
  detectVoice,
  pauseMinSeconds,
  type SilentStretches,
  silenceBelowTargetDb,
  silentStretches,
} from '../../../src/media/audio/voice-activity.js';
import { readWavLayout } from '../../../src/usecases/export/wav-clip.js';
import { defaultAudioSettings, ffmpeg, jfkPath } from '../../support/audio-fixtures.js';
import { itWithCorpus } from '../../support/corpus-tests.js';
import { useFixtureDir } from '../../support/fixture-dir.js';

const run = promisify(execFile);
const dir = useFixtureDir();
const noiseDb = defaultAudioSettings.targetLufs - silenceBelowTargetDb;

/** A file's silent stretches as [first, end) sample frames, a stretch open at the end closed there. */
type Stretches = [number, number][];

/** ffmpeg's own `silencedetect` on a file: what heritage's reading must agree with. */
async function ffmpegSilences(file: string, rate: number, frames: number): Promise<Stretches> {
  const { stderr } = await run('ffmpeg', [
    ...['-hide_banner', '-nostdin', '-nostats', '-i', file],
    ...['-af', `silencedetect=noise=${noiseDb}dB:duration=${pauseMinSeconds}`, '-f', 'null', '-'],
  ]);
  const found: Stretches = [];
  let open: number | null = null;
  for (const [, key, value] of stderr.matchAll(/silence_(start|end): (-?[\d.]+)/g)) {
    const frame = Math.round(Number(value) * rate);
    if (key === 'start') open = frame;
    else if (open !== null) {
      found.push([open, frame]);
      open = null;
    }
  }
  if (open !== null) found.push([open, frames]);
  // ffmpeg has a pause that opens the file start at its second sample (its 0 means
  // "none yet"); heritage says 0.
  return found.map(([start, end]) => [start === 1 ? 0 : start, end]);
}

/** heritage's reading of the same file, and ffmpeg's, to compare. */
async function bothSilences(file: string): Promise<{ ours: Stretches; theirs: Stretches }> {
  const bytes = await readFile(file);
  const layout = readWavLayout(bytes, file);
  const found = silentStretches({ bytes, ...layout }, noiseDb) as SilentStretches;
  const frame = (seconds: number) => Math.round(seconds * layout.sampleRate);
  const ours: Stretches = found.stretches.map((stretch) => [
    frame(stretch.startSeconds),
    frame(stretch.endSeconds),
  ]);
  if (found.openSinceSeconds !== null) ours.push([frame(found.openSinceSeconds), layout.frames]);
  return { ours, theirs: await ffmpegSilences(file, layout.sampleRate, layout.frames) };
}

/**
 * Noise that is loud, then quiet for 0.3, 0.49, 0.51 and 1 s, then hovers at the
 * threshold (so that single samples decide), then ends quiet: every way a pause is found.
 */
async function pausedNoise(file: string, extra: string[]): Promise<string> {
  const target = path.join(dir(), file);
  const quiet = [
    'between(t,0,0.7)',
    'between(t,1,1.3)',
    'between(t,2,2.49)',
    'between(t,3,3.51)',
    'between(t,4.5,5.5)',
    'gte(t,8)',
  ].join('+');
  await ffmpeg([
    ...['-f', 'lavfi', '-i', 'anoisesrc=amplitude=0.4:sample_rate=16000:duration=9:seed=7'],
    '-af',
    `volume='if(${quiet},0.004,if(between(t,6,7.5),0.045,1))':eval=frame`,
    ...extra,
    target,
  ]);
  return target;
}

describe('voice activity read from the samples', () => {
  it('finds the silences ffmpeg’s silencedetect finds, to the sample, in mono', async () => {
    const file = await pausedNoise('mono.wav', ['-ac', '1', '-c:a', 'pcm_s16le']);
    const { ours, theirs } = await bothSilences(file);
    expect(ours).toEqual(theirs);
    // The opening pause, the 0.51 s and 1 s ones, and the one still open at the end.
    expect(ours.length).toBeGreaterThanOrEqual(4);
    expect(ours[0]?.[0]).toBe(0);
  });

  it('counts the channels of a stereo copy together, as silencedetect does', async () => {
    const file = await pausedNoise('stereo.wav', ['-ac', '2', '-c:a', 'pcm_s16le']);
    const { ours, theirs } = await bothSilences(file);
    expect(ours).toEqual(theirs);
  });

  it('reads 24-bit, 32-bit and 8-bit samples at the same level', async () => {
    const reference = await bothSilences(
      await pausedNoise('s16.wav', ['-ac', '1', '-c:a', 'pcm_s16le']),
    );
    for (const codec of ['pcm_s24le', 'pcm_s32le', 'pcm_u8']) {
      const { ours } = await bothSilences(
        await pausedNoise(`${codec}.wav`, ['-ac', '1', '-c:a', codec]),
      );
      expect(ours).toHaveLength(reference.ours.length);
      ours.forEach(([start, end], index) => {
        const [referenceStart, referenceEnd] = reference.ours[index] as [number, number];
        // Within 50 ms: near the threshold, another resolution decides other samples.
        expect(Math.abs(start - referenceStart)).toBeLessThan(800);
        expect(Math.abs(end - referenceEnd)).toBeLessThan(800);
      });
    }
  });

  it('reads nothing from samples that are not integer PCM of 1 to 4 bytes', () => {
    const pcm = { bytes: Buffer.alloc(64), dataOffset: 0, frames: 8, channels: 1, sampleRate: 8 };
    expect(detectVoice({ ...pcm, blockAlign: 8 }, -23)).toBeNull();
    expect(detectVoice({ ...pcm, blockAlign: 2 }, -23)).toEqual([]);
  });

  itWithCorpus(
    'agrees with silencedetect on real speech normalised as a training copy',
    async () => {
      const normalised = await normaliseRecording({
        inputPath: jfkPath,
        outputDir: path.join(dir(), 'jfk'),
        settings: defaultAudioSettings,
      });
      const training = normalised.tracks[0]?.derivatives.training.path as string;
      const { ours, theirs } = await bothSilences(training);
      expect(ours).toEqual(theirs);
      const bytes = await readFile(training);
      const regions = detectVoice({ bytes, ...readWavLayout(bytes, training) }, -23);
      // The three phrase pauses of the speech cut it into four voiced regions.
      expect(regions).toHaveLength(4);
    },
  );
});

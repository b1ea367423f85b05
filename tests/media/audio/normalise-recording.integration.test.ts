import { describe, expect, it } from 'vitest';
import { normaliseRecording } from '../../../src/media/audio/normalise-recording.js';
import type { RecordingResult } from '../../../src/media/audio/recording-result.js';
import {
  decodedDurationSeconds,
  defaultAudioSettings,
  type FixtureName,
  generateFixture,
  jfkPath,
  measureIntegratedLufs,
  probeAudioStream,
} from '../../support/audio-fixtures.js';
import { describeWithCorpus, itWithCorpus } from '../../support/corpus-tests.js';
import { useFixtureDir } from '../../support/fixture-dir.js';

const dir = useFixtureDir();

/** Every training copy: on target by an independent meter, 16 kHz mono s16, as long as its source. */
async function expectTrainingCopiesConform(source: string, result: RecordingResult): Promise<void> {
  for (const track of result.tracks) {
    const training = track.derivatives.training.path;
    const loudness = await measureIntegratedLufs(training);
    expect(Math.abs(loudness - defaultAudioSettings.targetLufs)).toBeLessThanOrEqual(1);

    const facts = await probeAudioStream(training);
    expect(facts).toMatchObject({
      codec: 'pcm_s16le',
      sampleRate: 16_000,
      channels: 1,
      sampleFormat: 's16',
    });

    const sourceSeconds = await decodedDurationSeconds(source, track.audioIndex);
    expect(Math.abs(facts.durationSeconds - sourceSeconds)).toBeLessThanOrEqual(0.01);
  }
}

const results = new Map<string, Promise<{ input: string; result: RecordingResult }>>();

/** Normalises a fixture (or the corpus file) once per test file; tests share the outcome. */
function normalised(
  name: FixtureName | 'jfk',
): Promise<{ input: string; result: RecordingResult }> {
  let outcome = results.get(name);
  if (!outcome) {
    outcome = (async () => {
      const input = name === 'jfk' ? jfkPath : await generateFixture(dir(), name);
      const outputDir = `${dir()}/${name}-out`;
      const result = await normaliseRecording({
        inputPath: input,
        outputDir,
        settings: defaultAudioSettings,
      });
      return { input, result };
    })();
    results.set(name, outcome);
  }
  return outcome;
}

describeWithCorpus('normaliseRecording on real speech', () => {
  it('brings jfk.flac to the target as a 16 kHz mono training copy of the same length', async () => {
    const { input, result } = await normalised('jfk');
    expect(result.tracks).toHaveLength(1);
    await expectTrainingCopiesConform(input, result);
  });
});

describe.each<[FixtureName, string]>([
  ['veryQuiet', 'a 30 dB gain'],
  ['loudClipping', 'a 20 dB cut'],
  ['stereo', 'different left and right channels'],
  ['narrowband8k', 'an upsample from 8 kHz'],
  ['hiRes96k24', 'a downsample from 96 kHz 24-bit'],
  ['quietWithClick', 'the true-peak limiter'],
])('normaliseRecording on %s (%s)', (name) => {
  it('writes a conforming training copy', async () => {
    const { input, result } = await normalised(name);
    await expectTrainingCopiesConform(input, result);
  });
});

describe('normaliseRecording on a video with two audio tracks', () => {
  it('treats each track as its own recording', async () => {
    const { input, result } = await normalised('videoTwoTracks');

    expect(result.input.hasVideo).toBe(true);
    expect(result.tracks.map((track) => track.audioIndex)).toEqual([0, 1]);
    // Video is stream 0, the audio tracks follow.
    expect(result.tracks.map((track) => track.streamIndex)).toEqual([1, 2]);
    const trainingFiles = new Set(result.tracks.map((track) => track.derivatives.training.path));
    expect(trainingFiles.size).toBe(2);
    // Speech and pink noise measure differently before normalisation.
    const [speech, noise] = result.tracks;
    expect(speech?.loudness.input.integratedLufs).not.toBe(noise?.loudness.input.integratedLufs);
    await expectTrainingCopiesConform(input, result);
  });
});

describe('the loudnorm mode that ran', () => {
  itWithCorpus('is linear when the gain keeps the peaks under the ceiling', async () => {
    // jfk measures about -13 LUFS with peaks near 0 dBTP: a 10 dB cut leaves room.
    const { result } = await normalised('jfk');
    expect(result.tracks[0]?.loudness.mode).toBe('linear');
  });

  it('is dynamic when the gain would push a click past the true-peak ceiling', async () => {
    const { result } = await normalised('quietWithClick');
    const loudness = result.tracks[0]?.loudness;
    expect(loudness?.mode).toBe('dynamic');
    // The measurements that forced it are recorded: a gain of target - input would
    // take the input's true peak above the target ceiling.
    const measured = loudness?.input;
    const gain = defaultAudioSettings.targetLufs - (measured?.integratedLufs ?? 0);
    expect((measured?.truePeakDbtp ?? 0) + gain).toBeGreaterThan(defaultAudioSettings.truePeakDbtp);
    expect(loudness?.output.truePeakDbtp).toBeLessThanOrEqual(
      defaultAudioSettings.truePeakDbtp + 0.1,
    );
  });
});

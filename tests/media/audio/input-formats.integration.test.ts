import { describe, expect, it } from 'vitest';
import { normaliseRecording } from '../../../src/media/audio/normalise-recording.js';
import {
  decodedDurationSeconds,
  defaultAudioSettings,
  generateInputFormat,
  type InputFormatName,
  inputFormatRecipes,
  measureIntegratedLufs,
  probeAudioStream,
} from '../../support/audio-fixtures.js';
import { useFixtureDir } from '../../support/fixture-dir.js';

const dir = useFixtureDir();

describe.each(Object.keys(inputFormatRecipes) as InputFormatName[])('an input in %s', (format) => {
  it('becomes a 16 kHz mono training copy on target and as long as the decoded source', async () => {
    const input = await generateInputFormat(dir(), format);
    const result = await normaliseRecording({
      inputPath: input,
      outputDir: `${dir()}/${inputFormatRecipes[format].file}-out`,
      settings: defaultAudioSettings,
    });
    expect(result.tracks).toHaveLength(1);
    expect(result.input.hasVideo).toBe('video' in inputFormatRecipes[format]);
    const training = result.tracks[0]?.derivatives.training.path ?? '';
    const facts = await probeAudioStream(training);
    expect(facts).toMatchObject({ sampleRate: 16_000, channels: 1, sampleFormat: 's16' });
    expect(
      Math.abs((await measureIntegratedLufs(training)) - defaultAudioSettings.targetLufs),
    ).toBeLessThanOrEqual(1);
    expect(
      Math.abs(facts.durationSeconds - (await decodedDurationSeconds(input))),
    ).toBeLessThanOrEqual(0.01);
  });
});

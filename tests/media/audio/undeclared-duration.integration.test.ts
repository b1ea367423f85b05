import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadMediaError } from '../../../src/media/audio/errors.js';
import { normaliseRecording } from '../../../src/media/audio/normalise-recording.js';
import { probeMedia } from '../../../src/media/audio/probe-media.js';
import {
  decodedDurationSeconds,
  defaultAudioSettings,
  ffmpeg,
} from '../../support/audio-fixtures.js';
import { useFixtureDir } from '../../support/fixture-dir.js';

const dir = useFixtureDir();

/**
 * 12 s of noise whose first 3 s are silent: a variable-bitrate encoder spends almost
 * nothing on the silence, so an estimate from the first bitrate is several times too long.
 */
async function quietStart(file: string, codecArgs: string[]): Promise<string> {
  const target = path.join(dir(), file);
  await ffmpeg([
    ...['-f', 'lavfi', '-i', 'anoisesrc=amplitude=0.5:sample_rate=44100:duration=12'],
    ...['-af', "volume='if(lt(t,3),0,1)':eval=frame", ...codecArgs, target],
  ]);
  return target;
}

const headerless = {
  'an MP3 without a Xing header': {
    file: 'quiet-start.mp3',
    args: ['-c:a', 'libmp3lame', '-q:a', '0', '-write_xing', '0'],
  },
  'an ADTS AAC stream': { file: 'quiet-start.aac', args: ['-c:a', 'aac', '-f', 'adts'] },
};

describe.each(Object.entries(headerless))('%s, whose length no header declares', (_, recipe) => {
  it('is given its length from its packets, not from the first bitrate', async () => {
    const file = await quietStart(recipe.file, recipe.args);
    const decoded = await decodedDurationSeconds(file);
    const probe = await probeMedia(file, defaultAudioSettings);
    expect(probe.durationSource).toBe('packets');
    expect(probe.durationSeconds).toBeCloseTo(decoded, 2);
    expect(probe.tracks[0]?.durationSeconds).toBeCloseTo(decoded, 2);
  });

  it('is normalised whole rather than refused as truncated', async () => {
    const file = await quietStart(recipe.file, recipe.args);
    const result = await normaliseRecording({
      inputPath: file,
      outputDir: path.join(dir(), `${recipe.file}-out`),
      settings: defaultAudioSettings,
    });
    expect(result.tracks[0]?.quality.durationSeconds).toBeCloseTo(
      await decodedDurationSeconds(file),
      1,
    );
  });
});

describe('an MP3 with a Xing header', () => {
  const encode = ['-c:a', 'libmp3lame', '-q:a', '0'];

  it('keeps the length its header declares', async () => {
    const file = await quietStart('declared.mp3', encode);
    const probe = await probeMedia(file, defaultAudioSettings);
    expect(probe.durationSource).toBe('container');
    expect(probe.durationSeconds).toBeCloseTo(await decodedDurationSeconds(file), 1);
  });

  it('is still refused as truncated when it was cut short', async () => {
    const whole = await readFile(await quietStart('whole.mp3', encode));
    const file = path.join(dir(), 'cut.mp3');
    await writeFile(file, whole.subarray(0, Math.floor(whole.length * 0.4)));
    const error = await normaliseRecording({
      inputPath: file,
      outputDir: path.join(dir(), 'cut-out'),
      settings: defaultAudioSettings,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadMediaError);
    expect((error as BadMediaError).reason).toMatch(/truncated/);
  });
});

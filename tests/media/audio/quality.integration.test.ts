import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseRecording } from '../../../src/media/audio/normalise-recording.js';
import { qualityThresholds } from '../../../src/media/audio/quality.js';
import type { RecordingResult } from '../../../src/media/audio/recording-result.js';
import {
  defaultAudioSettings,
  type FixtureName,
  ffmpeg,
  generateFixture,
  jfkPath,
} from '../../support/audio-fixtures.js';
import { itWithCorpus } from '../../support/corpus-tests.js';
import { useFixtureDir } from '../../support/fixture-dir.js';

const dir = useFixtureDir();

async function assess(name: FixtureName | 'jfk'): Promise<RecordingResult['tracks'][number]> {
  const input = name === 'jfk' ? jfkPath : await generateFixture(dir(), name);
  const result = await normaliseRecording({
    inputPath: input,
    outputDir: path.join(dir(), `${name}-out`),
    settings: defaultAudioSettings,
  });
  const track = result.tracks[0];
  if (!track) throw new Error('no track');
  return track;
}

const codes = (track: RecordingResult['tracks'][number]) => track.flags.map((flag) => flag.code);

describe('quality figures of real recordings', () => {
  itWithCorpus('raise no flag on clean studio speech, and describe its format', async () => {
    const track = await assess('jfk');
    expect(track.flags).toEqual([]);
    // The corpus README: 11 s, 24-bit stereo 44.1 kHz.
    expect(track.quality).toMatchObject({ sampleRate: 44_100, channels: 2, bitDepth: 24 });
    expect(track.quality.durationSeconds).toBeCloseTo(11, 2);
    expect(track.quality.clipping.samples).toBe(0);
  });

  it('flag clipping on speech driven 20 dB into full scale, with its share', async () => {
    const track = await assess('loudClipping');
    const clipping = track.flags.find((flag) => flag.code === 'clipping');
    expect(clipping?.value).toBeGreaterThan(qualityThresholds.clippingShare);
    expect(track.quality.clipping.share).toBe(clipping?.value);
    expect(track.quality.level.peakDbfs).toBeGreaterThan(-0.01);
  });

  it('flag a very low level on speech 35 dB down', async () => {
    const track = await assess('veryQuiet');
    const low = track.flags.find((flag) => flag.code === 'very-low-level');
    expect(low?.value).toBeLessThan(qualityThresholds.veryLowLufs);
    expect(codes(track)).not.toContain('clipping');
  });

  it('flag a sample rate below the training rate, with the rate', async () => {
    const track = await assess('narrowband8k');
    expect(track.flags.find((flag) => flag.code === 'low-sample-rate')?.value).toBe(8000);
    expect(track.quality).toMatchObject({ sampleRate: 8000, channels: 1, bitDepth: 16 });
  });

  it('find the 3 s silent stretch between two bits of speech', async () => {
    const track = await assess('speechSilenceSpeech');
    const stretch = track.quality.silence.stretches[0];
    expect(track.quality.silence.count).toBe(1);
    // Generated as 3 s speech, 3 s silence, 2 s speech; speech fades may widen it a little.
    expect(stretch?.startSeconds).toBeGreaterThan(2.5);
    expect(stretch?.startSeconds).toBeLessThanOrEqual(3.05);
    expect(stretch?.endSeconds).toBeGreaterThanOrEqual(5.95);
    expect(stretch?.endSeconds).toBeLessThan(6.5);
    expect(codes(track)).toContain('silent-stretches');
  });

  it('measure and flag a DC offset of 5% of full scale', async () => {
    const track = await assess('dcOffset');
    expect(track.quality.dcOffset.maxAbs).toBeCloseTo(0.05, 2);
    expect(codes(track)).toContain('dc-offset');
  });

  it('report 24 bits for a 96 kHz 24-bit master', async () => {
    const track = await assess('hiRes96k24');
    expect(track.quality).toMatchObject({ sampleRate: 96_000, channels: 2, bitDepth: 24 });
    expect(codes(track)).not.toContain('low-sample-rate');
  });

  it.each([
    { layout: 'quad', channels: 4, named: 'quad' },
    { layout: 'hexadecagonal', channels: 16, named: 'unknown' },
  ])(
    'keep each of $channels channels ($named layout) apart in their DC offsets',
    async ({ layout, channels }) => {
      // A tone on every channel, each lifted by its own offset: 0.01, 0.02, ...
      const offsets = Array.from({ length: channels }, (_, index) => (index + 1) / 100);
      const exprs = offsets.map((offset) => `${offset}+0.1*sin(2*PI*440*t)`).join('|');
      const input = path.join(dir(), `${layout}.wav`);
      await ffmpeg([
        ...[
          '-f',
          'lavfi',
          '-i',
          `aevalsrc=exprs=${exprs}:channel_layout=${layout}:sample_rate=48000`,
        ],
        ...['-t', '3', '-c:a', 'pcm_s16le', input],
      ]);
      const result = await normaliseRecording({
        inputPath: input,
        outputDir: path.join(dir(), `${layout}-out`),
        settings: defaultAudioSettings,
      });
      const quality = result.tracks[0]?.quality;
      expect(quality?.channels).toBe(channels);
      expect(quality?.durationSeconds).toBeCloseTo(3, 3);
      quality?.dcOffset.perChannel.forEach((offset, index) => {
        expect(offset).toBeCloseTo(offsets[index] ?? Number.NaN, 3);
      });
      expect(quality?.dcOffset.perChannel).toHaveLength(channels);
    },
  );
});

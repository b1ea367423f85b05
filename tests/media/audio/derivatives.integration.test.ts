import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AudioSettings } from '../../../src/media/audio/audio-settings.js';
import { normaliseRecording } from '../../../src/media/audio/normalise-recording.js';
import type { RecordingResult } from '../../../src/media/audio/recording-result.js';
import {
  decodedDurationSeconds,
  decodeSamples,
  defaultAudioSettings,
  ffmpeg,
  generateFixture,
  probeAudioStream,
} from '../../support/audio-fixtures.js';
import { useFixtureDir } from '../../support/fixture-dir.js';

const dir = useFixtureDir();
let sourcePath: string;
let recording: RecordingResult;
beforeAll(async () => {
  sourcePath = await generateFixture(dir(), 'studioSpeech');
  recording = await normaliseRecording({
    inputPath: sourcePath,
    outputDir: path.join(dir(), 'speech'),
    settings: defaultAudioSettings,
  });
});

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

describe('the access copy', () => {
  it('is mono Opus in WebM at 48 kHz, as long as the source', async () => {
    const access = recording.tracks[0]?.derivatives.access;
    expect(access?.mediaType).toBe('audio/webm');
    const facts = await probeAudioStream(access?.path ?? '');
    expect(facts).toMatchObject({ codec: 'opus', channels: 1, sampleRate: 48_000 });
    const decoded = await decodedDurationSeconds(access?.path ?? '');
    expect(Math.abs(decoded - (await decodedDurationSeconds(sourcePath)))).toBeLessThan(0.03);
  });
});

describe('the waveform peaks', () => {
  it('are audiowaveform JSON whose min/max pairs match the training copy sample for sample', async () => {
    const peaks = recording.tracks[0]?.derivatives.peaks;
    const json = JSON.parse(await readFile(peaks?.path ?? '', 'utf8'));
    expect(json).toMatchObject({ version: 2, channels: 1, bits: 8, sample_rate: 16_000 });
    expect(json.samples_per_pixel).toBe(peaks?.samplesPerPixel);
    expect(json.data).toHaveLength(json.length * 2);
    expect(json.length).toBe(peaks?.length);

    // Independently: decode the training copy and take min/max of each pixel's samples.
    const samples = await decodeSamples(recording.tracks[0]?.derivatives.training.path ?? '');
    const expected: number[] = [];
    for (let start = 0; start < samples.length; start += json.samples_per_pixel) {
      const pixel = samples.subarray(start, start + json.samples_per_pixel);
      expected.push(Math.floor(Math.min(...pixel) / 256), Math.floor(Math.max(...pixel) / 256));
    }
    expect(json.data).toEqual(expected);
  });
});

describe('the original and the derivatives', () => {
  it('leaves the original untouched and writes the same bytes on a second run', async () => {
    const before = await sha256(sourcePath);
    const again = await normaliseRecording({
      inputPath: sourcePath,
      outputDir: path.join(dir(), 'speech-again'),
      settings: defaultAudioSettings,
    });
    expect(await sha256(sourcePath)).toBe(before);
    const first = recording.tracks[0]?.derivatives;
    const second = again.tracks[0]?.derivatives;
    for (const role of ['training', 'access', 'peaks'] as const) {
      expect(await sha256(second?.[role].path ?? '')).toBe(await sha256(first?.[role].path ?? ''));
    }
  });

  it('reports the size of every file it wrote, and writes nothing else', async () => {
    const derivatives = Object.values(recording.tracks[0]?.derivatives ?? {});
    for (const derivative of derivatives) {
      expect(derivative.bytes).toBe((await readFile(derivative.path)).length);
      expect(path.join(dir(), 'speech', derivative.fileName)).toBe(derivative.path);
    }
    expect((await readdir(path.join(dir(), 'speech'))).sort()).toEqual(
      derivatives.map((d) => d.fileName).sort(),
    );
  });
});

describe('derivative settings', () => {
  it('writes FLAC training copies at the configured rate and MP3 access copies', async () => {
    const settings: AudioSettings = {
      ...defaultAudioSettings,
      trainingFormat: 'flac',
      trainingSampleRate: 22_050,
      accessFormat: 'mp3',
    };
    const result = await normaliseRecording({
      inputPath: sourcePath,
      outputDir: path.join(dir(), 'flac-mp3'),
      settings,
    });
    const { training, access, peaks } = result.tracks[0]?.derivatives ?? {};
    expect(training?.fileName).toMatch(/\.flac$/);
    expect(await probeAudioStream(training?.path ?? '')).toMatchObject({
      codec: 'flac',
      sampleRate: 22_050,
      channels: 1,
      sampleFormat: 's16',
    });
    expect(access?.fileName).toMatch(/\.mp3$/);
    expect(await probeAudioStream(access?.path ?? '')).toMatchObject({
      codec: 'mp3',
      channels: 1,
      sampleRate: 44_100,
    });
    expect(JSON.parse(await readFile(peaks?.path ?? '', 'utf8')).sample_rate).toBe(22_050);
  });
});

describe('progress and cancellation', () => {
  let longInput: string;
  beforeAll(async () => {
    longInput = path.join(dir(), 'long-speech.flac');
    await ffmpeg(['-stream_loop', '2', '-i', sourcePath, '-c:a', 'flac', longInput]);
  });

  it('reports a growing fraction that ends at 1', async () => {
    const fractions: number[] = [];
    await normaliseRecording({
      inputPath: longInput,
      outputDir: path.join(dir(), 'progress'),
      settings: defaultAudioSettings,
      onProgress: (fraction) => fractions.push(fraction),
    });
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.some((fraction) => fraction > 0 && fraction < 1)).toBe(true);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
  });

  it('stops ffmpeg and removes partial derivatives when aborted while writing', async () => {
    const outputDir = path.join(dir(), 'aborted');
    const controller = new AbortController();
    const watch = setInterval(() => {
      if (
        existsSync(outputDir) &&
        existsSync(path.join(outputDir, 'long-speech.a0.training.wav'))
      ) {
        controller.abort(new Error('cancelled by the archivist'));
      }
    }, 5);
    try {
      await expect(
        normaliseRecording({
          inputPath: longInput,
          outputDir,
          settings: defaultAudioSettings,
          signal: controller.signal,
        }),
      ).rejects.toThrow('cancelled by the archivist');
    } finally {
      clearInterval(watch);
    }
    expect(controller.signal.aborted).toBe(true);
    expect(await readdir(outputDir)).toEqual([]);
  });
});

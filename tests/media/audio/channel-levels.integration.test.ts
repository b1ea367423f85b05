import { execFile } from 'node:child_process';
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  type LevelsReport,
  measureChannelLevels,
  unmeasuredChannel,
} from '../../../src/media/audio/channel-levels.js';
import { type FixtureName, generateFixture } from '../../support/audio-fixtures.js';
import { useFixtureDir } from '../../support/fixture-dir.js';

const run = promisify(execFile);
const dir = useFixtureDir();

/** The file's first audio track as pass 1 sends it: interleaved 32-bit floats. */
async function decodeFloats(file: string): Promise<Buffer> {
  const { stdout } = await run(
    'ffmpeg',
    [
      ...['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-map', '0:a:0'],
      ...['-af', 'aformat=sample_fmts=flt', '-c:a', 'pcm_f32le', '-f', 'f32le', '-'],
    ],
    { encoding: 'buffer', maxBuffer: 256 * 1024 ** 2 },
  );
  return stdout;
}

/** What ffmpeg's own astats prints for the same samples: the figures to agree with. */
async function astatsOf(file: string): Promise<LevelsReport> {
  const { stderr } = await run('ffmpeg', [
    ...['-hide_banner', '-nostdin', '-nostats', '-i', file, '-map', '0:a:0', '-af'],
    'aformat=sample_fmts=fltp,astats=measure_perchannel=DC_offset+Min_level+Max_level+Peak_level+RMS_level+Peak_count:measure_overall=Peak_level+RMS_level+Number_of_samples',
    ...['-f', 'null', '-'],
  ]);
  const report: LevelsReport = {
    channels: [],
    samplesPerChannel: 0,
    overallPeakLevelDb: null,
    overallRmsLevelDb: null,
  };
  const number = (text: string) => (Number.isFinite(Number(text)) ? Number(text) : null);
  let overall = false;
  for (const line of stderr.split('\n')) {
    const message = line.replace(/^\[Parsed_astats_\d+ @ \w+\] /, '');
    if (message === line) continue;
    if (message.startsWith('Channel:')) {
      report.channels.push(unmeasuredChannel());
      continue;
    }
    if (message === 'Overall') overall = true;
    const [key, text = ''] = message.split(': ');
    const value = number(text);
    const channel = report.channels.at(-1);
    if (overall) {
      if (key === 'Number of samples') report.samplesPerChannel = value ?? 0;
      if (key === 'Peak level dB') report.overallPeakLevelDb = value;
      if (key === 'RMS level dB') report.overallRmsLevelDb = value;
    } else if (channel) {
      const field = {
        'DC offset': 'dcOffset',
        'Min level': 'minLevel',
        'Max level': 'maxLevel',
        'Peak level dB': 'peakLevelDb',
        'RMS level dB': 'rmsLevelDb',
        'Peak count': 'peakCount',
      }[key ?? ''] as keyof typeof channel | undefined;
      if (field) channel[field] = value;
    }
  }
  return report;
}

/** Chunks of an awkward size, starting at odd offsets: frames and samples split across them. */
function* awkwardChunks(bytes: Buffer): Generator<Uint8Array> {
  const padded = Buffer.alloc(bytes.length + 1);
  bytes.copy(padded, 1);
  for (let offset = 1; offset < padded.length; offset += 4093) {
    yield padded.subarray(offset, Math.min(offset + 4093, padded.length));
  }
}

/** Within what astats prints (six decimals). */
function expectClose(actual: number | null, expected: number | null): void {
  if (expected === null) expect(actual).toBeNull();
  else expect(actual).toBeCloseTo(expected, 5);
}

describe('measureChannelLevels', () => {
  it.each<FixtureName>(['stereo', 'loudClipping', 'dcOffset', 'speechSilenceSpeech', 'hiRes96k24'])(
    'agrees with ffmpeg astats on %s, whatever the chunks',
    async (name) => {
      const file = await generateFixture(dir(), name);
      const [floats, expected] = await Promise.all([decodeFloats(file), astatsOf(file)]);
      const channels = expected.channels.length;
      const measured = await measureChannelLevels(Readable.from(awkwardChunks(floats)), channels);

      expect(measured.samplesPerChannel).toBe(expected.samplesPerChannel);
      expect(measured.channels).toHaveLength(channels);
      measured.channels.forEach((channel, index) => {
        const oracle = expected.channels[index];
        if (!oracle) throw new Error(`astats printed no channel ${index + 1}`);
        expectClose(channel.dcOffset, oracle.dcOffset);
        expectClose(channel.minLevel, oracle.minLevel);
        expectClose(channel.maxLevel, oracle.maxLevel);
        expectClose(channel.peakLevelDb, oracle.peakLevelDb);
        expectClose(channel.rmsLevelDb, oracle.rmsLevelDb);
        expect(channel.peakCount).toBe(oracle.peakCount);
      });
      expectClose(measured.overallPeakLevelDb, expected.overallPeakLevelDb);
      expectClose(measured.overallRmsLevelDb, expected.overallRmsLevelDb);
    },
  );

  it('counts the clipped samples of speech driven into full scale', async () => {
    const file = await generateFixture(dir(), 'loudClipping');
    const measured = await measureChannelLevels(
      Readable.from(awkwardChunks(await decodeFloats(file))),
      1,
    );
    const [channel] = measured.channels;
    expect(channel?.maxLevel).toBeCloseTo(32_767 / 32_768, 7);
    expect(channel?.minLevel).toBe(-1);
    // Hundreds of samples sit at either extreme.
    expect(channel?.peakCount).toBeGreaterThan(100);
  });

  it('reports no levels, and no samples, for an empty stream', async () => {
    const measured = await measureChannelLevels(Readable.from([]), 2);
    expect(measured).toEqual({
      channels: [unmeasuredChannel(), unmeasuredChannel()],
      samplesPerChannel: 0,
      overallPeakLevelDb: null,
      overallRmsLevelDb: null,
    });
  });

  it('fails when the stream fails, rather than report what came before', async () => {
    const broken = new Readable({
      read() {
        this.push(new Uint8Array(8));
        this.destroy(new Error('the pipe broke'));
      },
    });
    await expect(measureChannelLevels(broken, 2)).rejects.toThrow('the pipe broke');
  });
});

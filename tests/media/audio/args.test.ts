import { describe, expect, it } from 'vitest';
import { buildAnalysisArgs, levelsLayout } from '../../../src/media/audio/analysis-args.js';
import { derivativePaths } from '../../../src/media/audio/derivative-formats.js';
import type { LoudnessMeasurement } from '../../../src/media/audio/ebur128.js';
import { buildProbeArgs } from '../../../src/media/audio/ffprobe-args.js';
import { fileUrl, guardedInputArgs } from '../../../src/media/audio/input-guard.js';
import { buildRenderArgs, type RenderTrack } from '../../../src/media/audio/render-args.js';

const target = { integratedLufs: -23, truePeakDbtp: -2, loudnessRangeLu: 7 };
const settings = {
  trainingFormat: 'wav',
  trainingSampleRate: 16_000,
  accessFormat: 'opus',
} as const;

/** The value that follows `flag` in an argument list. */
function valueAfter(args: string[], flag: string, from = 0): string | undefined {
  const at = args.indexOf(flag, from);
  return at < 0 ? undefined : args[at + 1];
}

function graphOf(args: string[]): string[] {
  return (valueAfter(args, '-filter_complex') ?? '').split(';');
}

const measured: LoudnessMeasurement = {
  integratedLufs: -31.2,
  truePeakDbtp: -12.4,
  loudnessRangeLu: 9.5,
  thresholdLufs: -41.7,
};

function renderTrack(audioIndex: number, peaksFd: number): RenderTrack {
  return {
    audioIndex,
    target: { ...target, loudnessRangeLu: 9.5 },
    measured,
    paths: derivativePaths('/out', 'song', audioIndex, settings),
    peaksFd,
  };
}

describe('guardedInputArgs', () => {
  it('puts both whitelists before the input and names the input as an absolute file: URL', () => {
    const args = guardedInputArgs('/archive/in/song.wav');
    expect(args.at(-2)).toBe('-i');
    expect(args.at(-1)).toBe('file:/archive/in/song.wav');
    expect(valueAfter(args, '-protocol_whitelist')).toBe('file,pipe');
    const demuxers = valueAfter(args, '-format_whitelist')?.split(',') ?? [];
    expect(demuxers).toEqual(
      expect.arrayContaining(['wav', 'flac', 'mp3', 'ogg', 'mov', 'matroska', 'avi', 'aac']),
    );
    expect(demuxers).not.toContain('hls');
    expect(demuxers).not.toContain('concat');
    expect(Number(valueAfter(args, '-max_pixels'))).toBe(8192 * 8192);
  });

  it('keeps protocol-like names local', () => {
    expect(fileUrl('/tmp/concat:a.wav|b.wav')).toBe('file:/tmp/concat:a.wav|b.wav');
    expect(fileUrl('relative/-x.wav')).toBe(`file:${process.cwd()}/relative/-x.wav`);
  });
});

describe('buildProbeArgs', () => {
  it('asks ffprobe for JSON of named fields only, through the guarded input', () => {
    const args = buildProbeArgs('/in/a.flac');
    expect(valueAfter(args, '-print_format')).toBe('json');
    expect(valueAfter(args, '-show_entries')).toMatch(
      /^format=format_name,duration,size:stream=index,codec_type/,
    );
    expect(args.slice(-8)).toEqual(guardedInputArgs('/in/a.flac'));
  });
});

describe('buildAnalysisArgs', () => {
  const args = buildAnalysisArgs(
    '/in/a.mkv',
    [
      { audioIndex: 0, channels: 2, channelLayout: 'stereo' },
      { audioIndex: 1, channels: 16, channelLayout: 'unknown' },
    ],
    3,
  );

  it('runs without stdin, with progress on stdout and level-tagged logs', () => {
    expect(args.slice(0, 7)).toEqual([
      '-hide_banner',
      '-nostdin',
      '-nostats',
      '-loglevel',
      'level+info',
      '-progress',
      'pipe:1',
    ]);
    expect(args.indexOf('-i')).toBeGreaterThan(args.indexOf('-format_whitelist'));
  });

  it('meters the mono downmix with ebur128 and reads the original channels as floats with silencedetect', () => {
    expect(graphOf(args)).toEqual([
      '[0:a:0]asplit=2[loudness_t0][stats_t0]',
      '[loudness_t0]aformat=sample_fmts=dbl:channel_layouts=mono,ebur128@t0=peak=true:framelog=verbose[measured_t0]',
      '[stats_t0]aformat=sample_fmts=flt:channel_layouts=stereo,silencedetect=noise=-60dB:duration=2,ametadata@t0=mode=print[checked_t0]',
      '[0:a:1]asplit=2[loudness_t1][stats_t1]',
      '[loudness_t1]aformat=sample_fmts=dbl:channel_layouts=mono,ebur128@t1=peak=true:framelog=verbose[measured_t1]',
      '[stats_t1]aformat=sample_fmts=flt:channel_layouts=16c,silencedetect=noise=-60dB:duration=2,ametadata@t1=mode=print[checked_t1]',
    ]);
  });

  it("sends the meter to a null output and each track's channels as float PCM to a pipe of its own", () => {
    const outputs = args.slice(args.indexOf('-filter_complex') + 2);
    const levelsTo = (label: string, pipe: string) => [
      ...['-map', label, '-c:a', 'pcm_f32le', '-flush_packets', '0', '-f', 'f32le', pipe],
    ];
    expect(outputs).toEqual([
      ...['-map', '[measured_t0]', '-f', 'null', '-'],
      ...levelsTo('[checked_t0]', 'pipe:3'),
      ...['-map', '[measured_t1]', '-f', 'null', '-'],
      ...levelsTo('[checked_t1]', 'pipe:4'),
    ]);
  });
});

describe('levelsLayout', () => {
  it("holds the levels PCM to the probe's layout, by name or, where it has none, by count", () => {
    expect(levelsLayout({ channels: 6, channelLayout: '5.1(side)' })).toBe('5.1(side)');
    expect(levelsLayout({ channels: 3, channelLayout: 'FL+FR+LFE' })).toBe('FL+FR+LFE');
    expect(levelsLayout({ channels: 16, channelLayout: 'unknown' })).toBe('16c');
    expect(levelsLayout({ channels: 2, channelLayout: null })).toBe('2c');
  });

  it('leaves a layout name that is not plain to the decoder, out of the filter graph', () => {
    expect(levelsLayout({ channels: 4, channelLayout: 'ambisonic 1' })).toBeUndefined();
    expect(levelsLayout({ channels: 2, channelLayout: 'stereo,volume=9' })).toBeUndefined();
  });
});

describe('buildRenderArgs', () => {
  const args = buildRenderArgs('/in/a.mkv', [renderTrack(0, 3), renderTrack(1, 4)], settings);

  it('feeds pass 1 measurements to loudnorm on the mono downmix, linear where possible', () => {
    const [first] = graphOf(args);
    expect(first).toBe(
      '[0:a:0]aformat=sample_fmts=dbl:channel_layouts=mono,loudnorm@t0=I=-23:TP=-2:LRA=9.5:measured_I=-31.2:measured_TP=-12.4:measured_LRA=9.5:measured_thresh=-41.7:linear=true:print_format=json,asplit=2[normal_t0][normal_access_t0]',
    );
  });

  it('resamples every branch to a named rate, since dynamic loudnorm emits 192 kHz', () => {
    const graph = graphOf(args);
    expect(graph[1]).toBe(
      '[normal_t0]aresample=16000,aformat=sample_fmts=s16:sample_rates=16000:channel_layouts=mono,asplit=2[training_t0][peaks_t0]',
    );
    expect(graph[2]).toBe(
      '[normal_access_t0]aresample=48000,aformat=sample_rates=48000:channel_layouts=mono[access_t0]',
    );
  });

  it('writes each track to its training file, access file and peaks pipe (in full buffers) with explicit rates', () => {
    const training = args.indexOf('file:/out/song.a1.training.wav');
    const access = args.indexOf('file:/out/song.a1.access.webm');
    const pipe = args.indexOf('pipe:4');
    expect([training, access, pipe].every((at) => at > 0)).toBe(true);
    const trainingOptions = args.slice(args.lastIndexOf('-map', training), training);
    expect(trainingOptions).toEqual([
      ...[
        '-map',
        '[training_t1]',
        '-map_metadata',
        '-1',
        '-fflags',
        '+bitexact',
        '-flags:a',
        '+bitexact',
      ],
      ...['-c:a', 'pcm_s16le', '-f', 'wav', '-ar', '16000', '-ac', '1'],
    ]);
    expect(args.slice(args.lastIndexOf('-map', pipe), pipe)).toEqual([
      ...['-map', '[peaks_t1]', '-c:a', 'pcm_s16le', '-flush_packets', '0', '-f', 's16le'],
      ...['-ar', '16000', '-ac', '1'],
    ]);
    expect(valueAfter(args, '-c:a', args.lastIndexOf('-map', access))).toBe('libopus');
    expect(args).toContain('pipe:3');
  });

  it('overwrites leftovers of an interrupted attempt', () => {
    expect(args.indexOf('-y')).toBeGreaterThan(-1);
    expect(args.indexOf('-y')).toBeLessThan(args.indexOf('-i'));
  });

  it('follows the FLAC, rate and MP3 settings', () => {
    const other = {
      trainingFormat: 'flac',
      trainingSampleRate: 22_050,
      accessFormat: 'mp3',
    } as const;
    const track = { ...renderTrack(0, 3), paths: derivativePaths('/out', 'song', 0, other) };
    const flacArgs = buildRenderArgs('/in/a.wav', [track], other);
    expect(flacArgs).toContain('file:/out/song.a0.training.flac');
    expect(flacArgs).toContain('file:/out/song.a0.access.mp3');
    expect(graphOf(flacArgs)[1]).toContain(
      'aresample=22050,aformat=sample_fmts=s16:sample_rates=22050',
    );
    expect(graphOf(flacArgs)[2]).toContain('aresample=44100');
    const access = flacArgs.indexOf('file:/out/song.a0.access.mp3');
    expect(valueAfter(flacArgs, '-c:a', flacArgs.lastIndexOf('-map', access))).toBe('libmp3lame');
  });
});

/**
 * Audio test material: recordings generated with ffmpeg's lavfi sources from the bundled
 * sample speech (a few seconds each) to reach the awkward cases, and the real speech of
 * the corpus for the tests that are about real speech. Also independent measurements
 * (ffmpeg's own ebur128 meter, ffprobe) that do not go through the library's code path.
 * Free of vitest, so the benchmarks can use it too (the fixture folder is in fixture-dir.ts).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AudioSettings } from '../../src/media/audio/audio-settings.js';
import { corpusFile } from './corpus.js';

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** 11 s of real speech, 24-bit stereo 44.1 kHz FLAC (see the corpus README). */
export const jfkPath = corpusFile('audio', 'jfk.flac');

/**
 * 8.8 s of synthetic speech, 16-bit mono 22.05 kHz FLAC, from the bundled sample
 * collection (scripts/generate-samples.ts): the source of every generated case.
 */
export const sampleSpeechPath = path.join(repoRoot, 'samples', 'tay-songs', 'then-001.flac');

/** The library's settings as the defaults give them. */
export const defaultAudioSettings: AudioSettings = {
  targetLufs: -23,
  truePeakDbtp: -2,
  trainingSampleRate: 16_000,
  trainingFormat: 'wav',
  accessFormat: 'opus',
  ffmpegPath: process.env.FFMPEG_PATH || 'ffmpeg',
  ffprobePath: process.env.FFPROBE_PATH || 'ffprobe',
};

/** Runs ffmpeg quietly and fails with its stderr. */
export async function ffmpeg(args: string[]): Promise<void> {
  await run('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args]);
}

const speech = (seconds: number) => ['-t', String(seconds), '-i', sampleSpeechPath];
const lavfi = (source: string) => ['-f', 'lavfi', '-i', source];
const smallVideo = (seconds: number) => lavfi(`testsrc=size=64x48:rate=5:duration=${seconds}`);

/**
 * How each generated case is made: ffmpeg arguments after `-y`, and the file name. The
 * levels are chosen so that each case needs what its name says (a big gain, a big cut,
 * the true-peak limiter, an upsample, a downsample).
 */
export const fixtureRecipes = {
  /** The whole sample speech as a studio master: 24-bit stereo 44.1 kHz FLAC. */
  studioSpeech: {
    file: 'studio-speech.flac',
    args: [
      '-i',
      sampleSpeechPath,
      '-ac',
      '2',
      '-ar',
      '44100',
      '-sample_fmt',
      's32',
      '-c:a',
      'flac',
    ],
  },
  /** Speech 35 dB down: about -54 LUFS, a 30 dB gain to reach the target. */
  veryQuiet: {
    file: 'very-quiet.wav',
    args: [...speech(6), '-af', 'volume=-35dB', '-c:a', 'pcm_s16le'],
  },
  /** Speech 20 dB up, hard-clipped by the 16-bit conversion. */
  loudClipping: {
    file: 'loud-clipping.wav',
    args: [...speech(6), '-af', 'volume=20dB', '-c:a', 'pcm_s16le'],
  },
  /** Different left and right: speech on the left, a 220 Hz tone on the right. */
  stereo: {
    file: 'stereo.flac',
    args: [
      ...speech(6),
      ...lavfi('sine=frequency=220:sample_rate=44100:duration=6'),
      '-filter_complex',
      '[0:a]pan=mono|c0=c0[left];[1:a]volume=-20dB[right];[left][right]join=inputs=2:channel_layout=stereo',
      '-c:a',
      'flac',
    ],
  },
  /** Telephone-band speech: 8 kHz mono. */
  narrowband8k: {
    file: 'narrowband-8k.wav',
    args: [...speech(6), '-ac', '1', '-ar', '8000', '-c:a', 'pcm_s16le'],
  },
  /** Studio master: 96 kHz, 24-bit stereo. */
  hiRes96k24: {
    file: 'hires-96k-24bit.wav',
    args: [...speech(6), '-ac', '2', '-ar', '96000', '-c:a', 'pcm_s24le'],
  },
  /** A video with two audio tracks: the speech, and quiet pink noise. */
  videoTwoTracks: {
    file: 'video-two-tracks.mp4',
    args: [
      ...smallVideo(6),
      ...speech(6),
      ...lavfi('anoisesrc=color=pink:amplitude=0.05:sample_rate=48000:duration=6'),
      ...['-map', '0:v', '-map', '1:a', '-map', '2:a'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest'],
    ],
  },
  /**
   * Quiet speech with a 1 ms click at -20 dBFS: too short to move the loudness, but the
   * 30 dB gain the speech needs would push it past the true-peak ceiling, so linear mode
   * cannot apply and loudnorm must limit.
   */
  quietWithClick: {
    file: 'quiet-with-click.wav',
    args: [
      ...speech(8),
      ...lavfi('aevalsrc=exprs=if(between(t\\,4\\,4.001)\\,0.1\\,0):sample_rate=44100:duration=8'),
      '-filter_complex',
      '[0:a]volume=-35dB,pan=mono|c0=c0[speech];[speech][1:a]amix=inputs=2:normalize=0,aformat=channel_layouts=mono',
      '-c:a',
      'pcm_s16le',
    ],
  },
  /** 3 s of speech, 3 s of digital silence, 2 s of speech. */
  speechSilenceSpeech: {
    file: 'speech-silence-speech.wav',
    args: [
      ...['-t', '3', '-i', sampleSpeechPath],
      ...lavfi('anullsrc=channel_layout=stereo:sample_rate=44100:duration=3'),
      ...['-ss', '5', '-t', '2', '-i', sampleSpeechPath],
      '-filter_complex',
      '[0:a]aformat=sample_fmts=s32:channel_layouts=stereo[a];[1:a]aformat=sample_fmts=s32[b];' +
        '[2:a]aformat=sample_fmts=s32:channel_layouts=stereo[c];[a][b][c]concat=n=3:v=0:a=1',
      '-c:a',
      'pcm_s16le',
    ],
  },
  /** Speech with a DC offset of 0.05 (5% of full scale) added to every sample. */
  dcOffset: {
    file: 'dc-offset.wav',
    args: [
      ...speech(5),
      '-af',
      'pan=mono|c0=c0,volume=-6dB,aeval=exprs=val(0)+0.05',
      '-c:a',
      'pcm_s16le',
    ],
  },
} as const satisfies Record<string, { file: string; args: readonly string[] }>;

export type FixtureName = keyof typeof fixtureRecipes;

/** Writes one generated case into `dir` and returns its path. */
export async function generateFixture(dir: string, name: FixtureName): Promise<string> {
  const recipe = fixtureRecipes[name];
  const file = path.join(dir, recipe.file);
  await ffmpeg([...recipe.args, file]);
  return file;
}

/** Containers and codecs the pipeline must accept, each a 4 s excerpt of the speech. */
export const inputFormatRecipes = {
  'WAV 16-bit': { file: 'pcm16.wav', args: ['-c:a', 'pcm_s16le'] },
  'WAV 24-bit': { file: 'pcm24.wav', args: ['-c:a', 'pcm_s24le'] },
  'WAV 32-bit': { file: 'pcm32.wav', args: ['-c:a', 'pcm_s32le'] },
  'WAV float': { file: 'float.wav', args: ['-c:a', 'pcm_f32le'] },
  FLAC: { file: 'speech.flac', args: ['-c:a', 'flac'] },
  MP3: { file: 'speech.mp3', args: ['-c:a', 'libmp3lame', '-b:a', '128k'] },
  'Ogg Vorbis': { file: 'speech.ogg', args: ['-c:a', 'libvorbis'] },
  'Ogg Opus': { file: 'speech.opus', args: ['-c:a', 'libopus'] },
  'M4A AAC': { file: 'speech.m4a', args: ['-c:a', 'aac'] },
  'ADTS AAC': { file: 'speech.aac', args: ['-c:a', 'aac'] },
  'MP4 video': {
    file: 'speech.mp4',
    video: true,
    args: ['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac'],
  },
  'MOV video': {
    file: 'speech.mov',
    video: true,
    args: ['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'pcm_s16le'],
  },
  'MKV video': {
    file: 'speech.mkv',
    video: true,
    args: ['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'flac'],
  },
  'AVI video': { file: 'speech.avi', video: true, args: ['-c:v', 'mpeg4', '-c:a', 'pcm_s16le'] },
} as const satisfies Record<string, { file: string; video?: boolean; args: readonly string[] }>;

export type InputFormatName = keyof typeof inputFormatRecipes;

/** Writes the speech excerpt in one input format into `dir` and returns its path. */
export async function generateInputFormat(dir: string, name: InputFormatName): Promise<string> {
  const recipe: { file: string; video?: boolean; args: readonly string[] } =
    inputFormatRecipes[name];
  const file = path.join(dir, recipe.file);
  const inputs = recipe.video
    ? [...smallVideo(4), ...speech(4), '-map', '0:v', '-map', '1:a']
    : speech(4);
  await ffmpeg([...inputs, ...recipe.args, '-t', '4', file]);
  return file;
}

/** Integrated loudness of a file by ffmpeg's ebur128 meter, independent of loudnorm. */
export async function measureIntegratedLufs(file: string): Promise<number> {
  const { stderr } = await run('ffmpeg', [
    '-hide_banner',
    '-nostdin',
    '-nostats',
    '-i',
    file,
    '-af',
    'ebur128',
    '-f',
    'null',
    '-',
  ]);
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const match = /I:\s+(-?[\d.]+) LUFS/.exec(summary);
  if (!match?.[1]) throw new Error(`no integrated loudness in ebur128 output for ${file}`);
  return Number(match[1]);
}

export interface StreamFacts {
  codec: string;
  sampleRate: number;
  channels: number;
  sampleFormat: string;
  durationSeconds: number;
}

/** ffprobe's view of audio stream `audioIndex` of a file. */
export async function probeAudioStream(file: string, audioIndex = 0): Promise<StreamFacts> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    `a:${audioIndex}`,
    '-show_entries',
    'stream=codec_name,sample_rate,channels,sample_fmt,duration',
    '-of',
    'json',
    file,
  ]);
  const stream = JSON.parse(stdout).streams[0];
  return {
    codec: stream.codec_name,
    sampleRate: Number(stream.sample_rate),
    channels: stream.channels,
    sampleFormat: stream.sample_fmt,
    durationSeconds: Number(stream.duration),
  };
}

/**
 * Decodes audio stream `audioIndex` to the end and returns how long it really is (from
 * the samples ffmpeg delivered), for containers whose declared duration is only an estimate.
 */
export async function decodedDurationSeconds(file: string, audioIndex = 0): Promise<number> {
  const samples = await decodeSamples(file, audioIndex);
  const { sampleRate } = await probeAudioStream(file, audioIndex);
  return samples.length / sampleRate;
}

/** The raw samples of audio stream `audioIndex` of a file, downmixed to mono s16le by ffmpeg. */
export async function decodeSamples(file: string, audioIndex = 0): Promise<Int16Array> {
  const { stdout } = await run(
    'ffmpeg',
    [
      '-hide_banner',
      '-nostdin',
      '-v',
      'error',
      '-i',
      file,
      '-map',
      `0:a:${audioIndex}`,
      '-ac',
      '1',
      '-c:a',
      'pcm_s16le',
      '-f',
      's16le',
      '-',
    ],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  const copy = Buffer.from(stdout);
  return new Int16Array(copy.buffer, copy.byteOffset, copy.length / 2);
}

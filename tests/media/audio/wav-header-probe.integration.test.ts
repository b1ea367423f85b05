import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeMedia, probeWithFfprobe } from '../../../src/media/audio/probe-media.js';
import { probeWavHeader } from '../../../src/media/audio/wav-header-probe.js';
import { defaultAudioSettings, ffmpeg } from '../../support/audio-fixtures.js';
import { useFixtureDir } from '../../support/fixture-dir.js';

const dir = useFixtureDir();

/** A tone of `samples` samples written by ffmpeg with `codecArgs`. */
async function tone(name: string, rate: number, samples: number, codecArgs: string[]) {
  const file = path.join(dir(), name);
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `sine=frequency=330:sample_rate=${rate}`],
    ...['-af', `atrim=end_sample=${samples}`, ...codecArgs, file],
  ]);
  return file;
}

/** Every WAV ffprobe describes the same way, with ffprobe as the oracle. */
const plain: Record<string, [number, number, string[]]> = {
  '16-bit mono': [48_000, 48_000, ['-c:a', 'pcm_s16le']],
  '16-bit stereo, 44.1 kHz, an uneven length': [44_100, 54_443, ['-ac', '2', '-c:a', 'pcm_s16le']],
  '8-bit unsigned, 22.05 kHz': [22_050, 27_221, ['-c:a', 'pcm_u8']],
  '24-bit stereo (WAVE_FORMAT_EXTENSIBLE)': [96_000, 118_513, ['-ac', '2', '-c:a', 'pcm_s24le']],
  '32-bit integer mono': [48_000, 1_000, ['-c:a', 'pcm_s32le']],
  '32-bit float stereo': [48_000, 96_001, ['-ac', '2', '-c:a', 'pcm_f32le']],
  '64-bit float mono': [8_000, 12_345, ['-c:a', 'pcm_f64le']],
  // 48,375 samples at 48 kHz last 1.0078125 s: a tie at the seventh decimal.
  'a length printf rounds to even': [48_000, 48_375, ['-c:a', 'pcm_s16le']],
  'a length of one sample': [44_100, 1, ['-c:a', 'pcm_s16le']],
  'a Broadcast WAV whose bext chunk gives a time reference': [
    48_000,
    72_000,
    ['-c:a', 'pcm_s16le', '-write_bext', '1', '-metadata', 'time_reference=4800000'],
  ],
  'tags in a LIST chunk before the samples': [
    48_000,
    4_800,
    ['-c:a', 'pcm_s16le', '-metadata', 'title=Lượn cọi', '-metadata', 'artist=Hoàng'],
  ],
};

describe('a plain PCM WAV described from its header', () => {
  it.each(Object.entries(plain))('%s: as ffprobe describes it', async (name, recipe) => {
    const [rate, samples, codecArgs] = recipe;
    const file = await tone(`${name.replaceAll(/\W+/g, '-')}.wav`, rate, samples, codecArgs);
    const fromHeader = await probeWavHeader(file);
    expect(fromHeader).toBeDefined();
    expect(fromHeader).toEqual(await probeWithFfprobe(file, defaultAudioSettings));
  });

  it('keeps an odd-sized chunk and its pad byte out of the samples', async () => {
    const file = await tone('padded.wav', 48_000, 4_000, ['-c:a', 'pcm_s16le']);
    const bytes = await readFile(file);
    const dataAt = bytes.indexOf('data');
    // A 3-byte "note" chunk and its pad byte before the samples.
    const note = Buffer.concat([
      Buffer.from('note'),
      Buffer.from([3, 0, 0, 0]),
      Buffer.from('abc\0'),
    ]);
    const padded = Buffer.concat([bytes.subarray(0, dataAt), note, bytes.subarray(dataAt)]);
    padded.writeUInt32LE(padded.length - 8, 4);
    await writeFile(file, padded);
    expect(await probeWavHeader(file)).toEqual(await probeWithFfprobe(file, defaultAudioSettings));
  });
});

describe('a WAV left to ffprobe', () => {
  it('RF64, A-law, 24 bits in 32-bit words, and 5.1 are not read from the header', async () => {
    const files = [
      await tone('rf64.wav', 48_000, 4_800, ['-c:a', 'pcm_s16le', '-rf64', 'always']),
      await tone('alaw.wav', 8_000, 800, ['-c:a', 'pcm_alaw']),
      await tone('six.wav', 48_000, 4_800, ['-ac', '6', '-c:a', 'pcm_s16le']),
    ];
    const padded = await tone('s24-in-32.wav', 48_000, 4_800, ['-c:a', 'pcm_s32le']);
    const bytes = await readFile(padded);
    const fmt = bytes.indexOf('fmt ') + 8;
    bytes.writeUInt16LE(24, fmt + 18); // valid bits of an extensible format
    await writeFile(padded, bytes);
    for (const file of [...files, padded]) expect(await probeWavHeader(file), file).toBeUndefined();
  });

  it('a file cut short, whose header claims more samples than it holds', async () => {
    const file = await tone('cut.wav', 48_000, 48_000, ['-c:a', 'pcm_s16le']);
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length - 1000));
    expect(await probeWavHeader(file)).toBeUndefined();
    const probed = await probeMedia(file, defaultAudioSettings);
    expect(probed).toEqual(await probeWithFfprobe(file, defaultAudioSettings));
  });

  it('PCM that carries an S/PDIF burst, which ffmpeg reports as the codec inside', async () => {
    const file = await tone('spdif.wav', 48_000, 4_800, ['-ac', '2', '-c:a', 'pcm_s16le']);
    const bytes = await readFile(file);
    Buffer.from([0x72, 0xf8, 0x1f, 0x4e]).copy(bytes, bytes.indexOf('data') + 8 + 400);
    await writeFile(file, bytes);
    expect(await probeWavHeader(file)).toBeUndefined();
  });

  it('a file that is not a WAV at all, or cannot be opened', async () => {
    const flac = await tone('tone.flac', 48_000, 4_800, ['-c:a', 'flac']);
    expect(await probeWavHeader(flac)).toBeUndefined();
    // A FIFO in a file's place would block a plain open until something writes to it.
    const fifo = path.join(dir(), 'fifo.wav');
    execFileSync('mkfifo', [fifo]);
    expect(await probeWavHeader(fifo)).toBeUndefined();
    const missing = path.join(dir(), 'missing.wav');
    await expect(probeMedia(missing, defaultAudioSettings)).rejects.toThrow(/missing\.wav/);
  });
});

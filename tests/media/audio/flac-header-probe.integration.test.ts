import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeFlacHeader } from '../../../src/media/audio/flac-header-probe.js';
import { probeMedia, probeWithFfprobe } from '../../../src/media/audio/probe-media.js';
import { defaultAudioSettings, ffmpeg } from '../../support/audio-fixtures.js';
import { useFixtureDir } from '../../support/fixture-dir.js';

const dir = useFixtureDir();

/** A tone of `samples` samples written by ffmpeg as FLAC, with `extraArgs`. */
async function tone(name: string, rate: number, samples: number, extraArgs: string[] = []) {
  const file = path.join(dir(), name);
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `sine=frequency=330:sample_rate=${rate}`],
    ...['-af', `atrim=end_sample=${samples}`, '-c:a', 'flac', ...extraArgs, file],
  ]);
  return file;
}

/** Every FLAC ffprobe describes the same way, with ffprobe as the oracle. */
const plain: Record<string, [number, number, string[]]> = {
  '16-bit mono, 44.1 kHz, an uneven length': [44_100, 54_443, []],
  '24-bit stereo, 48 kHz': [48_000, 120_000, ['-ac', '2', '-sample_fmt', 's32']],
  '16-bit stereo, 96 kHz': [96_000, 100_001, ['-ac', '2']],
  // Rates without a code of their own are written at the end of each frame header.
  '11.025 kHz, a rate given in hertz by the frame': [11_025, 20_000, []],
  '37.8 kHz, a rate given in tens of hertz by the frame': [37_800, 20_000, []],
  '7 kHz, a rate given in kilohertz by the frame': [7_000, 9_000, []],
  // 48,375 samples at 48 kHz last 1.0078125 s: a tie at the seventh decimal.
  'a length printf rounds to even': [48_000, 48_375, []],
  'a length of one block': [48_000, 4_608, []],
  'tags in the Vorbis comment, a language among them': [
    48_000,
    4_800,
    ['-metadata', 'title=Lượn cọi', '-metadata', 'LANGUAGE=tyz'],
  ],
};

describe('a FLAC described from its header', () => {
  it.each(Object.entries(plain))('%s: as ffprobe describes it', async (name, recipe) => {
    const [rate, samples, extraArgs] = recipe;
    const file = await tone(`${name.replaceAll(/\W+/g, '-')}.flac`, rate, samples, extraArgs);
    const fromHeader = await probeFlacHeader(file);
    expect(fromHeader).toBeDefined();
    expect(fromHeader).toEqual(await probeWithFfprobe(file, defaultAudioSettings));
  });

  it('a file cut short: both take the length STREAMINFO declares', async () => {
    const file = await tone('cut.flac', 48_000, 96_000);
    const bytes = await readFile(file);
    await writeFile(file, bytes.subarray(0, bytes.length / 2));
    const fromHeader = await probeFlacHeader(file);
    expect(fromHeader?.durationSeconds).toBe(2);
    expect(fromHeader).toEqual(await probeWithFfprobe(file, defaultAudioSettings));
  });

  it('is what probeMedia answers, without launching ffprobe', async () => {
    const file = await tone('no-ffprobe.flac', 44_100, 44_100);
    const settings = { ...defaultAudioSettings, ffprobePath: path.join(dir(), 'no-such-ffprobe') };
    expect(await probeMedia(file, settings)).toEqual(
      await probeWithFfprobe(file, defaultAudioSettings),
    );
  });
});

describe('a FLAC left to ffprobe', () => {
  it('one written to a pipe, which declares no length', async () => {
    const file = path.join(dir(), 'piped.flac');
    const bytes = execFileSync('ffmpeg', [
      ...['-hide_banner', '-loglevel', 'error', '-f', 'lavfi'],
      ...['-i', 'sine=frequency=330:sample_rate=48000:duration=0.5', '-c:a', 'flac'],
      ...['-f', 'flac', 'pipe:1'],
    ]);
    await writeFile(file, bytes);
    expect(await probeFlacHeader(file)).toBeUndefined();
  });

  it('5.1, a picture, a channel mask, or tags before fLaC', async () => {
    const six = await tone('six.flac', 48_000, 4_800, ['-ac', '6']);
    const masked = await tone('masked.flac', 48_000, 4_800, [
      ...['-ac', '2', '-metadata', 'WAVEFORMATEXTENSIBLE_CHANNEL_MASK=0x3'],
    ]);
    const cover = path.join(dir(), 'cover.png');
    await ffmpeg(['-f', 'lavfi', '-i', 'color=c=red:s=16x16', '-frames:v', '1', cover]);
    const pictured = path.join(dir(), 'pictured.flac');
    await ffmpeg([
      ...['-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=48000:duration=0.2', '-i', cover],
      ...['-map', '0', '-map', '1', '-c:a', 'flac', '-c:v', 'png'],
      ...['-disposition:v', 'attached_pic', pictured],
    ]);
    const tagged = path.join(dir(), 'id3.flac');
    const id3 = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0]);
    await writeFile(tagged, Buffer.concat([id3, await readFile(six)]));
    for (const file of [six, masked, pictured, tagged])
      expect(await probeFlacHeader(file), file).toBeUndefined();
    expect((await probeMedia(pictured, defaultAudioSettings)).hasVideo).toBe(true);
  });

  it('one whose first frame names other channels than STREAMINFO', async () => {
    const file = await tone('disagrees.flac', 48_000, 4_800);
    const bytes = await readFile(file);
    // STREAMINFO's channels - 1 are bits 1-3 of its byte 12 (after fLaC and the block header).
    bytes[8 + 12] = (bytes[8 + 12] ?? 0) | 0b10;
    await writeFile(file, bytes);
    expect(await probeFlacHeader(file)).toBeUndefined();
    const probed = await probeMedia(file, defaultAudioSettings);
    expect(probed).toEqual(await probeWithFfprobe(file, defaultAudioSettings));
  });

  it('a file that is not a FLAC at all, or cannot be opened', async () => {
    const wav = path.join(dir(), 'tone.wav');
    await ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=330:duration=0.1', wav]);
    expect(await probeFlacHeader(wav)).toBeUndefined();
    const fifo = path.join(dir(), 'fifo.flac');
    execFileSync('mkfifo', [fifo]);
    expect(await probeFlacHeader(fifo)).toBeUndefined();
  });
});

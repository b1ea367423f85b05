import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BadMediaError } from '../../../src/media/audio/errors.js';
import { normaliseRecording } from '../../../src/media/audio/normalise-recording.js';
import {
  defaultAudioSettings,
  ffmpeg,
  probeAudioStream,
  sampleSpeechPath,
} from '../../support/audio-fixtures.js';
import { useFixtureDir } from '../../support/fixture-dir.js';

const dir = useFixtureDir();

/**
 * Watches a FIFO for a reader: opening a FIFO write-only and non-blocking succeeds only
 * while some process has it open (or is blocked opening it) for reading. A tool that
 * tried to read the FIFO would block there until this probe opens the other end.
 */
function watchForReader(fifo: string): { opened: () => boolean; stop: () => void } {
  let opened = false;
  const timer = setInterval(() => {
    try {
      closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      opened = true;
    } catch {
      // ENXIO: nobody reads it.
    }
  }, 5);
  return { opened: () => opened, stop: () => clearInterval(timer) };
}

async function playlistPointingAt(
  kind: 'hls' | 'ffconcat',
  fifo: string,
  name: string,
): Promise<string> {
  const file = path.join(dir(), name);
  const text =
    kind === 'hls'
      ? `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\n${fifo}\n#EXT-X-ENDLIST\n`
      : `ffconcat version 1.0\nfile '${fifo}'\n`;
  await writeFile(file, text);
  return file;
}

function fifoIn(name: string): string {
  const fifo = path.join(dir(), name);
  execFileSync('mkfifo', [fifo]);
  return fifo;
}

describe('a playlist disguised as media', () => {
  it('makes an unguarded ffprobe open the file it points at (so the guard below is needed)', async () => {
    const fifo = fifoIn('control-target.wav');
    const playlist = await playlistPointingAt('hls', fifo, 'control.mp4');
    const watcher = watchForReader(fifo);
    const child = spawn('ffprobe', ['-v', 'error', playlist], { stdio: 'ignore' });
    try {
      await expect.poll(watcher.opened, { timeout: 10_000, interval: 20 }).toBe(true);
    } finally {
      watcher.stop();
      child.kill('SIGKILL');
    }
  });

  it.each([
    ['an HLS playlist saved as .mp4', 'hls', 'playlist.mp4'],
    ['an ffconcat list saved as .wav', 'ffconcat', 'list.wav'],
  ] as const)(
    'is refused when it is %s, without the referenced file being opened',
    async (_, kind, name) => {
      const fifo = fifoIn(`${kind}-target.wav`);
      const playlist = await playlistPointingAt(kind, fifo, name);
      const outputDir = path.join(dir(), `${kind}-out`);
      const watcher = watchForReader(fifo);
      try {
        const error = await normaliseRecording({
          inputPath: playlist,
          outputDir,
          settings: defaultAudioSettings,
        }).catch((caught: unknown) => caught);
        expect(error).toBeInstanceOf(BadMediaError);
        expect((error as BadMediaError).message).toContain(playlist);
        expect((error as BadMediaError).reason).toContain(kind === 'hls' ? 'hls' : 'concat');
        expect((error as BadMediaError).permanent).toBe(true);
      } finally {
        watcher.stop();
      }
      expect(watcher.opened()).toBe(false);
      expect(await readdir(outputDir)).toEqual([]);
    },
  );
});

describe('input that is not a usable recording', () => {
  async function refusal(inputPath: string): Promise<BadMediaError> {
    const error = await normaliseRecording({
      inputPath,
      outputDir: path.join(dir(), `${path.basename(inputPath)}-out`),
      settings: defaultAudioSettings,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadMediaError);
    expect((error as BadMediaError).file).toBe(inputPath);
    expect((error as BadMediaError).message).toContain(inputPath);
    return error as BadMediaError;
  }

  it('refuses a text file with an audio extension', async () => {
    const file = path.join(dir(), 'notes.wav');
    await writeFile(file, 'Bài hát then, ghi chép của người sưu tầm.\n'.repeat(50));
    await refusal(file);
  });

  it('refuses an image', async () => {
    const file = path.join(dir(), 'scan.png');
    await ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=64x48', '-frames:v', '1', file]);
    expect((await refusal(file)).reason).toMatch(/not one of the accepted containers/);
  });

  it('refuses a video without an audio track', async () => {
    const file = path.join(dir(), 'silent-film.mp4');
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=64x48:rate=5:duration=2',
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      file,
    ]);
    expect((await refusal(file)).reason).toMatch(/no audio track/);
  });

  it('refuses a FLAC file cut short', async () => {
    const whole = await readFile(sampleSpeechPath);
    const file = path.join(dir(), 'cut.flac');
    await writeFile(file, whole.subarray(0, Math.floor(whole.length * 0.4)));
    expect((await refusal(file)).reason).toMatch(/truncated/);
  });

  it('refuses an MP4 whose index was never written', async () => {
    const complete = path.join(dir(), 'complete.m4a');
    // Without faststart the index (moov) comes last: a half-copied file has none.
    await ffmpeg(['-i', sampleSpeechPath, '-c:a', 'aac', complete]);
    const whole = await readFile(complete);
    const file = path.join(dir(), 'half-copied.m4a');
    await writeFile(file, whole.subarray(0, Math.floor(whole.length / 2)));
    expect((await refusal(file)).reason).toMatch(/moov atom not found/);
  });

  it('refuses an empty file', async () => {
    const file = path.join(dir(), 'empty.wav');
    await writeFile(file, '');
    expect((await refusal(file)).reason).toMatch(/empty/);
  });

  it('refuses a FIFO instead of blocking on it', async () => {
    const fifo = fifoIn('pipe-input.wav');
    expect((await refusal(fifo)).reason).toMatch(/not a regular file/);
  });
});

describe('file names that look like ffmpeg syntax', () => {
  it('reads a file called "concat:a|b.flac" as a plain local file', async () => {
    const file = path.join(dir(), 'concat:a|b.flac');
    await copyFile(sampleSpeechPath, file);
    const result = await normaliseRecording({
      inputPath: file,
      outputDir: path.join(dir(), 'odd-name-out'),
      settings: defaultAudioSettings,
    });
    expect(result.input.path).toBe(file);
    const { durationSeconds } = await probeAudioStream(sampleSpeechPath);
    expect(result.tracks[0]?.quality.declaredDurationSeconds).toBeCloseTo(durationSeconds, 2);
    expect(result.tracks[0]?.derivatives.training.fileName).not.toMatch(/[:|]/);
  });
});

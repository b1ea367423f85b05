import { execFileSync } from 'node:child_process';
import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { MediaToolError } from '../../../src/media/audio/errors.js';
import { ffmpegVersions } from '../../../src/media/audio/ffmpeg-versions.js';
import { runTool } from '../../../src/media/audio/tool-runner.js';
import { defaultAudioSettings } from '../../support/audio-fixtures.js';
import { runningProcesses } from '../../support/processes.js';

/** An ffmpeg that runs until stopped: an endless tone into the null muxer. */
const endlessArgs = [
  '-hide_banner',
  '-nostdin',
  '-f',
  'lavfi',
  '-i',
  'sine=frequency=440',
  '-f',
  'null',
  '-',
];

/**
 * Pids of the processes named `name` started for this one: its children and theirs (the
 * tool launcher's), from Linux's /proc.
 */
function toolsNamed(name: string): number[] {
  const processes = runningProcesses();
  const children = new Set(
    processes.filter(({ parent }) => parent === process.pid).map(({ pid }) => pid),
  );
  return processes
    .filter(
      ({ parent, command }) => command === name && (parent === process.pid || children.has(parent)),
    )
    .map(({ pid }) => pid);
}

describe('runTool', () => {
  it('kills a run that outlives its timeout and says so, with the log tail', async () => {
    const started = Date.now();
    const error = await runTool({
      tool: 'ffmpeg',
      command: defaultAudioSettings.ffmpegPath,
      args: endlessArgs,
      file: 'endless tone',
      // Room for the launcher and ffmpeg to start and print their input under a loaded
      // machine's test run: with 500 ms the log tail was once still empty.
      timeoutMs: 3_000,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MediaToolError);
    const failure = (error as MediaToolError).failure;
    expect(failure.timedOut).toBe(true);
    expect((error as MediaToolError).message).toMatch(/endless tone: ffmpeg timed out/);
    expect(failure.stderrTail.join('\n')).toContain('sine');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(toolsNamed('ffmpeg')).toEqual([]);
  });

  it('runs ffmpeg at lowered priority', async () => {
    const controller = new AbortController();
    const run = runTool({
      tool: 'ffmpeg',
      command: defaultAudioSettings.ffmpegPath,
      args: endlessArgs,
      file: 'endless tone',
      timeoutMs: 30_000,
      signal: controller.signal,
    });
    await expect.poll(() => toolsNamed('ffmpeg').length, { timeout: 10_000 }).toBe(1);
    const [pid] = toolsNamed('ffmpeg');
    try {
      expect(getPriority(pid)).toBeGreaterThan(getPriority());
    } finally {
      controller.abort(new Error('enough'));
    }
    await expect(run).rejects.toThrow('enough');
  });

  it('names the configured path when the tool cannot start', async () => {
    await expect(
      runTool({
        tool: 'ffmpeg',
        command: '/nonexistent/ffmpeg',
        args: ['-version'],
        file: 'x',
        timeoutMs: 5_000,
      }),
    ).rejects.toThrow(/ffmpeg could not start \(\/nonexistent\/ffmpeg\)/);
  });

  it('streams an extra output pipe to its reader', async () => {
    let bytes = 0;
    await runTool({
      tool: 'ffmpeg',
      command: defaultAudioSettings.ffmpegPath,
      // One second of 8 kHz mono s16le: 16 000 bytes on pipe 3.
      args: [
        '-hide_banner',
        '-nostdin',
        '-f',
        'lavfi',
        '-i',
        'sine=sample_rate=8000:duration=1',
        '-f',
        's16le',
        '-ac',
        '1',
        'pipe:3',
      ],
      file: 'tone',
      timeoutMs: 30_000,
      pipeReaders: [
        async (pipe) => {
          for await (const chunk of pipe) bytes += (chunk as Buffer).length;
        },
      ],
    });
    expect(bytes).toBe(16_000);
  });
});

describe('ffmpegVersions', () => {
  it('reports the versions the tools print themselves, and nothing missing on this machine', async () => {
    const versions = await ffmpegVersions(defaultAudioSettings);
    const ffmpegLine = execFileSync('ffmpeg', ['-version'], { encoding: 'utf8' }).split('\n')[0];
    const ffprobeLine = execFileSync('ffprobe', ['-version'], { encoding: 'utf8' }).split('\n')[0];
    expect(ffmpegLine).toContain(`ffmpeg version ${versions.ffmpeg.version} `);
    expect(ffprobeLine).toContain(`ffprobe version ${versions.ffprobe.version} `);
    expect(versions.missing).toEqual([]);
  });

  it('fails naming the path when FFMPEG_PATH points nowhere', async () => {
    await expect(
      ffmpegVersions({
        ffmpegPath: '/opt/missing/ffmpeg',
        ffprobePath: defaultAudioSettings.ffprobePath,
      }),
    ).rejects.toThrow('/opt/missing/ffmpeg');
  });
});

import { chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src/archive/archive.js';
import { readItemRecord } from '../../src/archive/object-files.js';
import { ingestCommand } from '../../src/entry/cli/commands/ingest-command.js';
import { createOutput } from '../../src/entry/cli/output.js';
import { ffmpeg } from '../support/audio-fixtures.js';
import { toneFlac } from '../support/deposit.js';
import { makeTempDir } from '../support/redis.js';
import { openTestArchive } from '../support/test-archive.js';

const silent = () =>
  createOutput(true, { write: () => true } as never, { write: () => true } as never);

describe('an ingested recording', () => {
  const cleanups: (() => Promise<void>)[] = [];
  let probeLog: string;
  let ffprobePath: string;

  beforeAll(async () => {
    const tools = await makeTempDir('probe-once-tools');
    cleanups.push(tools.remove);
    probeLog = path.join(tools.dir, 'ffprobe-calls.log');
    // The real ffprobe, behind a script that writes down every call first.
    ffprobePath = path.join(tools.dir, 'ffprobe');
    await writeFile(ffprobePath, `#!/bin/sh\necho "$*" >> '${probeLog}'\nexec ffprobe "$@"\n`);
    await chmod(ffprobePath, 0o755);
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('is described once, at ingest, and normalised from the facts its record keeps', async () => {
    const archive = await openTestArchive('postgres', { ffprobePath });
    const deposit = await makeTempDir('probe-once-deposit');
    cleanups.push(archive.cleanup, deposit.remove);
    // A plain FLAC is described from its header; Ogg Vorbis takes ffprobe.
    await toneFlac(path.join(deposit.dir, 'song-01.flac'), 2, 440);
    await ffmpeg([
      ...['-f', 'lavfi', '-i', 'sine=frequency=660:duration=3:sample_rate=16000'],
      ...['-c:a', 'libvorbis', path.join(deposit.dir, 'song-02.ogg')],
    ]);

    const code = await ingestCommand(deposit.dir, { collection: 'c' }, archive.settings, silent());
    expect(code).toBe(0);

    const calls = (await readFile(probeLog, 'utf8')).trim().split('\n');
    expect(calls.filter((call) => call.includes('song-02.ogg'))).toHaveLength(1);
    expect(calls).toHaveLength(1);

    const opened = await openArchive(archive.settings);
    try {
      const song = await readItemRecord(opened.objects, 'song-02');
      const step = song?.record.steps.find((outcome) => outcome.step === 'normalise-audio');
      expect(step?.status).toBe('done');
      const result = step?.result as {
        input: { formatName: string; sizeBytes: number };
        tracks: { streamIndex: number; quality: { durationSeconds: number } }[];
      };
      const original = song?.record.assets.find((asset) => asset.path.endsWith('song-02.ogg'));
      expect(result.input).toMatchObject({ formatName: 'ogg', sizeBytes: original?.size });
      expect(result.tracks[0]?.streamIndex).toBe(0);
      expect(result.tracks[0]?.quality.durationSeconds).toBeCloseTo(3, 1);
    } finally {
      await opened.close();
    }
  });
});

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportRunCommand } from '../../../src/entry/cli/commands/export-run-command.js';
import { duckRows } from '../../support/duck-rows.js';
import { silentOutput } from '../../support/export-archive.js';
import { makeTempDir } from '../../support/redis.js';
import {
  buildUnlabelledArchive,
  layoutOf,
  transcribedSpan,
  type UnlabelledArchive,
} from '../../support/unlabelled-archive.js';

const run = promisify(execFile);
/** Edges of a tone may move by a few ms through the loudness normalisation; no more. */
const EDGE = 0.02;

interface ClipRow {
  id: string;
  item_id: string;
  split: string;
  duration: number;
  offset: number;
  file_name: string;
}

describe('the unlabelled config: untranscribed speech cut by voice activity', () => {
  let fixture: UnlabelledArchive;
  let first: string;
  let second: string;
  let only: string;
  let clips: ClipRow[];
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    fixture = await buildUnlabelledArchive();
    cleanups.push(fixture.cleanup);
    const folder = await makeTempDir('unlabelled-out');
    cleanups.push(folder.remove);
    first = path.join(folder.dir, 'first');
    second = path.join(folder.dir, 'second');
    only = path.join(folder.dir, 'only');
    expect(await exportRunCommand({ out: first }, fixture.settings, silentOutput())).toBe(0);
    expect(await exportRunCommand({ out: second }, fixture.settings, silentOutput())).toBe(0);
    expect(
      await exportRunCommand(
        { out: only, configs: 'unlabelled' },
        fixture.settings,
        silentOutput(),
      ),
    ).toBe(0);
    clips = (await duckRows(
      `SELECT id, item_id, duration, "offset", audio.path AS file_name,
              regexp_extract(filename, '/unlabelled/data/([a-z]+)-', 1) AS split
         FROM read_parquet('${first}/unlabelled/data/*.parquet', filename = true) ORDER BY id`,
    )) as unknown as ClipRow[];
  }, 600_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('reads back in DuckDB with the clips the layouts hold: each phrase of 2-20 s, long ones cut, short ones dropped', () => {
    const spans = (item: string) =>
      clips
        .filter((clip) => clip.item_id === item)
        .map((clip) => [clip.offset, clip.offset + clip.duration]);
    // u-open: phrases of 5 s, 25 s (two clips of 12.5 s), 1 s (dropped) and 3 s.
    const open = spans('u-open');
    expect(open).toHaveLength(4);
    const expected = [
      [1, 6],
      [7.5, 20],
      [20, 32.5],
      [35.5, 38.5],
    ];
    for (const [index, [from, to]] of expected.entries()) {
      expect(open[index]?.[0]).toBeCloseTo(from as number, 1);
      expect(open[index]?.[1]).toBeCloseTo(to as number, 1);
    }
    for (const clip of clips) {
      expect(clip.duration, clip.id).toBeGreaterThanOrEqual(2);
      expect(clip.duration, clip.id).toBeLessThanOrEqual(20);
    }
  });

  it('puts every clip inside a voiced stretch of its recording and none over a transcribed segment', () => {
    for (const clip of clips) {
      const start = clip.offset;
      const end = clip.offset + clip.duration;
      const tones = layoutOf[clip.item_id]?.tones ?? [];
      const inside = tones.some(([from, to]) => start >= from - EDGE && end <= to + EDGE);
      expect(inside, `${clip.id} ${start}-${end}`).toBe(true);
      if (clip.item_id === 'u-partial') {
        const overlaps =
          start < transcribedSpan.endMs / 1000 && end > transcribedSpan.startMs / 1000;
        expect(overlaps, `${clip.id} overlaps the transcript`).toBe(false);
      }
    }
    // The transcribed seconds 4-6 of u-partial are the speech config's; both sides of them are clips here.
    expect(clips.filter((clip) => clip.item_id === 'u-partial')).toHaveLength(2);
  });

  it('holds no pause in any clip, by an independent read of the audiofolder files (silencedetect at -60 dB, 50 ms)', async () => {
    for (const clip of clips) {
      const file = path.join(first, 'unlabelled', 'audio', clip.split, clip.file_name);
      const { stderr } = await run('ffmpeg', [
        '-hide_banner',
        '-nostats',
        '-i',
        file,
        '-af',
        'silencedetect=noise=-60dB:duration=0.05',
        '-f',
        'null',
        '-',
      ]);
      expect(stderr, clip.id).not.toContain('silence_start');
    }
  });

  it('gives no clip of an item whose consent leaves out ML training or was withdrawn', async () => {
    const items = [...new Set(clips.map((clip) => clip.item_id))].sort();
    expect(items).toEqual(fixture.allowed);
    const all = JSON.stringify(await readFile(path.join(first, 'export_manifest.json'), 'utf8'));
    for (const item of fixture.forbidden) {
      expect(items).not.toContain(item);
      // Counted, never named: the access policy keeps them from this export.
      expect(all).not.toContain(item);
    }
  });

  it('keeps every item in one split of every config, and with its speech in the same split', async () => {
    const speech = await duckRows(
      `SELECT item_id, regexp_extract(filename, '/data/([a-z]+)-', 1) AS split
         FROM read_parquet('${first}/data/*.parquet', filename = true)`,
    );
    const text = await duckRows(
      `SELECT source_item AS item_id, regexp_extract(filename, '/text/([a-z]+)\\.jsonl', 1) AS split
         FROM read_json('${first}/text/*.jsonl', filename = true)`,
    );
    expect(speech.length).toBeGreaterThan(0);
    for (const rows of [clips as unknown as Record<string, unknown>[], speech, text]) {
      const splitsOf = new Map<string, Set<string>>();
      for (const row of rows)
        splitsOf.set(
          String(row.item_id),
          (splitsOf.get(String(row.item_id)) ?? new Set()).add(String(row.split)),
        );
      for (const [item, splits] of splitsOf) expect(splits.size, item).toBe(1);
    }
    for (const row of speech)
      for (const clip of clips.filter((clip) => clip.item_id === row.item_id))
        expect(clip.split).toBe(row.split);
    const audiofolder = await duckRows(
      `SELECT id FROM read_json('${first}/unlabelled/audio/*/metadata.jsonl') ORDER BY id`,
    );
    expect(audiofolder.map((row) => row.id)).toEqual(clips.map((clip) => clip.id));
  });

  it('states the config in the card: rows, duration, languages per split, and the exclusions file', async () => {
    const card = await readFile(path.join(first, 'README.md'), 'utf8');
    expect(card).toContain('config_name: unlabelled');
    expect(card).toContain('path: unlabelled/data/');
    expect(card).toContain(
      '| config | split | rows | duration | characters | languages | text origins |',
    );
    const total = clips.length;
    const rows = [...card.matchAll(/^\| unlabelled \| (\w+) \| (\d+) \| [\d:]+ \| 0 \| tyz \|/gm)];
    expect(rows.reduce((sum, row) => sum + Number(row[2]), 0)).toBe(total);
    expect(card).toContain('`export_manifest.json`, under `excluded`');
    const manifest = JSON.parse(await readFile(path.join(first, 'export_manifest.json'), 'utf8'));
    expect(manifest.counts.unlabelledClips).toBe(total);
  });

  it('writes only the configs asked for', async () => {
    const top = (await readdir(only)).sort();
    expect(top).toEqual(['README.md', 'SHA256SUMS', 'export_manifest.json', 'unlabelled']);
    const rows = await duckRows(
      `SELECT id FROM read_parquet('${only}/unlabelled/data/*.parquet') ORDER BY id`,
    );
    expect(rows.map((row) => row.id)).toEqual(clips.map((clip) => clip.id));
  });

  it('gives byte-identical files when run again', async () => {
    const digests = async (root: string) => {
      const files = (await readdir(root, { recursive: true, withFileTypes: true }))
        .filter((entry) => entry.isFile())
        .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
        .sort();
      return Promise.all(
        files.map(async (file) => [
          file,
          createHash('sha256')
            .update(await readFile(path.join(root, file)))
            .digest('hex'),
        ]),
      );
    };
    const [a, b] = await Promise.all([digests(first), digests(second)]);
    expect(a.some(([file]) => String(file).startsWith('unlabelled/audio/'))).toBe(true);
    expect(b).toEqual(a);
  });
});

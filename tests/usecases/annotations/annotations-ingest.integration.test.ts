import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAnnotationsDocument } from '../../../src/archive/annotations-document.js';
import { type Archive, openArchive } from '../../../src/archive/archive.js';
import { readItemRecord } from '../../../src/archive/object-files.js';
import { sampleCollectionFolder } from '../../../src/entry/cli/commands/demo-command.js';
import { ingestCommand } from '../../../src/entry/cli/commands/ingest-command.js';
import { parseEaf } from '../../../src/formats/index.js';
import { searchAnnotations } from '../../../src/infra/catalog/annotation-queries.js';
import { searchCatalog } from '../../../src/infra/catalog/item-queries.js';
import type { Settings } from '../../../src/infra/config/settings-schema.js';
import { reindexCatalog } from '../../../src/usecases/reindex/reindex.js';
import { isolatedSettings, recordingOutput } from '../../support/annotation-archive.js';
import { toneFlac, writeDeposit } from '../../support/deposit.js';
import { makeTempDir } from '../../support/redis.js';

const samples = sampleCollectionFolder();

describe('transcripts deposited with the sample collection', () => {
  let settings: Settings;
  let archive: Archive;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const isolated = await isolatedSettings('postgres');
    cleanups.push(isolated.dispose);
    settings = isolated.settings;
    await ingestCommand(
      samples,
      { manifest: path.join(samples, 'items.csv') },
      settings,
      recordingOutput(),
    );
    archive = await openArchive(settings);
    cleanups.push(() => archive.close());
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('turns the EAF tiers into annotations anchored to the recording, in the object and the catalog', async () => {
    const eaf = parseEaf(await readFile(path.join(samples, 'then-001.eaf')), {
      sourceName: 'then-001.eaf',
    });
    const expected = eaf.tiers.flatMap((tier) =>
      tier.annotations.map((annotation) => [tier.id, annotation.id, annotation.value]),
    );
    const document = await readAnnotationsDocument(archive.objects, 'then-001');
    expect(
      document.annotations.map((annotation) => [
        annotation.source?.tier,
        annotation.source?.elementId,
        annotation.value,
      ]),
    ).toEqual(expected);
    const anchors = new Set(
      document.annotations.map((annotation) =>
        annotation.anchor.kind === 'time' ? annotation.anchor.asset : annotation.anchor.kind,
      ),
    );
    expect(anchors).toEqual(new Set(['originals/then-001.flac']));
    expect(document.documents.map((entry) => [entry.path, entry.format, entry.recording])).toEqual([
      ['originals/then-001.eaf', 'eaf', 'originals/then-001.flac'],
    ]);

    const rows = await archive.catalog.query<{ id: string; type: string; start_ms: number }>(
      'SELECT id, type, start_ms FROM annotations WHERE item_id = $1 ORDER BY start_ms, type',
      ['then-001'],
    );
    expect(rows.map((row) => row.id).sort()).toEqual(
      document.annotations.map((annotation) => annotation.id).sort(),
    );
    // The translation tier refers to the transcription: it takes its parent's times.
    expect(rows.filter((row) => row.type === 'translation').map((row) => row.start_ms)).toEqual(
      rows.filter((row) => row.type === 'transcription').map((row) => row.start_ms),
    );
  });

  it('reads the WebVTT cues of the second song', async () => {
    const document = await readAnnotationsDocument(archive.objects, 'luon-002');
    const vtt = await readFile(path.join(samples, 'luon-002.vtt'), 'utf8');
    const cueTexts = vtt
      .split(/\n\n/)
      .slice(1)
      .map((cue) => cue.trim().split('\n').slice(2).join('\n'));
    expect(document.annotations.map((annotation) => annotation.value)).toEqual(cueTexts);
    const record = await readItemRecord(archive.objects, 'luon-002');
    const step = record?.record.steps.find((outcome) => outcome.step === 'parse-transcript');
    expect(step?.status).toBe('done');
    expect(step?.result?.anchoredTo).toBe('originals/luon-002.flac');
    expect(
      record?.record.assets.find(
        (asset) => asset.path === 'derivatives/transcripts/luon-002.vtt.annotations.json',
      )?.derivedFrom,
    ).toBe('originals/luon-002.vtt');
  });

  it('finds annotation words without their diacritics, and annotations by type and time range', async () => {
    const hits = await searchCatalog(archive.catalog, 'dan tinh theo nhip');
    expect(hits.filter((hit) => hit.source === 'annotation').map((hit) => hit.snippet)).toEqual([
      'Đàn tính theo nhịp đi xa',
    ]);
    const document = await readAnnotationsDocument(archive.objects, 'then-001');
    const second = document.annotations.find((annotation) => annotation.source?.elementId === 'a2');
    if (second?.anchor.kind !== 'time') throw new Error('a2 is not time-anchored');
    const inRange = await searchAnnotations(archive.catalog, {
      itemId: 'then-001',
      type: 'transcription',
      startMs: second.anchor.startMs + 1,
      endMs: second.anchor.endMs - 1,
    });
    expect(inRange.map((hit) => hit.value)).toEqual([second.value]);
  });

  it('adds no annotation and no version when the collection is ingested again', async () => {
    const before = (await archive.objects.getInventory('then-001')).head;
    await ingestCommand(
      samples,
      { manifest: path.join(samples, 'items.csv') },
      settings,
      recordingOutput(),
    );
    expect((await archive.objects.getInventory('then-001')).head).toBe(before);
    const [{ count }] = (await archive.catalog.query<{ count: string }>(
      'SELECT count(*) AS count FROM annotations WHERE item_id = $1',
      ['then-001'],
    )) as [{ count: string }];
    expect(Number(count)).toBe(6);
  });

  it('rebuilds the same annotation rows from storage alone', async () => {
    const snapshot = () =>
      archive.catalog.query(
        'SELECT item_id, id, type, value, terms, anchor, author, supersedes, search_text, start_ms, end_ms, superseded_by FROM annotations ORDER BY item_id, id',
      );
    const before = await snapshot();
    expect(before.length).toBeGreaterThan(0);
    await archive.catalog.exec('DELETE FROM annotations');
    const report = await reindexCatalog(archive);
    expect(report.skipped).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});

describe('a deposited transcript that does not fit its recording', () => {
  let settings: Settings;
  let folder: string;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const isolated = await isolatedSettings('pglite');
    cleanups.push(isolated.dispose);
    settings = isolated.settings;
    const deposit = await makeTempDir('bad-transcripts');
    cleanups.push(deposit.remove);
    folder = deposit.dir;
    await toneFlac(path.join(folder, 'long/long.flac'), 2);
    await toneFlac(path.join(folder, 'broken/broken.flac'), 2);
    await writeDeposit(folder, {
      'long/long.vtt':
        'WEBVTT\n\n00:00:00.500 --> 00:00:01.500\nfits\n\n00:00:01.000 --> 00:00:04.000\ntoo long\n',
      // A bad timestamp a browser passes over; one past 49 days (ELAN's bound) heritage refuses.
      'broken/broken.vtt':
        'WEBVTT\n\n00:00:00.500 --> 00:00:0x.500\nskipped\n\n00:00:00.500 --> 99999999:00:00.000\nforever\n',
    });
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('fails the parse step for good, naming the file, the cue and the field, and archives nothing from it', async () => {
    const code = await ingestCommand(folder, { collection: 'bad' }, settings, recordingOutput());
    expect(code).toBe(1);
    const archive = await openArchive(settings);
    try {
      const items = await archive.catalog.query<{ id: string; status_detail: string }>(
        'SELECT id, status_detail FROM items ORDER BY id',
      );
      const detail = Object.fromEntries(items.map((item) => [item.id, item.status_detail]));
      expect(detail['long-long']).toMatch(
        /^parse-transcript originals\/long\/long\.vtt: long\/long\.vtt: annotation an-[0-9a-f]+ on tier "cues" segment 2 \(anchor\.endMs\): ends at 4000 ms, after the end of the recording \(2000 ms\)/,
      );
      expect(detail['broken-broken']).toMatch(
        /^parse-transcript originals\/broken\/broken\.vtt: broken\/broken\.vtt \(line 6\): cue 1 has a timestamp later than 4294967295 ms/,
      );
      expect((await readAnnotationsDocument(archive.objects, 'long-long')).annotations).toEqual([]);
      const rows = await archive.catalog.query('SELECT id FROM annotations');
      expect(rows).toEqual([]);
    } finally {
      await archive.close();
    }
  });
});

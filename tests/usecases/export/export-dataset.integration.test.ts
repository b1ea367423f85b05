import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buffer, text } from 'node:stream/consumers';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../../src/archive/archive.js';
import { readObjectText } from '../../../src/archive/object-files.js';
import { exportHistoryCommand } from '../../../src/entry/cli/commands/export-history-command.js';
import { exportRunCommand } from '../../../src/entry/cli/commands/export-run-command.js';
import { createOutput } from '../../../src/entry/cli/output.js';
import { S3ObjectStore } from '../../../src/infra/storage/s3-object-store.js';
import { JobName, QueueName } from '../../../src/jobs/names.js';
import { openQueueRuntime } from '../../../src/jobs/queue-runtime.js';
import { parseEvents } from '../../../src/model/event-log.js';
import { DAMAGED_REASON } from '../../../src/usecases/export/damaged-part.js';
import type { ExportHistoryEntry } from '../../../src/usecases/export/export-history.js';
import { exportRecordObjectId } from '../../../src/usecases/export/export-record.js';
import { readWavLayout } from '../../../src/usecases/export/wav-clip.js';
import { reindexCatalog } from '../../../src/usecases/reindex/reindex.js';
import { duckRows } from '../../support/duck-rows.js';
import {
  buildExportArchive,
  type ExportArchive,
  silentOutput,
  transcriptLines,
  translationLines,
} from '../../support/export-archive.js';
import { makeTempDir, quietLogger } from '../../support/redis.js';
import { startS3rver } from '../../support/s3rver.js';

const RATE = 16_000;
/** What the card and the manifests must say about each clip: round(end × rate) − round(start × rate) samples. */
const expectedFrames = transcriptLines.map(
  ([startMs, endMs]) => Math.round((endMs * RATE) / 1000) - Math.round((startMs * RATE) / 1000),
);

describe('exporting a dataset from an archive with open, restricted, secret and withdrawn items', () => {
  let fixture: ExportArchive;
  let outputs: string;
  let first: string;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    fixture = await buildExportArchive();
    cleanups.push(fixture.cleanup);
    const folder = await makeTempDir('export-out');
    cleanups.push(folder.remove);
    outputs = folder.dir;
    first = path.join(outputs, 'first');
    const code = await exportRunCommand({ out: first }, fixture.settings, silentOutput());
    expect(code).toBe(0);
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('writes parquet that DuckDB reads back: rows, texts, durations, speakers and terms', async () => {
    const rows = await duckRows(
      `SELECT id, item_id, text, language, speaker_id, duration, "offset", ritual_terms, symbol_terms,
              octet_length(audio.bytes) AS wav_bytes, audio.path AS path, filename
         FROM read_parquet('${first}/data/*.parquet', filename = true) ORDER BY id`,
    );
    expect(rows).toHaveLength(fixture.exportable.length * transcriptLines.length);
    expect([...new Set(rows.map((row) => row.item_id))].sort()).toEqual(fixture.exportable);
    for (const row of rows) {
      const line = transcriptLines.findIndex(([, , words]) => String(row.text).startsWith(words));
      expect(line).toBeGreaterThanOrEqual(0);
      const frames = expectedFrames[line] as number;
      expect(row.duration).toBeCloseTo(frames / RATE, 9);
      expect(Number(row.wav_bytes)).toBe(44 + frames * 2);
      expect(row.offset).toBeCloseTo(
        Math.round(((transcriptLines[line]?.[0] ?? 0) * RATE) / 1000) / RATE,
        9,
      );
      expect(row.language).toBe('tyz');
      expect(row.ritual_terms).toEqual(line === 0 ? ['giai-han'] : []);
      expect(row.symbol_terms).toEqual(line === 1 ? ['dan-tinh'] : []);
      // The shard is named after the split of its rows.
      expect(String(row.filename)).toMatch(
        /\/data\/(train|validation|test)-\d{5}-of-\d{5}\.parquet$/,
      );
    }
    // Speakers: pseudonyms, except then-b whose consent allows names; one pseudonym per person.
    const speakerOf = (item: string) => rows.find((row) => row.item_id === item)?.speaker_id;
    expect(speakerOf('then-b')).toBe('Bà Hoa');
    expect(speakerOf('then-a')).toMatch(/^spk-[0-9a-f]{16}$/);
    expect(speakerOf('luon-c')).toMatch(/^spk-[0-9a-f]{16}$/);
    expect(speakerOf('luon-c')).not.toBe(speakerOf('luon-d'));
    expect(JSON.stringify(rows)).not.toContain('Anh Tú');
  });

  it('keeps each speaker in one split, and the audiofolder, Lhotse and NeMo manifests agree with the parquet', async () => {
    const rows = await duckRows(
      `SELECT id, speaker_id, regexp_extract(filename, '/data/([a-z]+)-', 1) AS split
         FROM read_parquet('${first}/data/*.parquet', filename = true)`,
    );
    const splitsOfSpeaker = new Map<string, Set<string>>();
    for (const row of rows) {
      const key = String(row.speaker_id);
      splitsOfSpeaker.set(key, (splitsOfSpeaker.get(key) ?? new Set()).add(String(row.split)));
    }
    // then-a and then-b are the same singer: one group, whatever name is shown.
    const splitOf = (id: string) => rows.find((row) => String(row.id).startsWith(id))?.split;
    expect(splitOf('then-a')).toBe(splitOf('then-b'));
    for (const [speaker, splits] of splitsOfSpeaker)
      expect(splits.size, `speaker ${speaker}`).toBe(1);

    for (const split of new Set(rows.map((row) => String(row.split)))) {
      const ids = rows
        .filter((row) => row.split === split)
        .map((row) => String(row.id))
        .sort();
      const audiofolder = await duckRows(
        `SELECT file_name, id, speaker_id FROM read_json('${first}/audio/${split}/metadata.jsonl') ORDER BY file_name`,
      );
      expect(audiofolder.map((row) => String(row.file_name).replace(/\.wav$/, ''))).toEqual(ids);
      // The same columns as the parquet, under the same names.
      const columns = await duckRows(
        `SELECT column_name FROM (DESCRIBE SELECT * FROM read_json('${first}/audio/${split}/metadata.jsonl')) ORDER BY 1`,
      );
      const parquetColumns = await duckRows(
        `SELECT column_name FROM (DESCRIBE SELECT * EXCLUDE (audio) FROM read_parquet('${first}/data/*.parquet')) ORDER BY 1`,
      );
      expect(columns.map((row) => row.column_name)).toEqual(
        [...parquetColumns.map((row) => row.column_name), 'file_name'].sort(),
      );
      for (const row of audiofolder)
        expect(row.speaker_id).toBe(rows.find((other) => other.id === row.id)?.speaker_id);
      const nemo = (await readFile(path.join(first, 'nemo', `${split}_manifest.json`), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { audio_filepath: string; duration: number });
      for (const entry of nemo) {
        const wav = await readFile(path.join(first, 'nemo', entry.audio_filepath));
        expect(readWavLayout(wav, entry.audio_filepath).frames / RATE).toBeCloseTo(
          entry.duration,
          9,
        );
      }
      const recordings = jsonLines(
        gunzipSync(await readFile(path.join(first, 'lhotse', split, 'recordings.jsonl.gz'))),
      );
      const supervisions = jsonLines(
        gunzipSync(await readFile(path.join(first, 'lhotse', split, 'supervisions.jsonl.gz'))),
      );
      expect(recordings.map((entry) => entry.id).sort()).toEqual(ids);
      expect(supervisions.map((entry) => entry.recording_id).sort()).toEqual(ids);
    }
  });

  it('cuts clips sample-exactly from the training copy', async () => {
    const archive = await openArchive(fixture.settings);
    try {
      const training = await buffer(
        await archive.objects.readFile('luon-c', 'derivatives/audio/luon-c.a0.training.wav'),
      );
      const source = readWavLayout(training, 'training copy');
      const [rows] = [
        await duckRows(
          `SELECT audio.path AS path, "offset", regexp_extract(filename, '/data/([a-z]+)-', 1) AS split
             FROM read_parquet('${first}/data/*.parquet', filename = true) WHERE item_id = 'luon-c' ORDER BY "offset"`,
        ),
      ];
      expect(rows).toHaveLength(transcriptLines.length);
      for (const [index, row] of (rows ?? []).entries()) {
        const clip = await readFile(path.join(first, 'audio', String(row.split), String(row.path)));
        const layout = readWavLayout(clip, String(row.path));
        expect(layout.frames).toBe(expectedFrames[index]);
        const start = Math.round(((transcriptLines[index]?.[0] ?? 0) * RATE) / 1000);
        const expected = training.subarray(
          source.dataOffset + start * 2,
          source.dataOffset + (start + layout.frames) * 2,
        );
        expect(Buffer.compare(clip.subarray(44), expected)).toBe(0);
      }
    } finally {
      await archive.close();
    }
  });

  it('writes the text corpus in NFC with the duplicate removed, split by item', async () => {
    const texts = await duckRows(
      `SELECT id, text, language, source_item, licence, regexp_extract(filename, 'text/([a-z]+)\\.jsonl', 1) AS split
         FROM read_json('${first}/text/*.jsonl', filename = true) ORDER BY id`,
    );
    // then-b's transcript is word for word then-a's: one of the two is kept.
    expect(texts.map((row) => row.source_item)).toEqual(['luon-c', 'luon-d', 'then-a']);
    for (const row of texts) {
      expect(String(row.text)).toBe(String(row.text).normalize('NFC'));
      expect(String(row.text).split('\n')).toHaveLength(transcriptLines.length);
      expect(row.licence).toBe(row.source_item === 'then-a' ? 'CC-BY-4.0' : 'CC0-1.0');
    }
  });

  it('leaves out restricted, secret/sacred, withdrawn and unconsented items everywhere, and counts why, secret/sacred aside', async () => {
    const everything = await allText(first);
    for (const id of fixture.forbidden) expect(everything, id).not.toContain(id);
    const manifest = JSON.parse(await readFile(path.join(first, 'export_manifest.json'), 'utf8'));
    expect(manifest.snapshot.map((entry: { id: string }) => entry.id)).toEqual(fixture.exportable);
    const reasons = Object.fromEntries(
      manifest.exclusions
        .filter((entry: { unit: string }) => entry.unit === 'item')
        .map((entry: { reason: string; count: number }) => [entry.reason, entry.count]),
    );
    expect(reasons).toEqual({
      'access protocol community does not allow ml-training-export': 1,
      'consent does not include ml-training': 1,
      'consent has been withdrawn': 1,
    });
    // Secret/sacred material is not even counted: its counts reach only its custodians.
    expect(everything).not.toContain('secret/sacred material never leaves');
    const card = await readFile(path.join(first, 'README.md'), 'utf8');
    expect(card).toMatch(/^---\n[\s\S]*license:\n {2}- cc-by-4\.0\n {2}- cc0-1\.0\n[\s\S]*\n---\n/);
    expect(card).toContain('## Exclusions');
    expect(card).toContain('| item | consent has been withdrawn | 1 |');
    expect(card).toContain('num_examples: ');
  });

  it('names each part left out in the manifest, and no item the access policy keeps from the export', async () => {
    const named = await duckRows(
      `SELECT e.unit, e.item, e.part, e.reason
         FROM (SELECT unnest(excluded) AS e FROM read_json('${first}/export_manifest.json'))
        ORDER BY e.item, e.unit, e.part`,
    );
    // then-b sings then-a's words: its transcript is the duplicate dropped from the corpus.
    // then-a has a translation in the pause after its last line, which pairs with nothing.
    expect(named).toEqual([
      {
        unit: 'translation',
        item: 'then-a',
        part: expect.stringMatching(/^an-/),
        reason: 'no transcription shares its time span',
      },
      {
        unit: 'text',
        item: 'then-b',
        part: 'then-b/transcript/originals/then-b.flac',
        reason: 'exact duplicate of another text',
      },
    ]);
    // Every count of a part is matched by as many names.
    const manifest = JSON.parse(await readFile(path.join(first, 'export_manifest.json'), 'utf8'));
    const partCounts = manifest.exclusions.filter(
      (entry: { unit: string }) => entry.unit !== 'item',
    );
    expect(partCounts).toEqual([
      { unit: 'text', reason: 'exact duplicate of another text', count: 1 },
      { unit: 'translation', reason: 'no transcription shares its time span', count: 1 },
    ]);
  });

  it('lists every file in SHA256SUMS with its real digest', async () => {
    const sums = (await readFile(path.join(first, 'SHA256SUMS'), 'utf8')).trim().split('\n');
    const listed = new Map(sums.map((line) => [line.slice(66), line.slice(0, 64)]));
    const files = (await readdir(first, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile())
      .map((entry) =>
        path.relative(first, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'),
      )
      .filter((file) => file !== 'SHA256SUMS')
      .sort();
    expect([...listed.keys()].sort()).toEqual(files);
    for (const file of files) {
      const digest = createHash('sha256')
        .update(await readFile(path.join(first, file)))
        .digest('hex');
      expect(listed.get(file), file).toBe(digest);
    }
  });

  it('keeps a record of the export in the archive, with an export event for every included item', async () => {
    const manifest = JSON.parse(await readFile(path.join(first, 'export_manifest.json'), 'utf8'));
    const archive = await openArchive(fixture.settings);
    try {
      const recordId = exportRecordObjectId(manifest.exportId);
      const events = parseEvents(
        (await readObjectText(archive.objects, recordId, 'events.jsonl')) ?? '',
      );
      expect(events.every((event) => event.type === 'export')).toBe(true);
      expect(events.map((event) => event.data?.item).sort()).toEqual(fixture.exportable);
      expect(await readObjectText(archive.objects, recordId, 'SHA256SUMS')).toBe(
        await readFile(path.join(first, 'SHA256SUMS'), 'utf8'),
      );
      expect(await readObjectText(archive.objects, recordId, 'export_manifest.json')).toBe(
        await readFile(path.join(first, 'export_manifest.json'), 'utf8'),
      );
      // The items themselves are left as they were: the snapshot names their head versions.
      for (const entry of manifest.snapshot as { id: string; version: string }[])
        expect((await archive.objects.getInventory(entry.id)).head, entry.id).toBe(entry.version);
      const rows = await archive.catalog.query<{ item_id: string }>(
        `SELECT item_id FROM events WHERE type = 'export' ORDER BY item_id`,
      );
      expect(rows.map((row) => row.item_id)).toEqual(fixture.exportable);
    } finally {
      await archive.close();
    }
  });

  it('ran as a queued export job whose progress reached the last stage', async () => {
    const runtime = await openQueueRuntime(fixture.settings, {
      prefix: fixture.settings.queuePrefix,
      logger: quietLogger,
    });
    try {
      const [job] = await runtime.queue(QueueName.Export).getJobs(['completed']);
      expect(job?.name).toBe(JobName.ExportDataset);
      expect(job?.progress).toEqual({ stage: 'events', done: 4, total: 4 });
      expect(job?.returnvalue).toMatchObject({ items: 4, utterances: 12 });
    } finally {
      await runtime.close();
    }
  });

  it('gives byte-identical files when the same export runs again on the same archive state', async () => {
    const second = path.join(outputs, 'second');
    expect(await exportRunCommand({ out: second }, fixture.settings, silentOutput())).toBe(0);
    expect(await readFile(path.join(second, 'SHA256SUMS'), 'utf8')).toBe(
      await readFile(path.join(first, 'SHA256SUMS'), 'utf8'),
    );
  });

  it('adds the re-run to the same export record, and reindex brings every export event back', async () => {
    const manifest = JSON.parse(await readFile(path.join(first, 'export_manifest.json'), 'utf8'));
    const archive = await openArchive(fixture.settings);
    try {
      const exportEvents = () =>
        archive.catalog.query<{ item_id: string; data: { exportId: string } }>(
          `SELECT item_id, data FROM events WHERE type = 'export' ORDER BY item_id, occurred_at`,
        );
      const before = await exportEvents();
      expect(before.map((row) => row.item_id)).toEqual(
        fixture.exportable.flatMap((id) => [id, id]),
      );
      const record = await archive.objects.getInventory(exportRecordObjectId(manifest.exportId));
      expect(record.head).toBe('v2');
      const report = await reindexCatalog(archive);
      expect(report.skipped).toEqual([]);
      expect(report.exports).toBe(1);
      expect(await exportEvents()).toEqual(before);
    } finally {
      await archive.close();
    }
  });

  it('publishes the same bytes to s3://bucket/prefix, each object checked against SHA256SUMS', async () => {
    const s3 = await startS3rver('datasets');
    try {
      const { bucket: _bucket, prefix: _prefix, ...service } = s3.settings;
      const settings = { ...fixture.settings, exportS3: service };
      const out = 's3://datasets/releases/tay';
      expect(await exportRunCommand({ out }, settings, silentOutput())).toBe(0);
      const store = new S3ObjectStore({ ...s3.settings, prefix: 'releases/tay/' });
      try {
        const sums = await text(await store.get('SHA256SUMS'));
        expect(sums).toBe(await readFile(path.join(first, 'SHA256SUMS'), 'utf8'));
        const keys: string[] = [];
        for await (const object of store.list('')) {
          keys.push(object.key);
          if (object.key !== 'SHA256SUMS')
            expect(sums).toContain(`${object.sha256}  ${object.key}\n`);
        }
        expect(keys).toHaveLength(sums.trim().split('\n').length + 1);
        // Reading every byte back checks each object against the digest it was stored with.
        const shard = keys.find((key) => key.endsWith('.parquet')) as string;
        expect((await buffer(await store.get(shard))).subarray(0, 4).toString()).toBe('PAR1');
      } finally {
        await store.close();
      }
      await expect(exportRunCommand({ out }, settings, silentOutput())).rejects.toThrow(
        /not empty/,
      );
    } finally {
      await s3.stop();
    }
  });

  it('refuses to write over an earlier export unless asked to', async () => {
    await expect(
      exportRunCommand({ out: first }, fixture.settings, silentOutput()),
    ).rejects.toThrow(/is not empty: .*--overwrite/);
    const narrower = {
      out: first,
      overwrite: true,
      collection: ['tay-test'],
      licence: ['CC0-1.0'],
    };
    expect(await exportRunCommand(narrower, fixture.settings, silentOutput())).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(first, 'export_manifest.json'), 'utf8'));
    expect(manifest.snapshot.map((entry: { id: string }) => entry.id)).toEqual([
      'luon-c',
      'luon-d',
    ]);
  });

  it('leaves out a training copy that fails its fixity check, names it, and exports the rest', async () => {
    const trainingPath = 'derivatives/audio/then-a.a0.training.wav';
    const archive = await openArchive(fixture.settings);
    let file: string;
    try {
      const inventory = await archive.objects.getInventory('then-a');
      const state = Object.entries(inventory.versions[inventory.head]?.state ?? {});
      const digest = state.find(([, paths]) => paths.includes(trainingPath))?.[0] as string;
      const contentPath = inventory.manifest[digest]?.[0] as string;
      file = path.join(
        fixture.settings.dataDir,
        'archive',
        archive.objects.objectRoot('then-a'),
        contentPath,
      );
    } finally {
      await archive.close();
    }
    const original = await readFile(file);
    const damaged = Buffer.from(original);
    damaged[damaged.length - 1] = (damaged.at(-1) ?? 0) ^ 0xff;
    await writeFile(file, damaged);
    try {
      const printed: string[] = [];
      const output = createOutput(
        true,
        { write: (text: string) => printed.push(text) } as never,
        { write: (text: string) => printed.push(text) } as never,
      );
      const out = path.join(outputs, 'damaged');
      expect(await exportRunCommand({ out }, fixture.settings, output)).toBe(0);
      const report = JSON.parse(printed.find((text) => text.startsWith('{')) as string);
      expect(report.damaged).toEqual([
        { itemId: 'then-a', path: trainingPath, problem: expect.stringMatching(/sha256/) },
      ]);
      expect(report.exclusions).toContainEqual({
        unit: 'recording',
        reason: DAMAGED_REASON,
        count: 1,
      });
      expect(printed.join('')).toMatch(/warning: item then-a: derivatives\/audio\/then-a/);
      // Another dataset than the clean export of the same archive state, so another id.
      const clean = JSON.parse(
        await readFile(path.join(outputs, 'second', 'export_manifest.json'), 'utf8'),
      );
      expect(report.exportId).not.toBe(clean.exportId);
      const rows = await duckRows(
        `SELECT DISTINCT item_id FROM read_parquet('${out}/data/*.parquet') ORDER BY item_id`,
      );
      expect(rows.map((row) => row.item_id)).toEqual(
        fixture.exportable.filter((id) => id !== 'then-a'),
      );
    } finally {
      await writeFile(file, original);
    }
  });

  it('lists the exports, and the items in them that consent no longer allows', async () => {
    const clean = JSON.parse(
      await readFile(path.join(outputs, 'second', 'export_manifest.json'), 'utf8'),
    );
    const listed = async (options: { item?: string }) => {
      const printed: string[] = [];
      const output = createOutput(true, { write: (text: string) => printed.push(text) } as never);
      expect(await exportHistoryCommand(options, fixture.settings, output)).toBe(0);
      return JSON.parse(printed.join('')) as ExportHistoryEntry[];
    };
    const before = (await listed({})).find((entry) => entry.exportId === clean.exportId);
    expect(before?.items).toEqual(fixture.exportable);
    expect(before?.locations).toEqual([
      path.join(outputs, 'first'),
      path.join(outputs, 'second'),
      's3://datasets/releases/tay/',
    ]);
    expect(before?.noLongerAllowed).toEqual([]);

    const archive = await openArchive(fixture.settings);
    try {
      await archive.catalog.query(`UPDATE items SET consent = $2 WHERE id = $1`, [
        'then-b',
        JSON.stringify({ uses: ['archive', 'ml-training'], withdrawn: true }),
      ]);
    } finally {
      await archive.close();
    }
    const after = await listed({ item: 'then-b' });
    expect(after.map((entry) => entry.exportId)).toContain(clean.exportId);
    expect(after.find((entry) => entry.exportId === clean.exportId)?.noLongerAllowed).toEqual([
      { itemId: 'then-b', reason: 'consent has been withdrawn' },
    ]);
    expect(await listed({ item: 'no-such-item' })).toEqual([]);
  });

  it('names the items a filter left out with --explain and --json, as the manifest does', async () => {
    const lines: string[] = [];
    const results: unknown[] = [];
    const out = path.join(outputs, 'explained');
    const capture = (json: boolean) => ({
      ...createOutput(json, { write: () => true } as never, { write: () => true } as never),
      line: (line = '') => lines.push(line),
      result: (value: unknown) => results.push(value),
    });
    expect(
      await exportRunCommand(
        { out, licence: ['CC-BY-4.0'], explain: true },
        fixture.settings,
        capture(false),
      ),
    ).toBe(0);
    const named = await duckRows(
      `SELECT e.unit, e.item, e.reason
         FROM (SELECT unnest(excluded) AS e FROM read_json('${out}/export_manifest.json'))
        WHERE e.unit = 'item' ORDER BY e.item`,
    );
    expect(named).toEqual([
      { unit: 'item', item: 'luon-c', reason: 'licence not in the allow-list' },
      { unit: 'item', item: 'luon-d', reason: 'licence not in the allow-list' },
    ]);
    expect(lines).toContain('    item luon-c: licence not in the allow-list');
    expect(lines).toContain(
      '    text then-b then-b/transcript/originals/then-b.flac: exact duplicate of another text',
    );
    const printed = lines.join('\n');
    for (const id of fixture.forbidden) expect(printed, id).not.toContain(id);
    expect(printed).not.toContain('secret');
    const report = results[0] as { excluded: { item: string }[] };
    expect(report.excluded.map((entry) => entry.item)).toEqual([
      'luon-c',
      'luon-d',
      'then-a',
      'then-b',
    ]);
  });

  it('gives every speech and text row a human text_origin, and --text-origin leaves out exactly the rows of other origins', async () => {
    // `second` is the default export again (`first` was overwritten by a narrower one).
    const second = path.join(outputs, 'second');
    const speech = await duckRows(
      `SELECT text_origin, text_origin_tool, count(*) AS n FROM read_parquet('${second}/data/*.parquet') GROUP BY ALL`,
    );
    expect(speech).toEqual([{ text_origin: 'human', text_origin_tool: null, n: '12' }]);
    const audiofolder = await duckRows(
      `SELECT DISTINCT text_origin FROM read_json('${second}/audio/*/metadata.jsonl')`,
    );
    expect(audiofolder).toEqual([{ text_origin: 'human' }]);
    const texts = await duckRows(
      `SELECT id, text_origin, text_origin_tool FROM read_json('${second}/text/*.jsonl') ORDER BY id`,
    );
    expect(texts).toHaveLength(3);
    for (const row of texts)
      expect(row).toMatchObject({ text_origin: 'human', text_origin_tool: null });
    const card = await readFile(path.join(second, 'README.md'), 'utf8');
    expect(card).toMatch(/\| (train|validation|test) \| human \| 3 \| \d+ \|/);
    // Hours and characters by language, per config and split: 3 lines of every item, all Tày.
    const speechLanguages = [
      ...card.matchAll(/\| speech \| \w+ \| (\w+) \| (\d+) \| ([\d:]+) \| \d+ \|/g),
    ];
    expect(speechLanguages.map((row) => row[1])).toEqual(speechLanguages.map(() => 'tyz'));
    expect(speechLanguages.reduce((total, row) => total + Number(row[2]), 0)).toBe(12);
    expect(card).toMatch(/\| text \| \w+ \| tyz \| \d \| - \| \d+ \|/);

    const out = path.join(outputs, 'ocr-only');
    expect(
      await exportRunCommand(
        { out, textOrigin: 'ocr,ocr-corrected' },
        fixture.settings,
        silentOutput(),
      ),
    ).toBe(0);
    const left = await duckRows(
      `SELECT e.unit, e.part, e.reason
         FROM (SELECT unnest(excluded) AS e FROM read_json('${out}/export_manifest.json'))
        WHERE e.unit IN ('utterance', 'text') ORDER BY e.unit, e.part`,
    );
    const ids = await duckRows(
      `SELECT id FROM read_parquet('${second}/data/*.parquet') UNION ALL SELECT id FROM read_json('${second}/text/*.jsonl')`,
    );
    // Every row of the full export, and then-b's duplicate transcript, is left out by name.
    expect(left).toHaveLength(ids.length + 1);
    for (const row of left) expect(row.reason).toBe('text origin human not asked for');
    expect(left.filter((row) => row.unit === 'text').map((row) => row.part)).toEqual(
      [...fixture.exportable].map((id) => `${id}/transcript/originals/${id}.flac`),
    );
    const files = await readdir(out);
    expect(files.sort()).toEqual(['README.md', 'SHA256SUMS', 'export_manifest.json']);
  });

  it('warns and says so in the card when a small export has no train split, and --min-split moves groups into every split', async () => {
    const errors: string[] = [];
    const output = { ...silentOutput(), error: (line: string) => errors.push(line) };
    // Speech groups are keyed by pseudonyms salted per archive, so they land anywhere:
    // a train share of one in a million keeps all three out of it on every run.
    const tiny = { split: '0.0001/50/49.9999' };
    const bare = path.join(outputs, 'no-train');
    expect(await exportRunCommand({ out: bare, ...tiny }, fixture.settings, output)).toBe(0);
    expect(errors.filter((line) => /has no train split/.test(line))).toHaveLength(3);
    const card = await readFile(path.join(bare, 'README.md'), 'utf8');
    expect(card).toMatch(/\*\*speech has no train split: its 3 group\(s\) all went to/);
    expect(card).toMatch(/\*\*text has no train split: its 3 group\(s\) all went to/);
    expect(card).toMatch(/\*\*parallel has no train split: its 3 group\(s\) all went to/);

    const moved = path.join(outputs, 'min-split');
    errors.length = 0;
    expect(
      await exportRunCommand({ out: moved, ...tiny, minSplit: '1' }, fixture.settings, output),
    ).toBe(0);
    expect(errors.filter((line) => /has no train split/.test(line))).toEqual([]);
    const speech = await duckRows(
      `SELECT regexp_extract(filename, '/data/([a-z]+)-', 1) AS split,
              list(DISTINCT item_id ORDER BY item_id) AS items
         FROM read_parquet('${moved}/data/*.parquet', filename = true) GROUP BY split ORDER BY split`,
    );
    // Three singers, three splits: one each. then-a and then-b stay together (one singer).
    expect(speech.map((row) => row.split)).toEqual(['test', 'train', 'validation']);
    expect(speech.map((row) => (row.items as string[]).join(',')).sort()).toEqual([
      'luon-c',
      'luon-d',
      'then-a,then-b',
    ]);
    const texts = await duckRows(
      `SELECT regexp_extract(filename, 'text/([a-z]+)\\.jsonl', 1) AS split, source_item
         FROM read_json('${moved}/text/*.jsonl', filename = true) ORDER BY split`,
    );
    expect(new Set(texts.map((row) => row.split))).toEqual(
      new Set(['train', 'validation', 'test']),
    );
    const parallel = await duckRows(
      `SELECT regexp_extract(filename, 'parallel/([a-z]+)\\.jsonl', 1) AS split, item_id
         FROM read_json('${moved}/parallel/*.jsonl', filename = true)`,
    );
    // No item in two splits of any config.
    for (const rows of [
      speech.flatMap((row) => (row.items as string[]).map((item) => [item, row.split])),
      texts.map((row) => [row.source_item, row.split]),
      parallel.map((row) => [row.item_id, row.split]),
    ]) {
      const splitsOf = new Map<unknown, Set<unknown>>();
      for (const [item, split] of rows)
        splitsOf.set(item, (splitsOf.get(item) ?? new Set()).add(split));
      for (const [item, splits] of splitsOf) expect(splits.size, String(item)).toBe(1);
    }
    expect(await readFile(path.join(moved, 'README.md'), 'utf8')).toMatch(
      /group\(s\) moved from (validation|test) to train \(--min-split 1\)/,
    );
  });

  it('pairs each translation with the transcription of the same span of the same item, in the split of its item', async () => {
    const second = path.join(outputs, 'second');
    const pairs = await duckRows(
      `SELECT id, source_lang, target_lang, source, target, item_id, "offset", duration, text_origin,
              regexp_extract(filename, 'parallel/([a-z]+)\\.jsonl', 1) AS split
         FROM read_json('${second}/parallel/*.jsonl', filename = true) ORDER BY item_id, "offset"`,
    );
    expect(pairs.map((pair) => pair.item_id)).toEqual([
      'luon-c',
      'luon-c',
      'luon-c',
      'luon-d',
      'luon-d',
      'luon-d',
      'then-a',
    ]);
    for (const pair of pairs) {
      const item = String(pair.item_id);
      const line = transcriptLines.findIndex(
        ([startMs]) => Math.abs(startMs / 1000 - Number(pair.offset)) < 1e-9,
      );
      const [startMs, endMs, words] = transcriptLines[line] as (typeof transcriptLines)[number];
      // Source and target are the transcription and translation of that one span.
      expect(pair).toMatchObject({
        source_lang: 'tyz',
        target_lang: 'vie',
        source: item === 'then-a' ? words : `${words} (${item})`,
        target: item === 'then-a' ? translationLines[line] : `${translationLines[line]} (${item})`,
        text_origin: 'human',
      });
      expect(Number(pair.duration)).toBeCloseTo((endMs - startMs) / 1000, 9);
    }
    expect(pairs.at(-1)?.offset).toBe(transcriptLines[0][0] / 1000);
    // An item's pairs sit in the split of its texts.
    const texts = await duckRows(
      `SELECT source_item, regexp_extract(filename, 'text/([a-z]+)\\.jsonl', 1) AS split
         FROM read_json('${second}/text/*.jsonl', filename = true)`,
    );
    for (const pair of pairs) {
      const text = texts.find((row) => row.source_item === pair.item_id);
      expect(pair.split, String(pair.item_id)).toBe(text?.split);
    }
    const card = await readFile(path.join(second, 'README.md'), 'utf8');
    expect(card).toContain('config_name: parallel');
    // The translations' language is one of the dataset's.
    expect(card).toMatch(/\nlanguage:\n {2}- tyz\n {2}- vie\n/);
    expect(card).toMatch(/\| tyz→vie \d \|/);
  });
});

function jsonLines(bytes: Buffer): Record<string, unknown>[] {
  return bytes
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Every text file of the dataset, and the text columns of its parquet, as one string. */
async function allText(root: string): Promise<string> {
  const parts: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (entry.name.endsWith('.gz')) parts.push(gunzipSync(await readFile(file)).toString('utf8'));
    else if (!/\.(wav|png|parquet)$/.test(entry.name)) parts.push(await readFile(file, 'utf8'));
    parts.push(path.relative(root, file));
  }
  const rows = await duckRows(
    `SELECT * EXCLUDE (audio) FROM read_parquet('${root}/data/*.parquet')`,
  );
  parts.push(JSON.stringify(rows));
  return parts.join('\n');
}

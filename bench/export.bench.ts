/**
 * Dataset export throughput: an archive of items with 60 s training copies and 20
 * transcribed segments each, exported in full (selection, clips into parquet and the
 * audiofolder, manifests, card, checksums, publishing, export events), against `tar`
 * of the same training copies, measured in the same run.
 *
 *   npx tsx bench/export.bench.ts                 # 24 items
 *   HERITAGE_BENCH_EXPORT_ITEMS=100 npx tsx bench/export.bench.ts
 *
 * Target: audio MB/s written by the export >= 0.5x the MB/s of `tar`. Also measured in
 * the same run: the same files written bare (what the layout alone costs on this
 * machine), sha256 alone, and the export's record and events, per item.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { openArchive } from '../src/archive/archive.js';
import { createItemLocks } from '../src/archive/item-lock.js';
import { createAnnotation } from '../src/formats/index.js';
import { stopEmbeddedPostgres } from '../src/infra/catalog/embedded-postgres.js';
import { saveItemRecord } from '../src/infra/catalog/item-rows.js';
import { settingsSchema } from '../src/infra/config/settings-schema.js';
import { openQueueRuntime } from '../src/jobs/queue-runtime.js';
import { audioSettingsOf, normaliseRecording } from '../src/media/audio/index.js';
import { MetadataPath } from '../src/model/item-record.js';
import { runExport } from '../src/usecases/export/run-export.js';
import { makeTempDir, quietLogger } from '../tests/support/redis.js';
import { itemRecord } from './training-copy-record.js';

const run = promisify(execFile);
const ITEMS = Number(process.env.HERITAGE_BENCH_EXPORT_ITEMS ?? 24);
const SECONDS = 60;
const SEGMENTS = 20;
const TAR_RATIO_TARGET = 0.5;
const ROUNDS = 2;
const MB = 1e6;

const work = await makeTempDir('bench-export');
try {
  const settings = settingsSchema.parse({
    dataDir: path.join(work.dir, 'data'),
    redisUrl: process.env.REDIS_URL,
    queuePrefix: `bench-export-${process.pid}`,
  });
  // One real training copy and audio step result, made by the audio pipeline.
  const source = path.join(work.dir, 'song.flac');
  await run('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=330:duration=${SECONDS}:sample_rate=44100`,
    '-f',
    'lavfi',
    '-i',
    `anoisesrc=duration=${SECONDS}:amplitude=0.05:sample_rate=44100`,
    '-filter_complex',
    'amix=inputs=2',
    '-c:a',
    'flac',
    source,
  ]);
  const normalised = await normaliseRecording({
    inputPath: source,
    outputDir: path.join(work.dir, 'audio'),
    settings: audioSettingsOf(settings),
  });
  const track = normalised.tracks[0];
  if (!track) throw new Error('the audio pipeline returned no track');
  const training = await readFile(track.derivatives.training.path);

  const archive = await openArchive(settings);
  const runtime = await openQueueRuntime(settings, {
    prefix: settings.queuePrefix,
    logger: quietLogger,
  });
  const locks = createItemLocks(runtime);
  try {
    console.log(
      `building ${ITEMS} items with ${SECONDS} s training copies and ${SEGMENTS} segments each`,
    );
    const trainingFiles: string[] = [];
    for (let index = 0; index < ITEMS; index += 1) {
      const id = `song-${String(index).padStart(5, '0')}`;
      const record = itemRecord(id, index, track, training.length);
      const annotations = Array.from({ length: SEGMENTS }, (_, segment) =>
        createAnnotation(
          {
            anchor: {
              kind: 'time',
              asset: `originals/${id}.flac`,
              startMs: segment * 2900 + 100,
              endMs: segment * 2900 + 2600,
            },
            type: 'transcription',
            value: `Câu ${segment + 1} của bài ${id}`,
            language: 'tyz',
            author: 'bench',
            created: '2024-01-01T00:00:00Z',
          },
          { position: String(segment) },
        ),
      );
      const commit = await archive.objects.commitVersion(
        id,
        {
          add: [
            { logicalPath: `originals/${id}.flac`, body: await readFile(source) },
            { logicalPath: `derivatives/audio/${id}.a0.training.wav`, body: training },
            { logicalPath: MetadataPath.item, body: JSON.stringify(record) },
            {
              logicalPath: MetadataPath.annotations,
              body: JSON.stringify({ schemaVersion: 1, item: id, documents: [], annotations }),
            },
          ],
        },
        { message: 'bench item', user: { name: 'bench' } },
      );
      await archive.catalog.transaction((tx) =>
        saveItemRecord(tx, record, commit.version, 'ready'),
      );
      const content = (await archive.objects.logicalState(id, commit.version)).get(
        `derivatives/audio/${id}.a0.training.wav`,
      )?.contentPath as string;
      trainingFiles.push(
        path.join(settings.dataDir, 'archive', archive.objects.objectRoot(id), content),
      );
    }
    const trainingBytes = ITEMS * training.length;

    let bestTar = Number.POSITIVE_INFINITY;
    let bestExport = Number.POSITIVE_INFINITY;
    let bestSpeech = Number.POSITIVE_INFINITY;
    let bestBeforeEvents = Number.POSITIVE_INFINITY;
    let bestEventsPerItem = Number.POSITIVE_INFINITY;
    let audioBytes = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const tarFile = path.join(work.dir, 'copies.tar');
      const tarStart = performance.now();
      await run('tar', ['-cf', tarFile, ...trainingFiles]);
      bestTar = Math.min(bestTar, (performance.now() - tarStart) / 1000);
      await rm(tarFile);

      const out = path.join(work.dir, `dataset-${round}`);
      const stageStarts = new Map<string, number>();
      const started = performance.now();
      const report = await runExport(
        archive,
        locks,
        { out, filters: { collections: ['bench'] } },
        (progress) => {
          if (!stageStarts.has(progress.stage)) stageStarts.set(progress.stage, performance.now());
        },
      );
      const finished = performance.now();
      const speechStart = stageStarts.get('speech') ?? started;
      const speechEnd = stageStarts.get('text') ?? finished;
      bestExport = Math.min(bestExport, (finished - started) / 1000);
      bestSpeech = Math.min(bestSpeech, (speechEnd - speechStart) / 1000);
      // A folder publish reports once, when the dataset is in place: the events follow.
      const published = stageStarts.get('publishing') ?? finished;
      bestBeforeEvents = Math.min(bestBeforeEvents, (published - started) / 1000);
      bestEventsPerItem = Math.min(bestEventsPerItem, (finished - published) / report.items);
      audioBytes = report.audioBytes;
      if (report.utterances !== ITEMS * SEGMENTS)
        throw new Error(`exported ${report.utterances} utterances, expected ${ITEMS * SEGMENTS}`);
      await rm(out, { recursive: true, force: true });
    }
    // What the layout alone costs here: the same number of clip files and a shard of the
    // same bytes, written with nothing read, hashed or encoded.
    let bestLayout = Number.POSITIVE_INFINITY;
    for (let round = 0; round < ROUNDS; round += 1)
      bestLayout = Math.min(
        bestLayout,
        await writeLayoutAlone(
          path.join(work.dir, `layout-${round}`),
          ITEMS * SEGMENTS,
          audioBytes,
        ),
      );
    // What hashing alone costs: every byte written goes into SHA256SUMS, every byte read is checked.
    const hashStart = performance.now();
    for (let hashed = 0; hashed < audioBytes + trainingBytes; hashed += training.length)
      createHash('sha256').update(training).digest();
    const hashRate = (audioBytes + trainingBytes) / MB / ((performance.now() - hashStart) / 1000);

    const tarRate = trainingBytes / MB / bestTar;
    const rate = (seconds: number) => audioBytes / MB / seconds;
    const line = (label: string, seconds: number) => {
      const ratio = rate(seconds) / tarRate;
      console.log(
        `${label}: ${(audioBytes / MB).toFixed(1)} MB of audio in ${seconds.toFixed(2)} s = ${rate(seconds).toFixed(1)} MB/s, ${ratio.toFixed(2)}x tar (target >= ${TAR_RATIO_TARGET}x) ${ratio >= TAR_RATIO_TARGET ? 'OK' : 'BELOW TARGET'}`,
      );
    };
    console.log(
      `tar of the training copies: ${(trainingBytes / MB).toFixed(1)} MB in ${bestTar.toFixed(2)} s = ${tarRate.toFixed(1)} MB/s`,
    );
    line('whole export (selection to events)', bestExport);
    line('dataset written and published (the export without its events)', bestBeforeEvents);
    line('speech stage (read, cut, parquet + audiofolder, hashing)', bestSpeech);
    line(
      'the same files written bare (clip files + one shard, nothing read or hashed)',
      bestLayout,
    );
    console.log(
      `sha256 alone over the bytes the speech stage reads and writes: ${hashRate.toFixed(1)} MB/s (the export's ceiling; tar hashes nothing)`,
    );
    console.log(
      `export record and events: ${bestEventsPerItem.toFixed(2)} ms per item (one object version for the export, one catalog statement)`,
    );
  } finally {
    await locks.close();
    await runtime.close();
    await archive.close();
  }
} finally {
  await stopEmbeddedPostgres(path.join(work.dir, 'data'));
  await work.remove();
}

/**
 * Seconds to write `files` clip files into one folder (8 in flight) and one file of the
 * same total size: the least an audiofolder plus parquet layout of `bytes` costs.
 */
async function writeLayoutAlone(folder: string, files: number, bytes: number): Promise<number> {
  const clip = Buffer.alloc(Math.round(bytes / 2 / files), 1);
  await mkdir(path.join(folder, 'audio'), { recursive: true });
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let index = next++; index < files; index = next++)
        await writeFile(path.join(folder, 'audio', `${index}.wav`), clip);
    }),
  );
  const shard = await open(path.join(folder, 'shard.parquet'), 'w');
  for (let index = 0; index < files; index += 1) await shard.write(clip);
  await shard.close();
  const seconds = (performance.now() - started) / 1000;
  await rm(folder, { recursive: true, force: true });
  return seconds;
}

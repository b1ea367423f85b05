/**
 * The `unlabelled` config against what an ML engineer would otherwise write: one
 * `ffmpeg -f segment` run per training copy cutting the same clips to WAV, then
 * `sha256sum` of the clips; and `tar` of the same clip files as the floor. Items hold
 * real speech (the corpus's `jfk.flac`, looped to 55 s) normalised by the audio
 * pipeline, with no transcript, so every voiced stretch becomes clips.
 *
 *   npx tsx bench/unlabelled-export.bench.ts                  # 24 items
 *   HERITAGE_BENCH_EXPORT_ITEMS=100 npx tsx bench/unlabelled-export.bench.ts
 *   HERITAGE_BENCH_STAGES=1 npx tsx bench/unlabelled-export.bench.ts   # when each stage began
 *
 * Target: the whole export (selection, voice activity, clips into parquet and the
 * audiofolder, card, checksums, publishing, export events) at least as fast as the
 * segment script (ratio >= 1), which finds no voice activity and writes no parquet.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { openArchive } from '../src/archive/archive.js';
import { createItemLocks } from '../src/archive/item-lock.js';
import { stopEmbeddedPostgres } from '../src/infra/catalog/embedded-postgres.js';
import { saveItemRecord } from '../src/infra/catalog/item-rows.js';
import { settingsSchema } from '../src/infra/config/settings-schema.js';
import { openQueueRuntime } from '../src/jobs/queue-runtime.js';
import { audioSettingsOf, normaliseRecording } from '../src/media/audio/index.js';
import { MetadataPath } from '../src/model/item-record.js';
import { runExport } from '../src/usecases/export/run-export.js';
import { corpusFile } from '../tests/support/corpus.js';
import { makeTempDir, quietLogger } from '../tests/support/redis.js';
import { skipWithoutCorpus } from './skip-without-corpus.js';
import { itemRecord } from './training-copy-record.js';

skipWithoutCorpus();

const run = promisify(execFile);
const ITEMS = Number(process.env.HERITAGE_BENCH_EXPORT_ITEMS ?? 24);
const ROUNDS = 2;

const work = await makeTempDir('bench-unlabelled');
try {
  const settings = settingsSchema.parse({
    dataDir: path.join(work.dir, 'data'),
    redisUrl: process.env.REDIS_URL,
    queuePrefix: `bench-unlabelled-${process.pid}`,
  });
  const source = path.join(work.dir, 'field.flac');
  await run('ffmpeg', [
    '-v',
    'error',
    '-stream_loop',
    '4',
    '-i',
    corpusFile('audio/jfk.flac'),
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
      `building ${ITEMS} items of ${track.quality.durationSeconds.toFixed(0)} s of untranscribed speech each`,
    );
    const trainingFiles = new Map<string, string>();
    for (let index = 0; index < ITEMS; index += 1) {
      const id = `field-${String(index).padStart(5, '0')}`;
      const record = itemRecord(id, index, track, training.length);
      const commit = await archive.objects.commitVersion(
        id,
        {
          add: [
            { logicalPath: `originals/${id}.flac`, body: await readFile(source) },
            { logicalPath: `derivatives/audio/${id}.a0.training.wav`, body: training },
            { logicalPath: MetadataPath.item, body: JSON.stringify(record) },
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
      trainingFiles.set(
        id,
        path.join(settings.dataDir, 'archive', archive.objects.objectRoot(id), content),
      );
    }

    let bestExport = Number.POSITIVE_INFINITY;
    let bestVoice = Number.POSITIVE_INFINITY;
    let bestEventsPerItem = Number.POSITIVE_INFINITY;
    let clips = 0;
    let clipSeconds = 0;
    const out = path.join(work.dir, 'dataset');
    for (let round = 0; round < ROUNDS; round += 1) {
      await rm(out, { recursive: true, force: true });
      const stageStarts = new Map<string, number>();
      const started = performance.now();
      const report = await runExport(
        archive,
        locks,
        { out, filters: { collections: ['bench'] }, configs: ['unlabelled'] },
        (progress) => {
          if (!stageStarts.has(progress.stage)) stageStarts.set(progress.stage, performance.now());
        },
      );
      const finished = performance.now();
      if (process.env.HERITAGE_BENCH_STAGES)
        console.log(
          [...stageStarts]
            .map(([stage, at]) => `${stage} +${((at - started) / 1000).toFixed(2)} s`)
            .join(', '),
        );
      bestExport = Math.min(bestExport, (finished - started) / 1000);
      const voiceStart = stageStarts.get('voice-activity') ?? started;
      const voiceEnd = stageStarts.get('unlabelled') ?? finished;
      bestVoice = Math.min(bestVoice, (voiceEnd - voiceStart) / 1000);
      const published = stageStarts.get('publishing') ?? finished;
      bestEventsPerItem = Math.min(bestEventsPerItem, (finished - published) / report.items);
      clips = report.unlabelledClips;
      clipSeconds = report.unlabelledSeconds;
      if (clips === 0) throw new Error('the export found no voiced stretch in real speech');
    }

    // The clips the export made, by item: the segment script cuts the same ones.
    const clipsOf = new Map<string, { offset: number; duration: number }[]>();
    const clipFiles: string[] = [];
    for (const split of await readdir(path.join(out, 'unlabelled', 'audio'))) {
      const folder = path.join(out, 'unlabelled', 'audio', split);
      const lines = (await readFile(path.join(folder, 'metadata.jsonl'), 'utf8')).split('\n');
      for (const line of lines.filter(Boolean)) {
        const row = JSON.parse(line) as {
          item_id: string;
          offset: number;
          duration: number;
          file_name: string;
        };
        clipsOf.set(row.item_id, [...(clipsOf.get(row.item_id) ?? []), row]);
        clipFiles.push(path.join(folder, row.file_name));
      }
    }

    let bestSegment = Number.POSITIVE_INFINITY;
    let bestTar = Number.POSITIVE_INFINITY;
    for (let round = 0; round < ROUNDS; round += 1) {
      const folder = path.join(work.dir, `segments-${round}`);
      await mkdir(folder, { recursive: true });
      const started = performance.now();
      await segmentScript(folder, trainingFiles, clipsOf);
      bestSegment = Math.min(bestSegment, (performance.now() - started) / 1000);
      await rm(folder, { recursive: true, force: true });

      const tarFile = path.join(work.dir, 'clips.tar');
      const tarStart = performance.now();
      await run('tar', ['-cf', tarFile, '-C', out, 'unlabelled/audio'], {
        maxBuffer: 1 << 26,
      });
      bestTar = Math.min(bestTar, (performance.now() - tarStart) / 1000);
      await rm(tarFile);
    }

    const audioSeconds = ITEMS * track.quality.durationSeconds;
    console.log(
      `${clips} clips, ${(clipSeconds / 60).toFixed(1)} min of ${(audioSeconds / 60).toFixed(1)} min of audio, ${clipFiles.length} clip files`,
    );
    console.log(
      `whole export (configs unlabelled, selection to events): ${bestExport.toFixed(2)} s, of which voice activity ${bestVoice.toFixed(2)} s (${(audioSeconds / bestVoice).toFixed(0)}x realtime)`,
    );
    const ratio = bestSegment / bestExport;
    console.log(
      `ffmpeg -f segment per training copy + sha256sum: ${bestSegment.toFixed(2)} s; export ${ratio.toFixed(2)}x its speed (target >= 1) ${ratio >= 1 ? 'OK' : 'BELOW TARGET'}`,
    );
    console.log(
      `tar of the same clip files: ${bestTar.toFixed(2)} s; export ${(bestTar / bestExport).toFixed(2)}x its speed (the floor)`,
    );
    console.log(
      `export record and events: ${bestEventsPerItem.toFixed(2)} ms per item (target < 2 ms) ${bestEventsPerItem < 2 ? 'OK' : 'ABOVE TARGET'}`,
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
 * What an ML engineer would write: per training copy, one ffmpeg run that splits it at
 * every clip edge (`-f segment`, stream copy), the pauses between clips dropped, then
 * `sha256sum` over the clips kept.
 */
async function segmentScript(
  folder: string,
  trainingFiles: Map<string, string>,
  clipsOf: Map<string, { offset: number; duration: number }[]>,
): Promise<void> {
  const kept: string[] = [];
  for (const [id, file] of trainingFiles) {
    const clips = [...(clipsOf.get(id) ?? [])].sort((a, b) => a.offset - b.offset);
    if (clips.length === 0) continue;
    const edges = [...new Set(clips.flatMap((clip) => [clip.offset, clip.offset + clip.duration]))];
    const pattern = path.join(folder, `${id}-%04d.wav`);
    await run('ffmpeg', [
      '-v',
      'error',
      '-i',
      file,
      '-f',
      'segment',
      '-segment_times',
      edges.map((edge) => edge.toFixed(6)).join(','),
      '-c',
      'copy',
      pattern,
    ]);
    // Segment i runs from edge i - 1 to edge i: a clip is the segment after its start.
    for (const clip of clips)
      kept.push(
        path.join(folder, `${id}-${String(edges.indexOf(clip.offset) + 1).padStart(4, '0')}.wav`),
      );
  }
  await run('sha256sum', kept, { maxBuffer: 1 << 26 });
}

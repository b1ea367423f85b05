/**
 * Saving one edit from the annotation workspace: an item holding 2,000 annotations (one
 * TextGrid tier of one-second words on a 34-minute recording), PGlite catalog,
 * filesystem store. Each save supersedes one annotation and writes the item's next
 * object version with its catalog rows.
 *  - through the API: `POST /api/items/:id/annotations/changes` (one supersede), by
 *    Fastify inject;
 *  - baseline, same run: the same use case (`addAnnotation` with `supersedes`) called
 *    directly, on other annotations of the same item;
 *  - and the workspace's read of the item (`GET .../annotations/workspace`).
 * Prints p50/p99 of each and the ratio API / direct.
 *
 *   npx tsx bench/annotation-save.bench.ts
 *   HERITAGE_BENCH_SAVES=100 npx tsx bench/annotation-save.bench.ts
 */
import path from 'node:path';
import { buildApi } from '../src/entry/api/build-api.js';
import { ingestCommand } from '../src/entry/cli/commands/ingest-command.js';
import { openServices } from '../src/entry/services.js';
import { serializeTextGrid } from '../src/formats/index.js';
import type { Person } from '../src/model/person.js';
import { addAnnotation } from '../src/usecases/annotations/add-annotation.js';
import { readWorkspaceAnnotations } from '../src/usecases/annotations/workspace-annotations.js';
import { recordingOutput, silentFlac } from '../tests/support/annotation-archive.js';
import { writeDeposit } from '../tests/support/deposit.js';
import { makeTempDir } from '../tests/support/redis.js';
import { openTestArchive } from '../tests/support/test-archive.js';

const ANNOTATIONS = 2_000;
const SAVES = Number(process.env.HERITAGE_BENCH_SAVES ?? 50);
const WARM_UP = 3;
const linguist: Person = {
  kind: 'account',
  id: 'linguist',
  name: 'linguist',
  grants: [{ role: 'member', community: 'bench-village' }],
};

const now = () => Number(process.hrtime.bigint()) / 1e6;
function percentile(values: readonly number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] ?? Number.NaN;
}
const figures = (times: readonly number[]) =>
  `p50 ${percentile(times, 0.5).toFixed(1)} ms, p99 ${percentile(times, 0.99).toFixed(1)} ms`;

const archive = await openTestArchive('pglite');
const deposit = await makeTempDir('annotation-save-bench');
try {
  await writeDeposit(deposit.dir, {
    'collection.json': JSON.stringify({
      id: 'bench-songs',
      title: 'Bench songs',
      community: 'bench-village',
      languages: ['tyz'],
      defaultAccess: 'community',
    }),
    'items.csv':
      'id,title,languages,access,consent,files\nlong-song,Long song,tyz,community,archive; community-access,long-song.flac\n',
  });
  await silentFlac(path.join(deposit.dir, 'long-song.flac'), ANNOTATIONS + 10);
  await ingestCommand(
    deposit.dir,
    { manifest: path.join(deposit.dir, 'items.csv'), wait: false, workers: false },
    archive.settings,
    recordingOutput(),
  );
  const services = await openServices(archive.settings);
  const api = buildApi({
    settings: archive.settings,
    catalog: services.archive.catalog,
    queues: services.queues,
    archive: services.archive,
    locks: services.locks,
    resolveCaller: async () => linguist,
  });
  try {
    const textGrid = serializeTextGrid([
      {
        name: 'words',
        kind: 'interval',
        segments: Array.from({ length: ANNOTATIONS }, (_, index) => ({
          startMs: index * 1000,
          endMs: index * 1000 + 900,
          text: `từ ${index}`,
        })),
      },
    ]);
    const imported = await api.inject({
      method: 'POST',
      url: '/api/items/long-song/annotations/import?name=words.TextGrid',
      headers: { 'content-type': 'text/plain' },
      payload: textGrid,
    });
    if (imported.statusCode !== 201) throw new Error(`import answered ${imported.body}`);
    const { annotations } = await readWorkspaceAnnotations(services.archive, 'long-song');
    if (annotations.length !== ANNOTATIONS) throw new Error(`${annotations.length} annotations`);
    const ids = annotations.map((annotation) => annotation.id);

    // Alternating, so that both see the archive at the same size and the same load.
    const overApi: number[] = [];
    const direct: number[] = [];
    const reads: number[] = [];
    for (let round = 0; round < SAVES + WARM_UP; round += 1) {
      const viaApi = ids[2 * round] ?? '';
      const started = now();
      const saved = await api.inject({
        method: 'POST',
        url: '/api/items/long-song/annotations/changes',
        payload: { changes: [{ op: 'supersede', id: viaApi, value: `từ ${round} (api)` }] },
      });
      const apiMs = now() - started;
      if (saved.statusCode !== 201) throw new Error(`a save answered ${saved.body}`);

      const viaUseCase = ids[2 * round + 1] ?? '';
      const directStart = now();
      await addAnnotation(services.archive, services.locks, {
        itemId: 'long-song',
        author: 'linguist',
        supersedes: viaUseCase,
        value: `từ ${round} (direct)`,
      });
      const directMs = now() - directStart;

      const readStart = now();
      const read = await api.inject({ url: '/api/items/long-song/annotations/workspace' });
      const readMs = now() - readStart;
      if (read.statusCode !== 200) throw new Error(`the read answered ${read.statusCode}`);
      if (round >= WARM_UP) {
        overApi.push(apiMs);
        direct.push(directMs);
        reads.push(readMs);
      }
    }
    console.log(
      `item of ${ANNOTATIONS} annotations, ${SAVES} saves each, PGlite, filesystem store`,
    );
    console.log(`save one edit through the API (batch route): ${figures(overApi)}`);
    console.log(`baseline, the same edit by the use case directly: ${figures(direct)}`);
    console.log(
      `ratio API / direct: p50 ${(percentile(overApi, 0.5) / percentile(direct, 0.5)).toFixed(2)}x, p99 ${(percentile(overApi, 0.99) / percentile(direct, 0.99)).toFixed(2)}x`,
    );
    console.log(`workspace read of the item (GET .../annotations/workspace): ${figures(reads)}`);
  } finally {
    await api.close();
    await services.close();
  }
} finally {
  await deposit.remove();
  await archive.cleanup();
}

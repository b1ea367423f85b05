/**
 * The media routes over real HTTP, on the filesystem store:
 *  - a whole large file streamed: throughput and how far the server's RSS rises (the
 *    file must stream, never sit in memory);
 *  - 64 KiB ranges at random offsets, as a browser seeking in audio asks for them;
 *  - a secret/sacred item's file against a missing item's: the answer must not tell
 *    them apart by time.
 *
 *   npx tsx bench/media.bench.ts
 *   HERITAGE_BENCH_MEDIA_MB=1024 npx tsx bench/media.bench.ts
 *
 * Targets: RSS rises by less than 64 MB whatever the file's size; hidden and missing
 * within 0.2 ms of each other (medians).
 */
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { openArchive } from '../src/archive/archive.js';
import { buildApi } from '../src/entry/api/build-api.js';
import { makeTempDir, openIsolatedQueues } from '../tests/support/redis.js';
import { openTestArchive } from '../tests/support/test-archive.js';

const megabytes = Number(process.env.HERITAGE_BENCH_MEDIA_MB ?? 512);
const RANGES = 200;
const TIMING_ROUNDS = 400;
const logicalPath = 'derivatives/audio/long.a0.access.webm';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
const ms = (value: number) => `${value.toFixed(2)} ms`;

async function bigFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  for (let written = 0; written < megabytes; written++) {
    const chunk = randomBytes(1024 * 1024);
    hash.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return hash.digest('hex');
}

async function main(): Promise<void> {
  const test = await openTestArchive('postgres');
  const scratch = await makeTempDir('media-bench');
  const queues = await openIsolatedQueues();
  const archive = await openArchive(test.settings);
  try {
    const file = path.join(scratch.dir, 'long.webm');
    const sha256 = await bigFile(file);
    const size = megabytes * 1024 * 1024;
    const user = { name: 'bench', address: 'mailto:bench@example.org' };
    for (const id of ['long-open', 'long-secret'])
      await archive.objects.commitVersion(
        id,
        { add: [{ logicalPath, body: createReadStream(file), sha256 }] },
        { message: 'bench', user },
      );
    const { catalog } = archive;
    await catalog.query(
      "INSERT INTO collections (id, title, community, default_access) VALUES ('bench', 'Bench', 'bench-village', 'open')",
    );
    for (const [id, protocol] of [
      ['long-open', 'open'],
      ['long-secret', 'secret-sacred'],
    ])
      await catalog.query(
        `INSERT INTO items (id, collection_id, title, access_protocol, consent, metadata, search_text)
         VALUES ($1, 'bench', $1, $2, $3, '{}', $1)`,
        [id, protocol, JSON.stringify({ uses: ['archive', 'public-access'], withdrawn: false })],
      );
    for (const id of ['long-open', 'long-secret'])
      await catalog.query(
        `INSERT INTO assets (item_id, logical_path, role, media_type, sha256, size, technical)
         VALUES ($1, $2, 'derivative', 'audio/webm', $3, $4, '{"use":"access"}')`,
        [id, logicalPath, sha256, size],
      );

    // No rate limit: the rounds below are many more requests than a client makes in a minute.
    const settings = { ...test.settings, api: { ...test.settings.api, rateLimit: 1_000_000 } };
    const api = buildApi({ settings, catalog, queues: queues.runtime });
    const base = await api.listen({ host: '127.0.0.1', port: 0 });
    const url = (id: string) => `${base}/api/items/${id}/files/${encodeURIComponent(logicalPath)}`;
    try {
      const rssBefore = process.memoryUsage().rss;
      let rssPeak = rssBefore;
      const sampler = setInterval(() => {
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }, 20);
      const started = performance.now();
      const response = await fetch(url('long-open'));
      const hash = createHash('sha256');
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
        hash.update(chunk);
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      if (hash.digest('hex') !== sha256) throw new Error('the streamed file differs');
      console.log(
        `whole ${megabytes} MB file: ${(megabytes / seconds).toFixed(0)} MB/s, RSS +${((rssPeak - rssBefore) / 2 ** 20).toFixed(0)} MB (server and client in one process)`,
      );

      const rangeTimes: number[] = [];
      for (let round = 0; round < RANGES; round++) {
        const start = Math.floor(Math.random() * (size - 65536));
        const begun = performance.now();
        const part = await fetch(url('long-open'), {
          headers: { range: `bytes=${start}-${start + 65535}` },
        });
        const bytes = await part.arrayBuffer();
        rangeTimes.push(performance.now() - begun);
        if (part.status !== 206 || bytes.byteLength !== 65536) throw new Error('bad range answer');
      }
      // The baseline: the same round trip for the smallest answer the API gives.
      const healthTimes: number[] = [];
      for (let round = 0; round < RANGES; round++) {
        const begun = performance.now();
        await (await fetch(`${base}/api/health`)).arrayBuffer();
        healthTimes.push(performance.now() - begun);
      }
      console.log(
        `64 KiB range at a random offset: ${ms(median(rangeTimes))}, GET /api/health ${ms(median(healthTimes))} (medians of ${RANGES})`,
      );

      const hidden: number[] = [];
      const missing: number[] = [];
      for (let round = 0; round < TIMING_ROUNDS; round++) {
        for (const [id, times] of [
          ['long-secret', hidden],
          ['no-such-item', missing],
        ] as const) {
          const begun = performance.now();
          await (await fetch(url(id))).arrayBuffer();
          times.push(performance.now() - begun);
        }
      }
      console.log(
        `secret/sacred item's file ${ms(median(hidden))}, missing item's ${ms(median(missing))} (median of ${TIMING_ROUNDS})`,
      );
    } finally {
      await api.close();
    }
  } finally {
    await archive.close();
    await queues.cleanup();
    await scratch.remove();
    await test.cleanup();
  }
}

await main();

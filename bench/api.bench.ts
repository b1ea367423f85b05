/**
 * The HTTP API under load, on both databases, over real HTTP:
 *  - `/health` while 16 anonymous searches run at once, with the gate on catalog-wide
 *    scans at its default (2) against no gate (the baseline, measured in the same run);
 *  - a hidden item against a missing one: the answer must not tell them apart by time.
 *
 *   npx tsx bench/api.bench.ts
 *   HERITAGE_BENCH_API_ITEMS=50000 npx tsx bench/api.bench.ts
 *
 * Targets: on PostgreSQL, `/health` answers within 250 ms during the searches; hidden
 * and missing items within 0.2 ms of each other (medians). PGlite runs its statements
 * in the server's own thread, so there `/health` waits for the burst (figure only).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../src/entry/api/build-api.js';
import type { Database } from '../src/infra/catalog/database.js';
import { foldForSearch } from '../src/infra/catalog/search-text.js';
import { databaseKinds, openTestCatalog } from '../tests/support/databases.js';
import { openIsolatedQueues } from '../tests/support/redis.js';

const itemCount = Number(process.env.HERITAGE_BENCH_API_ITEMS ?? 20_000);
const PARALLEL_SEARCHES = 16;
const TIMING_ROUNDS = 400;
const BATCH = 1_000;

async function load(db: Database): Promise<void> {
  await db.query(
    "INSERT INTO collections (id, title, default_access) VALUES ('bench', 'Bench', 'open')",
  );
  const consent = JSON.stringify({ uses: ['archive', 'public-access'], withdrawn: false });
  await db.transaction(async (tx) => {
    for (let start = 0; start < itemCount; start += BATCH) {
      const ids = Array.from({ length: Math.min(BATCH, itemCount - start) }, (_, offset) => {
        return `item-${start + offset}`;
      });
      const titles = ids.map((id) => `Then cầu mùa, Lạng Sơn ${id}`);
      await tx.query(
        `INSERT INTO items (id, collection_id, title, access_protocol, consent, metadata, search_text)
         SELECT id, 'bench', title, 'open', $3::jsonb, jsonb_build_object('title', title), folded
           FROM unnest($1::text[], $2::text[], $4::text[]) AS t(id, title, folded)`,
        [ids, titles, consent, titles.map(foldForSearch)],
      );
    }
    await tx.query(
      `INSERT INTO items (id, collection_id, title, access_protocol, search_text)
       VALUES ('hidden', 'bench', 'Hidden', 'secret-sacred', 'hidden')`,
    );
  });
}

const run = promisify(execFile);
const ms = (seconds: number) => `${(seconds * 1000).toFixed(1)} ms`;
const now = () => Number(process.hrtime.bigint()) / 1e9;
function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

/**
 * The load, from a process of its own so that its event loop is not the server's: 16
 * searches at once, and `/health` asked again and again until they are done.
 */
const loadScript = `
import http from 'node:http';
const [base, parallel] = process.argv.slice(1);
const now = () => performance.now() / 1000;
let searching = true;
const started = now();
const searches = Promise.all(Array.from({ length: Number(parallel) }, async () => {
  const response = await fetch(base + '/api/search?q=cau%20mua');
  if (!response.ok) throw new Error('a search answered ' + response.status);
  await response.text();
})).then(() => { searching = false; return now() - started; });
let worst = 0;
await new Promise((resolve) => setTimeout(resolve, 20));
while (searching) {
  const asked = now();
  const status = await new Promise((resolve, reject) =>
    http.get(base + '/api/health', { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    }).on('error', reject));
  if (status !== 200) throw new Error('/health answered ' + status);
  worst = Math.max(worst, now() - asked);
}
console.log(JSON.stringify({ worst, searches: await searches }));
`;

/** The slowest `/health` answer while the searches run, and how long they took. */
async function healthDuringSearches(base: string): Promise<{ worst: number; searches: number }> {
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '-e', loadScript, base, String(PARALLEL_SEARCHES)],
    { encoding: 'utf8' },
  );
  return JSON.parse(stdout) as { worst: number; searches: number };
}

/** Median answer times of the urls, asked in turn so that both see the same conditions. */
async function timesOf(api: FastifyInstance, urls: string[]): Promise<number[]> {
  const times = urls.map((): number[] => []);
  for (let round = 0; round < TIMING_ROUNDS; round += 1) {
    for (const [index, url] of urls.entries()) {
      const started = now();
      const response = await api.inject({ url });
      if (response.statusCode !== 404) throw new Error(`${url} answered ${response.statusCode}`);
      times[index]?.push(now() - started);
    }
  }
  return times.map(median);
}

const queues = await openIsolatedQueues();
try {
  console.log(`items: ${itemCount}, ${PARALLEL_SEARCHES} searches at once`);
  for (const kind of databaseKinds) {
    const catalog = await openTestCatalog(kind);
    try {
      await load(catalog.database);
      for (const searchConcurrency of [1_000, queues.settings.api.searchConcurrency]) {
        const api = buildApi({
          settings: {
            ...queues.settings,
            api: { ...queues.settings.api, searchConcurrency, rateLimit: 10_000 },
          },
          catalog: catalog.database,
          queues: queues.runtime,
        });
        const base = await api.listen({ host: '127.0.0.1', port: 0 });
        try {
          await healthDuringSearches(base); // warm-up
          const { worst, searches } = await healthDuringSearches(base);
          const gate =
            searchConcurrency >= 1_000 ? 'no gate (baseline)' : `gate ${searchConcurrency}`;
          console.log(
            `${kind}, ${gate}: slowest /health ${ms(worst)} while the searches took ${ms(searches)}`,
          );
          if (searchConcurrency < 1_000) {
            const urls = ['/api/items/hidden', '/api/items/no-such-item'];
            await timesOf(api, urls); // warm-up
            const [hidden = 0, missing = 0] = await timesOf(api, urls);
            console.log(
              `${kind}: hidden item ${ms(hidden)}, missing item ${ms(missing)} (median of ${TIMING_ROUNDS})`,
            );
          }
        } finally {
          await api.close();
        }
      }
    } finally {
      await catalog.dispose();
    }
  }
} finally {
  await queues.cleanup();
}

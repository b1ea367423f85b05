/**
 * Throughput of the API's two catalog-wide reads, `GET /api/items` and
 * `GET /api/search?q=`, under 16 concurrent clients (autocannon, in a process of its
 * own so that it does not share the server's event loop), against a baseline measured
 * in the same run: a bare Fastify route that runs the same SQL (`listItems`,
 * `searchCatalog`) with no access policy, schemas, hooks or gate, on the same catalog.
 *
 *   npm run bench -- api-throughput
 *   HERITAGE_BENCH_API_ITEMS=50000 HERITAGE_BENCH_API_SECONDS=20 npm run bench -- api-throughput
 *
 * The catalog is PostgreSQL when the test server (TEST_DATABASE_URL, default
 * 127.0.0.1:5432) answers, else PGlite. The API runs as shipped (the public as caller,
 * the gate on catalog-wide scans at its default 2) and again without the gate; the rate
 * limit is raised in both so that no request gets 429.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { buildApi } from '../src/entry/api/build-api.js';
import type { Database } from '../src/infra/catalog/database.js';
import { listItems, searchCatalog } from '../src/infra/catalog/item-queries.js';
import { foldForSearch } from '../src/infra/catalog/search-text.js';
import { type DatabaseKind, openTestCatalog, testServerUrl } from '../tests/support/databases.js';
import { openIsolatedQueues } from '../tests/support/redis.js';

const itemCount = Number(process.env.HERITAGE_BENCH_API_ITEMS ?? 20_000);
const seconds = Number(process.env.HERITAGE_BENCH_API_SECONDS ?? 10);
const CONNECTIONS = 16;
const BATCH = 1_000;
const QUERY = 'cau mua';

/** PostgreSQL when the test server answers within a second, else the embedded PGlite. */
async function catalogKind(): Promise<DatabaseKind> {
  const client = new pg.Client({ connectionString: testServerUrl, connectionTimeoutMillis: 1_000 });
  try {
    await client.connect();
    return 'postgres';
  } catch {
    return 'pglite';
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function load(db: Database): Promise<void> {
  await db.query(
    "INSERT INTO collections (id, title, default_access) VALUES ('bench', 'Bench', 'open')",
  );
  const consent = JSON.stringify({ uses: ['archive', 'public-access'], withdrawn: false });
  await db.transaction(async (tx) => {
    for (let start = 0; start < itemCount; start += BATCH) {
      const ids = Array.from(
        { length: Math.min(BATCH, itemCount - start) },
        (_, offset) => `item-${start + offset}`,
      );
      // One item in ten matches the search, so that it answers its full 200 hits.
      const titles = ids.map((id, index) =>
        index % 10 === 0 ? `Then cầu mùa, Lạng Sơn ${id}` : `Lượn slương ${id}`,
      );
      await tx.query(
        `INSERT INTO items (id, collection_id, title, access_protocol, consent, metadata, search_text)
         SELECT id, 'bench', title, 'open', $3::jsonb, jsonb_build_object('title', title), folded
           FROM unnest($1::text[], $2::text[], $4::text[]) AS t(id, title, folded)`,
        [ids, titles, consent, titles.map(foldForSearch)],
      );
    }
  });
}

/** The same SQL as the API's routes, answered as it comes: no policy, schema or hook. */
function bareApi(db: Database): FastifyInstance {
  const app = Fastify({ logger: false });
  app.get('/api/items', async () => ({ items: await listItems(db) }));
  app.get<{ Querystring: { q: string } }>('/api/search', async (request) => ({
    hits: await searchCatalog(db, request.query.q),
  }));
  return app;
}

interface Load {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  failures: number;
}

/** autocannon in a child process: its event loop is not the server's. */
const loadScript = `
import autocannon from 'autocannon';
const [url, connections, duration] = process.argv.slice(1);
const result = await autocannon({ url, connections: Number(connections), duration: Number(duration) });
console.log(JSON.stringify({
  requestsPerSecond: result.requests.average,
  p50: result.latency.p50,
  p99: result.latency.p99,
  failures: result.errors + result.timeouts + result.non2xx,
}));
`;
const run = promisify(execFile);
async function loadOf(url: string, duration: number): Promise<Load> {
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '-e', loadScript, url, String(CONNECTIONS), String(duration)],
    { encoding: 'utf8' },
  );
  return JSON.parse(stdout) as Load;
}

const paths = {
  items: '/api/items?limit=1000',
  search: `/api/search?q=${encodeURIComponent(QUERY)}`,
};

const kind = await catalogKind();
const queues = await openIsolatedQueues();
const catalog = await openTestCatalog(kind);
try {
  await load(catalog.database);
  console.log(
    `${kind}, ${itemCount} items, ${CONNECTIONS} clients, ${seconds} s per run (req/s, latency p50/p99)`,
  );
  const apiWith = (searchConcurrency: number) =>
    buildApi({
      settings: {
        ...queues.settings,
        api: { ...queues.settings.api, searchConcurrency, rateLimit: 1_000_000 },
      },
      catalog: catalog.database,
      queues: queues.runtime,
    });
  // As shipped (the gate on catalog-wide scans at its default), without the gate (so
  // that the policy's own cost shows), and bare.
  const apps = {
    [`API, gate ${queues.settings.api.searchConcurrency}`]: apiWith(
      queues.settings.api.searchConcurrency,
    ),
    'API, no gate': apiWith(1_000),
    bare: bareApi(catalog.database),
  };
  const servers: [string, string][] = [];
  for (const [name, app] of Object.entries(apps))
    servers.push([name, await app.listen({ host: '127.0.0.1', port: 0 })]);
  try {
    for (const [name, path] of Object.entries(paths)) {
      const figures = new Map<string, Load>();
      for (const [server, base] of servers) {
        await loadOf(base + path, 2); // warm-up
        const figure = await loadOf(base + path, seconds);
        figures.set(server, figure);
        const { requestsPerSecond, p50, p99, failures } = figure;
        console.log(
          `${name.padEnd(6)} ${server.padEnd(12)}: ${requestsPerSecond.toFixed(0).padStart(6)} req/s, p50 ${p50} ms, p99 ${p99} ms${failures ? `, ${failures} failed` : ''}`,
        );
      }
      const bare = figures.get('bare')?.requestsPerSecond ?? Number.NaN;
      for (const [server, figure] of figures)
        if (server !== 'bare')
          console.log(
            `${name.padEnd(6)} ${server.padEnd(12)}: ${(figure.requestsPerSecond / bare).toFixed(2)}x the bare route's throughput`,
          );
    }
  } finally {
    for (const app of Object.values(apps)) await app.close();
  }
} finally {
  await catalog.dispose();
  await queues.cleanup();
}

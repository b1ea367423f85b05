/**
 * Catalog search costs on both databases, each against a baseline measured in the
 * same run:
 *  - foldForSearch over N titles vs. plain toLowerCase (the price of Unicode folding);
 *  - loading N items in one transaction, PGlite vs. PostgreSQL;
 *  - `search_text LIKE '%' || $1 || '%'` (a full scan, no trigram index) vs. the same
 *    substring scan over an in-memory array: what the SQL round trip and scan add.
 *
 *   npx tsx bench/catalog-search.bench.ts
 *   HERITAGE_BENCH_CATALOG_ITEMS=50000 npx tsx bench/catalog-search.bench.ts
 *
 * Target: a search over 20k items answers in under 50 ms on either database.
 */
import type { Database } from '../src/infra/catalog/database.js';
import { foldForSearch, likeSearchTerm } from '../src/infra/catalog/search-text.js';
import { databaseKinds, openTestCatalog } from '../tests/support/databases.js';

const itemCount = Number(process.env.HERITAGE_BENCH_CATALOG_ITEMS ?? 20_000);
const BATCH = 1_000;
const QUERIES = ['đàn tính', 'luon', 'Then cầu mùa', 'pựt', 'nàng ớ', 'slương', 'xyz-none'];
const ROUNDS = 5;

const WORDS = [
  'Then',
  'Lượn',
  'Pựt',
  'đàn tính',
  'cầu mùa',
  'Slương',
  'Cọi',
  'Nàng Ớ',
  'Khắp',
  'Lạng Sơn',
  'Cao Bằng',
  'Bắc Kạn',
  'tàng',
  'bươn',
  'hát',
  'mừng nhà mới',
  'giải hạn',
];

/** Deterministic pseudo-random titles, so that every run measures the same data. */
function titles(count: number): string[] {
  let seed = 42;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed;
  };
  return Array.from({ length: count }, (_, index) => {
    const words = Array.from({ length: 4 + (next() % 5) }, () => WORDS[next() % WORDS.length]);
    return `${words.join(' ')} ${index}`;
  });
}

function seconds(run: () => void): number {
  const started = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function secondsAsync(run: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

const ms = (value: number) => `${(value * 1000).toFixed(1)} ms`;

async function load(db: Database, folded: string[]): Promise<void> {
  await db.query(
    "INSERT INTO collections (id, title, default_access) VALUES ('bench', 'Bench', 'open')",
  );
  await db.transaction(async (tx) => {
    for (let start = 0; start < folded.length; start += BATCH) {
      const ids = folded.slice(start, start + BATCH).map((_, offset) => `item-${start + offset}`);
      await tx.query(
        `INSERT INTO items (id, collection_id, title, access_protocol, search_text)
         SELECT id, 'bench', text, 'open', text FROM unnest($1::text[], $2::text[]) AS t(id, text)`,
        [ids, folded.slice(start, start + BATCH)],
      );
    }
  });
}

const allTitles = titles(itemCount);
const folded = allTitles.map(foldForSearch); // also warms up both code paths
allTitles.map((title) => title.toLowerCase());
const foldTime = median(
  Array.from({ length: ROUNDS }, () => seconds(() => allTitles.map(foldForSearch))),
);
const lowerTime = median(
  Array.from({ length: ROUNDS }, () =>
    seconds(() => allTitles.map((title) => title.toLowerCase())),
  ),
);
console.log(`items: ${itemCount}`);
console.log(
  `foldForSearch: ${ms(foldTime)} vs toLowerCase ${ms(lowerTime)} (x${(foldTime / lowerTime).toFixed(1)})`,
);

const terms = QUERIES.map(likeSearchTerm);
const memoryMatches = terms.map((term) => folded.filter((text) => text.includes(term)).length);
const memoryTime = median(
  Array.from({ length: ROUNDS }, () =>
    seconds(() => {
      for (const term of terms) folded.filter((text) => text.includes(term));
    }),
  ),
);
console.log(`in-memory substring scan, ${terms.length} queries: ${ms(memoryTime)} (baseline)`);

const loadTimes = new Map<string, number>();
for (const kind of databaseKinds) {
  const catalog = await openTestCatalog(kind);
  try {
    const db = catalog.database;
    const loadTime = await secondsAsync(() => load(db, folded));
    loadTimes.set(kind, loadTime);
    const search = (term: string) =>
      db.query<{ n: number }>(
        "SELECT count(*) AS n FROM items WHERE search_text LIKE '%' || $1 || '%'",
        [term],
      );
    const counts = await Promise.all(terms.map(async (term) => (await search(term))[0]?.n));
    if (counts.join() !== memoryMatches.join()) {
      throw new Error(
        `${kind} found ${counts.join()} where the in-memory scan found ${memoryMatches.join()}`,
      );
    }
    const searchTimes: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      searchTimes.push(
        await secondsAsync(async () => {
          for (const term of terms) await search(term);
        }),
      );
    }
    const searchTime = median(searchTimes);
    console.log(
      `${kind}: load ${ms(loadTime)} (${Math.round(itemCount / loadTime)} items/s); ` +
        `${terms.length} LIKE searches ${ms(searchTime)} = ${ms(searchTime / terms.length)} each ` +
        `(x${(searchTime / memoryTime).toFixed(1)} the in-memory scan)`,
    );
  } finally {
    await catalog.dispose();
  }
}
const pgliteLoad = loadTimes.get('pglite');
const postgresLoad = loadTimes.get('postgres');
if (pgliteLoad && postgresLoad) {
  console.log(`load time PGlite / PostgreSQL: x${(pgliteLoad / postgresLoad).toFixed(2)}`);
}

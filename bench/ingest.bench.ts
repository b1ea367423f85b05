/**
 * Ingest throughput, two figures measured in one run:
 *
 * 1. Hashing: heritage's streaming sha256 of a set of files against
 *    `sha256sum` of the same files (target: at least 0.8x its throughput).
 * 2. Flow throughput: 1,000 tiny items ingested with the embedded defaults (PGlite,
 *    private redis-server, filesystem storage, in-process workers), from the start of
 *    the ingest until every item is finalised: items and jobs per second.
 *
 *   npx tsx bench/ingest.bench.ts
 *   HERITAGE_BENCH_ITEMS=200 HERITAGE_BENCH_HASH_MIB=256 npx tsx bench/ingest.bench.ts
 */
import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ingestCommand } from '../src/entry/cli/commands/ingest-command.js';
import { createOutput } from '../src/entry/cli/output.js';
import { stopEmbeddedPostgres } from '../src/infra/catalog/embedded-postgres.js';
import { settingsSchema } from '../src/infra/config/settings-schema.js';
import { hashFile } from '../src/usecases/ingest/inspect/hash-file.js';

const MIB = 1024 ** 2;
const hashMib = Number(process.env.HERITAGE_BENCH_HASH_MIB ?? 512);
const itemCount = Number(process.env.HERITAGE_BENCH_ITEMS ?? 1000);
const HASH_TARGET = 0.8;

const work = await mkdtemp(path.join(os.tmpdir(), 'heritage-bench-ingest-'));
try {
  await benchHashing();
  await benchFlows();
} finally {
  await stopEmbeddedPostgres(path.join(work, 'data'));
  await rm(work, { recursive: true, force: true });
}

async function benchHashing(): Promise<void> {
  const folder = path.join(work, 'hash');
  await mkdir(folder);
  const files: string[] = [];
  const chunk = Buffer.alloc(8 * MIB);
  for (let index = 0; index < hashMib / 64; index += 1) {
    const file = path.join(folder, `file-${index}.bin`);
    const parts: Buffer[] = [];
    for (let written = 0; written < 64 * MIB; written += chunk.length)
      parts.push(Buffer.from(randomFillSync(chunk)));
    await writeFile(file, Buffer.concat(parts));
    files.push(file);
  }
  // Warm the page cache so both sides read from memory.
  execFileSync('cat', files, { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 0 });
  const bestOf = async (run: () => Promise<void> | void) => {
    let best = Number.POSITIVE_INFINITY;
    for (let round = 0; round < 3; round += 1) {
      const started = performance.now();
      await run();
      best = Math.min(best, (performance.now() - started) / 1000);
    }
    return best;
  };
  const baseline = await bestOf(() => {
    execFileSync('sha256sum', files, { stdio: 'ignore' });
  });
  const ours = await bestOf(async () => {
    for (const file of files) await hashFile(file);
  });
  const mb = (hashMib * MIB) / 1e6;
  console.log(`hashing ${hashMib} MiB in ${files.length} files (best of 3):`);
  console.log(`  sha256sum                    ${(mb / baseline).toFixed(0)} MB/s`);
  console.log(`  heritage sha256              ${(mb / ours).toFixed(0)} MB/s`);
  const ratio = baseline / ours;
  console.log(
    `  ratio ${ratio.toFixed(2)}x of sha256sum (target >= ${HASH_TARGET}x) ${ratio >= HASH_TARGET ? 'OK' : 'BELOW TARGET'}`,
  );
}

async function benchFlows(): Promise<void> {
  const deposit = path.join(work, 'deposit');
  await mkdir(deposit);
  for (let index = 0; index < itemCount; index += 1) {
    await writeFile(
      path.join(deposit, `item-${String(index).padStart(5, '0')}.txt`),
      `Lượn line ${index}\n`,
    );
  }
  const settings = settingsSchema.parse({ dataDir: path.join(work, 'data') });
  const quiet = createOutput(true, { write: () => true } as never, process.stderr);
  const started = performance.now();
  const code = await ingestCommand(deposit, { collection: 'bench' }, settings, quiet);
  const seconds = (performance.now() - started) / 1000;
  const jobs = itemCount * 2;
  console.log(
    `${itemCount} tiny items, ingest to finalised, embedded defaults (exit code ${code}):`,
  );
  console.log(
    `  ${seconds.toFixed(1)} s: ${(itemCount / seconds).toFixed(1)} items/s, ${(jobs / seconds).toFixed(1)} jobs/s (one step + finalise per item)`,
  );
}

/**
 * OCFL commit and verify costs on the filesystem store, each against a baseline
 * measured in the same run:
 *  - first commit of an item (N files) vs. plain `put` of the same files: the price of
 *    sha512 hashing, inventories and sidecars;
 *  - a metadata-only new version vs. rewriting the whole item (what a store without
 *    OCFL manifests would do): the saving of not copying unchanged files;
 *  - verifyObject (sha512 + sha256 of every file) vs. reading every file once.
 *
 *   npx tsx bench/ocfl.bench.ts
 *   HERITAGE_BENCH_OCFL_FILES=40 HERITAGE_BENCH_OCFL_MIB=2 npx tsx bench/ocfl.bench.ts
 *
 * Targets: first commit <= 2x plain puts; new version >= 5x faster than a rewrite.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { OcflStorageRoot } from '../src/infra/ocfl/index.js';
import { FsObjectStore } from '../src/infra/storage/fs-object-store.js';

const MIB = 1024 ** 2;
const fileCount = Number(process.env.HERITAGE_BENCH_OCFL_FILES ?? 8);
const fileMib = Number(process.env.HERITAGE_BENCH_OCFL_MIB ?? 8);
const files = Array.from({ length: fileCount }, (_, index) => ({
  logicalPath: `originals/recording-${String(index).padStart(3, '0')}.wav`,
  bytes: randomBytes(fileMib * MIB),
}));
const totalMib = fileCount * fileMib;
const user = { name: 'bench' };

async function timed(run: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Median duration of `rounds` runs; `run` gets the round number (fresh ids and keys). */
async function median(rounds: number, run: (round: number) => Promise<void>): Promise<number> {
  const durations: number[] = [];
  for (let round = 0; round < rounds; round += 1) durations.push(await timed(() => run(round)));
  return durations.sort((a, b) => a - b)[Math.floor(rounds / 2)] as number;
}

const ROUNDS = 3;
const folder = await mkdtemp(path.join(os.tmpdir(), 'heritage-bench-ocfl-'));
try {
  const plain = new FsObjectStore({ root: path.join(folder, 'plain') });
  const root = await OcflStorageRoot.open(new FsObjectStore({ root: path.join(folder, 'ocfl') }));
  const asStreams = () =>
    files.map(({ logicalPath, bytes }) => ({ logicalPath, body: Readable.from([bytes]) }));
  const putAll = async (prefix: string) => {
    for (const { logicalPath, bytes } of files) {
      await plain.put(`${prefix}/${logicalPath}`, Readable.from([bytes]));
    }
  };
  await putAll('warm-up'); // first writes pay for folder creation and cold caches

  const plainPut = await median(ROUNDS, (round) => putAll(`item-${round}/v1`));
  const firstCommit = await median(ROUNDS, async (round) => {
    await root.commitVersion(
      `bench-item-${round}`,
      { add: asStreams() },
      { message: 'ingest', user },
    );
  });
  const id = 'bench-item-0';

  const rewrite = await median(ROUNDS, async (round) => {
    await putAll(`item-0/v${round + 2}`);
    await plain.put(`item-0/v${round + 2}/metadata/events.jsonl`, `{"round":${round}}\n`);
  });
  const metadataVersion = await median(ROUNDS, async (round) => {
    await root.commitVersion(
      id,
      { add: [{ logicalPath: 'metadata/events.jsonl', body: `{"round":${round}}\n` }] },
      { message: 'annotate', user },
    );
  });

  const readAll = await median(ROUNDS, async () => {
    for (const { logicalPath } of files) {
      await pipeline(
        await plain.get(`item-0/v1/${logicalPath}`),
        new Writable({ write: (_chunk, _encoding, callback) => callback() }),
      );
    }
  });
  let verifiedOk = true;
  const verify = await median(ROUNDS, async () => {
    verifiedOk &&= (await root.verifyObject(id)).ok;
  });

  const mibPerSecond = (seconds: number) => (totalMib / seconds).toFixed(1);
  console.log(
    `${fileCount} files x ${fileMib} MiB on the filesystem store (fsync on), median of ${ROUNDS}`,
  );
  console.log(
    `first commit      ${firstCommit.toFixed(2)} s (${mibPerSecond(firstCommit)} MiB/s)  ` +
      `plain puts ${plainPut.toFixed(2)} s  ratio ${(firstCommit / plainPut).toFixed(2)}x (target <= 2x: ${firstCommit / plainPut <= 2 ? 'met' : 'not met'})`,
  );
  console.log(
    `metadata version  ${(metadataVersion * 1000).toFixed(0)} ms  ` +
      `full rewrite ${rewrite.toFixed(2)} s  speed-up ${(rewrite / metadataVersion).toFixed(1)}x (target >= 5x: ${rewrite / metadataVersion >= 5 ? 'met' : 'not met'})`,
  );
  console.log(
    `verifyObject      ${verify.toFixed(2)} s (${mibPerSecond(verify)} MiB/s, ok=${verifiedOk})  ` +
      `read once ${readAll.toFixed(2)} s  ratio ${(verify / readAll).toFixed(2)}x`,
  );
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  // A missed target is a figure to report, as in every other benchmark; a failed check is not.
  if (!verifiedOk) process.exitCode = 1;
} finally {
  await rm(folder, { recursive: true, force: true });
}

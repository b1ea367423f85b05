/**
 * Storage throughput and memory: streams one large file (1 GiB by default) through
 * `FsObjectStore` and through `S3ObjectStore` against a real s3rver, and compares
 * the filesystem write with `cp` of the same file, measured in the same run.
 *
 *   npx tsx bench/storage.bench.ts            # 1 GiB
 *   HERITAGE_BENCH_STORAGE_MIB=256 npx tsx bench/storage.bench.ts
 *
 * Targets: fs put >= 0.5x the speed of `cp`; peak RSS of this process < 300 MB
 * (s3rver runs in its own process, so its memory is not counted).
 */
import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FsObjectStore } from '../src/storage/fs-object-store.js';
import type { ObjectStore } from '../src/storage/object-store.js';
import { S3ObjectStore } from '../src/storage/s3-object-store.js';
import { startS3rver } from '../tests/support/s3rver.js';

const MIB = 1024 ** 2;
const sizeMib = Number(process.env.HERITAGE_BENCH_STORAGE_MIB ?? 1024);
const size = sizeMib * MIB;
/** Kept between runs (creating it takes seconds); everything else is removed at the end. */
const sourceFolder = path.join(os.tmpdir(), 'heritage-bench-storage');
const source = path.join(sourceFolder, `source-${sizeMib}MiB.bin`);
const RSS_TARGET_MB = 300;
const CP_RATIO_TARGET = 0.5;

/** Highest resident set size seen by sampling, in bytes. */
let sampledPeakRss = 0;
const sampler = setInterval(() => {
  sampledPeakRss = Math.max(sampledPeakRss, process.memoryUsage().rss);
}, 20);

async function ensureSource(): Promise<void> {
  const existing = await stat(source).catch(() => undefined);
  if (existing?.size === size) return;
  await mkdir(sourceFolder, { recursive: true });
  console.log(`creating ${source} (${sizeMib} MiB of random bytes)`);
  const chunk = Buffer.alloc(4 * MIB);
  // Random bytes a few MiB at a time: incompressible, and memory stays flat.
  async function* chunks() {
    for (let written = 0; written < size; written += chunk.length) {
      randomFillSync(chunk);
      yield chunk.subarray(0, Math.min(chunk.length, size - written));
    }
  }
  await pipeline(chunks, createWriteStream(source));
}

async function timed(run: () => Promise<void>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`)),
    );
  });
}

/** A sink that drops what it receives, like /dev/null. */
const discard = () =>
  new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });

async function putAndGet(store: ObjectStore): Promise<{ put: number; get: number }> {
  const put = await timed(async () => {
    const info = await store.put(
      'bench/source.bin',
      createReadStream(source, { highWaterMark: MIB }),
    );
    if (info.size !== size) throw new Error(`stored ${info.size} bytes, expected ${size}`);
  });
  const get = await timed(async () => {
    await pipeline(await store.get('bench/source.bin'), discard());
  });
  return { put, get };
}

const rate = (seconds: number) => `${(size / MIB / seconds).toFixed(0).padStart(5)} MiB/s`;
const line = (label: string, seconds: number) =>
  console.log(`${label.padEnd(34)} ${seconds.toFixed(2).padStart(7)} s  ${rate(seconds)}`);

const work = await mkdtemp(path.join(os.tmpdir(), 'heritage-bench-storage-run-'));
const s3rver = await startS3rver('heritage-bench');
try {
  await ensureSource();
  console.log(`file: ${sizeMib} MiB, work folder ${work}`);

  const cp = await timed(() => run('cp', [source, path.join(work, 'cp.bin')]));
  const cpSync = await timed(async () => {
    await run('cp', [source, path.join(work, 'cp-sync.bin')]);
    await run('sync', [path.join(work, 'cp-sync.bin')]);
  });
  await rm(path.join(work, 'cp.bin'));
  await rm(path.join(work, 'cp-sync.bin'));

  const fs = await putAndGet(new FsObjectStore({ root: path.join(work, 'archive') }));
  await rm(path.join(work, 'archive'), { recursive: true });
  const s3Store = new S3ObjectStore(s3rver.settings);
  const s3 = await putAndGet(s3Store);
  await s3Store.close();

  line('baseline: cp', cp);
  line('baseline: cp + sync (durable)', cpSync);
  line('FsObjectStore.put (sha256, fsync)', fs.put);
  line('FsObjectStore.get (full, verified)', fs.get);
  line('S3ObjectStore.put (s3rver)', s3.put);
  line('S3ObjectStore.get (s3rver, verified)', s3.get);

  const ratio = cp / fs.put;
  const ratioDurable = cpSync / fs.put;
  const sampledMb = sampledPeakRss / 1e6;
  // maxRSS is in kibibytes on Linux.
  const maxRssMb = (process.resourceUsage().maxRSS * 1024) / 1e6;
  const verdict = (ok: boolean) => (ok ? 'target met' : 'TARGET MISSED');
  console.log(
    `fs put vs cp:        ${ratio.toFixed(2)}x (target >= ${CP_RATIO_TARGET}x: ${verdict(ratio >= CP_RATIO_TARGET)})`,
  );
  console.log(`fs put vs cp + sync: ${ratioDurable.toFixed(2)}x`);
  console.log(
    `peak RSS: sampled ${sampledMb.toFixed(0)} MB, maxRSS ${maxRssMb.toFixed(0)} MB (target < ${RSS_TARGET_MB} MB: ${verdict(Math.max(sampledMb, maxRssMb) < RSS_TARGET_MB)})`,
  );
} finally {
  clearInterval(sampler);
  await s3rver.stop();
  await rm(work, { recursive: true, force: true });
}

/**
 * Storage throughput and memory: streams one large file (1 GiB by default) through
 * `FsObjectStore` and through `S3ObjectStore` against a real s3rver, and compares
 * the filesystem write with `cp` of the same file, measured in the same run.
 *
 *   npx tsx bench/storage.bench.ts            # 1 GiB
 *   HERITAGE_BENCH_STORAGE_MIB=256 npx tsx bench/storage.bench.ts
 *
 * Targets: fs put >= 0.5x the speed of `cp`; peak RSS of this process < 300 MB
 * (s3rver runs in its own process, so its memory is not counted). CPU seconds are
 * printed beside wall time because on a busy machine they are the steadier figure.
 */
import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FILE_READ_CHUNK_BYTES } from '../src/infra/storage/body-stream.js';
import { FsObjectStore } from '../src/infra/storage/fs-object-store.js';
import type { ObjectStore } from '../src/infra/storage/object-store.js';
import { S3ObjectStore } from '../src/infra/storage/s3-object-store.js';
import { startS3rver } from '../tests/support/s3rver.js';

const MIB = 1024 ** 2;
const sizeMib = Number(process.env.HERITAGE_BENCH_STORAGE_MIB ?? 1024);
const size = sizeMib * MIB;
/** Kept between runs (creating it takes seconds); everything else is removed at the end. */
const sourceFolder = path.join(os.tmpdir(), 'heritage-bench-storage');
const source = path.join(sourceFolder, `source-${sizeMib}MiB.bin`);
const RSS_TARGET_MB = 300;
const CP_RATIO_TARGET = 0.5;
const ROUNDS = 2;

/** Wall-clock and CPU (user + system) seconds of one step. */
interface Measurement {
  wall: number;
  cpu: number;
}

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

/** Times a step of this process. */
async function measure(step: () => Promise<void>): Promise<Measurement> {
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  await step();
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6 };
}

/** Times a shell command; its CPU seconds come from bash's `time`. */
function measureCommand(command: string): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn('bash', ['-c', `TIMEFORMAT='%U %S'; time { ${command}; }`], {
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e9;
      const [user, system] = stderr.trim().split('\n').at(-1)?.split(' ').map(Number) ?? [];
      if (code !== 0 || user === undefined || system === undefined) {
        reject(new Error(`"${command}" exited with ${code}: ${stderr}`));
      } else {
        resolve({ wall, cpu: user + system });
      }
    });
  });
}

/** A sink that drops what it receives, like /dev/null. */
const discard = () =>
  new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });

async function putAndGet(store: ObjectStore): Promise<{ put: Measurement; get: Measurement }> {
  const put = await measure(async () => {
    // Read as heritage reads an original from a deposit folder.
    const body = createReadStream(source, { highWaterMark: FILE_READ_CHUNK_BYTES });
    const info = await store.put('bench/source.bin', body);
    if (info.size !== size) throw new Error(`stored ${info.size} bytes, expected ${size}`);
  });
  const get = await measure(async () => {
    await pipeline(await store.get('bench/source.bin'), discard());
  });
  return { put, get };
}

const best = (a: Measurement, b: Measurement) => (a.wall <= b.wall ? a : b);
const slowest: Measurement = { wall: Number.POSITIVE_INFINITY, cpu: Number.POSITIVE_INFINITY };
const quoted = (file: string) => `'${file.replaceAll("'", "'\\''")}'`;

function line(label: string, { wall, cpu }: Measurement): void {
  const rate = (size / MIB / wall).toFixed(0).padStart(5);
  console.log(
    `${label.padEnd(38)} ${wall.toFixed(2).padStart(6)} s ${rate} MiB/s   cpu ${cpu.toFixed(2).padStart(5)} s`,
  );
}

const work = await mkdtemp(path.join(os.tmpdir(), 'heritage-bench-storage-run-'));
const s3rver = await startS3rver('heritage-bench');
try {
  await ensureSource();
  const [load1] = os.loadavg();
  console.log(`file: ${sizeMib} MiB; ${os.cpus().length} cores, load average ${load1?.toFixed(1)}`);
  console.log(`RSS before streaming: ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);

  // cp and the fs store take turns, best of ROUNDS each: on a busy machine, page
  // cache writeback and other processes can slow any single run several times over.
  let cp = slowest;
  let cpSync = slowest;
  let fs = { put: slowest, get: slowest };
  const copy = quoted(path.join(work, 'cp.bin'));
  for (let round = 0; round < ROUNDS; round += 1) {
    cp = best(cp, await measureCommand(`cp ${quoted(source)} ${copy}`));
    await rm(path.join(work, 'cp.bin'));
    cpSync = best(cpSync, await measureCommand(`cp ${quoted(source)} ${copy} && sync ${copy}`));
    await rm(path.join(work, 'cp.bin'));
    const archive = path.join(work, `archive-${round}`);
    const measured = await putAndGet(new FsObjectStore({ root: archive }));
    fs = { put: best(fs.put, measured.put), get: best(fs.get, measured.get) };
    await Promise.all(
      [archive, `${archive}.sha256`, `${archive}.tmp`].map((folder) =>
        rm(folder, { recursive: true }),
      ),
    );
  }
  const s3Store = new S3ObjectStore(s3rver.settings);
  const s3 = await putAndGet(s3Store);
  await s3Store.close();

  console.log(`best of ${ROUNDS} rounds for cp and the fs store, one round for s3rver`);
  line('baseline: cp', cp);
  line('baseline: cp + sync (durable)', cpSync);
  line('FsObjectStore.put (sha256, fsync)', fs.put);
  line('FsObjectStore.get (full, verified)', fs.get);
  line('S3ObjectStore.put (s3rver, this process)', s3.put);
  line('S3ObjectStore.get (s3rver, verified)', s3.get);

  const ratio = cp.wall / fs.put.wall;
  const ratioDurable = cpSync.wall / fs.put.wall;
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

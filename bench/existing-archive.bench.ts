/**
 * Commands on an archive that already holds items, as an archivist runs them with the
 * embedded defaults (private PostgreSQL catalog, filesystem storage), from the built
 * CLI when there is one:
 *
 * 1. `heritage verify` of every object against `openssl dgst -sha512 -sha256` of every
 *    file of the same storage root (the same digests, with no inventory, sidecar or
 *    catalog work). Target: at most 2x.
 * 2. `heritage items list` and `heritage status` against `node -e 0`. Targets: under
 *    0.6 s, and no command above 250 MB of RSS.
 *
 * The archive is made once by `heritage ingest` of tiny text items; each round runs
 * every side in turn (median of the rounds; ratios divide by the baseline of the same
 * round). Each verify run adds its fixity log object, so later rounds check one more.
 *
 *   npx tsx bench/existing-archive.bench.ts
 *   HERITAGE_BENCH_ITEMS=100 HERITAGE_BENCH_ROUNDS=3 npx tsx bench/existing-archive.bench.ts
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const VERIFY_TARGET = 2;
const SECONDS_TARGET = 0.6;
const RSS_TARGET_MB = 250;
const itemCount = Number(process.env.HERITAGE_BENCH_ITEMS ?? 300);
const rounds = Number(process.env.HERITAGE_BENCH_ROUNDS ?? 3);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'dist', 'bin', 'heritage.js');
const heritage = existsSync(built)
  ? [built]
  : ['--import', 'tsx', path.join(root, 'bin', 'heritage.ts')];
const gnuTime = existsSync('/usr/bin/time');

interface Measure {
  wallSeconds: number;
  cpuSeconds: number;
  maxRssMb: number;
}

/** Runs a command to its end, measured from outside (wall here; CPU and RSS by GNU time). */
function measure(command: string[], env: NodeJS.ProcessEnv): Promise<Measure> {
  const quoted = command.map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
  const script = gnuTime
    ? `/usr/bin/time -f 'measure %U %S %M' ${quoted} >/dev/null`
    : `${quoted} >/dev/null`;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('sh', ['-c', script], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallSeconds = (performance.now() - started) / 1000;
      if (code !== 0) return reject(new Error(`${command.join(' ')}: exit ${code}\n${stderr}`));
      const [, user, system, rssKb] = /measure (\S+) (\S+) (\S+)/.exec(stderr) ?? [];
      resolve({
        wallSeconds,
        cpuSeconds: Number(user) + Number(system),
        maxRssMb: Number(rssKb) / 1024,
      });
    });
  });
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const triple = (values: number[], digits: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return [sorted[0], median(values), sorted.at(-1)]
    .map((value) => (value ?? Number.NaN).toFixed(digits))
    .join('/');
};

const work = await mkdtemp(path.join(os.tmpdir(), 'heritage-bench-archive-'));
const dataDir = path.join(work, 'data');
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(HERITAGE_|REDIS_|DATABASE_URL|S3_)/.test(name),
    ),
  ),
  HERITAGE_DATA_DIR: dataDir,
};
try {
  const deposit = path.join(work, 'deposit');
  await mkdir(deposit);
  for (let index = 0; index < itemCount; index += 1) {
    await writeFile(
      path.join(deposit, `item-${String(index).padStart(5, '0')}.txt`),
      `Lượn line ${index}\n`,
    );
  }
  const ingest = spawnSync(
    process.execPath,
    [...heritage, 'ingest', deposit, '--collection', 'bench'],
    { env, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (ingest.status !== 0) throw new Error(`heritage ingest: exit ${ingest.status}`);
  const storageRoot = path.join(dataDir, 'archive');
  const hashEveryFile = `find '${storageRoot}' -type f -print0 | xargs -0 openssl dgst -sha512 -sha256`;
  console.log(
    `${itemCount} tiny items; ${rounds} rounds; heritage from ${heritage.at(-1)}; load ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')}`,
  );

  type Side = 'openssl' | 'verify' | 'node' | 'items list' | 'status';
  const commands: Record<Side, string[]> = {
    openssl: ['sh', '-c', hashEveryFile],
    verify: [process.execPath, ...heritage, 'verify'],
    node: [process.execPath, '-e', '0'],
    'items list': [process.execPath, ...heritage, 'items', 'list'],
    status: [process.execPath, ...heritage, 'status'],
  };
  const sides = Object.keys(commands) as Side[];
  const results = new Map<Side, Measure[]>(sides.map((side) => [side, []]));
  for (let round = 0; round < rounds; round += 1) {
    for (const side of sides) results.get(side)?.push(await measure(commands[side], env));
  }

  const of = (side: Side) => results.get(side) ?? [];
  console.log(
    '\ncommand                                   wall s min/med/max  CPU s med  peak RSS MB  ratio min/med/max',
  );
  const row = (label: string, side: Side, baseline?: Side) => {
    const measures = of(side);
    const ratios = baseline
      ? measures.map((m, round) => m.wallSeconds / (of(baseline)[round]?.wallSeconds ?? 0))
      : [];
    console.log(
      `${label.padEnd(40)}${triple(
        measures.map((m) => m.wallSeconds),
        2,
      ).padStart(20)}${median(measures.map((m) => m.cpuSeconds))
        .toFixed(2)
        .padStart(11)}${Math.max(...measures.map((m) => m.maxRssMb))
        .toFixed(0)
        .padStart(13)}${ratios.length > 0 ? triple(ratios, 2).padStart(19) : ''}`,
    );
    return { ratio: median(ratios), seconds: median(measures.map((m) => m.wallSeconds)) };
  };
  row('openssl dgst -sha512 -sha256, every file', 'openssl');
  const verify = row(`heritage verify (${itemCount}+ objects)`, 'verify', 'openssl');
  row('node -e 0', 'node');
  const list = row('heritage items list', 'items list', 'node');
  const status = row('heritage status', 'status', 'node');
  const peak = Math.max(...sides.flatMap((side) => of(side).map((m) => m.maxRssMb)));
  const verdict = (met: boolean) => (met ? 'met' : 'not met');
  console.log(
    `\nverify / openssl: ${verify.ratio.toFixed(2)} (target <= ${VERIFY_TARGET}: ${verdict(verify.ratio <= VERIFY_TARGET)})`,
  );
  console.log(
    `items list ${list.seconds.toFixed(2)} s, status ${status.seconds.toFixed(2)} s ` +
      `(target < ${SECONDS_TARGET} s: ${verdict(Math.max(list.seconds, status.seconds) < SECONDS_TARGET)}); ` +
      `peak RSS ${peak.toFixed(0)} MB (target < ${RSS_TARGET_MB} MB: ${verdict(peak < RSS_TARGET_MB)})`,
  );
} finally {
  // The catalog server outlives commands by design; this archive's goes with it.
  const pidFile = path.join(dataDir, 'catalog-server', 'cluster', 'postmaster.pid');
  const pid = Number((await readFile(pidFile, 'utf8').catch(() => '')).split('\n')[0]);
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGINT');
      for (let waited = 0; waited < 100 && existsSync(pidFile); waited += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } catch {
      // Already gone.
    }
  }
  await rm(work, { recursive: true, force: true });
}

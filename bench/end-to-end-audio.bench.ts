/**
 * Recordings end to end, as an archivist runs it: `heritage ingest <folder>` on a fresh
 * archive with the embedded defaults (PGlite catalog, private redis-server, filesystem
 * storage, in-process workers), from the command's start until every item is ready,
 * against the bare tools doing the same media work: `bench/bare-two-pass.sh` (ebur128
 * pass 1, loudnorm pass 2 writing the same three files) over every file, two at a time.
 *
 * heritage runs at 1, 2 and 3 audio jobs at once (`HERITAGE_CONCURRENCY_AUDIO`); its
 * default is one per core. A run on an empty folder shows the fixed cost of a fresh
 * archive (catalog, Redis, workers), which the recordings' rows include. Rounds rotate the order so that other work on the machine
 * weighs on every side alike; each ratio divides by the bare script of the same round.
 * Both sides run ffmpeg at niceness 10, as heritage does.
 *
 *   npx tsx bench/end-to-end-audio.bench.ts
 *   HERITAGE_BENCH_ROUNDS=1 HERITAGE_BENCH_RECORDING_SECONDS=30 npx tsx bench/end-to-end-audio.bench.ts
 *
 * Target: heritage at its default at most 1.3x the bare script (median of the rounds).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RATIO_TARGET = 1.3;
const NICENESS = 10;
const RECORDINGS = 6;
const rounds = Number(process.env.HERITAGE_BENCH_ROUNDS ?? 3);
/** About two minutes each, ~700 s in all, as in the figures the README records. */
const recordingSeconds = Number(process.env.HERITAGE_BENCH_RECORDING_SECONDS ?? 117);
const concurrencies = [1, 2, 3];
const cores = os.availableParallelism();

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bareScript = path.join(root, 'bench', 'bare-two-pass.sh');
/** The built CLI when there is one (`npm run build`), else the sources through tsx. */
const built = path.join(root, 'dist', 'bin', 'heritage.js');
const heritage = existsSync(built)
  ? [built]
  : ['--import', 'tsx', path.join(root, 'bin', 'heritage.ts')];

interface Measure {
  wallSeconds: number;
  /** User + system CPU of the command and everything it ran. */
  cpuSeconds: number;
  /** Peak resident memory of the largest process in the tree, when /usr/bin/time exists. */
  maxRssMb?: number;
}

const gnuTime = existsSync('/usr/bin/time');

/** Runs a command to its end and measures it (from outside, with /usr/bin/time or `times`). */
function measure(command: string[], env: NodeJS.ProcessEnv = process.env): Promise<Measure> {
  const quoted = command.map((part) => `'${part.replaceAll("'", "'\\''")}'`).join(' ');
  const script = gnuTime
    ? `/usr/bin/time -f 'measure %e %U %S %M' ${quoted} >/dev/null`
    : `${quoted} >/dev/null; times >&2`;
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
      if (gnuTime) {
        const [, , user, system, rssKb] = /measure (\S+) (\S+) (\S+) (\S+)/.exec(stderr) ?? [];
        return resolve({
          wallSeconds,
          cpuSeconds: Number(user) + Number(system),
          maxRssMb: Number(rssKb) / 1024,
        });
      }
      // `times` prints the shell's then its children's user and system time: 0m1.23s 0m0.45s
      const children = stderr.trim().split('\n').at(-1) ?? '';
      const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map(
        ([, minutes, rest]) => Number(minutes) * 60 + Number(rest),
      );
      resolve({ wallSeconds, cpuSeconds: seconds.reduce((sum, value) => sum + value, 0) });
    });
  });
}

/** ffmpeg, quietly, failing with its log. */
function ffmpeg(args: string[]): Promise<Measure> {
  return measure(['ffmpeg', '-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args]);
}

/**
 * A field recording stand-in, made without any corpus: a voice-like tone whose loudness
 * swells and fades, over pink noise; WAV and 24-bit FLAC, stereo, 44.1 or 48 kHz.
 */
async function makeRecording(folder: string, index: number): Promise<void> {
  const seconds = recordingSeconds + (index - RECORDINGS / 2) * 2;
  const rate = index % 2 === 0 ? 44_100 : 48_000;
  const [codec, extension] =
    index % 2 === 0
      ? [['-c:a', 'pcm_s16le'], 'wav']
      : [['-c:a', 'flac', '-sample_fmt', 's32'], 'flac'];
  await ffmpeg([
    ...[
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=${150 + index * 30}:sample_rate=${rate}:duration=${seconds}`,
    ],
    ...[
      '-f',
      'lavfi',
      '-i',
      `anoisesrc=color=pink:amplitude=0.05:sample_rate=${rate}:duration=${seconds}:seed=${index}`,
    ],
    '-filter_complex',
    `[0:a]tremolo=f=2.5:d=0.9,volume='0.2+0.8*abs(sin(t/${5 + index}))':eval=frame,volume=-${index * 3}dB[voice];` +
      '[voice][1:a]amix=inputs=2:normalize=0,pan=stereo|c0=c0|c1=0.7*c0',
    ...codec,
    path.join(folder, `recording-${index + 1}.${extension}`),
  ]);
}

/** The environment of an archivist's shell with nothing set: every embedded default. */
function embeddedEnvironment(dataDir: string, concurrency: number): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(HERITAGE_|REDIS_|DATABASE_URL|S3_|FFMPEG_PATH|FFPROBE_PATH)/.test(name),
    ),
  );
  return {
    ...env,
    HERITAGE_DATA_DIR: dataDir,
    HERITAGE_CONCURRENCY_AUDIO: String(concurrency),
  };
}

async function runHeritage(folder: string, concurrency: number): Promise<Measure> {
  const dataDir = await mkdtemp(path.join(work, 'archive-'));
  try {
    return await measure(
      [process.execPath, ...heritage, 'ingest', folder, '--collection', 'bench'],
      embeddedEnvironment(dataDir, concurrency),
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function runBareScript(files: string[]): Promise<Measure> {
  const out = await mkdtemp(path.join(work, 'bare-'));
  try {
    // xargs runs the script on every file, two at a time, as a shell user would.
    const list = files.map((file) => `'${file}'`).join(' ');
    return await measure([
      'sh',
      '-c',
      `printf '%s\\n' ${list} | xargs -P 2 -I{} nice -n ${NICENESS} sh '${bareScript}' {} '${out}'`,
    ]);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  return { min: sorted[0] ?? Number.NaN, median, max: sorted.at(-1) ?? Number.NaN };
};
const triple = (values: number[], digits: number) => {
  const { min, median, max } = stats(values);
  return `${min.toFixed(digits)}/${median.toFixed(digits)}/${max.toFixed(digits)}`;
};

const work = await mkdtemp(path.join(os.tmpdir(), 'heritage-bench-e2e-audio-'));
try {
  const folder = path.join(work, 'deposit');
  await mkdir(folder);
  for (let index = 0; index < RECORDINGS; index += 1) await makeRecording(folder, index);
  const files = (await readdir(folder)).sort().map((name) => path.join(folder, name));
  const totalSeconds = Array.from(
    { length: RECORDINGS },
    (_, index) => recordingSeconds + (index - RECORDINGS / 2) * 2,
  ).reduce((sum, value) => sum + value, 0);
  console.log(
    `${RECORDINGS} recordings, ${totalSeconds} s of audio; ${cores} cores; ${rounds} rounds; ` +
      `heritage from ${heritage.at(-1)}`,
  );

  const empty = path.join(work, 'empty');
  await mkdir(empty);
  type Side = 'bare' | 'fixed' | `heritage-${number}`;
  const sides: Side[] = ['bare', 'fixed', ...concurrencies.map((c): Side => `heritage-${c}`)];
  const results = new Map<Side, Measure[]>(sides.map((side) => [side, []]));
  for (let round = 0; round < rounds; round += 1) {
    const order = sides.map((_, index) => sides[(index + round) % sides.length] as Side);
    for (const side of order) {
      const result =
        side === 'bare'
          ? await runBareScript(files)
          : side === 'fixed'
            ? await runHeritage(empty, cores)
            : await runHeritage(folder, Number(side.split('-')[1]));
      results.get(side)?.push(result);
    }
  }

  const bare = results.get('bare') ?? [];
  console.log(
    '\nwork                                        wall s min/med/max   CPU s med  peak RSS MB  ratio min/med/max',
  );
  const row = (label: string, measures: Measure[]) => {
    const ratios = measures.map(
      (m, round) => m.wallSeconds / (bare[round]?.wallSeconds ?? Number.NaN),
    );
    const rss = measures.map((m) => m.maxRssMb ?? Number.NaN);
    console.log(
      `${label.padEnd(44)}${triple(
        measures.map((m) => m.wallSeconds),
        1,
      ).padStart(20)}` +
        `${stats(measures.map((m) => m.cpuSeconds))
          .median.toFixed(1)
          .padStart(11)}` +
        `${stats(rss).max.toFixed(0).padStart(13)}` +
        `${label.startsWith('bare') ? '' : triple(ratios, 2).padStart(19)}`,
    );
    return stats(ratios).median;
  };
  row('bare two-pass script, 2 in parallel', bare);
  // What a fresh archive costs before any file: catalog, Redis, workers, start and stop.
  row('heritage, empty folder (fixed cost)', results.get('fixed') ?? []);
  let defaultRatio = Number.NaN;
  for (const concurrency of concurrencies) {
    const isDefault = concurrency === cores;
    const ratio = row(
      `heritage, ${concurrency} audio job(s) at once${isDefault ? ' (default)' : ''}`,
      results.get(`heritage-${concurrency}`) ?? [],
    );
    if (isDefault) defaultRatio = ratio;
  }
  if (Number.isFinite(defaultRatio)) {
    console.log(
      `\nheritage (default) / bare script: ${defaultRatio.toFixed(2)} ` +
        `(target <= ${RATIO_TARGET}: ${defaultRatio <= RATIO_TARGET ? 'met' : 'not met'})`,
    );
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

/**
 * Recordings end to end, as an archivist runs it: `heritage ingest <folder>` on a fresh
 * archive with the embedded defaults (private PostgreSQL catalog, private redis-server,
 * filesystem storage, in-process workers), from the command's start until every item is ready,
 * against the bare tools doing the same media work: `bench/bare-two-pass.sh` (ebur128
 * pass 1, loudnorm pass 2 writing the same three files) over every file, two at a time.
 * A second baseline, `bench/bare-archive.sh`, adds what archiving each original takes
 * before that work (ffprobe, sha512 and sha256, a copy flushed to disk): the same steps
 * as heritage, without its catalog, queue and object inventories. A third runs that
 * script with `QUALITY_CHECKS=1`: pass 1 then also finds the figures of heritage's
 * quality report of the original (astats, silencedetect), so that the media work is the
 * same as well.
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
 * Then folders of tiny items (1 s WAV each: fixed costs per item weigh most) at 10, 100
 * and 1,000 items, against the same scripts over every file; other sizes with
 * `HERITAGE_BENCH_TINY_ITEMS=10,100`. From 1,000 items up a round takes some ten
 * minutes a side, so such a size runs heritage against the bare script alone, in
 * `HERITAGE_BENCH_LARGE_ROUNDS` rounds (default 1).
 *
 * Target: heritage at its default at most 1.3x the bare script (median of the rounds).
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  embeddedEnvironment,
  heritageCommand,
  type Measure,
  measureCommand,
  median,
  stopCatalogServer,
  triple,
} from './command-measure.js';

const RATIO_TARGET = 1.3;
const NICENESS = 10;
const RECORDINGS = 6;
const rounds = Number(process.env.HERITAGE_BENCH_ROUNDS ?? 3);
/** About two minutes each, ~700 s in all, as in the figures the README records. */
const recordingSeconds = Number(process.env.HERITAGE_BENCH_RECORDING_SECONDS ?? 117);
const concurrencies = [1, 2, 3];
const cores = os.availableParallelism();

const benchFolder = path.dirname(fileURLToPath(import.meta.url));
const bareScripts = {
  bare: { script: path.join(benchFolder, 'bare-two-pass.sh'), checks: false },
  archive: { script: path.join(benchFolder, 'bare-archive.sh'), checks: false },
  checked: { script: path.join(benchFolder, 'bare-archive.sh'), checks: true },
};
type BareSide = keyof typeof bareScripts;
const bareSides = Object.keys(bareScripts) as BareSide[];
const isBareSide = (side: string): side is BareSide => side in bareScripts;
const tinyCounts = (process.env.HERITAGE_BENCH_TINY_ITEMS ?? '10,100,1000')
  .split(',')
  .map(Number)
  .filter((count) => count > 0);
/** From this many tiny items up, fewer rounds and sides (see above). */
const LARGE_TINY_COUNT = 1000;
const largeRounds = Number(process.env.HERITAGE_BENCH_LARGE_ROUNDS ?? 1);
const TINY_SECONDS = 1;
/** ffmpeg, quietly, failing with its log. */
function ffmpeg(args: string[]): Promise<Measure> {
  return measureCommand([
    'ffmpeg',
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-y',
    ...args,
  ]);
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

async function runHeritage(folder: string, concurrency: number): Promise<Measure> {
  const dataDir = await mkdtemp(path.join(work, 'archive-'));
  try {
    return await measureCommand(
      [...heritageCommand, 'ingest', folder, '--collection', 'bench'],
      embeddedEnvironment(dataDir, { HERITAGE_CONCURRENCY_AUDIO: String(concurrency) }),
    );
  } finally {
    await stopCatalogServer(dataDir);
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function runBareScript(files: string[], side: BareSide): Promise<Measure> {
  const out = await mkdtemp(path.join(work, 'bare-'));
  try {
    // xargs runs the script on every file, two at a time, as a shell user would.
    const list = files.map((file) => `'${file}'`).join(' ');
    const { script, checks } = bareScripts[side];
    return await measureCommand(
      [
        'sh',
        '-c',
        `printf '%s\\n' ${list} | xargs -P 2 -I{} nice -n ${NICENESS} sh '${script}' {} '${out}'`,
      ],
      { ...process.env, QUALITY_CHECKS: checks ? '1' : '0' },
    );
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

/**
 * `count` different 1 s WAV files: one made by ffmpeg, the rest copies with their first
 * sample changed (one ffmpeg run instead of one per file; every item is new content).
 */
async function makeTinyFolder(count: number): Promise<string> {
  const folder = path.join(work, `tiny-${count}`);
  await mkdir(folder);
  const first = path.join(folder, 'tiny-00000.wav');
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `sine=frequency=300:sample_rate=48000:duration=${TINY_SECONDS}`],
    ...['-c:a', 'pcm_s16le', '-bitexact', first],
  ]);
  const bytes = await readFile(first);
  const dataStart = bytes.indexOf('data') + 8;
  for (let index = 1; index < count; index += 1) {
    bytes.writeInt16LE(index % 32_768, dataStart);
    await writeFile(path.join(folder, `tiny-${String(index).padStart(5, '0')}.wav`), bytes);
  }
  return folder;
}

/** Rounds of the bare scripts against heritage at its default on one folder of tiny items. */
async function compareTiny(count: number): Promise<Record<BareSide | 'heritage', Measure[]>> {
  const folder = await makeTinyFolder(count);
  const files = (await readdir(folder)).sort().map((name) => path.join(folder, name));
  const large = count >= LARGE_TINY_COUNT;
  const sides: (BareSide | 'heritage')[] = large
    ? ['bare', 'heritage']
    : [...bareSides, 'heritage'];
  const measured = Object.fromEntries(
    [...bareSides, 'heritage'].map((side) => [side, [] as Measure[]]),
  ) as Record<BareSide | 'heritage', Measure[]>;
  for (let round = 0; round < (large ? largeRounds : rounds); round += 1) {
    // Rotating which goes first, so that other work on the machine weighs on all.
    for (let index = 0; index < sides.length; index += 1) {
      const side = sides[(index + round) % sides.length] ?? 'heritage';
      measured[side].push(
        side === 'heritage' ? await runHeritage(folder, cores) : await runBareScript(files, side),
      );
    }
  }
  await rm(folder, { recursive: true, force: true });
  return measured;
}

/** One line of the table; the ratio (returned) divides by `baseline` of the same round. */
function row(label: string, measures: Measure[], baseline?: Measure[]): number {
  const ratios = ratiosOf(measures, baseline ?? []);
  console.log(
    `${label.padEnd(44)}${triple(
      measures.map((m) => m.wallSeconds),
      1,
    ).padStart(20)}${median(measures.map((m) => m.cpuSeconds))
      .toFixed(1)
      .padStart(11)}${Math.max(...measures.map((m) => m.maxRssMb ?? Number.NaN))
      .toFixed(0)
      .padStart(13)}${baseline ? triple(ratios, 2).padStart(19) : ''}`,
  );
  return median(ratios);
}

/** Wall time of `measures` over `baseline`, round by round. */
function ratiosOf(measures: Measure[], baseline: Measure[]): number[] {
  return measures.map((m, round) => m.wallSeconds / (baseline[round]?.wallSeconds ?? Number.NaN));
}

/** The median of `ratiosOf`, printed. */
function ratioOf(measures: Measure[], baseline: Measure[]): string {
  return median(ratiosOf(measures, baseline)).toFixed(2);
}

const verdict = (ratio: number) =>
  `${ratio.toFixed(2)} (target <= ${RATIO_TARGET}: ${ratio <= RATIO_TARGET ? 'met' : 'not met'})`;

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
      `heritage from ${heritageCommand.at(-1)}`,
  );

  const empty = path.join(work, 'empty');
  await mkdir(empty);
  type Side = BareSide | 'fixed' | `heritage-${number}`;
  const sides: Side[] = [...bareSides, 'fixed', ...concurrencies.map((c): Side => `heritage-${c}`)];
  const results = new Map<Side, Measure[]>(sides.map((side) => [side, []]));
  for (let round = 0; round < rounds; round += 1) {
    const order = sides.map((_, index) => sides[(index + round) % sides.length] as Side);
    for (const side of order) {
      const result = isBareSide(side)
        ? await runBareScript(files, side)
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
  row('bare two-pass script, 2 in parallel', bare);
  const archive = results.get('archive') ?? [];
  row('bare archive script (same steps)', archive, bare);
  const checked = results.get('checked') ?? [];
  row('  the same, with the quality checks', checked, bare);
  // What a fresh archive costs before any file: catalog, Redis, workers, start and stop.
  row('heritage, empty folder (fixed cost)', results.get('fixed') ?? [], bare);
  let defaultRatio = Number.NaN;
  for (const concurrency of concurrencies) {
    const isDefault = concurrency === cores;
    const ratio = row(
      `heritage, ${concurrency} audio job(s) at once${isDefault ? ' (default)' : ''}`,
      results.get(`heritage-${concurrency}`) ?? [],
      bare,
    );
    if (isDefault) defaultRatio = ratio;
  }
  const defaultRuns = results.get(`heritage-${cores}`) ?? [];
  console.log(`\nheritage (default) / bare script: ${verdict(defaultRatio)}`);
  console.log(`heritage (default) / bare archive script: ${ratioOf(defaultRuns, archive)}`);
  console.log(
    `heritage (default) / bare archive script with the quality checks: ${ratioOf(defaultRuns, checked)}`,
  );
  // Where the cores stay busy, the target's wall time caps the CPU a run may use: the
  // media work and a fresh archive's start cannot both fit when they add up past it.
  const cpuOf = (measures: Measure[]) => median(measures.map((m) => m.cpuSeconds));
  const budget = RATIO_TARGET * median(bare.map((m) => m.wallSeconds)) * cores;
  console.log(
    `CPU a run may use at the target on ${cores} cores, every core busy throughout: ${budget.toFixed(1)} s; ` +
      `the same media work with the bare tools ${cpuOf(checked).toFixed(1)} s, ` +
      `a fresh archive's start ${cpuOf(results.get('fixed') ?? []).toFixed(1)} s`,
  );

  for (const count of tinyCounts) {
    const tiny = await compareTiny(count);
    console.log(
      `\n${count} tiny items of ${TINY_SECONDS} s (WAV, 48 kHz mono; ${tiny.heritage.length} round(s))`,
    );
    row('bare two-pass script, 2 in parallel', tiny.bare);
    // A large size runs the bare script alone beside heritage.
    const withArchiveScripts = tiny.archive.length > 0;
    if (withArchiveScripts) {
      row('bare archive script (same steps)', tiny.archive, tiny.bare);
      row('  the same, with the quality checks', tiny.checked, tiny.bare);
    }
    const ratio = row(`heritage, ${count} items (default)`, tiny.heritage, tiny.bare);
    console.log(`heritage / bare script, ${count} tiny items: ${verdict(ratio)}`);
    if (!withArchiveScripts) continue;
    console.log(
      `heritage / bare archive script, ${count} tiny items: ${ratioOf(tiny.heritage, tiny.archive)}`,
    );
    console.log(
      `heritage / bare archive script with the quality checks, ${count} tiny items: ${ratioOf(tiny.heritage, tiny.checked)}`,
    );
  }
} finally {
  await rm(work, { recursive: true, force: true });
}

/**
 * OCR throughput: the engine (a pool of warm tesseract.js workers, orientation detection,
 * hOCR and ALTO) against the native `tesseract` command line (`OMP_THREAD_LIMIT=1`,
 * `--psm 1`: layout and orientation found automatically), with as many processes as the
 * engine has workers, on every OCR page of the shared corpus, in the same run.
 *
 *   npx tsx bench/ocr.bench.ts
 *   HERITAGE_BENCH_OCR_WORKERS=1 HERITAGE_BENCH_OCR_ROUNDS=3 npx tsx bench/ocr.bench.ts
 *
 * Target: engine pages per minute >= 0.9x native, each side taken at its median round
 * (a busy machine makes single rounds noisy). Rounds alternate which side goes first,
 * so that other work on the machine weighs on both alike. CPU seconds per page are
 * printed too: they hardly depend on what else the machine runs. The engine is warmed
 * once before timing, as a worker process would be after its first page.
 *
 * The native line names the SIMD kernels tesseract picked for the processor (AVX2 where
 * it has it); WebAssembly's SIMD is 128 bits wide, so the ratio depends on the processor.
 *
 * The engine is the built one when there is one. Memory: the peak resident size of each
 * tesseract.js process of the engine (one worker each, the orientation worker's included
 * once a page needed it; sampled as pages are read, since a grown process is replaced)
 * and the growth of this process, against the peak resident size of one native tesseract
 * process (GNU time's %M). The engine's CPU counts its replaced processes too.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import pMap from 'p-map';
import { characterErrorRate } from '../tests/support/ocr-cer.js';
import { allCorpusPages, phototest } from '../tests/support/ocr-corpus.js';
import {
  type NativeTessdata,
  unpackNativeTessdata,
} from '../tests/support/ocr-native-tesseract.js';
import { skipWithoutCorpus } from './skip-without-corpus.js';

/**
 * The built engine when there is one (`npm run build`), so that its tesseract.js processes
 * run as they do for users: the sources' would each load the TypeScript loader too.
 */
const builtEngine = path.join(import.meta.dirname, '..', 'dist', 'src', 'media', 'ocr', 'index.js');
const { createOcrEngine } = (await import(
  existsSync(builtEngine) ? pathToFileURL(builtEngine).href : '../src/media/ocr/index.js'
)) as typeof import('../src/media/ocr/index.js');

const RATIO_TARGET = 0.9;
const languages = 'vie+eng';
const workers = Number(process.env.HERITAGE_BENCH_OCR_WORKERS ?? 2);
const rounds = Number(process.env.HERITAGE_BENCH_OCR_ROUNDS ?? 3);
const run = promisify(execFile);
skipWithoutCorpus();

interface RoundResult {
  seconds: number;
  cpuSeconds: number;
  texts: string[];
}

interface NativeRoundResult extends RoundResult {
  peakRssKb: number;
}

async function nativeRound(tessdata: NativeTessdata): Promise<NativeRoundResult> {
  let peakRssKb = 0;
  let cpuSeconds = 0;
  const started = performance.now();
  const texts = await pMap(
    allCorpusPages,
    async (page) => {
      const { stdout, stderr } = await run(
        '/usr/bin/time',
        [
          '-f',
          'peak-rss-kb=%M cpu=%U+%S',
          'tesseract',
          '--tessdata-dir',
          tessdata.dir,
          '-l',
          languages,
          '--psm',
          '1',
          page.image,
          '-',
        ],
        { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 64 * 1024 * 1024 },
      );
      peakRssKb = Math.max(peakRssKb, Number(/peak-rss-kb=(\d+)/.exec(stderr)?.[1] ?? 0));
      const cpu = /cpu=([\d.]+)\+([\d.]+)/.exec(stderr);
      cpuSeconds += Number(cpu?.[1] ?? 0) + Number(cpu?.[2] ?? 0);
      return stdout;
    },
    { concurrency: workers },
  );
  return { seconds: (performance.now() - started) / 1000, cpuSeconds, texts, peakRssKb };
}

const ticksPerSecond = 100; // USER_HZ on Linux

/**
 * The fields of `/proc/<pid>/stat` after the command's closing parenthesis: the parent is
 * the 2nd, utime and stime the 12th and 13th, cutime and cstime the 14th and 15th.
 */
const statFields = (pid: string) =>
  readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];

/** This process's tesseract.js children, as `/proc` sees them: pid, CPU seconds so far and peak RSS. */
function engineProcesses(): Array<{ pid: string; cpuSeconds: number; peakRssKb: number }> {
  // Read from /proc rather than by pgrep: each pgrep run would count as a child's CPU.
  return readdirSync('/proc').flatMap((pid) => {
    if (!/^\d+$/.test(pid)) return [];
    try {
      const fields = statFields(pid);
      if (
        fields[1] !== String(process.pid) ||
        !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('tesseract-child')
      )
        return [];
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      return [
        {
          pid,
          cpuSeconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond,
          peakRssKb: Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0),
        },
      ];
    } catch {
      return []; // it ended as it was read
    }
  });
}

/**
 * CPU seconds of every child so far: the live ones' plus those of children that have
 * ended (this process's cutime and cstime), since the engine replaces grown children.
 */
function childrenCpuSeconds(): number {
  const fields = statFields('self');
  const ended = (Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
  return ended + engineProcesses().reduce((sum, child) => sum + child.cpuSeconds, 0);
}

/** Peak RSS of each tesseract.js process seen, sampled while pages are read (children are replaced). */
const childPeaksKb = new Map<string, number>();
function samplePeaks(): void {
  for (const child of engineProcesses())
    childPeaksKb.set(child.pid, Math.max(child.peakRssKb, childPeaksKb.get(child.pid) ?? 0));
}

const rssBeforeEngineKb = process.resourceUsage().maxRSS;
const startClock = performance.now();
const engine = await createOcrEngine({ languages, workers });
const startSeconds = (performance.now() - startClock) / 1000;
const tessdata = await unpackNativeTessdata(languages);
/** The kernels native tesseract picks, as its own detection does: the first it found of these. */
const { stdout: nativeVersion } = await run('tesseract', ['--version']);
const nativeSimd =
  ['AVX2', 'AVX', 'SSE4.1', 'NEON'].find((name) => nativeVersion.includes(` Found ${name}\n`)) ??
  'no SIMD';

async function engineRound(): Promise<RoundResult> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const childrenBefore = childrenCpuSeconds();
  const sampling = setInterval(samplePeaks, 100);
  const results = await Promise.all(
    allCorpusPages.map((page) => engine.recognizeFile(page.image)),
  ).finally(() => clearInterval(sampling));
  samplePeaks();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    seconds: (performance.now() - started) / 1000,
    // This process reads and prepares the pages; its children recognise them.
    cpuSeconds: (cpu.user + cpu.system) / 1e6 + childrenCpuSeconds() - childrenBefore,
    texts: results.map((result) => result.pages.map((page) => page.text).join('\n')),
  };
}

try {
  // Every worker sees a page once before timing.
  await Promise.all(Array.from({ length: workers }, () => engine.recognizeFile(phototest.image)));

  const engineRounds: RoundResult[] = [];
  const nativeRounds: NativeRoundResult[] = [];
  for (let round = 0; round < rounds; round += 1) {
    if (round % 2 === 0) {
      engineRounds.push(await engineRound());
      nativeRounds.push(await nativeRound(tessdata));
    } else {
      nativeRounds.push(await nativeRound(tessdata));
      engineRounds.push(await engineRound());
    }
  }

  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  };
  const perMinute = (results: RoundResult[]) =>
    allCorpusPages.length / (median(results.map((each) => each.seconds)) / 60);
  const cpuPerPage = (results: RoundResult[]) =>
    median(results.map((each) => each.cpuSeconds)) / allCorpusPages.length;
  const engineRate = perMinute(engineRounds);
  const nativeRate = perMinute(nativeRounds);
  const ratio = engineRate / nativeRate;

  const truths = await Promise.all(allCorpusPages.map((page) => readFile(page.truth, 'utf8')));
  const meanCer = (texts: string[]) =>
    (texts.reduce((sum, text, index) => sum + characterErrorRate(text, truths[index] ?? ''), 0) /
      texts.length) *
    100;

  const engineGrowthMb = (process.resourceUsage().maxRSS - rssBeforeEngineKb) / 1024;
  samplePeaks();
  const childPeaksMb = [...childPeaksKb.values()].map((kb) => kb / 1024);
  const nativePeakMb = Math.max(...nativeRounds.map((each) => each.peakRssKb)) / 1024;

  console.log(
    `corpus: ${allCorpusPages.length} pages x ${rounds} rounds, ${languages}, ${workers} workers / processes`,
  );
  console.log(`engine start-up (once per process): ${startSeconds.toFixed(2)} s`);
  const describe = (label: string, rate: number, results: RoundResult[]) =>
    `${label}: ${rate.toFixed(1)} pages/min (rounds: ${results.map((each) => `${each.seconds.toFixed(1)} s`).join(', ')}), ` +
    `${cpuPerPage(results).toFixed(2)} CPU s/page, mean CER ${meanCer(results[0]?.texts ?? []).toFixed(2)} %`;
  console.log(describe('engine', engineRate, engineRounds));
  console.log(describe(`native (${nativeSimd} kernels)`, nativeRate, nativeRounds));
  console.log(
    `ratio engine/native: ${ratio.toFixed(2)}x pages/min (target >= ${RATIO_TARGET}x) ${ratio >= RATIO_TARGET ? 'OK' : 'BELOW TARGET'}; ` +
      `${(cpuPerPage(nativeRounds) / cpuPerPage(engineRounds)).toFixed(2)}x by CPU time`,
  );
  console.log(
    `memory: ${childPeaksMb.length} tesseract.js processes over the run (grown ones are replaced), ` +
      `peak RSS ${Math.min(...childPeaksMb).toFixed(0)}-${Math.max(...childPeaksMb).toFixed(0)} MB; ` +
      `this process grew ${engineGrowthMb.toFixed(0)} MB; native tesseract peak RSS ${nativePeakMb.toFixed(0)} MB per process`,
  );
} finally {
  await engine.close();
  await tessdata.remove();
}

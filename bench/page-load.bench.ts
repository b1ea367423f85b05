/**
 * The item page's load in Chromium, for an item holding a 60-minute recording and a
 * 40-page song book, archived by `heritage ingest` with the embedded defaults and
 * served by `heritage serve`: first contentful paint, time to interactive, and the
 * bytes the browser fetched, by kind. The baseline, measured in the same run and the
 * same browser, is a bare HTML page of one heading from Node's own http server: what a
 * paint costs on this machine with nothing to load.
 *
 * Time to interactive is measured as Lighthouse defines it, with a shorter quiet window:
 * once the network has been quiet for 500 ms, the end of the last long task (50 ms or
 * more on the main thread), or DOMContentLoaded if that is later.
 *
 *   npx tsx bench/page-load.bench.ts
 *   HERITAGE_BENCH_RECORDING_SECONDS=600 HERITAGE_BENCH_PAGES=8 npx tsx bench/page-load.bench.ts
 *
 * Needs Debian's chromium (`npm run setup`); without it the benchmark says so and stops.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import sharp from 'sharp';

const recordingSeconds = Number(process.env.HERITAGE_BENCH_RECORDING_SECONDS ?? 3600);
const pageCount = Number(process.env.HERITAGE_BENCH_PAGES ?? 40);
const rounds = Number(process.env.HERITAGE_BENCH_ROUNDS ?? 3);
const chromiumPath = process.env.HERITAGE_CHROMIUM ?? '/usr/bin/chromium';
const ITEM = 'songbook-night';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'dist', 'bin', 'heritage.js');

if (!existsSync(chromiumPath)) {
  console.log(`page-load skipped: no Chromium at ${chromiumPath} (npm run setup installs it)`);
  process.exit(0);
}
if (!existsSync(path.join(root, 'dist', 'web', 'index.html'))) {
  console.log('page-load skipped: the web app is not built (npm run build)');
  process.exit(0);
}

/** Runs a command to its end, failing with what it printed. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(' ')}: ${code}\n${output}`)),
    );
  });
}

/** A field-recording stand-in: a swelling tone over pink noise, mono FLAC. */
async function makeRecording(file: string): Promise<void> {
  await run('ffmpeg', [
    ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `sine=frequency=220:sample_rate=44100:duration=${recordingSeconds}`],
    ...['-f', 'lavfi', '-i', `anoisesrc=color=pink:amplitude=0.05:duration=${recordingSeconds}`],
    '-filter_complex',
    "[0:a]volume='0.2+0.8*abs(sin(t/7))':eval=frame[voice];[voice][1:a]amix=inputs=2:normalize=0",
    ...['-ac', '1', '-c:a', 'flac', file],
  ]);
}

const songLines = [
  'Đàn tính ngân vang giữa núi rừng',
  'Tiếng then ngọt ngào như suối chảy',
  'Lượn thương gửi lại người đi xa',
  'Mùa xuân về hoa nở khắp bản',
];

/** A song book of printed pages, one multi-page TIFF, as a scanner would deliver it. */
async function makeSongBook(file: string): Promise<void> {
  const page = (number: number) => {
    const lines = [`Trang ${number}`, ...songLines, ...songLines].map(
      (line, index) =>
        `<text x="90" y="${150 + index * 70}" font-family="DejaVu Serif" font-size="40">${line}</text>`,
    );
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1240" height="1000"><rect width="100%" height="100%" fill="#fff"/>${lines.join('')}</svg>`;
    return sharp(Buffer.from(svg)).greyscale().png().toBuffer();
  };
  const pages = await Promise.all(Array.from({ length: pageCount }, (_, index) => page(index + 1)));
  await sharp(pages, { join: { animated: true } })
    .greyscale()
    .withMetadata({ density: 150 })
    .tiff({ compression: 'lzw' })
    .toFile(file);
}

async function makeDeposit(folder: string): Promise<void> {
  await makeRecording(path.join(folder, 'night-songs.flac'));
  await makeSongBook(path.join(folder, 'songbook.tif'));
  await writeFile(
    path.join(folder, 'collection.json'),
    JSON.stringify({
      id: 'bench-songs',
      title: 'Songs for the page-load benchmark',
      languages: ['tyz', 'vie'],
      licence: 'CC0-1.0',
      defaultAccess: 'open',
    }),
  );
  await writeFile(
    path.join(folder, 'items.csv'),
    [
      'id,title,languages,date,genre,access,consent,consent_by,consent_date,licence,files',
      `${ITEM},A night of lượn and its song book,tyz; vie,1998,lượn,open,archive; public-access,Bench singer,2024-01-01,CC0-1.0,night-songs.flac; songbook.tif`,
    ].join('\n'),
  );
}

/** The environment of a shell with nothing set: every embedded default, in `dataDir`. */
function embedded(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(HERITAGE_|REDIS_|DATABASE_URL|S3_)/.test(name),
    ),
  );
  return { ...env, HERITAGE_DATA_DIR: dataDir, ...extra };
}

/** `heritage serve` on a free port, until it says where it listens. */
async function serve(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as AddressInfo;
      probe.close(() => resolve(free));
    });
  });
  const child = spawn(process.execPath, [built, 'serve'], {
    env: embedded(dataDir, { HERITAGE_PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`heritage serve ended with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

interface Load {
  fcpMs: number;
  ttiMs: number;
  bytes: Record<string, number>;
}

/** Collects long tasks from the first moment of the page. */
const observeLongTasks = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push(entry.startTime + entry.duration);
  }).observe({ type: 'longtask', buffered: true });
`;

function kindOf(name: string, initiator: string): string {
  if (name.includes('/waveform')) return 'waveform peaks';
  if (name.includes('/pages/') && name.includes('/image')) return 'page images';
  if (name.includes('/files/')) return initiator === 'img' ? 'page images' : 'recording';
  if (name.includes('/api/')) return 'API answers';
  if (name.endsWith('.js')) return 'scripts';
  if (name.endsWith('.css')) return 'styles';
  return 'other';
}

/** Loads `url` in a fresh context (empty cache) and measures it. */
async function load(browser: Browser, url: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(observeLongTasks);
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.waitForTimeout(500);
  const measured = (await page.evaluate(`(() => {
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const navigation = performance.getEntriesByType('navigation')[0];
    const lastLongTask = Math.max(0, ...window.__longTasks);
    const resources = [navigation, ...performance.getEntriesByType('resource')].map((entry) => ({
      name: entry.name,
      initiator: entry.initiatorType ?? 'navigation',
      bytes: entry.transferSize || entry.encodedBodySize || 0,
    }));
    return {
      fcpMs: paint ? paint.startTime : NaN,
      ttiMs: Math.max(lastLongTask, navigation.domContentLoadedEventEnd),
      resources,
    };
  })()`)) as {
    fcpMs: number;
    ttiMs: number;
    resources: { name: string; initiator: string; bytes: number }[];
  };
  await context.close();
  const bytes: Record<string, number> = {};
  for (const resource of measured.resources) {
    const kind =
      resource.initiator === 'navigation' ? 'page' : kindOf(resource.name, resource.initiator);
    bytes[kind] = (bytes[kind] ?? 0) + resource.bytes;
  }
  return { fcpMs: measured.fcpMs, ttiMs: measured.ttiMs, bytes };
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;

const work = await mkdtemp(path.join(os.tmpdir(), 'heritage-page-load-'));
const bare = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end('<!doctype html><html lang="vi"><title>heritage</title><h1>heritage</h1></html>');
});
let server: { url: string; stop(): Promise<void> } | undefined;
let browser: Browser | undefined;
try {
  const folder = path.join(work, 'deposit');
  const dataDir = path.join(work, 'data');
  await mkdir(folder, { recursive: true });
  let started = performance.now();
  await makeDeposit(folder);
  console.log(
    `deposit made: ${recordingSeconds / 60} min recording, ${pageCount}-page TIFF (${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  started = performance.now();
  await run(
    process.execPath,
    [built, 'ingest', folder, '--manifest', path.join(folder, 'items.csv')],
    embedded(dataDir),
  );
  console.log(`archived and processed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  server = await serve(dataDir);
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
  });
  const itemUrl = `${server.url}/items/${ITEM}`;
  await load(browser, itemUrl); // warms the server's caches (thumbnails, TIFF pages)
  const baseline: Load[] = [];
  const item: Load[] = [];
  for (let round = 0; round < rounds; round += 1) {
    baseline.push(await load(browser, bareUrl));
    item.push(await load(browser, itemUrl));
  }
  const fcpBare = median(baseline.map((entry) => entry.fcpMs));
  const fcpItem = median(item.map((entry) => entry.fcpMs));
  const ttiItem = median(item.map((entry) => entry.ttiMs));
  console.log(`median of ${rounds}, fresh browser context each (no cache):`);
  console.log(`  bare page         first contentful paint ${fcpBare.toFixed(0)} ms`);
  console.log(
    `  item page         first contentful paint ${fcpItem.toFixed(0)} ms (${(fcpItem / fcpBare).toFixed(2)}x the bare page), interactive at ${ttiItem.toFixed(0)} ms (${(ttiItem / fcpBare).toFixed(2)}x)`,
  );
  const last = item.at(-1)?.bytes ?? {};
  const total = Object.values(last).reduce((sum, value) => sum + value, 0);
  console.log(`  transferred ${kb(total)}:`);
  for (const [kind, bytes] of Object.entries(last).sort((a, b) => b[1] - a[1]))
    console.log(`    ${kind.padEnd(16)} ${kb(bytes)}`);
} finally {
  await browser?.close();
  await server?.stop();
  bare.close();
  await rm(work, { recursive: true, force: true });
}

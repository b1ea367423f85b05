/**
 * Loading the item page in Chromium: an item with a 60-minute recording (its transcript
 * a line every 6 seconds) and a 40-page song book, processed by the archive's own
 * pipeline, against the page of an item with neither (the baseline, same run, same
 * browser). Figures: first contentful paint, time to interactive (the waveform drawn
 * from its stored peaks and the first page open in the viewer, Play ready), and the
 * bytes transferred (as Chromium counts them, headers included), medians of a few
 * loads with a cold cache each.
 *
 *   npx tsx bench/page-load.bench.ts
 *
 * Target: the item page interactive within 3 times the baseline page's time, and no
 * byte of the recording fetched before Play.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { Settings } from '../src/infra/config/settings-schema.js';
import { ffmpeg } from '../tests/support/audio-fixtures.js';
import { launchChromium } from '../tests/support/browser.js';
import { ITEMS, openBrowserArchive, PASSWORD, PEOPLE } from '../tests/support/browser-archive.js';
import { ingestQuietly, khauCollection, printedPage } from '../tests/support/browser-media.js';

const LOADS = 5;
const MINUTES = 60;
const PAGES = 40;
const ITEM = 'bench-long-then';

const stamp = (seconds: number) => {
  const whole = Math.floor(seconds);
  const h = String(Math.floor(whole / 3600)).padStart(2, '0');
  const m = String(Math.floor((whole % 3600) / 60)).padStart(2, '0');
  const s = String(whole % 60).padStart(2, '0');
  return `${h}:${m}:${s}.${String(Math.round((seconds - whole) * 1000)).padStart(3, '0')}`;
};

/** The long recording (tones that rise and fall, so the waveform has shape), its transcript, the book. */
async function depositLongItem(folder: string, settings: Settings): Promise<void> {
  const seconds = MINUTES * 60;
  await ffmpeg([
    '-f',
    'lavfi',
    '-i',
    `sine=frequency=220:sample_rate=16000:duration=${seconds}`,
    '-af',
    'volume=0.5*(1+sin(t/3))/2:eval=frame',
    '-ac',
    '1',
    '-c:a',
    'flac',
    path.join(folder, 'long.flac'),
  ]);
  const cues = ['WEBVTT', ''];
  for (let start = 0; start + 5 < seconds; start += 6)
    cues.push(`${stamp(start)} --> ${stamp(start + 5)}`, `Dòng then thứ ${start / 6 + 1}`, '');
  await writeFile(path.join(folder, 'long.vtt'), cues.join('\n'));
  const pages = await Promise.all(
    Array.from({ length: PAGES }, (_, page) =>
      printedPage([`Page ${page + 1} of the song book`, 'The river runs past the old farm.']),
    ),
  );
  await sharp(pages, { join: { animated: true } })
    .tiff({ compression: 'lzw' })
    .toFile(path.join(folder, 'book.tif'));
  await writeFile(path.join(folder, 'collection.json'), JSON.stringify(khauCollection));
  await writeFile(
    path.join(folder, 'items.csv'),
    [
      'id,title,languages,access,consent,files',
      `${ITEM},Then dài một giờ,tyz,community,archive; community-access,long.flac; long.vtt; book.tif`,
    ].join('\n'),
  );
  await ingestQuietly(folder, settings);
}

interface Load {
  fcp: number;
  interactive: number;
  bytes: number;
  recordingBytes: number;
  waveformBytes: number;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function main(): Promise<void> {
  const started = Date.now();
  const archive = await openBrowserArchive({ deposit: depositLongItem });
  console.log(
    `archive with a ${MINUTES}-minute recording and ${PAGES} pages ready in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  const browser = await launchChromium();
  try {
    const measure = async (itemId: string, ready: string): Promise<Load> => {
      const context = await browser.newContext({
        locale: 'en-GB',
        viewport: { width: 1280, height: 900 },
      });
      const signIn = await context.request.post(`${archive.url}/api/session`, {
        data: { user: PEOPLE.member.id, password: PASSWORD },
      });
      if (!signIn.ok()) throw new Error(`sign-in failed: ${signIn.status()}`);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      let bytes = 0;
      let recordingBytes = 0;
      let waveformBytes = 0;
      const urls = new Map<string, string>();
      cdp.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, event.request.url));
      cdp.on('Network.loadingFinished', (event) => {
        bytes += event.encodedDataLength;
        const url = urls.get(event.requestId) ?? '';
        if (url.includes('.access.')) recordingBytes += event.encodedDataLength;
        if (url.includes('/waveform')) waveformBytes += event.encodedDataLength;
      });
      await page.goto(`${archive.url}/items/${itemId}`);
      // Polled from outside: the page's content security policy forbids evaluating strings in it.
      let interactive = 0;
      const deadline = Date.now() + 120_000;
      while (interactive === 0) {
        if (Date.now() > deadline) throw new Error(`${itemId} never became interactive`);
        interactive = (await page.evaluate(`(${ready}) ? performance.now() : 0`)) as number;
        if (interactive === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const fcp = (await page.evaluate(
        "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1",
      )) as number;
      // Let the last answers finish counting.
      await page.waitForLoadState('networkidle');
      await context.close();
      return { fcp, interactive, bytes, recordingBytes, waveformBytes };
    };

    const itemReady = `(() => {
      const host = document.querySelector('[data-testid="waveform"]')?.firstElementChild;
      const drawn = host?.shadowRoot?.querySelector('canvas');
      const viewer = document.querySelector('[data-testid="scan-image"] canvas');
      const text = document.querySelector('.ocr-lines li');
      return Boolean(drawn && drawn.width > 0 && viewer && text);
    })()`;
    const baselineReady = `document.querySelector('h1')?.textContent === ${JSON.stringify(ITEMS.open.item.title)} && document.querySelector('#history-heading') !== null`;

    const runs = { baseline: [] as Load[], item: [] as Load[] };
    await measure(ITEMS.open.item.id, baselineReady); // warm the server and the browser
    for (let round = 0; round < LOADS; round += 1) {
      runs.baseline.push(await measure(ITEMS.open.item.id, baselineReady));
      runs.item.push(await measure(ITEM, itemReady));
    }
    const figure = (loads: Load[], key: keyof Load) => median(loads.map((load) => load[key]));
    const row = (name: string, loads: Load[]) =>
      console.log(
        `${name.padEnd(44)} FCP ${figure(loads, 'fcp').toFixed(0).padStart(5)} ms   interactive ${figure(loads, 'interactive').toFixed(0).padStart(5)} ms   transferred ${(figure(loads, 'bytes') / 1e6).toFixed(2)} MB`,
      );
    row('item page, no media (baseline)', runs.baseline);
    row(`item page, ${MINUTES}-min recording + ${PAGES}-page book`, runs.item);
    const ratio = figure(runs.item, 'interactive') / figure(runs.baseline, 'interactive');
    console.log(
      `interactive: ${ratio.toFixed(2)}x the baseline (target <= 3x); FCP ${(figure(runs.item, 'fcp') / figure(runs.baseline, 'fcp')).toFixed(2)}x; bytes of the recording fetched before Play: ${Math.max(...runs.item.map((load) => load.recordingBytes))}; the waveform answer ${(figure(runs.item, 'waveformBytes') / 1e6).toFixed(2)} MB`,
    );
  } finally {
    await browser.close();
    await archive.close();
  }
}

await main();

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getItem } from '../../src/infra/catalog/item-queries.js';
import {
  launchChromium,
  type PageTraffic,
  recordTraffic,
  seriousAxeViolations,
} from '../support/browser.js';
import {
  openStaffArchive,
  PASSWORD,
  SECRET,
  STAFF,
  type StaffArchive,
} from '../support/browser-staff-archive.js';
import { toneWav, writeDeposit } from '../support/deposit.js';
import { sha256Of } from '../support/deposit-api.js';
import { makeTempDir } from '../support/redis.js';

/**
 * A deposit as an archivist makes it, in Chromium, against the real API, tus uploads,
 * the ingest and workers of this process: a folder and a spreadsheet with one bad row
 * are sent through the page, the check names the problem by row and column before
 * anything is archived, a corrected spreadsheet is sent and checked, the deposit is
 * ingested and each item followed live until it is ready; the archived file is the
 * file sent, byte for byte.
 */

const settle = { timeout: 20_000, interval: 100 };
const processing = { timeout: 90_000, interval: 250 };
const screenshots = path.join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

const manifestOf = (languagesOfB: string) =>
  [
    'id,title,files,languages,date,collection,access,consent',
    'song-a,Then song of the spring,recordings/song-a.wav,tyz,1965,,community,archive; community-access',
    `song-b,Lượn of the harvest,recordings/song-b.wav,${languagesOfB},1966,,community,archive; community-access`,
    '',
  ].join('\n');

describe('a deposit in the browser', () => {
  let archive: StaffArchive;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let traffic: PageTraffic;
  let source: { dir: string; remove(): Promise<void> };
  const songA = toneWav(2, 440);

  beforeAll(async () => {
    browser = await launchChromium();
    archive = await openStaffArchive({ workers: true });
    source = await makeTempDir('deposit-source');
    await writeDeposit(source.dir, {
      'recordings/song-a.wav': songA,
      'recordings/song-b.wav': toneWav(2, 330),
      // "zz9" is no language: row 3 of the spreadsheet, column "languages".
      'first/manifest.csv': manifestOf('zz9'),
      'fixed/manifest.csv': manifestOf('tyz'),
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await archive?.close();
    await source?.remove();
  });

  const stateText = () => page.locator('.deposit-state').textContent();
  const received = () => page.locator('td', { hasText: /^Received$/ }).count();

  it('sends, checks, fixes, checks again, ingests and follows each item to ready', async () => {
    context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    traffic = recordTraffic(page);
    await page.goto(`${archive.url}/sign-in`);
    await page.getByLabel('Account', { exact: true }).fill(STAFF.archivist.id);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // The archivist has a link to deposits, none to the jobs page (that is for admins).
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect.poll(() => nav.getByRole('link', { name: 'Deposit' }).count(), settle).toBe(1);
    expect(await nav.getByRole('link', { name: 'Jobs' }).count()).toBe(0);
    await nav.getByRole('link', { name: 'Deposit' }).click();
    const collection = page.getByLabel('Collection', { exact: true });
    await expect.poll(() => collection.inputValue(), settle).toBe(STAFF.archivist.collection);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Start a deposit' }).click();
    await expect.poll(() => page.url(), settle).toMatch(/\/deposits\/dep-[0-9a-f]{24}$/);
    await expect.poll(stateText, settle).toContain('Receiving files');

    // A folder (its files keep their paths under it) and the spreadsheet, through Uppy and tus.
    await page.getByTestId('folder-input').setInputFiles(path.join(source.dir, 'recordings'));
    await page
      .getByTestId('files-input')
      .setInputFiles(path.join(source.dir, 'first', 'manifest.csv'));
    await expect.poll(received, settle).toBe(3);
    const files = await page.locator('td.path').allTextContents();
    expect(files).toEqual(['manifest.csv', 'recordings/song-a.wav', 'recordings/song-b.wav']);

    // The check names the problem by file, row and column; nothing is archived.
    await page.getByRole('button', { name: 'Check the deposit' }).click();
    await expect.poll(stateText, settle).toContain('found problems');
    const problems = page.locator('.problems-table tbody tr');
    await expect.poll(() => problems.count(), settle).toBeGreaterThan(0);
    const cells = await problems.first().locator('td').allTextContents();
    expect(cells.slice(0, 3)).toEqual(['manifest.csv', '3', 'languages']);
    expect(cells[3]).toContain('zz9');
    expect(await page.getByRole('button', { name: 'Ingest' }).isDisabled()).toBe(true);
    expect(await getItem(archive.services.archive.catalog, 'song-a')).toBeUndefined();
    expect(await seriousAxeViolations(page)).toEqual([]);
    mkdirSync(screenshots, { recursive: true });
    await page.locator('.deposit-problems').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'deposit-page.png'), fullPage: true });

    // The corrected spreadsheet replaces the first; checked again, it has no problem.
    await page
      .getByTestId('files-input')
      .setInputFiles(path.join(source.dir, 'fixed', 'manifest.csv'));
    await expect.poll(stateText, settle).toContain('Receiving files');
    await expect.poll(received, settle).toBe(3);
    await page.getByRole('button', { name: 'Check the deposit' }).click();
    await expect.poll(stateText, settle).toContain('Checked: no problems');
    expect(await page.getByRole('status').allTextContents()).toContainEqual(
      expect.stringContaining('2 items are ready to ingest'),
    );

    // Ingested, each item is followed live (server-sent events) until it is ready.
    await page.getByRole('button', { name: 'Ingest' }).click();
    const statusOf = (id: string) => page.locator(`tr[data-item="${id}"] td`).nth(1).textContent();
    await expect.poll(() => statusOf('song-a'), processing).toBe('Ready');
    await expect.poll(() => statusOf('song-b'), processing).toBe('Ready');
    await expect.poll(stateText, processing).toContain('Done');
    expect(await page.locator('tr[data-item="song-a"] progress').getAttribute('value')).toBe(
      await page.locator('tr[data-item="song-a"] progress').getAttribute('max'),
    );
    expect(await seriousAxeViolations(page)).toEqual([]);

    // Stored: the catalog has the items ready, and the archived file is the one sent.
    const catalog = archive.services.archive.catalog;
    const item = await getItem(catalog, 'song-a');
    expect(item?.status).toBe('ready');
    const recording = item?.assets.find((asset) => asset.role === 'recording');
    const sourceSha = createHash('sha256').update(songA).digest('hex');
    expect(recording?.sha256).toBe(sourceSha);
    const root = path.join(archive.archive.settings.dataDir, 'archive');
    const stored = readdirSync(root, { recursive: true, encoding: 'utf8' }).find((file) =>
      file.endsWith(path.join('v1', 'content', recording?.path ?? '?')),
    );
    expect(stored, `${recording?.path} in the archive`).toBeDefined();
    expect(await sha256Of(path.join(root, stored as string))).toBe(sourceSha);

    // Nothing of Nà Hang's secret/sacred item reached the archivist.
    const dom = (await page.content()).toLowerCase();
    await traffic.settled();
    for (const marker of SECRET.markers) {
      expect(dom).not.toContain(marker.toLowerCase());
      for (const body of traffic.bodies)
        expect(body.toLowerCase()).not.toContain(marker.toLowerCase());
    }
    expect(
      traffic.consoleErrors.filter((text) => !text.includes('Failed to load resource')),
    ).toEqual([]);
  }, 240_000);
});

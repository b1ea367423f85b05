import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/entry/api/build-api.js';
import { apiExportFolder } from '../../src/entry/api/export-routes.js';
import { builtWebAppFolder } from '../../src/entry/api/web-app.js';
import { openServices, type Services } from '../../src/entry/services.js';
import { QueueName } from '../../src/jobs/names.js';
import { addUser, giveGrant } from '../../src/usecases/people/change-people.js';
import {
  launchChromium,
  type PageTraffic,
  recordTraffic,
  seriousAxeViolations,
} from '../support/browser.js';
import { PASSWORD } from '../support/browser-archive.js';
import { buildExportArchive, type ExportArchive } from '../support/export-archive.js';

/**
 * An admin (the one the policy lets export) chooses filters, sees what the dataset would
 * hold and leave out before running it, runs it, follows it to the end and finds where it
 * went; the dataset is then on disk as the page said. The secret/sacred item, and the
 * item whose consent was withdrawn, are neither named nor counted anywhere the browser
 * sees. A member sees no link to the page and is refused on it.
 */

const settle = { timeout: 30_000, interval: 200 };
const secretMarkers = ['then-secret', 'then-withdrawn'];

describe('the exports page', () => {
  let fixture: ExportArchive;
  let services: Services;
  let api: FastifyInstance;
  let url: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let traffic: PageTraffic;

  beforeAll(async () => {
    browser = await launchChromium();
    fixture = await buildExportArchive();
    services = await openServices(fixture.settings, { workers: [QueueName.Export] });
    const actor = { agent: 'test-setup' };
    for (const [id, name] of [
      ['ha', 'Nguyễn Thu Hà'],
      ['mai', 'Hoàng Thị Mai'],
    ] as const)
      await addUser(services.archive, services.locks, actor, {
        id,
        name,
        language: 'en',
        password: PASSWORD,
      });
    await giveGrant(
      services.archive,
      services.locks,
      { ...actor, reason: 'runs the archive' },
      'ha',
      { role: 'admin' },
    );
    api = buildApi({
      settings: {
        ...fixture.settings,
        api: { ...fixture.settings.api, host: '127.0.0.1', signInRateLimit: 100 },
      },
      catalog: services.archive.catalog,
      queues: services.queues,
      archive: services.archive,
      locks: services.locks,
      webApp: builtWebAppFolder(),
    });
    url = await api.listen({ host: '127.0.0.1', port: 0 });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await services?.close();
    await fixture?.cleanup();
  });

  afterEach(async () => {
    const errors = (traffic?.consoleErrors ?? []).filter(
      (text) => !text.includes('Failed to load resource'),
    );
    await context?.close();
    expect(errors).toEqual([]);
  });

  async function openAs(user: string): Promise<void> {
    context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    traffic = recordTraffic(page);
    await page.goto(`${url}/sign-in`);
    await page.getByLabel(/^(account|tài khoản)$/i).fill(user);
    await page.getByLabel(/^(password|mật khẩu)$/i).fill(PASSWORD);
    await page.getByRole('button', { name: /^(sign in|đăng nhập)$/i }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Your account' }).textContent(), settle)
      .toContain('Signed in as');
  }

  async function expectNothingHidden(what: string): Promise<void> {
    const dom = (await page.content()).toLowerCase();
    await traffic.settled();
    for (const marker of secretMarkers) {
      expect(dom, `${marker} in the page (${what})`).not.toContain(marker);
      for (const body of traffic.bodies)
        expect(body.toLowerCase(), `${marker} in a response (${what})`).not.toContain(marker);
    }
  }

  async function expectAccessible(what: string): Promise<void> {
    const violations = await seriousAxeViolations(page);
    expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }

  it('an admin previews, runs and follows an export, then finds it where the page says', async () => {
    await openAs('ha');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Exports' })
      .click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), settle)
      .toBe('Dataset exports');
    await expect
      .poll(() => page.getByRole('checkbox', { name: /tay-test/ }).count(), settle)
      .toBe(1);
    await expectAccessible('exports page, empty');

    await page.getByLabel('Where it goes').fill('web-release');
    await page.getByRole('button', { name: 'Show what would go in' }).click();
    const summary = page.getByTestId('export-summary');
    await expect.poll(() => summary.textContent(), settle).toMatch(/^4 items, 0:\d\d of speech$/);
    const speechRows = Number(
      await page.locator('tr[data-config="speech"] td').first().textContent(),
    );
    expect(speechRows).toBeGreaterThan(0);
    // Left out and counted: the community item and the one without consent to ML
    // training, both of which an admin may see; the withdrawn and the secret ones are
    // not counted at all.
    const itemCounts = await page.locator('tr[data-unit="item"] td:last-child').allTextContents();
    expect(itemCounts.map(Number).reduce((a, b) => a + b, 0)).toBe(2);
    await expectAccessible('exports page, preview');
    await expectNothingHidden('preview');

    await page.getByRole('button', { name: 'Run the export' }).click();
    const location = page.getByTestId('export-location');
    await expect.poll(() => location.count(), { ...settle, timeout: 120_000 }).toBe(1);
    const folder = apiExportFolder(fixture.settings.dataDir, 'web-release');
    expect(await location.textContent()).toBe(folder);
    expect(await page.getByRole('status').filter({ hasText: 'Done:' }).textContent()).toMatch(
      /^Done: 4 items, \d+ files/,
    );
    await expectAccessible('exports page, done');

    // Its files download from the page, with the session of the admin who ran it.
    await page.getByText(/files: download one by one/).click();
    const link = page.getByRole('link', { name: 'export_manifest.json' });
    const download = await page.request.get(`${url}${await link.getAttribute('href')}`);
    expect(download.status()).toBe(200);
    expect(JSON.parse(await download.text()).counts.items).toBe(4);

    // On disk, as the preview said.
    const files = await readdir(folder);
    expect(files).toEqual(
      expect.arrayContaining(['README.md', 'export_manifest.json', 'SHA256SUMS']),
    );
    const manifest = JSON.parse(await readFile(path.join(folder, 'export_manifest.json'), 'utf8'));
    expect(manifest.snapshot.map((entry: { id: string }) => entry.id).sort()).toEqual(
      [...fixture.exportable].sort(),
    );
    expect(manifest.counts.utterances).toBe(speechRows);

    // The history lists it, with every item still allowed.
    const history = page.getByRole('table', { name: 'Past exports' });
    await expect.poll(() => history.textContent(), settle).toContain(folder);
    expect(await history.textContent()).toContain('All still allowed');
    await expectNothingHidden('run and history');
  }, 240_000);

  it('a member sees no link to the exports page and is refused on it', async () => {
    await openAs('mai');
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Exports' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    await page.goto(`${url}/exports`);
    await expect
      .poll(() => page.getByRole('alert').textContent(), settle)
      .toBe('Exports are run by the archive’s admins.');
    expect(await page.getByRole('button', { name: 'Run the export' }).count()).toBe(0);
    await expectAccessible('exports page, refused');
  }, 60_000);
});

import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/entry/api/build-api.js';
import { builtWebAppFolder } from '../../src/entry/api/web-app.js';
import { openServices, type Services } from '../../src/entry/services.js';
import { saveItemRecord } from '../../src/infra/catalog/item-rows.js';
import { grantsOfAccount } from '../../src/infra/catalog/people-queries.js';
import { addPeopleCommunity, addUser, giveGrant } from '../../src/usecases/people/change-people.js';
import { listPeople } from '../../src/usecases/people/list-people.js';
import {
  launchChromium,
  type PageTraffic,
  recordTraffic,
  seriousAxeViolations,
} from '../support/browser.js';
import { ITEMS, PASSWORD, SECRET } from '../support/browser-archive.js';
import { openTestArchive, type TestArchive } from '../support/test-archive.js';

/**
 * An admin adds a person and makes them custodian of Nà Hang, with a reason; the grant
 * is stored in the people object and the catalog, with who gave it and why, and the
 * new custodian signs in and sees the community's items. The admin sees reads of
 * protected material, but never the secret/sacred item's, and nothing else of it. A
 * member sees no link to the page and is refused on it.
 */

const settle = { timeout: 30_000, interval: 200 };
const NEW_PASSWORD = 'bài lượn mới của Nà Hang';

describe('the admin page', () => {
  let archive: TestArchive;
  let services: Services;
  let api: FastifyInstance;
  let url: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let traffic: PageTraffic;

  beforeAll(async () => {
    browser = await launchChromium();
    archive = await openTestArchive('pglite');
    services = await openServices(archive.settings);
    const actor = { agent: 'test-setup' };
    const { archive: stored, locks } = services;
    await addPeopleCommunity(stored, locks, actor, { id: 'khau-village', name: 'Khâu village' });
    await addPeopleCommunity(stored, locks, actor, { id: 'na-hang', name: 'Nà Hang' });
    await addUser(stored, locks, actor, {
      id: 'ha',
      name: 'Nguyễn Thu Hà',
      language: 'en',
      password: PASSWORD,
    });
    await addUser(stored, locks, actor, {
      id: 'mai',
      name: 'Hoàng Thị Mai',
      language: 'en',
      password: PASSWORD,
    });
    await giveGrant(stored, locks, { ...actor, reason: 'runs the archive' }, 'ha', {
      role: 'admin',
    });
    await giveGrant(stored, locks, { ...actor, reason: 'lives in Khâu' }, 'mai', {
      role: 'member',
      community: 'khau-village',
    });
    for (const item of Object.values(ITEMS))
      await saveItemRecord(stored.catalog, item, 'v2', 'ready');
    api = buildApi({
      settings: {
        ...archive.settings,
        api: { ...archive.settings.api, host: '127.0.0.1', signInRateLimit: 100 },
      },
      catalog: stored.catalog,
      queues: services.queues,
      archive: stored,
      locks,
      webApp: builtWebAppFolder(),
    });
    url = await api.listen({ host: '127.0.0.1', port: 0 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await services?.close();
    await archive?.cleanup();
  });

  afterEach(async () => {
    const errors = (traffic?.consoleErrors ?? []).filter(
      (text) => !text.includes('Failed to load resource'),
    );
    await context?.close();
    expect(errors).toEqual([]);
  });

  async function openAs(user: string, password = PASSWORD): Promise<void> {
    context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    traffic = recordTraffic(page);
    await page.goto(`${url}/sign-in`);
    await page.getByLabel(/^(account|tài khoản)$/i).fill(user);
    await page.getByLabel(/^(password|mật khẩu)$/i).fill(password);
    await page.getByRole('button', { name: /^(sign in|đăng nhập)$/i }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Your account' }).textContent(), settle)
      .toContain('Signed in as');
  }

  async function expectSecretNeverShown(what: string): Promise<void> {
    const dom = (await page.content()).toLowerCase();
    await traffic.settled();
    for (const marker of SECRET.markers) {
      expect(dom, `${marker} in the page (${what})`).not.toContain(marker.toLowerCase());
      for (const body of traffic.bodies)
        expect(body.toLowerCase(), `${marker} in a response (${what})`).not.toContain(
          marker.toLowerCase(),
        );
    }
  }

  async function expectAccessible(what: string): Promise<void> {
    const violations = await seriousAxeViolations(page);
    expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }

  const rowTitles = () => page.locator('.virtual-row h2').allTextContents();

  it('an admin adds a person and makes them custodian, with a reason; they then see the community’s items', async () => {
    await openAs('ha');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Admin' })
      .click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), settle)
      .toBe('People, communities and access');
    const peopleTable = page.getByRole('table', { name: 'People', exact: true });
    await expect.poll(() => peopleTable.textContent(), settle).toContain('member of khau-village');
    await expectAccessible('admin page');

    const add = page.getByRole('form', { name: 'Add a person' });
    await add.getByLabel('Account id').fill('lan');
    await add.getByLabel('Full name').fill('Nông Thị Lan');
    await add.getByLabel('Language of the pages').selectOption('en');
    await add.getByLabel('Password', { exact: true }).fill(NEW_PASSWORD);
    await add.getByRole('button', { name: 'Add the person' }).click();
    await expect.poll(() => add.getByRole('status').textContent(), settle).toBe('lan was added.');
    await expect.poll(() => peopleTable.textContent(), settle).toContain('Nông Thị Lan');

    const role = page.getByRole('form', { name: 'Give or take back a role' });
    await role.getByLabel('Person').selectOption('lan');
    await role.getByLabel('Role').selectOption('custodian');
    await role.getByLabel('Community').selectOption('na-hang');
    // Without a reason, the browser asks for one and nothing is sent.
    await role.getByRole('button', { name: 'Give the role' }).click();
    expect(await grantsOfAccount(services.archive.catalog, 'lan')).toEqual([]);
    await role.getByLabel('Why', { exact: true }).fill('chosen by the elders of Nà Hang');
    await role.getByRole('button', { name: 'Give the role' }).click();
    await expect
      .poll(() => role.getByRole('status').textContent(), settle)
      .toBe('Given: lan, custodian of na-hang.');

    // Stored and recorded: the catalog sign-in reads, and the people object's history.
    expect(await grantsOfAccount(services.archive.catalog, 'lan')).toEqual([
      { role: 'custodian', community: 'na-hang' },
    ]);
    expect((await listPeople(services.archive)).events.at(-1)).toMatchObject({
      action: 'grant given',
      agent: 'ha',
      subject: 'lan',
      grant: { role: 'custodian', community: 'na-hang' },
      reason: 'chosen by the elders of Nà Hang',
    });
    const history = page.getByRole('table', { name: 'Changes to people and roles' });
    await expect
      .poll(() => history.textContent(), settle)
      .toContain('chosen by the elders of Nà Hang');
    await expectAccessible('admin page after changes');
    await expectSecretNeverShown('admin changes');
    await context.close();

    // Lan signs in with the password the admin set and sees Nà Hang's items, the secret one too.
    await openAs('lan', NEW_PASSWORD);
    await expect.poll(rowTitles, settle).toContain(SECRET.title);
    await page.locator('.virtual-row', { hasText: SECRET.title }).getByRole('link').first().click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), settle)
      .toBe(SECRET.title);
    expect(
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Admin' })
        .count(),
    ).toBe(0);
  }, 180_000);

  it('a member sees no link to the admin page and is refused on it', async () => {
    await openAs('mai');
    await expect.poll(rowTitles, settle).toContain(ITEMS.community.item.title);
    // A read of protected material, for the admin's table below.
    await page.goto(`${url}/items/${ITEMS.community.item.id}`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), settle)
      .toBe(ITEMS.community.item.title);
    expect(
      await page
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Admin' })
        .count(),
    ).toBe(0);
    await page.goto(`${url}/admin`);
    await expect
      .poll(() => page.getByRole('alert').textContent(), settle)
      .toBe('This page is for the archive’s admins.');
    expect(await page.getByRole('table').count()).toBe(0);
    expect((await page.request.get(`${url}/api/people`)).status()).toBe(403);
    await expectAccessible('admin page, refused');
  }, 60_000);

  it('the admin sees reads of protected material, filtered, but none of the secret item', async () => {
    await openAs('ha');
    await page.goto(`${url}/admin`);
    const reads = page.getByRole('table', { name: 'Reads of protected material' });
    await expect.poll(() => reads.textContent(), settle).toContain(ITEMS.community.item.id);
    await page.getByLabel('Who', { exact: true }).selectOption('mai');
    const rows = () => reads.locator('tbody tr').allTextContents();
    await expect
      .poll(
        async () => (await rows()).every((row) => row.includes(ITEMS.community.item.id)),
        settle,
      )
      .toBe(true);
    expect((await rows()).length).toBeGreaterThan(0);
    expect(await reads.textContent()).toContain('Item page');
    await page.getByLabel('Item id contains').fill('no-such');
    await expect.poll(() => reads.count(), settle).toBe(0);
    await expectAccessible('access events');
    // Lan read the secret item above: the admin is told nothing of it.
    await expectSecretNeverShown('access events');
  }, 60_000);
});

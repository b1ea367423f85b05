import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  launchChromium,
  type PageTraffic,
  recordTraffic,
  seriousAxeViolations,
} from '../support/browser.js';
import {
  type BrowserArchive,
  ITEMS,
  openBrowserArchive,
  PASSWORD,
  PEOPLE,
  SECRET,
} from '../support/browser-archive.js';

/**
 * The web app as people use it, in Chromium, against the real API on a real catalog.
 * After every journey, the secret/sacred item of Nà Hang has reached neither the page
 * nor any response the browser received; on every page axe-core finds no serious or
 * critical accessibility violation; and the content security policy blocked nothing.
 */

// A loaded machine can take seconds to start a page: poll patiently.
const settle = { timeout: 20_000, interval: 100 };

const screenshots = path.join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

describe('the archive in a browser', () => {
  let archive: BrowserArchive;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let traffic: PageTraffic;

  beforeAll(async () => {
    browser = await launchChromium();
    archive = await openBrowserArchive();
  });

  afterAll(async () => {
    await browser?.close();
    await archive?.close();
  });

  async function openPage(locale = 'en-GB'): Promise<void> {
    context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    traffic = recordTraffic(page);
  }

  /** What every journey ends with: nothing of the secret item anywhere, nothing blocked. */
  async function expectSecretNeverShown(): Promise<void> {
    const dom = await page.content();
    await traffic.settled();
    expect(traffic.bodies.length).toBeGreaterThan(0);
    for (const marker of SECRET.markers) {
      expect(dom.toLowerCase(), `${marker} in the page`).not.toContain(marker.toLowerCase());
      for (const body of traffic.bodies)
        expect(body.toLowerCase(), `${marker} in a response`).not.toContain(marker.toLowerCase());
    }
  }

  afterEach(async () => {
    // A 404 of a hidden item is logged by Chromium as a failed load; anything else is not expected.
    const errors = (traffic?.consoleErrors ?? []).filter(
      (text) => !text.includes('Failed to load resource'),
    );
    await context?.close();
    expect(errors).toEqual([]);
  });

  async function expectAccessible(what: string, mayShowSecret = false): Promise<void> {
    if (!mayShowSecret) {
      const dom = (await page.content()).toLowerCase();
      for (const marker of SECRET.markers) expect(dom, what).not.toContain(marker.toLowerCase());
    }
    const violations = await seriousAxeViolations(page);
    expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }

  async function signIn(user: string): Promise<void> {
    await page.getByRole('link', { name: /sign in|đăng nhập/i }).click();
    await page.getByLabel(/^(account|tài khoản)$/i).fill(user);
    await page.getByLabel(/^(password|mật khẩu)$/i).fill(PASSWORD);
    await page.getByRole('button', { name: /^(sign in|đăng nhập)$/i }).click();
  }

  const rowTitles = () => page.locator('.virtual-row h2').allTextContents();

  it('a community member signs in, browses, searches and opens an item', async () => {
    await openPage();
    const first = await page.goto(archive.url);
    // Served under helmet's policy: scripts of its own origin only.
    expect(first?.headers()['content-security-policy']).toContain("script-src 'self'");

    // The public sees the open item only, in the browser's language.
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), settle)
      .toBe('Items in the archive');
    await expect.poll(rowTitles, settle).toEqual([ITEMS.open.item.title]);
    await expect.poll(() => page.getByText('Not signed in').count(), settle).toBe(1);
    await expectAccessible('items, public');

    await signIn('no-such-person');
    await expect.poll(() => page.getByRole('alert').textContent(), settle).toContain('not right');
    await expectAccessible('sign-in page');
    await page.getByLabel('Account', { exact: true }).fill(PEOPLE.member.id);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // Mai's account is in Vietnamese: the app follows it, and says who she is.
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), settle)
      .toBe('Tài liệu trong kho lưu trữ');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    const account = page.getByRole('region', { name: 'Tài khoản của bạn' });
    expect(await account.textContent()).toContain(`Đã đăng nhập: ${PEOPLE.member.name}`);
    expect(await account.textContent()).toContain('Cộng đồng: khau-village');
    await expect
      .poll(rowTitles, settle)
      .toEqual([ITEMS.community.item.title, ITEMS.open.item.title].sort());
    const communityRow = page.locator('.virtual-row', { hasText: ITEMS.community.item.title });
    expect(await communityRow.textContent()).toContain('Quy ước: Cộng đồng');
    expect(await communityRow.textContent()).toContain('TK Community Use Only');
    await expectAccessible('items, member, Vietnamese');

    // The switch wins over the account's language.
    await page.getByRole('button', { name: 'English' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), settle)
      .toBe('Items in the archive');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await communityRow.textContent()).toContain('Protocol: Community');

    // Facets narrow the list and go into the address; each value counts visible items only.
    const options = (label: string) =>
      page.getByLabel(label, { exact: true }).locator('option').allTextContents();
    expect(await options('Protocol')).toEqual(['Any', 'Community (1)', 'Open (1)']);
    expect(await options('Processing')).toEqual(['Any', 'Ready (2)']);
    expect(await options('Decade')).toEqual(['Any', '2020s (1)']);
    await page.getByLabel('Genre', { exact: true }).selectOption('then');
    await expect.poll(rowTitles, settle).toEqual([ITEMS.open.item.title]);
    expect(page.url()).toContain('genre=then');
    expect(await options('Protocol')).toEqual(['Any', 'Open (1)']);
    const openRow = page.locator('.virtual-row', { hasText: ITEMS.open.item.title });
    expect(await openRow.textContent()).toContain('Duration 3:03');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(rowTitles, settle).toHaveLength(2);

    // Collections count only what she may see, and lead to their items.
    await page.getByRole('link', { name: 'Collections', exact: true }).click();
    const card = page.getByRole('article', { name: 'Khâu village songs' });
    await expect.poll(() => card.textContent(), settle).toContain('2 items (1 Community, 1 Open)');
    expect(await page.getByRole('article').count()).toBe(1);
    await expectAccessible('collections, member');
    await card.getByRole('link').click();
    await expect.poll(rowTitles, settle).toHaveLength(2);
    expect(page.url()).toContain('collection=khau-songs');

    // Search without accents; the words are marked in what was found.
    const box = page.getByRole('searchbox', { name: 'Search the archive' });
    await box.fill('luon');
    await box.press('Enter');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), settle)
      .toBe('Results for “luon”');
    const hits = page.getByRole('list', { name: 'Search results' });
    await expect
      .poll(() => hits.locator('h2').allTextContents(), settle)
      .toContain(ITEMS.open.item.title);
    expect(await hits.locator('h2').allTextContents()).toContain(ITEMS.community.item.title);
    expect(await hits.locator('h2').allTextContents()).not.toContain(ITEMS.restricted.item.title);
    const marks = await hits.locator('mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    expect(marks).toContain('Lượn');
    // `luon` is also in `slương`: the marks are where the server's folding matches.
    const folded = (text: string) =>
      text.normalize('NFD').replace(/\p{M}/gu, '').replaceAll('đ', 'd').toLowerCase();
    expect(new Set(marks.map(folded))).toEqual(new Set(['luon']));
    await expectAccessible('search results');

    // The item page: protocol and labels in words, contributors, files, steps, history.
    await hits.getByRole('link', { name: ITEMS.open.item.title }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), settle)
      .toBe(ITEMS.open.item.title);
    const main = page.getByRole('main');
    for (const words of [
      'Protocol: Open',
      'Anyone may see this item.',
      'TK Seasonal',
      'To be heard or seen only at certain times of the year.',
      'Ritual master',
      'Hoàng Văn Bình',
      'Singer',
      'Lò Thị Hoa',
      'Tày, Vietnamese',
      'originals/then-cau-mua.wav',
      'Duration 3:03',
      'Prepare the audio',
      'Received into the archive',
    ])
      expect(await main.textContent(), words).toContain(words);
    await expectAccessible('item page');
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: path.join(screenshots, 'item-page.png'), fullPage: true });

    // Signing out, through DELETE /api/session with the CSRF header.
    const signOut = page.waitForResponse(
      (response) =>
        response.url().endsWith('/api/session') && response.request().method() === 'DELETE',
    );
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect((await signOut).status()).toBe(204);
    await expect.poll(rowTitles, settle).toEqual([ITEMS.open.item.title]);
    await expectSecretNeverShown();
  });

  it('answers an item one may not see exactly as a missing one, on a reloaded address too', async () => {
    await openPage('vi-VN');
    for (const id of [ITEMS.community.item.id, SECRET.id, 'no-such-item']) {
      const response = await page.goto(`${archive.url}/items/${id}`);
      expect(response?.status()).toBe(200);
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent(), settle)
        .toBe('Tài liệu này không tồn tại, hoặc bạn không được phép xem.');
    }
    await expectAccessible('missing item');
    const unknownApi = await page.goto(`${archive.url}/api/no-such-route`);
    expect(unknownApi?.status()).toBe(404);
    expect(unknownApi?.headers()['content-type']).toContain('application/problem+json');
    await expectSecretNeverShown();
  });

  it('shows the secret/sacred item to a custodian of its community, so the checks above can fail', async () => {
    await openPage();
    await page.goto(archive.url);
    await signIn(PEOPLE.custodian.id);
    await expect.poll(rowTitles, settle).toContain(SECRET.title);
    await page.getByRole('link', { name: SECRET.title }).click();
    // The list's rows carry protocol badges too: wait for the item page itself.
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), settle)
      .toBe(SECRET.title);
    const main = await page.getByRole('main').textContent();
    expect(main).toContain('Protocol: Secret/sacred');
    expect(main).toContain('It never leaves the archive');
    await traffic.settled();
    expect(traffic.bodies.some((body) => body.includes(SECRET.title))).toBe(true);
    await expectAccessible('secret item, custodian', true);
  });

  it('scrolls ten thousand items, drawing only the rows in view', async () => {
    await openPage();
    const many = Array.from({ length: 10_000 }, (_, index) => ({
      ...ITEMS.open.item,
      id: `song-${String(index).padStart(5, '0')}`,
      title: `Song ${index + 1}`,
      tkLabels: index % 3 === 0 ? ['TK Seasonal'] : [],
      status: 'ready',
      objectVersion: 'v1',
      durationSeconds: 183.4,
      scanPages: 0,
      hasThumbnail: false,
    }));
    // The API answers 1,000 items a page; the app reads every page, and the list must not
    // slow down long after that.
    await page.route(/\/api\/items\?/, (route) => {
      const after = Number(new URL(route.request().url()).searchParams.get('after') ?? 0);
      const next = after + 1000 < many.length ? { next: String(after + 1000) } : {};
      return route.fulfill({ json: { items: many.slice(after, after + 1000), ...next } });
    });
    await page.goto(archive.url);
    // Timed inside the page, frame by frame, so the test's own polling does not count.
    // A function, not a string: the page's policy forbids eval.
    type InPage = { document: { querySelector(selector: string): unknown } };
    const rowDrawn = () =>
      (globalThis as unknown as InPage).document.querySelector('.virtual-row') !== null;
    await page.waitForFunction(rowDrawn, undefined, {
      polling: 'raf',
      timeout: 20_000,
    });
    const firstRows = Number(
      await page.evaluate(
        "performance.now() - performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/api/items?')).at(-1).responseEnd",
      ),
    );
    expect(await rowTitles()).toContain('Song 1');
    expect(await page.locator('.virtual-row').count()).toBeLessThan(40);
    expect(await page.getByText('10,000 items').count()).toBe(1);

    // Jumps anywhere in the list: each draws its rows within a frame or two.
    const jumps = (await page.evaluate(`(async () => {
      const box = document.querySelector('.virtual-list');
      const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
      const times = [];
      for (let jump = 0; jump < 20; jump += 1) {
        const started = performance.now();
        box.scrollTop = ((jump * 7919) % 10000) * 92;
        await frame();
        await frame();
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b);
    })()`)) as number[];
    const median = jumps[10] ?? 0;

    // The keyboard reaches the end: the box scrolls with End.
    const list = page.getByRole('region', { name: 'Items', exact: true });
    await list.focus();
    await page.keyboard.press('End');
    await expect.poll(rowTitles, settle).toContain('Song 10000');
    const last = page.locator('.virtual-row', { hasText: 'Song 10000' });
    expect(await last.getAttribute('aria-posinset')).toBe('10000');
    expect(await last.getAttribute('aria-setsize')).toBe('10000');
    expect(await page.locator('.virtual-row').count()).toBeLessThan(40);
    console.log(
      `10,000 items: first rows ${Math.round(firstRows)} ms after the answer; a jump drawn in ${Math.round(median)} ms (median of 20), ${Math.round(jumps.at(-1) ?? 0)} ms at worst`,
    );
    // Two frames are 33 ms; a loaded machine gets generous room.
    expect(median).toBeLessThan(250);
    await expectAccessible('long list');
    await expectSecretNeverShown();
  });
});

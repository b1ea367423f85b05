import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listAccessEvents } from '../../src/infra/catalog/access-event-rows.js';
import {
  launchChromium,
  type PageTraffic,
  recordTraffic,
  seriousAxeViolations,
} from '../support/browser.js';
import {
  type BrowserArchive,
  openBrowserArchive,
  PASSWORD,
  PEOPLE,
  SECRET,
} from '../support/browser-archive.js';
import { depositMedia, MEDIA } from '../support/browser-media.js';

/**
 * The item page as a community member uses it, in Chromium, over items the archive's own
 * pipeline made: the recording plays under a waveform drawn from its stored peaks with
 * the transcript following along, search hits open at their moment or page and line,
 * and scanned pages show in a zoomable viewer beside their OCR text.
 */

const settle = { timeout: 20_000, interval: 100 };
const screenshots = path.join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

describe('the item page: player, transcript and scans', () => {
  let archive: BrowserArchive;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let traffic: PageTraffic;
  let requests: Request[];

  beforeAll(async () => {
    browser = await launchChromium();
    archive = await openBrowserArchive({ deposit: depositMedia });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await archive?.close();
  });

  afterEach(async () => {
    const errors = (traffic?.consoleErrors ?? []).filter(
      (text) => !text.includes('Failed to load resource'),
    );
    await context?.close();
    expect(errors).toEqual([]);
  });

  /** Signed in as Mai, a member of Khâu village, reading in English. */
  async function openAsMember(): Promise<void> {
    context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    traffic = recordTraffic(page);
    requests = [];
    page.on('request', (request) => requests.push(request));
    await page.goto(`${archive.url}/sign-in`);
    await page.getByLabel(/^(account|tài khoản)$/i).fill(PEOPLE.member.id);
    await page.getByLabel(/^(password|mật khẩu)$/i).fill(PASSWORD);
    await page.getByRole('button', { name: /^(sign in|đăng nhập)$/i }).click();
    await expect.poll(() => page.getByText(PEOPLE.member.name).count(), settle).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'English' }).click();
  }

  async function expectAccessible(what: string): Promise<void> {
    const violations = await seriousAxeViolations(page);
    expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }

  async function expectSecretNeverShown(): Promise<void> {
    const dom = (await page.content()).toLowerCase();
    await traffic.settled();
    expect(traffic.bodies.length).toBeGreaterThan(0);
    for (const marker of SECRET.markers.map((text) => text.toLowerCase())) {
      expect(dom, marker).not.toContain(marker);
      for (const body of traffic.bodies) expect(body.toLowerCase(), marker).not.toContain(marker);
    }
  }

  const heading = () => page.getByRole('heading', { level: 1 }).textContent();
  const audioTime = () =>
    page.evaluate('document.querySelector("audio").currentTime') as Promise<number>;
  const playingLine = (tier: string) =>
    page
      .getByRole('region', { name: tier, exact: true })
      .locator('button[aria-current="true"] .line-text')
      .textContent({ timeout: 1000 })
      .catch(() => null);
  /** The lit pixels of the waveform's canvases (wavesurfer draws in a shadow root). */
  const waveformInk = () =>
    page.evaluate(`(() => {
      const host = document.querySelector('[data-testid="waveform"]').firstElementChild;
      let ink = 0;
      for (const canvas of host.shadowRoot.querySelectorAll('canvas')) {
        if (!canvas.width || !canvas.height) continue;
        const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink += 1;
      }
      return ink;
    })()`) as Promise<number>;
  const mediaRequests = () => requests.filter((request) => request.url().includes('.access.'));

  it('plays the access copy under its stored waveform, the transcript following', async () => {
    await openAsMember();
    // Awaited from before the page opens: the page asks for the waveform with the item.
    const waveform = page.waitForResponse((response) => response.url().includes('/waveform'));
    await page.goto(`${archive.url}/items/${MEDIA.song.id}`);
    await expect.poll(heading, settle).toBe(MEDIA.song.title);

    // The waveform is drawn from the stored peaks; nothing of the recording was fetched.
    await expect.poll(waveformInk, settle).toBeGreaterThan(100);
    const peaks = (await (await waveform).json()) as { duration: number; peaks: number[][] };
    expect(peaks.peaks[0]?.length).toBeGreaterThan(100);
    // The player never zooms in: it asks for a bounded number of peaks, whatever the length.
    expect(Number(new URL((await waveform).url()).searchParams.get('pixels'))).toBeGreaterThan(0);
    expect(mediaRequests()).toEqual([]);
    const player = page.getByTestId('player-time');
    expect(await player.textContent()).toBe('0:00 / 0:09');
    expect(await page.getByRole('main').textContent()).toContain('Duration 0:09');
    for (const line of MEDIA.song.lines)
      expect(
        await page.getByRole('region', { name: 'Transcription', exact: true }).textContent(),
      ).toContain(line.text);
    expect(
      await page.getByRole('region', { name: 'Translation', exact: true }).textContent(),
    ).toContain(MEDIA.song.translations[0]);

    // Play: time runs, and the line lit is the one whose span holds the time.
    await page.getByRole('button', { name: 'Play' }).click();
    await expect.poll(audioTime, settle).toBeGreaterThan(0.6);
    await expect.poll(() => playingLine('Transcription'), settle).not.toBeNull();
    await page.getByRole('button', { name: 'Pause' }).click();
    const at = (await audioTime()) * 1000;
    const expected = MEDIA.song.lines.find((line) => line.startMs <= at && at < line.endMs);
    if (expected) {
      await expect.poll(() => playingLine('Transcription'), settle).toBe(expected.text);
      const index = MEDIA.song.lines.indexOf(expected);
      await expect
        .poll(() => playingLine('Translation'), settle)
        .toBe(MEDIA.song.translations[index]);
    }
    // Played with ranges from the API, never as one whole download before playing.
    expect(mediaRequests().length).toBeGreaterThan(0);
    expect(mediaRequests().every((request) => request.headers().range !== undefined)).toBe(true);

    // A line is a button that moves the recording to its start.
    const third = MEDIA.song.lines[2];
    await page
      .getByRole('button', { name: new RegExp(third.text) })
      .first()
      .click();
    await expect.poll(audioTime, settle).toBeCloseTo(third.startMs / 1000, 1);
    await expect.poll(() => playingLine('Transcription'), settle).toBe(third.text);
    expect(await player.textContent()).toBe('0:06 / 0:09');

    // By keyboard: the position slider (Home, arrows) and the buttons.
    const slider = page.getByRole('slider', { name: 'Position in the recording' });
    await slider.focus();
    await slider.press('Home');
    await expect.poll(audioTime, settle).toBe(0);
    await slider.press('ArrowRight');
    await expect.poll(audioTime, settle).toBe(5);
    await expect.poll(() => playingLine('Transcription'), settle).toBe(MEDIA.song.lines[1].text);
    await slider.press('ArrowLeft');
    await expect.poll(audioTime, settle).toBe(0);
    // A click on the waveform moves there too (80% of the way: 7.08 s, the third line).
    const box = await page.getByTestId('waveform').boundingBox();
    if (!box) throw new Error('no waveform on the page');
    await page.mouse.click(box.x + box.width * 0.8, box.y + box.height / 2);
    await expect.poll(audioTime, settle).toBeGreaterThan(6.5);
    await expect.poll(() => playingLine('Transcription'), settle).toBe(third.text);

    await expectAccessible('item page with player');
    mkdirSync(screenshots, { recursive: true });
    await page.getByRole('button', { name: new RegExp(MEDIA.song.lines[1].text) }).click();
    await page.getByRole('heading', { name: 'Listen' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'item-player.png') });

    // The reads of this community item were recorded, the recording's among them.
    const events = await listAccessEvents(archive.catalog, {
      communities: 'all',
      secretSacredOf: 'all',
      limit: 100,
    });
    const mine = events.filter((event) => event.who === PEOPLE.member.id);
    expect(mine.some((event) => event.itemId === MEDIA.song.id && event.what === 'media')).toBe(
      true,
    );
    expect(
      mine.some((event) => event.itemId === MEDIA.song.id && event.what === 'annotations'),
    ).toBe(true);
    await expectSecretNeverShown();
  });

  it('opens a transcript hit at its moment, and an OCR hit at its page and line', async () => {
    await openAsMember();
    const [hitLine, hitTranslation] = [MEDIA.song.lines[1], MEDIA.song.translations[1]];
    await page.goto(`${archive.url}/search?q=chau`);
    const hits = page.getByRole('list', { name: 'Search results' });
    const hit = hits.getByRole('listitem').filter({ hasText: hitLine.text });
    await expect.poll(() => hit.count(), settle).toBe(1);
    await hit.getByRole('link').click();
    await expect.poll(heading, settle).toBe(MEDIA.song.title);
    expect(page.url()).toContain(`t=${hitLine.startMs}`);
    expect(page.url()).toContain(`asset=${encodeURIComponent(MEDIA.song.recording)}`);
    await expect.poll(audioTime, settle).toBeCloseTo(hitLine.startMs / 1000, 2);
    await expect.poll(() => playingLine('Transcription'), settle).toBe(hitLine.text);
    expect(await playingLine('Translation')).toBe(hitTranslation);
    expect(mediaRequests().filter((request) => !request.headers().range)).toEqual([]);

    // An OCR hit: the song book at page 2, line 3, outlined on the image and marked in the text.
    await page.goto(`${archive.url}/search?q=zebras`);
    const ocrHit = page.getByRole('list', { name: 'Search results' }).getByRole('link');
    await expect.poll(() => ocrHit.count(), settle).toBe(1);
    const image = page.waitForResponse((response) => response.url().includes('/pages/2/image'));
    await ocrHit.click();
    await expect.poll(heading, settle).toBe(MEDIA.book.title);
    expect(page.url()).toContain('page=2');
    expect(page.url()).toContain('line=3');
    const imageAnswer = await image;
    expect(imageAnswer.status()).toBe(200);
    expect(imageAnswer.headers()['content-type']).toBe('image/png');
    const text = page.getByRole('region', { name: 'Text of the page' });
    await expect.poll(() => text.textContent(), settle).toContain(MEDIA.book.pages[1][2]);
    expect(await page.getByLabel('Go to page', { exact: true }).inputValue()).toBe('1');
    expect(await text.locator('li.found').textContent()).toContain('Quiet zebras graze');
    await expect.poll(() => page.getByTestId('line-outline').count(), settle).toBe(1);
    expect(await text.textContent()).toContain('Text read from the image by OCR (tesseract');
    expect(await text.textContent()).toMatch(/Mean confidence \d+%/);

    // The viewer takes the keyboard, and is named.
    const canvas = page.getByRole('img', { name: /Image of page 2/ });
    expect(await canvas.getAttribute('tabindex')).toBe('0');
    await canvas.focus();
    await canvas.press('+');
    await expectAccessible('item page with scan');
    await page.getByRole('heading', { name: 'Scanned pages' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshots, 'item-scan.png') });

    // Page navigation: the first page, its own text, no outline until a line is chosen.
    await page.getByRole('button', { name: /Previous page/ }).click();
    await expect.poll(() => text.textContent(), settle).toContain(MEDIA.book.pages[0][0]);
    await expect.poll(() => page.getByTestId('line-outline').count(), settle).toBe(0);
    await text.getByRole('button', { name: /dragon year/ }).click();
    await expect.poll(() => page.getByTestId('line-outline').count(), settle).toBe(1);
    await expectSecretNeverShown();
  });

  it('says plainly when a file is refused, and a hidden item is only missing', async () => {
    await openAsMember();
    // The policy refuses the copy (as it refuses originals to all but staff): the page says so.
    await page.route('**/files/derivatives%2Faudio%2F*', (route) =>
      route.fulfill({ status: 403, contentType: 'application/problem+json', body: '{}' }),
    );
    await page.goto(`${archive.url}/items/${MEDIA.song.id}`);
    await expect.poll(waveformInk, settle).toBeGreaterThan(100);
    await page.getByRole('button', { name: 'Play' }).click();
    await expect
      .poll(() => page.getByRole('alert').allTextContents(), settle)
      .toContainEqual(expect.stringContaining('You may not open this file'));
    // The API does refuse originals to a member.
    const original = await page.request.get(
      `${archive.url}/api/items/${MEDIA.song.id}/files/${encodeURIComponent(MEDIA.song.recording)}`,
    );
    expect(original.status()).toBe(403);

    await page.goto(`${archive.url}/items/${SECRET.id}`);
    await expect.poll(heading, settle).toBe('This item does not exist, or you may not see it.');
    await expectSecretNeverShown();
  });
});

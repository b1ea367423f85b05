import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Archive } from '../../src/archive/archive.js';
import { readObjectText } from '../../src/archive/object-files.js';
import { savePeopleRegisterRows } from '../../src/infra/catalog/people-rows.js';
import { MetadataPath } from '../../src/model/item-record.js';
import { hashPassword } from '../../src/usecases/people/password-hash.js';
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
import { holdAnnotationSaves } from '../support/held-annotation-saves.js';

/**
 * The workspace's annotations part as two linguists of Khâu village use it at once, in
 * Chromium, on the recording whose ELAN transcript the archive imported: a conflicting
 * edit is shown side by side and nothing is lost, an earlier version is restored from
 * the history, a draft survives a reload and a dropped connection. Every check ends in
 * what the item's `metadata/annotations.json` holds.
 */

const settle = { timeout: 20_000, interval: 100 };
const screenshots = path.join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

/** A second linguist of Khâu village, so that the two versions have two authors. */
const SECOND = { id: 'linh', name: 'Nông Thị Linh', community: 'khau-village' };

/** `2050` ms as WebVTT's `00:00:02.050`. */
const clockOf = (ms: number) => new Date(ms).toISOString().slice(11, 23);

interface StoredAnnotation {
  id: string;
  value: string;
  type: string;
  supersedes?: string;
  author?: string;
}

describe('the workspace: annotations, history, conflicts and drafts', () => {
  let archive: BrowserArchive;
  let objects: Archive;
  let browser: Browser;
  const opened: { context: BrowserContext; traffic: PageTraffic }[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    archive = await openBrowserArchive({ deposit: depositMedia });
    const passwordHash = await hashPassword(PASSWORD);
    await savePeopleRegisterRows(
      archive.catalog,
      {
        accounts: [PEOPLE.member, PEOPLE.custodian, SECOND].map((person) => ({
          id: person.id,
          name: person.name,
          passwordHash,
          disabled: false,
          language: 'en' as const,
        })),
        communities: [
          { id: 'khau-village', name: 'Khâu village' },
          { id: 'na-hang', name: 'Nà Hang' },
        ],
        grants: [PEOPLE.member, SECOND].map((person) => ({
          user: person.id,
          grant: { role: 'member' as const, community: person.community },
        })),
      },
      'v1',
    );
    objects = archive.storage;
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await archive?.close();
  });

  afterEach(async () => {
    const errors = opened
      .flatMap(({ traffic }) => traffic.consoleErrors)
      .filter((text) => !text.includes('Failed to load resource'));
    await Promise.all(opened.map(({ context }) => context.close()));
    opened.length = 0;
    expect(errors).toEqual([]);
  });

  /** A new browser session signed in as `who`, reading in English. */
  async function signIn(who: { id: string; name: string }): Promise<Page> {
    const context = await browser.newContext({
      locale: 'en-GB',
      viewport: { width: 1280, height: 1000 },
    });
    const page = await context.newPage();
    opened.push({ context, traffic: recordTraffic(page) });
    await page.goto(`${archive.url}/sign-in`);
    await page.getByLabel(/^(account|tài khoản)$/i).fill(who.id);
    await page.getByLabel(/^(password|mật khẩu)$/i).fill(PASSWORD);
    await page.getByRole('button', { name: /^(sign in|đăng nhập)$/i }).click();
    await expect.poll(() => page.getByText(who.name).count(), settle).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'English' }).click();
    return page;
  }

  async function openWorkspace(page: Page): Promise<void> {
    await page.goto(`${archive.url}/items/${MEDIA.song.id}/workspace`);
    await expect.poll(() => page.locator('.inspector-row').count(), settle).toBeGreaterThan(0);
  }

  const row = (page: Page, text: string) => page.locator('.inspector-row', { hasText: text });
  const inspector = (page: Page) => page.getByRole('region', { name: 'The chosen annotation' });
  const valueField = (page: Page) => inspector(page).getByLabel('Text', { exact: true });
  const status = (page: Page) => inspector(page).locator('.inspector-status');

  async function stored(): Promise<StoredAnnotation[]> {
    const text = await readObjectText(objects.objects, MEDIA.song.id, MetadataPath.annotations);
    return (JSON.parse(text ?? '{"annotations":[]}') as { annotations: StoredAnnotation[] })
      .annotations;
  }

  /** The stored chain that holds the version with this value, oldest first. */
  async function chainOf(value: string): Promise<StoredAnnotation[]> {
    const all = await stored();
    const byId = new Map(all.map((annotation) => [annotation.id, annotation]));
    let start = all.find((annotation) => annotation.value === value);
    if (!start) return [];
    for (let previous = byId.get(start.supersedes ?? ''); previous; ) {
      start = previous;
      previous = byId.get(start.supersedes ?? '');
    }
    const chain = [start];
    for (
      let next = all.find((annotation) => annotation.supersedes === start?.id);
      next;
      next = all.find((annotation) => annotation.supersedes === chain[chain.length - 1]?.id)
    )
      chain.push(next);
    return chain;
  }

  /** The drafts the page keeps in its storage, as [key, stored text]. */
  const draftsIn = (page: Page) =>
    page.evaluate(
      `Object.entries(localStorage).filter(([key]) => key.startsWith('heritage:draft:'))`,
    ) as Promise<[string, string][]>;

  async function expectAccessible(page: Page, what: string): Promise<void> {
    const violations = await seriousAxeViolations(page);
    expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }

  it('shows a conflicting edit beside one’s own, and keeps both in one chain', async () => {
    const [mai, linh] = [await signIn(PEOPLE.member), await signIn(SECOND)];
    const original = MEDIA.song.lines[0].text;
    for (const page of [mai, linh]) {
      await openWorkspace(page);
      await row(page, original).click();
      await expect.poll(() => valueField(page).inputValue(), settle).toBe(original);
    }
    await expectAccessible(mai, 'the list and the inspector');

    const maiText = `${original} (Mai nghe lại)`;
    const linhText = `${original} (Linh sửa)`;
    await valueField(mai).fill(maiText);
    await inspector(mai).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => status(mai).textContent(), settle).toBe('Saved.');

    // Linh read the old version: her save answers 409 and shows both, losing neither.
    await valueField(linh).fill(linhText);
    await inspector(linh).getByRole('button', { name: 'Save' }).click();
    const yours = linh.getByTestId('conflict-yours');
    const theirs = linh.getByTestId('conflict-theirs');
    await expect.poll(() => theirs.textContent(), settle).toContain(maiText);
    expect(await yours.textContent()).toContain(linhText);
    expect(await theirs.textContent()).toContain(`saved by ${PEOPLE.member.id}`);
    await expectAccessible(linh, 'the conflict view');
    mkdirSync(screenshots, { recursive: true });
    await linh.screenshot({
      path: path.join(screenshots, 'workspace-conflict.png'),
      fullPage: true,
    });
    expect((await chainOf(original)).map((version) => version.value)).toEqual([original, maiText]);

    // She keeps hers: it supersedes Mai's, which stays in the history.
    await linh.getByRole('button', { name: 'Keep mine' }).click();
    await expect.poll(() => status(linh).textContent(), settle).toBe('Saved.');
    const chain = await chainOf(original);
    expect(chain.map((version) => version.value)).toEqual([original, maiText, linhText]);
    expect(chain.slice(1).map((version) => version.author)).toEqual([PEOPLE.member.id, SECOND.id]);
    const history = inspector(linh).getByRole('region', { name: 'History and authorship' });
    await expect.poll(() => history.locator('li').count(), settle).toBe(3);
    expect(await history.textContent()).toContain(`by ${PEOPLE.member.id}`);

    // Mai, still on her version, edits again: this time she merges both texts.
    await valueField(mai).fill(`${maiText}!`);
    await inspector(mai).getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => mai.getByTestId('conflict-theirs').textContent(), settle)
      .toContain(linhText);
    expect(await mai.getByTestId('conflict-theirs').textContent()).toContain(
      `saved by ${SECOND.id}`,
    );
    await mai.getByRole('button', { name: 'Edit a merge of both' }).click();
    const merge = mai.getByLabel('The merged text');
    expect(await merge.inputValue()).toBe(`${linhText}\n${maiText}!`);
    const merged = `${original} (Linh sửa; Mai nghe lại)`;
    await merge.fill(merged);
    await mai.getByRole('button', { name: 'Save the merged text' }).click();
    await expect.poll(() => status(mai).textContent(), settle).toBe('Saved.');
    const four = await chainOf(original);
    expect(four.map((version) => version.value)).toEqual([original, maiText, linhText, merged]);
    expect(four[3]?.author).toBe(PEOPLE.member.id);
    expect(four[3]?.supersedes).toBe(four[2]?.id);
  }, 180_000);

  it('restores an earlier version from the history as a new version', async () => {
    const page = await signIn(PEOPLE.member);
    await openWorkspace(page);
    const original = MEDIA.song.lines[1].text;
    const edited = original.replace('mừa', 'về');
    await row(page, original).click();
    await expect.poll(() => valueField(page).inputValue(), settle).toBe(original);
    await valueField(page).fill(edited);
    await inspector(page).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => status(page).textContent(), settle).toBe('Saved.');

    const history = inspector(page).getByRole('region', { name: 'History and authorship' });
    await expect.poll(() => history.locator('del').count(), settle).toBe(1);
    expect(await history.locator('del').textContent()).toContain('mừa');
    expect(await history.locator('ins').textContent()).toContain('về');
    await expectAccessible(page, 'the history');

    await history.getByRole('button', { name: 'Restore version 1' }).click();
    await expect.poll(() => valueField(page).inputValue(), settle).toBe(original);
    const chain = await chainOf(edited);
    expect(chain.map((version) => version.value)).toEqual([original, edited, original]);
    expect(chain[2]?.supersedes).toBe(chain[1]?.id);
    expect(chain[2]?.author).toBe(PEOPLE.member.id);
  }, 120_000);

  it('brings a draft back after a reload, and clears it only once saved', async () => {
    const page = await signIn(PEOPLE.member);
    await openWorkspace(page);
    const original = MEDIA.song.lines[2].text;
    const typed = `${original} — đang gõ dở`;
    await row(page, original).click();
    await expect.poll(() => valueField(page).inputValue(), settle).toBe(original);
    await valueField(page).fill(typed);
    await page.reload();
    await expect.poll(() => page.locator('.draft-kept').count(), settle).toBe(1);
    await page.getByRole('button', { name: /^Open the draft/ }).click();
    await expect.poll(() => valueField(page).inputValue(), settle).toBe(typed);
    expect(await inspector(page).textContent()).toContain('Draft restored');
    await expectAccessible(page, 'a restored draft');
    expect((await chainOf(original)).map((version) => version.value)).toEqual([original]);

    await inspector(page).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => status(page).textContent(), settle).toBe('Saved.');
    expect((await chainOf(original)).map((version) => version.value)).toEqual([original, typed]);
    expect(await draftsIn(page)).toEqual([]);
  }, 120_000);

  it('keeps a draft through a dropped connection and saves it once back online', async () => {
    const page = await signIn(PEOPLE.member);
    await openWorkspace(page);
    const original = MEDIA.song.translations[0];
    const typed = `${original} (sửa khi mất mạng)`;
    await row(page, original).click();
    await expect.poll(() => valueField(page).inputValue(), settle).toBe(original);
    await valueField(page).fill(typed);
    await page.context().setOffline(true);
    await inspector(page).getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => inspector(page).locator('.draft-unsaved').count(), settle).toBe(1);
    const kept = await draftsIn(page);
    expect(kept).toHaveLength(1);
    const draft = JSON.parse(kept[0]?.[1] ?? '{}') as { unsaved?: boolean; text?: string };
    expect(draft.unsaved).toBe(true);
    expect(JSON.parse(draft.text ?? '{}').value).toBe(typed);
    expect((await chainOf(original)).map((version) => version.value)).toEqual([original]);

    await page.context().setOffline(false);
    await expect.poll(() => status(page).textContent(), settle).toBe('Saved.');
    expect((await chainOf(original)).map((version) => version.value)).toEqual([original, typed]);
    await expect.poll(() => inspector(page).locator('.draft-unsaved').count(), settle).toBe(0);
    expect(await draftsIn(page)).toEqual([]);
  }, 120_000);

  it('keeps what is typed during its own save, and a choice made meanwhile', async () => {
    const page = await signIn(PEOPLE.member);
    await openWorkspace(page);
    const original = MEDIA.song.translations[2];
    const other = MEDIA.song.translations[1];
    const first = `${original} (lần một)`;
    const typedOn = `${first}, lần hai`;
    await row(page, original).click();
    await expect.poll(() => valueField(page).inputValue(), settle).toBe(original);

    // Typed on while the save is on its way: the newer text stays open on the new version.
    let held = await holdAnnotationSaves(page);
    await valueField(page).fill(first);
    await inspector(page).getByRole('button', { name: 'Save' }).click();
    await valueField(page).fill(typedOn);
    held.release();
    await expect.poll(async () => (await chainOf(original)).length, settle).toBe(2);
    await held.stop();
    await expect.poll(() => status(page).textContent(), settle).toBe('Saved.');
    const history = inspector(page).getByRole('region', { name: 'History and authorship' });
    await expect.poll(() => history.locator('li').count(), settle).toBe(2);
    expect(await valueField(page).inputValue()).toBe(typedOn);
    expect(await inspector(page).textContent()).not.toContain('no longer current');
    expect((await chainOf(original)).map((version) => version.value)).toEqual([original, first]);
    await inspector(page).getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await chainOf(original)).map((version) => version.value), settle)
      .toEqual([original, first, typedOn]);
    await expect.poll(() => draftsIn(page), settle).toEqual([]);

    // Another annotation chosen while the save is on its way stays chosen.
    const third = `${typedOn}, lần ba`;
    held = await holdAnnotationSaves(page);
    await valueField(page).fill(third);
    await inspector(page).getByRole('button', { name: 'Save' }).click();
    await row(page, other).click();
    await expect.poll(() => valueField(page).inputValue(), settle).toBe(other);
    held.release();
    await expect.poll(() => row(page, third).count(), settle).toBe(1);
    await held.stop();
    await page.waitForTimeout(500);
    expect(await valueField(page).inputValue()).toBe(other);
    expect((await chainOf(original)).map((version) => version.value)).toEqual([
      original,
      first,
      typedOn,
      third,
    ]);
  }, 120_000);

  it('adds a note about the whole item, and walks the list with the arrow keys', async () => {
    const page = await signIn(PEOPLE.member);
    await openWorkspace(page);
    const rows = page.locator('.inspector-row');
    await rows.first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.first().getAttribute('aria-pressed'), settle).toBe('true');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => rows.nth(1).getAttribute('aria-pressed'), settle).toBe('true');
    expect(await rows.first().getAttribute('aria-pressed')).toBe('false');
    expect(
      await page.evaluate(
        'document.activeElement === document.querySelectorAll(".inspector-row")[1]',
      ),
    ).toBe(true);

    const note = 'Bài then này chỉ hát vào đêm trăng rằm.';
    await page.getByRole('button', { name: 'Add a note about the whole item' }).click();
    const form = page.locator('.item-note form');
    await form.getByLabel('Type', { exact: true }).selectOption('ritual');
    await form.getByLabel('Text', { exact: true }).fill(note);
    await expectAccessible(page, 'the note form');
    await form.getByRole('button', { name: 'Add the note' }).click();
    await expect.poll(() => valueField(page).inputValue(), settle).toBe(note);
    expect(await inspector(page).textContent()).toContain('the whole item');
    const added = (await stored()).filter((annotation) => annotation.value === note);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ type: 'ritual', author: PEOPLE.member.id });
    expect((added[0] as { anchor?: { kind?: string } }).anchor?.kind).toBe('item');
    expect(await draftsIn(page)).toEqual([]);
  }, 120_000);

  it('lists hundreds of annotations drawing only the rows in view, and finds one by its text', async () => {
    const page = await signIn(PEOPLE.member);
    // 450: the current annotations route answers at most 500; the list itself takes any number.
    const cues = Array.from({ length: 450 }, (_, index) => {
      // All within the 8.85 s recording: a cue may not run past its end.
      const start = 100 + index * 10;
      return `${clockOf(start)} --> ${clockOf(start + 2)}\nCâu số ${index + 1}\n`;
    });
    const vtt = `WEBVTT\n\n${cues.join('\n')}`;
    const imported = (await page.evaluate(
      `(async () => {
        const me = await (await fetch('/api/me')).json();
        const response = await fetch(
          '/api/items/${MEDIA.song.id}/annotations/import?format=vtt&name=many.vtt&defaultType=note&recording=${encodeURIComponent(MEDIA.song.recording)}',
          { method: 'POST', headers: { 'content-type': 'text/vtt', 'x-heritage-csrf': me.csrfToken }, body: ${JSON.stringify(vtt)} },
        );
        return { status: response.status, body: await response.json() };
      })()`,
    )) as { status: number; body: { added: number } };
    expect(imported.status, JSON.stringify(imported.body).slice(0, 400)).toBe(201);
    expect(imported.body.added).toBe(450);

    await openWorkspace(page);
    const count = page.locator('.inspector-count');
    await expect
      .poll(() => count.textContent(), settle)
      .toMatch(/^4[5-9]\d annotations shown of 4[5-9]\d$/);
    expect(await page.locator('.inspector-row').count()).toBeLessThan(80);
    await page.getByLabel('Find in the text').fill('Câu số 449');
    await expect.poll(() => page.locator('.inspector-row').count(), settle).toBe(1);
    await page.locator('.inspector-row').click();
    await expect.poll(() => valueField(page).inputValue(), settle).toBe('Câu số 449');
    expect(await inspector(page).textContent()).toContain('then-001.flac');
    await page.getByLabel('Find in the text').fill('');
    await page.getByLabel('Type', { exact: true }).first().selectOption('translation');
    await expect
      .poll(() => count.textContent(), settle)
      .toMatch(/^3 annotations shown of 4[5-9]\d$/);
    expect(await page.locator('.inspector-row').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining(MEDIA.song.translations[1])]),
    );
    await expectAccessible(page, 'a long list');
  }, 180_000);

  it('refuses another community’s secret/sacred item without showing anything of it', async () => {
    const page = await signIn(PEOPLE.member);
    const traffic = opened[opened.length - 1]?.traffic;
    if (!traffic) throw new Error('no page opened');
    await page.goto(`${archive.url}/items/${SECRET.id}/workspace`);
    // Said as of a missing item: nothing tells that it exists.
    await expect
      .poll(
        () => page.getByRole('heading', { name: /does not exist, or you may not see it/ }).count(),
        settle,
      )
      .toBeGreaterThan(0);
    expect(await page.locator('.annotations-workspace').count()).toBe(0);
    await traffic.settled();
    const dom = (await page.content()).toLowerCase();
    for (const marker of SECRET.markers.slice(0, 1).map((text) => text.toLowerCase())) {
      expect(dom, marker).not.toContain(marker);
      for (const body of traffic.bodies) expect(body.toLowerCase(), marker).not.toContain(marker);
    }
    await expectAccessible(page, 'the refusal');
  }, 120_000);
});

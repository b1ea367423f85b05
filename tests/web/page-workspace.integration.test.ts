import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readObjectText } from '../../src/archive/object-files.js';
import {
  launchChromium,
  type PageTraffic,
  recordTraffic,
  seriousAxeViolations,
  twoFramesDrawn,
} from '../support/browser.js';
import { MEDIA } from '../support/browser-media.js';
import {
  openWorkspaceArchive,
  PASSWORD,
  WORKSPACE_PEOPLE,
  type WorkspaceArchive,
} from '../support/browser-workspace-archive.js';
import { holdAnnotationSaves } from '../support/held-annotation-saves.js';

/**
 * The workspace's scan pages in Chromium, over a song book the archive's own pipeline
 * OCR'd: a line corrected in place and a whole page corrected (it becomes the page's
 * text in search and the catalog), a region annotated as a ritual with a term found by
 * its Vietnamese label, a vocabulary term added and found in the picker, and typed text
 * that survives a reload. Every step is checked in what the archive stored.
 */

const settle = { timeout: 20_000, interval: 150 };
const book = MEDIA.book;

const vocabulary = {
  id: 'khau-terms',
  terms: [
    { id: 'ritual-act', labels: { tyz: 'Pjạt then', vi: 'nghi lễ', en: 'ritual' } },
    {
      id: 'offering',
      labels: { tyz: 'Khẩu tẩy', vi: 'lễ vật', en: 'offering' },
      broader: ['ritual-act'],
    },
    { id: 'spirit-horse', labels: { vi: 'ngựa thần', en: 'spirit horse' }, broader: ['offering'] },
  ],
};

interface StoredAnnotation {
  id: string;
  type: string;
  value: string;
  terms: string[];
  supersedes?: string;
  author: string;
  anchor: {
    kind: string;
    asset?: string;
    page?: number;
    x?: number;
    y?: number;
    width?: number;
    height?: number;
  };
}

const screenshots = path.join(import.meta.dirname, '..', '..', 'docs', 'screenshots');

describe('the workspace: correcting OCR and annotating pages', () => {
  let archive: WorkspaceArchive;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let traffic: PageTraffic;

  beforeAll(async () => {
    browser = await launchChromium();
    archive = await openWorkspaceArchive();
  }, 300_000);

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

  async function signIn(who: { id: string; name: string }): Promise<void> {
    context = await browser.newContext({
      locale: 'en-GB',
      viewport: { width: 1280, height: 1000 },
    });
    page = await context.newPage();
    traffic = recordTraffic(page);
    await page.goto(`${archive.url}/sign-in`);
    await page.getByLabel(/^(account|tài khoản)$/i).fill(who.id);
    await page.getByLabel(/^(password|mật khẩu)$/i).fill(PASSWORD);
    await page.getByRole('button', { name: /^(sign in|đăng nhập)$/i }).click();
    await expect.poll(() => page.getByText(who.name).count(), settle).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'English' }).click();
  }

  async function openWorkspace(): Promise<void> {
    await page.goto(`${archive.url}/items/${book.id}/workspace`);
    await expect.poll(() => lineButton(1).count(), settle).toBe(1);
  }

  const lineButton = (line: number) =>
    page.getByRole('button', { name: new RegExp(`^Line ${line}: `) });

  async function expectAccessible(what: string): Promise<void> {
    const violations = await seriousAxeViolations(page);
    expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }

  /** The item's `metadata/annotations.json` at the object's head, as stored. */
  async function stored(): Promise<StoredAnnotation[]> {
    const json = await readObjectText(
      archive.archive.objects,
      book.id,
      'metadata/annotations.json',
    );
    return json ? (JSON.parse(json) as { annotations: StoredAnnotation[] }).annotations : [];
  }

  /** The item's OCR hits for `words`, through the API as the app searches. */
  async function ocrHits(words: string): Promise<{ page?: number | null }[]> {
    const answer = (await page.evaluate(async (q) => {
      const response = await fetch(`/api/search?q=${encodeURIComponent(q)}`);
      return response.json();
    }, words)) as { hits: { itemId: string; source: string; page?: number | null }[] };
    return answer.hits.filter((hit) => hit.itemId === book.id && hit.source === 'ocr');
  }

  async function layoutOf(pageNumber: number) {
    return (await page.evaluate(async (n) => {
      const response = await fetch(`/api/items/so-bai-hat/pages/${n}/layout`);
      return response.json();
    }, pageNumber)) as {
      width: number;
      height: number;
      correctedText: string | null;
      lines: { text: string; box: { x: number; y: number; width: number; height: number } }[];
    };
  }

  it('imports the vocabulary as the collection archivist, naming the version read', async () => {
    await signIn(WORKSPACE_PEOPLE.archivist);
    const answer = (await page.evaluate(async (body) => {
      const me = (await (await fetch('/api/me')).json()) as { csrfToken: string };
      const put = (query: string) =>
        fetch(`/api/vocabularies/khau-songs${query}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-heritage-csrf': me.csrfToken },
          body: JSON.stringify(body),
        });
      const first = await put('');
      // Sent again from an old version, the same vocabulary is answered as unchanged.
      const resent = await put('?baseVersion=v9');
      return { first: first.status, resent: resent.status };
    }, vocabulary)) as { first: number; resent: number };
    expect(answer).toEqual({ first: 200, resent: 200 });
  });

  it('corrects one OCR line in place, and keeps what is typed across a reload', async () => {
    await signIn(WORKSPACE_PEOPLE.archivist);
    await openWorkspace();
    const ocr = await layoutOf(1);
    const third = ocr.lines[2];
    expect(third?.text).toBeTruthy();
    // Uncertain or not, every OCR word is outlined on the scan.
    await expect
      .poll(
        () => page.locator('[data-testid="ocr-word"], [data-testid="uncertain-word"]').count(),
        settle,
      )
      .toBeGreaterThan(10);
    await expectAccessible('the workspace');

    await lineButton(3).click();
    const input = page.getByRole('textbox', { name: 'Line 3', exact: true });
    expect(await input.inputValue()).toBe(third?.text);
    const corrected = 'The river Bằng runs past the old farm.';
    await input.fill(corrected);
    await page.getByRole('button', { name: 'Save the line' }).click();
    await expect.poll(() => lineButton(3).textContent(), settle).toContain(corrected);
    expect(await lineButton(3).textContent()).toContain('Corrected');
    await expect.poll(() => page.getByTestId('corrected-line').count(), settle).toBe(1);

    const lineCorrection = (await stored()).find((annotation) => annotation.type === 'correction');
    expect(lineCorrection).toMatchObject({
      value: corrected,
      author: WORKSPACE_PEOPLE.archivist.id,
      anchor: { kind: 'region', asset: book.scan, page: 1 },
    });
    // Its region is the line's box, in page pixels.
    const box = third?.box ?? { x: 0, y: 0, width: 0, height: 0 };
    expect(lineCorrection?.anchor.x).toBe(Math.floor(box.x));
    expect(lineCorrection?.anchor.y).toBe(Math.floor(box.y));
    expect(lineCorrection?.anchor.width).toBeGreaterThanOrEqual(Math.floor(box.width));
    expect(lineCorrection?.anchor.width).toBeLessThanOrEqual(Math.ceil(box.width) + 1);

    // A second correction of the same line supersedes the first. Another line chosen
    // while that save is still on its way stays open when the save ends.
    await lineButton(3).click();
    expect(await input.inputValue()).toBe(corrected);
    await input.fill('The river Bằng runs past the old farms.');
    const held = await holdAnnotationSaves(page);
    await page.getByRole('button', { name: 'Save the line' }).click();
    await lineButton(2).click();
    held.release();
    await expect
      .poll(async () => (await stored()).filter((a) => a.type === 'correction').length, settle)
      .toBe(2);
    await expect.poll(() => lineButton(3).textContent(), settle).toContain('old farms');
    await held.stop();
    await twoFramesDrawn(page);
    expect(await page.getByRole('textbox', { name: 'Line 2', exact: true }).count()).toBe(1);
    const [, second] = (await stored()).filter((a) => a.type === 'correction');
    expect(second?.supersedes).toBe(lineCorrection?.id);
    expect(second?.anchor).toEqual(lineCorrection?.anchor);
    // The inspector, which showed the first correction, follows to the second.
    const inspector = page.locator('.inspector');
    await expect.poll(() => inspector.getByTestId('inspector-author').count(), settle).toBe(1);
    expect(await inspector.getByRole('textbox', { name: 'Text', exact: true }).inputValue()).toBe(
      second?.value,
    );
    expect(await inspector.getByText('no longer current').count()).toBe(0);

    // Typing, then a reload before saving: the text is still there.
    const draft = 'in the winter of the dragon year, by the elder';
    await page.getByRole('textbox', { name: 'Line 2', exact: true }).fill(draft);
    await page.reload();
    await expect.poll(() => lineButton(2).count(), settle).toBe(1);
    await lineButton(2).click();
    expect(await page.getByRole('textbox', { name: 'Line 2', exact: true }).inputValue()).toBe(
      draft,
    );
    expect(await page.getByText('Your unsaved text was kept.').count()).toBe(1);
    // Not saved: only the two corrections of line 3 are stored.
    expect((await stored()).filter((a) => a.type === 'correction')).toHaveLength(2);
    await expectAccessible('the line editor');

    // Typing on while the line saves: the editor stays open with the newer text.
    const lineTwo = page.getByRole('textbox', { name: 'Line 2', exact: true });
    const heldAgain = await holdAnnotationSaves(page);
    await page.getByRole('button', { name: 'Save the line' }).click();
    await lineTwo.fill(`${draft}, at dawn`);
    heldAgain.release();
    await expect
      .poll(async () => (await stored()).filter((a) => a.type === 'correction').length, settle)
      .toBe(3);
    await heldAgain.stop();
    await twoFramesDrawn(page);
    expect(await lineTwo.count()).toBe(1);
    expect(await lineTwo.inputValue()).toBe(`${draft}, at dawn`);
    expect((await stored()).filter((a) => a.type === 'correction').at(-1)?.value).toBe(draft);
  });

  it('corrects a whole page: its text in search and the catalog becomes the correction', async () => {
    await signIn(WORKSPACE_PEOPLE.archivist);
    await openWorkspace();
    await page.getByRole('combobox', { name: 'Go to page' }).selectOption({ index: 1 });
    await expect.poll(() => lineButton(3).textContent(), settle).toContain('graze');
    expect((await ocrHits('zebras')).map((hit) => hit.page)).toEqual([2]);

    await page.getByRole('button', { name: 'Correct whole page' }).click();
    const area = page.getByRole('textbox', { name: 'The whole page’s text' });
    const ocrText = await area.inputValue();
    expect(ocrText.split('\n')).toHaveLength(3);
    expect(ocrText).toContain('lute songs');
    const text = [
      'The second page keeps the lute songs',
      'that the elders sing at the new year.',
      'Quiet buffaloes graze near the bank.',
    ].join('\n');
    await area.fill(text);
    await page.getByRole('button', { name: 'Save the page text' }).click();
    await expect.poll(() => page.getByTestId('page-corrected').count(), settle).toBe(1);

    const whole = (await stored()).find((a) => a.type === 'correction' && a.anchor.page === 2);
    const size = await layoutOf(2);
    expect(whole).toMatchObject({
      value: text,
      anchor: {
        kind: 'region',
        asset: book.scan,
        page: 2,
        x: 0,
        y: 0,
        width: size.width,
        height: size.height,
      },
    });
    const [row] = await archive.archive.catalog.query<{ corrected: string | null }>(
      'SELECT corrected_text AS corrected FROM ocr_pages WHERE item_id = $1 AND page = 2',
      [book.id],
    );
    expect(row?.corrected).toBe(text);
    mkdirSync(screenshots, { recursive: true });
    await page
      .locator('.page-workspace')
      .screenshot({ path: path.join(screenshots, 'workspace-pages.png') });
    // The page's layout, and so the item page beside the scan, now gives the linguist's text.
    expect((await layoutOf(2)).correctedText).toBe(text);
    await expect
      .poll(async () => (await ocrHits('buffaloes')).map((hit) => hit.page), settle)
      .toEqual([2]);
    expect(await ocrHits('zebras')).toEqual([]);
    await expectAccessible('the corrected page');
  });

  it('annotates a drawn region as a ritual with a term found by its Vietnamese label', async () => {
    await signIn(WORKSPACE_PEOPLE.archivist);
    await openWorkspace();
    const scan = page.getByTestId('workspace-scan');
    const words = page.locator('[data-testid="ocr-word"], [data-testid="uncertain-word"]');
    await expect.poll(() => words.count(), settle).toBeGreaterThan(0);
    // A click on a word of the scan chooses its line, as choosing it in the text does.
    // The outlines exist before the viewer has placed them: wait until the first shows.
    await words.first().waitFor({ state: 'visible', timeout: settle.timeout });
    const word = await words.first().boundingBox();
    if (!word) throw new Error('no word is outlined');
    await page.mouse.click(word.x + word.width / 2, word.y + word.height / 2);
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Line 1', exact: true }).count(), settle)
      .toBe(1);
    await page.getByRole('button', { name: 'Close' }).click();

    /** Draws a rectangle on the scan between two points, as fractions of its size. */
    const drawRegion = async (from: [number, number], to: [number, number]) => {
      await page.getByRole('button', { name: 'Draw a region' }).click();
      const frame = await scan.boundingBox();
      if (!frame) throw new Error('the scan is not shown');
      const at = ([x, y]: [number, number]) => [
        frame.x + frame.width * x,
        frame.y + frame.height * y,
      ];
      const [startX = 0, startY = 0] = at(from);
      const [endX = 0, endY = 0] = at(to);
      await page.mouse.move(startX, startY);
      await page.mouse.down();
      await page.mouse.move((startX + endX) / 2, (startY + endY) / 2, { steps: 8 });
      await page.mouse.move(endX, endY, { steps: 8 });
      await page.mouse.up();
      await expect.poll(() => page.getByTestId('pending-region').count(), settle).toBe(1);
    };
    await drawRegion([0.3, 0.35], [0.6, 0.55]);
    const width = Number(await page.getByRole('spinbutton', { name: 'Width' }).inputValue());
    expect(width).toBeGreaterThan(20);

    const terms = page.getByRole('combobox', { name: 'Terms' });
    await terms.fill('lễ vật');
    const option = page
      .getByRole('listbox', { name: 'Terms' })
      .getByRole('option', { name: /offering/ });
    await expect.poll(() => option.count(), settle).toBe(1);
    // Its place in the vocabulary: under "ritual", above "spirit horse".
    expect(await option.textContent()).toContain('ritual ›');
    expect(await option.textContent()).toContain('spirit horse');
    await expectAccessible('the term picker');
    await terms.press('Enter');
    await expect
      .poll(() => page.getByRole('list', { name: 'Chosen terms' }).textContent(), settle)
      .toContain('offering');
    const note = page.getByRole('textbox', { name: 'Note' });
    await note.fill('Mâm lễ vật dâng then');
    // Another region drawn while the save is on its way stays open when it ends, with
    // no note or term of the saved one.
    const held = await holdAnnotationSaves(page);
    await page.getByRole('button', { name: 'Save the annotation' }).click();
    await drawRegion([0.1, 0.1], [0.2, 0.2]);
    held.release();
    await expect.poll(() => page.getByTestId('region-box').count(), settle).toBe(1);
    await held.stop();
    await twoFramesDrawn(page);
    expect(await page.getByTestId('pending-region').count()).toBe(1);
    expect(await note.inputValue()).toBe('');
    const form = page.locator('.region-form');
    expect(await form.getByRole('list', { name: 'Chosen terms' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByTestId('pending-region').count()).toBe(0);

    const ritual = (await stored()).find((a) => a.type === 'ritual');
    expect(ritual).toMatchObject({
      value: 'Mâm lễ vật dâng then',
      terms: ['offering'],
      anchor: { kind: 'region', asset: book.scan, page: 1 },
    });
    expect(ritual?.anchor.width).toBe(width);
    const chosen = page
      .getByRole('region', { name: 'Annotations on this page' })
      .getByRole('button');
    expect(await chosen.textContent()).toContain('Ritual');
    expect(await chosen.getAttribute('aria-pressed')).toBe('true');
    await expectAccessible('the annotated region');
  });

  it('adds a vocabulary term that the picker then offers; a linguist has no editor', async () => {
    await signIn(WORKSPACE_PEOPLE.archivist);
    await openWorkspace();
    await page.getByText('Edit the vocabulary').click();
    const form = page.getByRole('form', { name: 'Edit the vocabulary' });
    await form.getByRole('textbox', { name: 'Identifier' }).fill('drum');
    await form.getByRole('textbox', { name: 'Label in Vietnamese' }).fill('trống');
    await form.getByRole('textbox', { name: 'Label in English' }).fill('drum');
    await form.getByRole('combobox', { name: 'Broader term' }).selectOption({ label: 'ritual' });
    const put = page.waitForRequest((request) => request.method() === 'PUT');
    await form.getByRole('button', { name: 'Add the term' }).click();
    expect((await put).url()).toMatch(/baseVersion=v\d+/);
    await expect
      .poll(() => form.getByRole('status').textContent(), settle)
      .toContain('Saved: drum');
    const terms = (await page.evaluate(async () =>
      (await fetch('/api/vocabularies/khau-songs')).json(),
    )) as {
      terms: { id: string; labels: Record<string, string>; broader: string[] }[];
    };
    expect(terms.terms.find((term) => term.id === 'drum')).toEqual({
      id: 'drum',
      labels: { vi: 'trống', en: 'drum' },
      broader: ['ritual-act'],
    });
    await expectAccessible('the vocabulary editor');

    // Someone else stores the vocabulary meanwhile: the next edit from the old version is
    // refused and says so; made again from the version now read, it keeps both changes.
    const other = await page.evaluate(
      async (body) => {
        const me = (await (await fetch('/api/me')).json()) as { csrfToken: string };
        const current = (await (await fetch('/api/vocabularies/khau-songs')).json()) as {
          terms: unknown[];
        };
        const response = await fetch('/api/vocabularies/khau-songs', {
          method: 'PUT',
          headers: { 'content-type': 'application/json', 'x-heritage-csrf': me.csrfToken },
          body: JSON.stringify({ id: body.id, terms: [...current.terms, body.gong] }),
        });
        return response.status;
      },
      {
        id: vocabulary.id,
        gong: { id: 'gong', labels: { vi: 'chiêng', en: 'gong' }, broader: [] },
      },
    );
    expect(other).toBe(200);
    await form.getByRole('combobox', { name: 'Term', exact: true }).selectOption('drum');
    await form.getByRole('textbox', { name: 'Label in English' }).fill('big drum');
    await form.getByRole('button', { name: 'Save the term' }).click();
    await expect
      .poll(() => form.getByRole('status').textContent(), settle)
      .toContain('Someone else changed the vocabulary');
    await form.getByRole('button', { name: 'Save the term' }).click();
    await expect.poll(() => form.getByRole('status').textContent(), settle).toContain('Saved');
    const after = (await page.evaluate(async () =>
      (await fetch('/api/vocabularies/khau-songs')).json(),
    )) as { terms: { id: string; labels: Record<string, string> }[] };
    expect(after.terms.map((term) => term.id)).toContain('gong');
    expect(after.terms.find((term) => term.id === 'drum')?.labels.en).toBe('big drum');

    // The region form's picker finds it by its Vietnamese label, without diacritics too.
    await lineButton(1).click();
    await page.getByRole('button', { name: 'Region from the chosen line' }).click();
    const picker = page.getByRole('combobox', { name: 'Terms' });
    await picker.fill('trong');
    await expect
      .poll(
        () =>
          page
            .getByRole('listbox', { name: 'Terms' })
            .getByRole('option', { name: /drum/ })
            .count(),
        settle,
      )
      .toBe(1);

    await context.close();
    await signIn(WORKSPACE_PEOPLE.member);
    await openWorkspace();
    expect(await page.getByText('Edit the vocabulary').count()).toBe(0);
    // Nothing has been saved or failed yet: no outcome, and no empty error box.
    expect(await page.locator('.page-workspace p.error').count()).toBe(0);
  });
});

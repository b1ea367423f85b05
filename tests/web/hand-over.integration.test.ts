import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { DOMParser, XMLSerializer, type Element as XmlElement } from '@xmldom/xmldom';
import type { Browser, BrowserContext, Download, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import {
  type AnnotationsDocument,
  readAnnotationsDocument,
} from '../../src/archive/annotations-document.js';
import { annotationsAddCommand } from '../../src/entry/cli/commands/annotations-add-command.js';
import { vocabularyImportCommand } from '../../src/entry/cli/commands/vocabulary-command.js';
import { listAccessEvents } from '../../src/infra/catalog/access-event-rows.js';
import type { Settings } from '../../src/infra/config/settings-schema.js';
import { MetadataPath } from '../../src/model/item-record.js';
import { recordingOutput } from '../support/annotation-archive.js';
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
} from '../support/browser-archive.js';
import { depositMedia, khauCollection, MEDIA } from '../support/browser-media.js';
import { corpusFile } from '../support/corpus.js';
import { itWithCorpus } from '../support/corpus-tests.js';

/**
 * Handing an item over to ELAN and Praat and back, as a community linguist does it in
 * Chromium: the workspace downloads the item's annotations as an ELAN file, the file is
 * changed outside (one line edited, one added), brought back, previewed as a diff and
 * applied; the archive then holds exactly that, as the linguist's work. A Praat export
 * brought back unchanged changes nothing.
 */

const settle = { timeout: 20_000, interval: 100 };
const song = MEDIA.song;
const edited = { before: song.lines[1].text, after: 'Pỉ noọng lồng slam mừa chầu then' };
const added = { startMs: 8300, endMs: 8800, text: 'Slí slương ơi' };
const termed = 'Lễ vật dâng then';

/** The collection's vocabulary, and a ritual annotation that uses one of its terms. */
async function depositWithVocabulary(folder: string, settings: Settings): Promise<void> {
  await depositMedia(folder, settings);
  const file = path.join(folder, 'terms.json');
  await writeFile(
    file,
    JSON.stringify({
      id: 'khau-terms',
      terms: [
        { id: 'offering', labels: { vi: 'lễ vật', en: 'offering' } },
        { id: 'spirit-horse', labels: { en: 'spirit horse' }, broader: ['offering'] },
      ],
    }),
  );
  const output = recordingOutput();
  const codes = [
    await vocabularyImportCommand(khauCollection.id, file, {}, settings, output),
    await annotationsAddCommand(
      song.id,
      { type: 'ritual', text: termed, term: ['offering'], start: '0.4', end: '3.021' },
      settings,
      output,
    ),
  ];
  if (codes.some((code) => code !== 0)) throw new Error(output.errors.join('; '));
}

/** The downloaded ELAN file, changed as a linguist would in ELAN: one line edited, one added. */
function changeInElan(xml: string): string {
  const document = new DOMParser().parseFromString(xml, 'application/xml');
  const values = Array.from(document.getElementsByTagName('ANNOTATION_VALUE'));
  const value = values.find((element) => element.textContent === edited.before);
  if (!value) throw new Error(`no annotation "${edited.before}" in the export`);
  value.textContent = edited.after;
  const alignable = value.parentNode as unknown as XmlElement;
  const tier = alignable.parentNode?.parentNode as unknown as XmlElement;
  const order = document.getElementsByTagName('TIME_ORDER')[0];
  if (!order) throw new Error('no TIME_ORDER');
  for (const [id, ms] of [
    ['ts-new-1', added.startMs],
    ['ts-new-2', added.endMs],
  ] as const) {
    const slot = document.createElement('TIME_SLOT');
    slot.setAttribute('TIME_SLOT_ID', id);
    slot.setAttribute('TIME_VALUE', String(ms));
    order.appendChild(slot);
  }
  const annotation = document.createElement('ANNOTATION');
  const span = document.createElement('ALIGNABLE_ANNOTATION');
  span.setAttribute('ANNOTATION_ID', 'a-new-1');
  span.setAttribute('TIME_SLOT_REF1', 'ts-new-1');
  span.setAttribute('TIME_SLOT_REF2', 'ts-new-2');
  const text = document.createElement('ANNOTATION_VALUE');
  text.textContent = added.text;
  span.appendChild(text);
  annotation.appendChild(span);
  tier.appendChild(annotation);
  return new XMLSerializer().serializeToString(document);
}

describe('handing annotations over to ELAN and Praat from the workspace', () => {
  let archive: BrowserArchive;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let traffic: PageTraffic;
  let downloadedEaf = '';

  beforeAll(async () => {
    browser = await launchChromium();
    archive = await openBrowserArchive({ deposit: depositWithVocabulary });
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

  /** Signed in as Mai, a member of Khâu village who may annotate its items, in English. */
  async function openWorkspace(): Promise<void> {
    context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    traffic = recordTraffic(page);
    await page.goto(`${archive.url}/sign-in`);
    await page.getByLabel(/^(account|tài khoản)$/i).fill(PEOPLE.member.id);
    await page.getByLabel(/^(password|mật khẩu)$/i).fill(PASSWORD);
    await page.getByRole('button', { name: /^(sign in|đăng nhập)$/i }).click();
    await expect.poll(() => page.getByText(PEOPLE.member.name).count(), settle).toBeGreaterThan(0);
    await page.getByRole('button', { name: 'English' }).click();
    await page.goto(`${archive.url}/items/${song.id}/workspace`);
    await expect
      .poll(() => page.getByRole('heading', { name: 'ELAN and Praat' }).count(), settle)
      .toBe(1);
  }

  async function expectAccessible(what: string): Promise<void> {
    const violations = await seriousAxeViolations(page);
    expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }

  async function download(name: RegExp): Promise<{ file: Download; text: string }> {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name }).click(),
    ]);
    const saved = await file.path();
    return { file, text: await readFile(saved, 'utf8') };
  }

  async function choose(name: string, content: string): Promise<void> {
    await page.getByLabel('ELAN, Praat, WebVTT or SRT file').setInputFiles({
      name,
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(content, 'utf8'),
    });
  }

  const stored = (): Promise<AnnotationsDocument> =>
    readAnnotationsDocument(archive.storage.objects, song.id);
  const head = async () => (await archive.storage.objects.getInventory(song.id)).head;

  it('downloads the ELAN file, previews the changes made in it as a diff, and applies them', async () => {
    await openWorkspace();
    const eaf = await download(/^ELAN file then-001\.eaf$/);
    expect(eaf.file.suggestedFilename()).toBe('then-001.eaf');
    downloadedEaf = eaf.text;
    expect(eaf.text).toContain(edited.before);

    const before = await stored();
    const versionBefore = await head();
    await choose('then-001.eaf', changeInElan(eaf.text));
    const preview = page.getByRole('region', { name: 'What importing then-001.eaf would change' });
    await expect.poll(() => preview.count(), settle).toBe(1);
    const tier = preview.getByRole('region', { name: 'Tier “transcription”' });
    const changed = tier.locator('tr[data-kind="supersede"]');
    const newRow = tier.locator('tr[data-kind="add"]');
    await expect.poll(() => changed.count(), settle).toBe(1);
    expect(await changed.locator('del').allTextContents()).toContain(edited.before);
    expect(await changed.locator('ins').allTextContents()).toContain(edited.after);
    expect(await newRow.count()).toBe(1);
    expect(await newRow.textContent()).toContain(added.text);
    expect(await newRow.textContent()).toContain('0:08.300–0:08.800');
    expect(await preview.textContent()).toContain('1 new, 1 changed');
    await expectAccessible('workspace with the import preview');

    // The preview wrote nothing.
    expect(await head()).toBe(versionBefore);
    expect((await stored()).annotations).toHaveLength(before.annotations.length);

    await page.getByRole('button', { name: 'Apply the import' }).click();
    const result = page.getByRole('status').filter({ hasText: 'Imported then-001.eaf' });
    await expect.poll(() => result.count(), settle).toBe(1);
    expect(await result.textContent()).toContain('1 new, 1 changed');

    // Stored: one new version of the edited line and one new line, both Mai's.
    const after = await stored();
    const fresh = after.annotations.slice(before.annotations.length);
    expect(fresh).toHaveLength(2);
    const supersede = fresh.find((annotation) => annotation.supersedes !== undefined);
    const addition = fresh.find((annotation) => annotation.supersedes === undefined);
    expect(supersede).toMatchObject({
      value: edited.after,
      type: 'transcription',
      author: PEOPLE.member.id,
    });
    expect(
      before.annotations.find((annotation) => annotation.id === supersede?.supersedes)?.value,
    ).toBe(edited.before);
    expect(addition).toMatchObject({
      value: added.text,
      type: 'transcription',
      author: PEOPLE.member.id,
      anchor: { kind: 'time', asset: song.recording, startMs: added.startMs, endMs: added.endMs },
    });
    expect(await head()).not.toBe(versionBefore);

    // The item's stored history tells it, as Mai's work; the download was recorded as a read.
    const events = (
      await buffer(await archive.storage.objects.readFile(song.id, MetadataPath.events))
    )
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; agent: string; detail?: string });
    expect(events.at(-1)).toMatchObject({
      type: 'annotation change',
      agent: expect.stringContaining(PEOPLE.member.id),
      detail: expect.stringContaining('1 new, 1 edited'),
    });
    const reads = await listAccessEvents(archive.catalog, {
      communities: 'all',
      secretSacredOf: 'all',
      limit: 100,
    });
    expect(
      reads.some(
        (event) =>
          event.who === PEOPLE.member.id &&
          event.itemId === song.id &&
          event.what === 'annotations',
      ),
    ).toBe(true);
  });

  it('gives ELAN its own structure: tiers with linguistic types, and the collection vocabulary', async () => {
    expect(downloadedEaf).not.toBe('');
    const document = new DOMParser().parseFromString(downloadedEaf, 'application/xml');
    const types = Array.from(document.getElementsByTagName('LINGUISTIC_TYPE'));
    const typeIds = new Set(types.map((type) => type.getAttribute('LINGUISTIC_TYPE_ID')));
    const tiers = Array.from(document.getElementsByTagName('TIER'));
    expect(tiers.length).toBeGreaterThanOrEqual(3);
    for (const tier of tiers) expect(typeIds).toContain(tier.getAttribute('LINGUISTIC_TYPE_REF'));
    const vocabularies = Array.from(document.getElementsByTagName('CONTROLLED_VOCABULARY'));
    expect(vocabularies).toHaveLength(1);
    const entries = Array.from(vocabularies[0]?.getElementsByTagName('CV_ENTRY_ML') ?? []);
    expect(entries.map((entry) => entry.getAttribute('CVE_ID'))).toEqual(
      expect.arrayContaining(['offering', 'spirit-horse']),
    );
    const cvId = vocabularies[0]?.getAttribute('CV_ID');
    expect(types.some((type) => type.getAttribute('CONTROLLED_VOCABULARY_REF') === cvId)).toBe(
      true,
    );
    expect(downloadedEaf).toContain(termed);
  });

  itWithCorpus('downloads an ELAN file the EAF 3.0 schema accepts', async () => {
    const schema = {
      fileName: 'EAFv3.0.xsd',
      contents: await readFile(corpusFile('eaf', 'EAFv3.0.xsd'), 'utf8'),
    };
    const result = await validateXML({
      xml: { fileName: 'then-001.eaf', contents: downloadedEaf },
      schema,
    });
    expect(result.errors.slice(0, 5).map((error) => error.rawMessage)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('lets a tier the archive cannot place be given a type, and Cancel writes nothing', async () => {
    await openWorkspace();
    const version = await head();
    const unplaced = `<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="" DATE="2024-03-01T09:00:00+07:00" FORMAT="3.0" VERSION="3.0">
    <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
        <MEDIA_DESCRIPTOR MEDIA_URL="file:///then-001.flac" MIME_TYPE="audio/x-flac" RELATIVE_MEDIA_URL="./then-001.flac"/>
    </HEADER>
    <TIME_ORDER>
        <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="500"/>
        <TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="1500"/>
    </TIME_ORDER>
    <TIER LINGUISTIC_TYPE_REF="default-lt" TIER_ID="Bà Lự">
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="x1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>Tiếng đàn tính</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
    </TIER>
    <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="default-lt" TIME_ALIGNABLE="true"/>
</ANNOTATION_DOCUMENT>
`;
    await choose('ba-lu.eaf', unplaced);
    const preview = page.getByRole('region', { name: 'What importing ba-lu.eaf would change' });
    const tier = preview.getByRole('region', { name: 'Tier “Bà Lự”' });
    await expect.poll(() => tier.textContent(), settle).toContain('Left out:');
    const readAs = tier.getByLabel('Read tier “Bà Lự” as');
    expect(await readAs.inputValue()).toBe('skip');
    expect(await preview.getByRole('button', { name: 'Apply the import' }).isDisabled()).toBe(true);

    const mapped = page.waitForResponse((response) => response.url().includes('tierType='));
    await readAs.selectOption('note');
    expect(new URL((await mapped).url()).searchParams.getAll('tierType')).toEqual(['Bà Lự=note']);
    await expect.poll(() => tier.locator('tr[data-kind="add"]').count(), settle).toBe(1);
    expect(await tier.locator('tr[data-kind="add"]').textContent()).toContain('Tiếng đàn tính');
    expect(await preview.getByRole('button', { name: 'Apply the import' }).isDisabled()).toBe(
      false,
    );
    await expectAccessible('workspace with a tier to place');

    await preview.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => preview.count(), settle).toBe(0);
    expect(await head()).toBe(version);
    expect(
      (await stored()).annotations.some((annotation) => annotation.value === 'Tiếng đàn tính'),
    ).toBe(false);
  });

  it('brings a Praat TextGrid back unchanged: the preview has nothing to change', async () => {
    await openWorkspace();
    const grid = await download(/^Praat TextGrid then-001\.TextGrid$/);
    expect(grid.file.suggestedFilename()).toBe('then-001.TextGrid');
    expect(grid.text).toContain(edited.after);
    const version = await head();
    const answer = page.waitForResponse((response) => response.url().includes('/import/preview'));
    await choose('then-001.TextGrid', grid.text);
    const body = (await (await answer).json()) as { wouldChange: boolean; changes: unknown[] };
    expect(body).toMatchObject({ wouldChange: false, changes: [] });
    const preview = page.getByRole('region', {
      name: 'What importing then-001.TextGrid would change',
    });
    await expect
      .poll(() => preview.textContent(), settle)
      .toContain('Nothing to change: the archive already holds everything in this file.');
    expect(await preview.getByRole('button', { name: 'Apply the import' }).isDisabled()).toBe(true);
    expect(await preview.locator('tr[data-kind]').count()).toBe(0);
    await expectAccessible('workspace with an empty preview');
    await preview.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => preview.count(), settle).toBe(0);
    expect(await head()).toBe(version);
  });
});

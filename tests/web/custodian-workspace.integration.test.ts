import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readObjectText } from '../../src/archive/object-files.js';
import type { Settings } from '../../src/infra/config/settings-schema.js';
import { MetadataPath } from '../../src/model/item-record.js';
import { sampleSpeechPath } from '../support/audio-fixtures.js';
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
import { ingestQuietly } from '../support/browser-media.js';

/**
 * A custodian of Nà Hang annotates the community's secret/sacred recording in the same
 * workspace as everyone else, in Chromium; then a member of another community and a
 * visitor look for it every way the app and the API offer, and nothing of it (title,
 * id, file, the annotation's words, that it has annotations) reaches them.
 */

const RITE = {
  id: 'qhyw-rite',
  title: 'Lượn Qhyw giữ kín',
  file: 'qhyw-kept.flac',
  note: 'Lời khấn Qhyw chỉ đọc trong đêm cúng',
  edited: 'Lời khấn Qhyw chỉ đọc trong đêm cúng tổ',
};
const MARKERS = ['Qhyw', RITE.id, 'qhyw-kept'];
const settle = { timeout: 30_000, interval: 100 };

/** Nà Hang's secret/sacred collection with one recording, ingested and processed for real. */
async function depositRite(folder: string, settings: Settings): Promise<void> {
  const rites = path.join(folder, 'na-hang');
  await mkdir(rites);
  await copyFile(sampleSpeechPath, path.join(rites, RITE.file));
  await writeFile(
    path.join(rites, 'collection.json'),
    JSON.stringify({
      id: 'na-hang-kept',
      title: 'Nà Hang kept rites',
      community: 'na-hang',
      languages: ['tyz'],
      defaultAccess: 'secret-sacred',
    }),
  );
  await writeFile(
    path.join(rites, 'items.csv'),
    [
      'id,title,languages,access,consent,files',
      `${RITE.id},${RITE.title},tyz,secret-sacred,archive; community-access,${RITE.file}`,
    ].join('\n'),
  );
  await ingestQuietly(rites, settings);
}

describe('a custodian annotates a secret/sacred item; nobody else learns of it', () => {
  let archive: BrowserArchive;
  let browser: Browser;
  const opened: { context: BrowserContext; traffic: PageTraffic }[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    archive = await openBrowserArchive({ deposit: depositRite });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await archive?.close();
  });

  afterEach(async () => {
    await Promise.all(opened.map(({ context }) => context.close()));
    opened.length = 0;
  });

  async function session(who?: { id: string; name: string }): Promise<{
    page: Page;
    traffic: PageTraffic;
  }> {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const traffic = recordTraffic(page);
    opened.push({ context, traffic });
    if (who) {
      await page.goto(`${archive.url}/sign-in`);
      await page.getByLabel(/^(account|tài khoản)$/i).fill(who.id);
      await page.getByLabel(/^(password|mật khẩu)$/i).fill(PASSWORD);
      await page.getByRole('button', { name: /^(sign in|đăng nhập)$/i }).click();
      await expect.poll(() => page.getByText(who.name).count(), settle).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'English' }).click();
    }
    return { page, traffic };
  }

  async function stored(): Promise<{ value: string; author: string; supersedes?: string }[]> {
    const text = await readObjectText(archive.storage.objects, RITE.id, MetadataPath.annotations);
    return (JSON.parse(text ?? '{"annotations":[]}') as { annotations: never[] }).annotations;
  }

  it('lets the custodian add and edit an annotation of the rite in the workspace', async () => {
    const { page } = await session(PEOPLE.custodian);
    await page.goto(`${archive.url}/items/${RITE.id}`);
    await page.getByRole('link', { name: 'Annotate' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent(), settle)
      .toContain(RITE.title);

    await page.getByRole('button', { name: 'Add a note about the whole item' }).click();
    const form = page.locator('.item-note form');
    await form.getByLabel('Type', { exact: true }).selectOption('ritual');
    await form.getByLabel('Text', { exact: true }).fill(RITE.note);
    await form.getByRole('button', { name: 'Add the note' }).click();
    const inspector = page.getByRole('region', { name: 'The chosen annotation' });
    const value = inspector.getByLabel('Text', { exact: true });
    await expect.poll(() => value.inputValue(), settle).toBe(RITE.note);

    await value.fill(RITE.edited);
    await inspector.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(async () => (await stored()).map((annotation) => annotation.value), settle)
      .toEqual([RITE.note, RITE.edited]);
    const [first, second] = await stored();
    expect(first?.author).toBe(PEOPLE.custodian.id);
    expect(second?.author).toBe(PEOPLE.custodian.id);
    expect(second?.supersedes).toBeDefined();
    expect(await seriousAxeViolations(page)).toEqual([]);
  }, 180_000);

  it('shows a member of another community and a visitor nothing of it, anywhere', async () => {
    const annotationId = (await stored())[0] as unknown as { id: string };
    for (const who of [PEOPLE.member, undefined]) {
      const { page, traffic } = await session(who);
      await page.goto(`${archive.url}/items/${RITE.id}/workspace`);
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent(), settle)
        .toMatch(/does not exist|không tồn tại/i);
      await page.goto(`${archive.url}/search?q=Qhyw`);
      await page.waitForLoadState('networkidle');
      await page.goto(`${archive.url}/`);
      await page.waitForLoadState('networkidle');
      // What a script in the page could ask for, straight from the API.
      const answers = (await page.evaluate(
        `Promise.all(${JSON.stringify([
          `/api/items/${RITE.id}`,
          `/api/items/${RITE.id}/annotations`,
          `/api/items/${RITE.id}/annotations/workspace`,
          `/api/items/${RITE.id}/annotations/${annotationId.id}/history`,
          `/api/items/${RITE.id}/annotations/export?format=eaf`,
          '/api/items/no-such-item/annotations/workspace',
          '/api/search?q=Qhyw',
          '/api/search?q=khấn',
          '/api/collections',
        ])}.map(async (address) => {
          const response = await fetch(address);
          return { address, status: response.status, body: await response.text() };
        }))`,
      )) as { address: string; status: number; body: string }[];
      const [item, annotations, workspace, history, exported, missing] = answers;
      for (const hidden of [item, annotations, workspace, history, exported])
        expect(hidden?.status).toBe(404);
      expect(workspace?.body).toBe(missing?.body?.replaceAll('no-such-item', RITE.id));
      await traffic.settled();
      const seen = [...traffic.bodies, ...answers.map((answer) => answer.body)].join('\n');
      for (const marker of [...MARKERS, 'khấn', 'Lời khấn'])
        expect(seen.includes(marker), `${who?.id ?? 'a visitor'} saw ${marker}`).toBe(false);
    }
  }, 180_000);
});

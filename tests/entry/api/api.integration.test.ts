import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/entry/api/build-api.js';
import { createAnnotation } from '../../../src/formats/index.js';
import { saveAnnotationRows } from '../../../src/infra/catalog/annotation-rows.js';
import { saveItemRecord } from '../../../src/infra/catalog/item-rows.js';
import { saveOcrPages } from '../../../src/infra/catalog/ocr-rows.js';
import type { Consent } from '../../../src/model/access.js';
import type { ItemRecord } from '../../../src/model/item-record.js';
import { openTestCatalog, type TestCatalog } from '../../support/databases.js';
import { type IsolatedQueues, openIsolatedQueues } from '../../support/redis.js';

const token = 'archivist-token-0123456789';
const everything: Consent = {
  uses: ['archive', 'community-access', 'public-access', 'ml-training'],
  withdrawn: false,
};

function record(
  id: string,
  accessProtocol: ItemRecord['item']['accessProtocol'],
  consent: Consent,
): ItemRecord {
  return {
    schemaVersion: 1,
    item: {
      id,
      collection: 'c',
      title: `Title of ${id} đàn tính`,
      languages: ['tyz'],
      contributors: [],
      accessProtocol,
      tkLabels: [],
      consent,
      files: [],
    },
    collection: { id: 'c', title: 'C', languages: [], defaultAccess: 'community' },
    extra: {},
    assets: [],
    steps: [],
    quarantined: [],
  };
}

describe('the HTTP API', () => {
  let catalog: TestCatalog;
  let queues: IsolatedQueues;
  let api: ReturnType<typeof buildApi>;

  beforeAll(async () => {
    catalog = await openTestCatalog('pglite');
    queues = await openIsolatedQueues();
    for (const item of [
      record('public-song', 'open', everything),
      record('no-public-consent', 'open', { uses: ['archive'], withdrawn: false }),
      record('withdrawn', 'open', { ...everything, withdrawn: true }),
      record('community-song', 'community', everything),
      record('sacred', 'secret-sacred', everything),
    ]) {
      await saveItemRecord(catalog.database, item, 'v1', 'ready');
    }
    const ritual = (item: string, value: string, startMs: number) =>
      createAnnotation({
        anchor: { kind: 'time', asset: `originals/${item}.flac`, startMs, endMs: startMs + 5_000 },
        type: 'ritual',
        value,
        terms: ['offering'],
        author: 'linguist',
      });
    await saveAnnotationRows(catalog.database, 'public-song', [
      ritual('public-song', 'Dâng lễ', 0),
      ritual('public-song', 'Mời then', 20_000),
    ]);
    await saveAnnotationRows(catalog.database, 'sacred', [ritual('sacred', 'Lễ cấm', 0)]);
    api = buildApi({
      settings: { ...queues.settings, api: { ...queues.settings.api, token } },
      catalog: catalog.database,
      queues: queues.runtime,
    });
  });

  afterAll(async () => {
    await api.close();
    await queues.cleanup();
    await catalog.dispose();
  });

  it('shows the public only items that are open and consented for public access', async () => {
    const response = await api.inject({ url: '/api/items' });
    expect(response.statusCode).toBe(200);
    expect(response.json().items.map((item: { id: string }) => item.id)).toEqual(['public-song']);
    expect((await api.inject({ url: '/api/items/sacred' })).statusCode).toBe(404);
    expect((await api.inject({ url: '/api/items/community-song' })).statusCode).toBe(404);
    expect((await api.inject({ url: '/api/items/public-song' })).json().title).toBe(
      'Title of public-song đàn tính',
    );
  });

  it('shows the admin token every item but secret/sacred and withdrawn ones, and searches without diacritics', async () => {
    const headers = { authorization: `Bearer ${token}` };
    const all = await api.inject({ url: '/api/items', headers });
    expect(all.json().items.map((item: { id: string }) => item.id)).toEqual([
      'community-song',
      'no-public-consent',
      'public-song',
    ]);
    const publicHits = await api.inject({ url: '/api/search?q=dan%20tinh' });
    expect(publicHits.json().hits.map((hit: { itemId: string }) => hit.itemId)).toEqual([
      'public-song',
    ]);
    const archivistHits = await api.inject({ url: '/api/search?q=dan%20tinh', headers });
    expect(archivistHits.json().hits).toHaveLength(3);
  });

  it('says where a hit is: the time span of an annotation, the page and line of OCR text', async () => {
    await saveOcrPages(catalog.database, 'public-song', 'originals/book.png', [
      { page: 2, text: 'Pỉ noọng\n\nlồng slam mừa chầu', meanConfidence: 80, needsReview: false },
    ]);
    const inTranscript = (await api.inject({ url: '/api/search?q=moi%20then' })).json().hits;
    expect(inTranscript).toEqual([
      expect.objectContaining({
        itemId: 'public-song',
        source: 'annotation',
        snippet: 'Mời then',
        asset: 'originals/public-song.flac',
        startMs: 20_000,
        endMs: 25_000,
        page: null,
        line: null,
      }),
    ]);
    const onPage = (await api.inject({ url: '/api/search?q=mua%20chau' })).json().hits;
    expect(onPage).toEqual([
      expect.objectContaining({
        source: 'ocr',
        snippet: 'lồng slam mừa chầu',
        asset: 'originals/book.png',
        page: 2,
        line: 2,
        startMs: null,
      }),
    ]);
  });

  it('serves the annotations of public items, by type, term and time range', async () => {
    const all = await api.inject({ url: '/api/items/public-song/annotations' });
    expect(
      all
        .json()
        .annotations.map((annotation: { value: string }) => annotation.value)
        .sort(),
    ).toEqual(['Dâng lễ', 'Mời then']);
    const later = await api.inject({
      url: '/api/items/public-song/annotations?type=ritual&term=offering&from=15&to=30',
    });
    expect(
      later.json().annotations.map((annotation: { value: string }) => annotation.value),
    ).toEqual(['Mời then']);
    expect((await api.inject({ url: '/api/items/sacred/annotations' })).statusCode).toBe(404);
  });

  it('reports job progress to archivists only', async () => {
    const job = await queues.runtime
      .queue('audio')
      .add('normalise-audio', { itemId: 'x' }, { jobId: 'progress-check' });
    await job.updateProgress(42);
    expect((await api.inject({ url: '/api/jobs/audio/progress-check' })).statusCode).toBe(401);
    const response = await api.inject({
      url: '/api/jobs/audio/progress-check',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.json()).toMatchObject({ id: 'progress-check', state: 'waiting', progress: 42 });
    expect((await api.inject({ url: '/api/health' })).json()).toEqual({ ok: true });
  });
});

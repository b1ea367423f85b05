import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Archive, openArchive } from '../../../src/archive/archive.js';
import { buildApi } from '../../../src/entry/api/build-api.js';
import { resolveCaller } from '../../../src/entry/api/resolve-caller.js';
import { ingestCommand } from '../../../src/entry/cli/commands/ingest-command.js';
import { createOutput } from '../../../src/entry/cli/output.js';
import { listAccessEvents } from '../../../src/infra/catalog/access-event-rows.js';
import type { Database } from '../../../src/infra/catalog/database.js';
import { type ItemFile, itemFilesOf } from '../../../src/infra/catalog/item-file-queries.js';
import { type Person, publicPerson } from '../../../src/model/person.js';
import { type IsolatedQueues, openIsolatedQueues } from '../../support/redis.js';
import { type RunningS3rver, startS3rver } from '../../support/s3rver.js';
import { openTestArchive, type TestArchive } from '../../support/test-archive.js';

/**
 * The media routes over the sample collection, ingested and processed for real
 * (ffmpeg access copies and peaks, tesseract OCR of a PNG and a G4 TIFF page), on the
 * filesystem store and on S3. Items: then-001 (open: recording, transcript, page
 * image), luon-002 (community), songbook-003 (open: TIFF page), then-004 (secret/sacred).
 */

const samples = path.resolve('samples/tay-songs');
const token = 'media-admin-token-0123456789';
const COMMUNITY = 'tay-cao-bang';
const COLLECTION = 'tay-songs-sample';
const silent = () =>
  createOutput(true, { write: () => true } as never, { write: () => true } as never);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const people: Record<string, Person> = {
  archivist: {
    kind: 'account',
    id: 'archivist',
    name: 'Archivist',
    grants: [{ role: 'archivist', collection: COLLECTION }],
  },
  custodian: {
    kind: 'account',
    id: 'elder',
    name: 'Elder',
    grants: [{ role: 'custodian', community: COMMUNITY }],
  },
  member: {
    kind: 'account',
    id: 'villager',
    name: 'Villager',
    grants: [{ role: 'member', community: COMMUNITY }],
  },
  outsider: {
    kind: 'account',
    id: 'outsider',
    name: 'Member elsewhere',
    grants: [{ role: 'member', community: 'another-community' }],
  },
  researcher: {
    kind: 'account',
    id: 'researcher',
    name: 'Researcher of another item',
    grants: [{ role: 'researcher', scope: { kind: 'item', item: 'luon-002' } }],
  },
};
const as = (who: string) => ({ 'x-test-person': who });
const admin = { authorization: `Bearer ${token}` };

/** Counts the catalog queries of each request: hidden and missing items must cost the same. */
function countingCatalog(database: Database): { database: Database; count: () => number } {
  let queries = 0;
  const counted: Database = new Proxy(database, {
    get(target, property, receiver) {
      if (property === 'query')
        return (...args: Parameters<Database['query']>) => {
          queries += 1;
          return target.query(...args);
        };
      return Reflect.get(target, property, receiver);
    },
  });
  return { database: counted, count: () => queries };
}

describe.each(['filesystem', 's3'] as const)('media routes on the %s store', (storage) => {
  let test: TestArchive;
  let s3: RunningS3rver | undefined;
  let queues: IsolatedQueues;
  let archive: Archive;
  let api: FastifyInstance;
  let queryCount: () => number;
  let files: Map<string, ItemFile[]>;

  const stored = async (itemId: string, logicalPath: string) =>
    buffer(await archive.objects.readFile(itemId, logicalPath));
  const fileOf = (itemId: string, predicate: (file: ItemFile) => boolean): ItemFile => {
    const found = files.get(itemId)?.find(predicate);
    if (!found) throw new Error(`no such file of ${itemId}`);
    return found;
  };
  const url = (itemId: string, logicalPath: string) =>
    `/api/items/${itemId}/files/${encodeURIComponent(logicalPath)}`;
  const accessCopy = (itemId: string) => fileOf(itemId, (file) => file.technical.use === 'access');

  beforeAll(async () => {
    if (storage === 's3') s3 = await startS3rver();
    test = await openTestArchive('postgres', s3 ? { s3: s3.settings } : {});
    const code = await ingestCommand(
      samples,
      { manifest: path.join(samples, 'items.csv') },
      test.settings,
      silent(),
    );
    expect(code).toBe(0);
    archive = await openArchive(test.settings);
    files = new Map();
    for (const id of ['then-001', 'luon-002', 'songbook-003', 'then-004'])
      files.set(id, await itemFilesOf(archive.catalog, id));
    queues = await openIsolatedQueues();
    const counting = countingCatalog(archive.catalog);
    queryCount = counting.count;
    api = buildApi({
      settings: { ...test.settings, api: { ...test.settings.api, token } },
      catalog: counting.database,
      queues: queues.runtime,
      resolveCaller: async (request) => {
        const name = request.headers['x-test-person'];
        if (typeof name === 'string') return people[name] ?? publicPerson;
        return resolveCaller(request, { adminToken: token });
      },
    });
  }, 240_000);

  afterAll(async () => {
    await api?.close();
    await archive?.close();
    await queues?.cleanup();
    await test?.cleanup();
    await s3?.stop();
  });

  it('lists viewing copies to viewers and originals only to staff of the collection', async () => {
    const listed = async (headers: Record<string, string>) =>
      (await api.inject({ url: '/api/items/then-001/files', headers })).json().files as {
        path: string;
        use: string;
        url: string;
      }[];
    const forPublic = await listed({});
    expect(forPublic.map((file) => file.use).sort()).toEqual(
      expect.arrayContaining(['access', 'peaks', 'alto', 'hocr', 'txt']),
    );
    expect(forPublic.some((file) => file.path.startsWith('originals/'))).toBe(false);
    expect(forPublic.some((file) => file.use === 'training')).toBe(false);
    for (const staff of [admin, as('archivist')]) {
      const paths = (await listed(staff)).map((file) => file.path);
      expect(paths).toEqual(expect.arrayContaining(['originals/then-001.flac']));
      expect(paths.length).toBe(files.get('then-001')?.length);
    }
    const access = forPublic.find((file) => file.use === 'access');
    expect(access?.url).toBe(url('then-001', accessCopy('then-001').path));
  });

  it('serves a whole file exactly as stored, with its length, type and sha256 ETag', async () => {
    const copy = accessCopy('then-001');
    const response = await api.inject({ url: url('then-001', copy.path) });
    expect(response.statusCode).toBe(200);
    expect(response.headers['accept-ranges']).toBe('bytes');
    expect(response.headers['content-type']).toBe(copy.mediaType);
    expect(response.headers['content-length']).toBe(String(copy.size));
    expect(response.headers.etag).toBe(`"${copy.sha256}"`);
    expect(sha256(response.rawPayload)).toBe(copy.sha256);
    expect(response.rawPayload.equals(await stored('then-001', copy.path))).toBe(true);

    const again = await api.inject({
      url: url('then-001', copy.path),
      headers: { 'if-none-match': `"${copy.sha256}"` },
    });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
  });

  it('answers ranges with exactly the bytes asked for, and 416 past the end', async () => {
    const copy = accessCopy('then-001');
    const whole = await stored('then-001', copy.path);
    const size = whole.length;
    const cases: [string, number, number][] = [
      ['bytes=0-99', 0, 99],
      ['bytes=100-', 100, size - 1],
      ['bytes=-500', size - 500, size - 1],
      [`bytes=${size - 10}-${size + 1000}`, size - 10, size - 1],
      [`bytes=${size - 1}-${size - 1}`, size - 1, size - 1],
    ];
    for (const [range, start, end] of cases) {
      const response = await api.inject({ url: url('then-001', copy.path), headers: { range } });
      expect(response.statusCode, range).toBe(206);
      expect(response.headers['content-range'], range).toBe(`bytes ${start}-${end}/${size}`);
      expect(response.headers['content-length'], range).toBe(String(end - start + 1));
      expect(response.rawPayload.equals(whole.subarray(start, end + 1)), range).toBe(true);
    }
    for (const range of [`bytes=${size}-`, `bytes=${size + 5}-${size + 10}`, 'bytes=-0']) {
      const response = await api.inject({ url: url('then-001', copy.path), headers: { range } });
      expect(response.statusCode, range).toBe(416);
      expect(response.headers['content-range'], range).toBe(`bytes */${size}`);
    }
    // A stale If-Range: the whole file.
    const stale = await api.inject({
      url: url('then-001', copy.path),
      headers: { range: 'bytes=0-9', 'if-range': '"0000"' },
    });
    expect(stale.statusCode).toBe(200);
    expect(stale.rawPayload.length).toBe(size);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const copy = accessCopy('then-001');
    const head = await api.inject({ method: 'HEAD', url: url('then-001', copy.path) });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-length']).toBe(String(copy.size));
    expect(head.headers['accept-ranges']).toBe('bytes');
    expect(head.rawPayload.length).toBe(0);
    const ranged = await api.inject({
      method: 'HEAD',
      url: url('then-001', copy.path),
      headers: { range: 'bytes=10-19' },
    });
    expect(ranged.statusCode).toBe(206);
    expect(ranged.headers['content-length']).toBe('10');
  });

  it("refuses originals to those who are not the collection's staff, and serves them to staff", async () => {
    const original = 'originals/then-001.flac';
    for (const headers of [{}, as('member'), as('custodian'), as('researcher')]) {
      const response = await api.inject({ url: url('then-001', original), headers });
      expect(response.statusCode).toBe(403);
      expect(response.body).not.toContain('then-001.flac');
    }
    for (const headers of [admin, as('archivist')]) {
      const response = await api.inject({ url: url('then-001', original), headers });
      expect(response.statusCode).toBe(200);
      expect(response.rawPayload.equals(await stored('then-001', original))).toBe(true);
    }
  });

  it('answers for a secret/sacred item byte for byte as for a missing one, after one catalog query', async () => {
    const secretCopy = accessCopy('then-004').path;
    const routesOf = (id: string) => [
      `/api/items/${id}/files`,
      url(id, secretCopy),
      url(id, 'originals/then-004.flac'),
      `/api/items/${id}/waveform`,
      `/api/items/${id}/pages/1/layout`,
      `/api/items/${id}/pages/1/image`,
      `/api/items/${id}/thumbnail`,
    ];
    for (const headers of [{}, as('outsider'), as('researcher'), as('member'), admin]) {
      for (const [hidden, missing] of routesOf('then-004').map(
        (route, index) => [route, routesOf('no-such-item')[index] as string] as const,
      )) {
        const before = queryCount();
        const secret = await api.inject({ url: hidden, headers });
        const queriesForSecret = queryCount() - before;
        const nothing = await api.inject({ url: missing, headers });
        const queriesForNothing = queryCount() - before - queriesForSecret;
        expect(secret.statusCode, hidden).toBe(404);
        expect(secret.body, hidden).toBe(nothing.body);
        expect(secret.headers['content-type']).toBe(nothing.headers['content-type']);
        expect(secret.headers['content-length']).toBe(nothing.headers['content-length']);
        expect([queriesForSecret, queriesForNothing], hidden).toEqual([1, 1]);
        expect(secret.body).not.toMatch(/then-004|\.flac|\.webm|\.json/);
      }
    }
    // Its community's custodian listens to it (the access copy), but takes no original out.
    const listened = await api.inject({
      url: url('then-004', secretCopy),
      headers: as('custodian'),
    });
    expect(listened.statusCode).toBe(200);
    const original = await api.inject({
      url: url('then-004', 'originals/then-004.flac'),
      headers: as('custodian'),
    });
    expect(original.statusCode).toBe(403);
  });

  it('refuses paths that leave the item, and knows no file the catalog does not list', async () => {
    for (const bad of ['../../etc/passwd', 'originals/../inventory.json', '/etc/passwd', 'a//b']) {
      const response = await api.inject({
        url: `/api/items/then-001/files/${encodeURIComponent(bad)}`,
        headers: admin,
      });
      expect(response.statusCode, bad).toBe(400);
      expect(response.json().invalidParams[0].name, bad).toBe('path');
    }
    const inventory = await api.inject({ url: url('then-001', 'inventory.json'), headers: admin });
    const missing = await api.inject({ url: '/api/items/no-such-item/files', headers: admin });
    expect(inventory.statusCode).toBe(404);
    expect(inventory.body).toBe(missing.body);
  });

  it("gives a recording's waveform as wavesurfer.js takes it, with its access copy", async () => {
    const response = await api.inject({ url: '/api/items/then-001/waveform' });
    expect(response.statusCode).toBe(200);
    const waveform = response.json();
    const original = fileOf('then-001', (file) => file.path === 'originals/then-001.flac');
    expect(waveform.recording).toBe(original.path);
    expect(waveform.duration).toBeCloseTo(original.technical.durationSeconds as number, 1);
    expect(waveform.peaks).toHaveLength(1);
    const values: number[] = waveform.peaks[0];
    const peaksFile = fileOf('then-001', (file) => file.technical.use === 'peaks');
    const storedPeaks = JSON.parse((await stored('then-001', peaksFile.path)).toString('utf8'));
    expect(values).toHaveLength(storedPeaks.data.length);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...values)).toBeLessThanOrEqual(1);
    expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0.05); // speech, not silence
    const audio = await api.inject({ url: waveform.audio.url });
    expect(sha256(audio.rawPayload)).toBe(accessCopy('then-001').sha256);
    const missingTrack = await api.inject({ url: '/api/items/then-001/waveform?track=7' });
    expect(missingTrack.statusCode).toBe(404);

    // For a player that shows the whole recording: fewer peaks, the same extremes.
    const coarse = (
      await api.inject({ url: '/api/items/then-001/waveform?pixels=25' })
    ).json() as typeof waveform;
    const coarseValues: number[] = coarse.peaks[0];
    expect(coarseValues.length).toBeLessThanOrEqual(50);
    expect(coarseValues.length).toBeGreaterThanOrEqual(40);
    expect(Math.min(...coarseValues)).toBe(Math.min(...values));
    expect(Math.max(...coarseValues)).toBe(Math.max(...values));
    expect(coarse.duration).toBe(waveform.duration);
    expect(coarse.samplesPerPixel).toBeGreaterThan(waveform.samplesPerPixel);
    const refused = await api.inject({ url: '/api/items/then-001/waveform?pixels=0' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('pixels');
  });

  it("gives a scanned page's OCR layout and an image of the page it fits", async () => {
    for (const id of ['songbook-003', 'then-001']) {
      const response = await api.inject({ url: `/api/items/${id}/pages/1/layout` });
      expect(response.statusCode, id).toBe(200);
      const layout = response.json();
      const words = layout.lines.flatMap((line: { words: unknown[] }) => line.words);
      expect(words.length, id).toBeGreaterThan(3);
      for (const word of words as {
        box: { x: number; y: number; width: number; height: number };
        confidence: number;
      }[]) {
        expect(word.box.x + word.box.width).toBeLessThanOrEqual(layout.width);
        expect(word.box.y + word.box.height).toBeLessThanOrEqual(layout.height);
        expect(word.confidence).toBeGreaterThanOrEqual(0);
        expect(word.confidence).toBeLessThanOrEqual(1);
      }
      const image = await api.inject({ url: layout.imageUrl });
      expect(image.statusCode, id).toBe(200);
      const { width, height, format } = await sharp(image.rawPayload).metadata();
      expect(format).toBe('png');
      expect(
        layout.rotation === 90 || layout.rotation === 270 ? [height, width] : [width, height],
      ).toEqual([layout.width, layout.height]);
    }
    const pageTwo = await api.inject({ url: '/api/items/songbook-003/pages/2/layout' });
    expect(pageTwo.statusCode).toBe(404);
  });

  it('gives a thumbnail of the first scan, made once and kept by its digest, and lists what it shows', async () => {
    const first = await api.inject({ url: '/api/items/songbook-003/thumbnail' });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('image/webp');
    const { width, format } = await sharp(first.rawPayload).metadata();
    expect([format, width]).toEqual(['webp', 240]);
    const scan = fileOf('songbook-003', (file) => file.role === 'scan');
    const kept = path.join(test.settings.dataDir, 'thumbnails', `${scan.sha256}.webp`);
    expect(await readFile(kept)).toEqual(first.rawPayload);
    const again = await api.inject({
      url: '/api/items/songbook-003/thumbnail',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
    const asked = await api.inject({ method: 'HEAD', url: '/api/items/then-001/thumbnail' });
    expect([asked.statusCode, asked.headers['content-type'], asked.body]).toEqual([
      200,
      'image/webp',
      '',
    ]);
    const none = await api.inject({ url: '/api/items/luon-002/thumbnail', headers: admin });
    expect(none.statusCode).toBe(404);

    const listed = (await api.inject({ url: '/api/items', headers: admin })).json().items as {
      id: string;
      durationSeconds: number | null;
      scanPages: number;
      hasThumbnail: boolean;
    }[];
    const byId = new Map(listed.map((item) => [item.id, item]));
    expect(byId.get('songbook-003')).toMatchObject({ scanPages: 1, hasThumbnail: true });
    expect(byId.get('luon-002')).toMatchObject({ scanPages: 0, hasThumbnail: false });
    const recording = fileOf('luon-002', (file) => file.role === 'recording');
    expect(byId.get('luon-002')?.durationSeconds).toBeCloseTo(
      recording.technical.durationSeconds as number,
      3,
    );
  });

  it('records one media access event per read of a non-open item, none for open items', async () => {
    const events = async () =>
      (
        await listAccessEvents(archive.catalog, {
          communities: 'all',
          secretSacredOf: 'all',
          limit: 1000,
        })
      ).filter((event) => event.what === 'media');
    const before = await events();
    await api.inject({ url: url('then-001', accessCopy('then-001').path) });
    expect(await events()).toHaveLength(before.length);
    const copy = url('luon-002', accessCopy('luon-002').path);
    await api.inject({ url: copy, headers: as('member') });
    await api.inject({ url: copy, headers: { ...as('member'), range: 'bytes=0-99' } });
    await api.inject({ method: 'HEAD', url: copy, headers: as('member') });
    await api.inject({
      method: 'HEAD',
      url: '/api/items/luon-002/waveform',
      headers: as('member'),
    });
    await api.inject({ url: '/api/items/luon-002/waveform', headers: as('member') });
    const after = (await events()).slice(0, (await events()).length - before.length);
    expect(after.map((event) => `${event.who} ${event.itemId}`)).toEqual(
      Array(3).fill('villager luon-002'),
    );
  });
});

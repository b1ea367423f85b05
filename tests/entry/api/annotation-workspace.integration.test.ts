import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/entry/api/build-api.js';
import { resolveCaller } from '../../../src/entry/api/resolve-caller.js';
import { ingestCommand } from '../../../src/entry/cli/commands/ingest-command.js';
import { openServices, type Services } from '../../../src/entry/services.js';
import { serializeTextGrid, type TimedTier } from '../../../src/formats/index.js';
import type { Grant, Person } from '../../../src/model/person.js';
import { recordingOutput, silentFlac } from '../../support/annotation-archive.js';
import { writeDeposit } from '../../support/deposit.js';
import { makeTempDir } from '../../support/redis.js';
import { openTestArchive, type TestArchive } from '../../support/test-archive.js';

/**
 * The annotator's workspace over HTTP: it reads every current annotation from the
 * item's object (beyond the catalog's page of 500), saves several changes as one object
 * version or none, and retires annotations without losing them.
 */

const COMMUNITY = 'khau-village';
const SECRET = 'kept-rite';
const SEGMENTS = 600;

const account = (id: string, grants: Grant[]): Person => ({
  kind: 'account',
  id,
  name: id,
  grants,
});
const people: Record<string, Person> = {
  linguist: account('linguist', [{ role: 'member', community: COMMUNITY }]),
  elder: account('elder', [{ role: 'custodian', community: COMMUNITY }]),
  archivist: account('archivist', [{ role: 'archivist', collection: 'khau-songs' }]),
};

const manifest = `id,title,languages,access,consent,files
village-song,Village song,tyz,community,archive; community-access,village-song.flac
${SECRET},Xqwv kept rite,tyz,secret-sacred,archive,${SECRET}.flac
open-song,Open song,tyz,open,archive; community-access; public-access,open-song.flac
`;

/** One tier of SEGMENTS one-second words: more than the catalog's search answers at once. */
const words: TimedTier[] = [
  {
    name: 'words',
    kind: 'interval',
    segments: Array.from({ length: SEGMENTS }, (_, index) => ({
      startMs: index * 1000,
      endMs: index * 1000 + 900,
      text: `từ ${index}`,
    })),
  },
];

interface WorkspaceAnnotation {
  id: string;
  value: string;
  anchor: { kind: string; startMs?: number; endMs?: number };
  tier?: string;
  author?: string;
  created?: string;
  supersedes?: string;
}

describe('the annotation workspace over HTTP (pglite catalog)', () => {
  let archive: TestArchive;
  let services: Services;
  let api: FastifyInstance;
  const cleanups: (() => Promise<void>)[] = [];

  const call = (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    api.inject({
      method,
      url,
      headers: {
        ...(who === 'public' ? {} : { 'x-test-as': who }),
        ...(typeof payload === 'string' ? { 'content-type': 'text/plain' } : {}),
      },
      ...(payload === undefined
        ? {}
        : typeof payload === 'string'
          ? { payload }
          : { payload: payload as object }),
    });
  const head = async (itemId: string) => (await services.archive.objects.getInventory(itemId)).head;
  const workspace = async (who: string, itemId: string) => {
    const answer = await call(who, 'GET', `/api/items/${itemId}/annotations/workspace`);
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json() as { itemId: string; version: string; annotations: WorkspaceAnnotation[] };
  };
  beforeAll(async () => {
    archive = await openTestArchive('pglite');
    cleanups.push(archive.cleanup);
    const deposit = await makeTempDir('workspace-deposit');
    cleanups.push(deposit.remove);
    await writeDeposit(deposit.dir, {
      'collection.json': JSON.stringify({
        id: 'khau-songs',
        title: 'Khau songs',
        community: COMMUNITY,
        languages: ['tyz'],
        defaultAccess: 'community',
      }),
      'items.csv': manifest,
    });
    await silentFlac(path.join(deposit.dir, 'village-song.flac'), SEGMENTS + 10);
    await silentFlac(path.join(deposit.dir, `${SECRET}.flac`), 10);
    await silentFlac(path.join(deposit.dir, 'open-song.flac'), 10);
    await ingestCommand(
      deposit.dir,
      { manifest: path.join(deposit.dir, 'items.csv'), wait: false, workers: false },
      archive.settings,
      recordingOutput(),
    );
    services = await openServices(archive.settings);
    cleanups.push(() => services.close());
    api = buildApi({
      settings: archive.settings,
      catalog: services.archive.catalog,
      queues: services.queues,
      archive: services.archive,
      locks: services.locks,
      // Stands in for sign-in: the person named by a test header.
      resolveCaller: async (request) => {
        const named = request.headers['x-test-as'];
        const person = typeof named === 'string' ? people[named] : undefined;
        return person ?? resolveCaller(request, { adminToken: undefined });
      },
    });
    cleanups.push(() => api.close());
    const imported = await call(
      'linguist',
      'POST',
      '/api/items/village-song/annotations/import?name=words.TextGrid',
      serializeTextGrid(words),
    );
    expect(imported.statusCode, imported.body).toBe(201);
  }, 180_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('reads every current annotation from the object, with its tier, and authors for annotators only', async () => {
    const read = await workspace('linguist', 'village-song');
    expect(read.version).toBe(await head('village-song'));
    expect(read.annotations).toHaveLength(SEGMENTS);
    // The catalog's search stops at 500: the workspace does not.
    const searched = await call('linguist', 'GET', '/api/items/village-song/annotations');
    expect(searched.json().annotations.length).toBeLessThan(SEGMENTS);
    const last = read.annotations.find((annotation) => annotation.value === `từ ${SEGMENTS - 1}`);
    expect(last).toMatchObject({
      tier: 'words',
      author: 'linguist',
      anchor: { kind: 'time', startMs: (SEGMENTS - 1) * 1000 },
    });
    expect(last?.created).toMatch(/^\d{4}-/);

    const rows = await services.archive.catalog.query<{ who: string }>(
      "SELECT who FROM access_events WHERE item_id = 'village-song' AND what = 'annotations'",
    );
    expect(rows.map((row) => row.who)).toContain('linguist');

    const added = await call('archivist', 'POST', '/api/items/open-song/annotations', {
      type: 'note',
      value: 'Mở',
    });
    expect(added.statusCode, added.body).toBe(201);
    const open = await workspace('public', 'open-song');
    expect(open.annotations).toHaveLength(1);
    expect(open.annotations[0]?.author).toBeUndefined();
    expect(open.annotations[0]?.created).toBeUndefined();
  });

  it('answers a member a missing item’s 404 for a secret/sacred item', async () => {
    const created = await call('elder', 'POST', `/api/items/${SECRET}/annotations`, {
      type: 'symbol',
      value: 'Xqwv ngựa thần',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().annotation.id as string;
    expect((await workspace('elder', SECRET)).annotations.map((a) => a.id)).toEqual([id]);
    const version = await head(SECRET);
    for (const who of ['linguist', 'public']) {
      const read = await call(who, 'GET', `/api/items/${SECRET}/annotations/workspace`);
      const readMissing = await call(who, 'GET', '/api/items/no-such/annotations/workspace');
      expect(read.statusCode, who).toBe(404);
      expect(read.body, who).toBe(readMissing.body);
      for (const body of [read.body]) {
        expect(body).not.toContain('Xqwv');
        expect(body).not.toContain(SECRET);
      }
    }
    expect(await head(SECRET)).toBe(version);
  });
});

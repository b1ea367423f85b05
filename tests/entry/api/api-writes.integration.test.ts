import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/entry/api/build-api.js';
import { resolveCaller } from '../../../src/entry/api/resolve-caller.js';
import { ingestCommand } from '../../../src/entry/cli/commands/ingest-command.js';
import { openServices, type Services } from '../../../src/entry/services.js';
import { parseEaf, serializeTextGrid, type TimedTier } from '../../../src/formats/index.js';
import { saveItemRecord } from '../../../src/infra/catalog/item-rows.js';
import type { ItemRecord } from '../../../src/model/item-record.js';
import type { Grant, Person } from '../../../src/model/person.js';
import { corpusEaf, recordingOutput, silentFlac } from '../../support/annotation-archive.js';
import { itWithCorpus } from '../../support/corpus-tests.js';
import { databaseKinds } from '../../support/databases.js';
import { writeDeposit } from '../../support/deposit.js';
import { makeTempDir } from '../../support/redis.js';
import { openTestArchive, type TestArchive } from '../../support/test-archive.js';

/**
 * The API's writes go through the CLI's use cases: each is the item's next object
 * version, the catalog follows, the author is the caller's account, and whoever may not
 * see an item gets the same 404 as for a missing one.
 */

const token = 'archivist-token-0123456789';
const COMMUNITY = 'khau-village';
const SECRET = 'kept-rite';

const account = (id: string, grants: Grant[]): Person => ({
  kind: 'account',
  id,
  name: id,
  grants,
});
const people: Record<string, Person> = {
  linguist: account('linguist', [{ role: 'member', community: COMMUNITY }]),
  elder: account('elder', [{ role: 'custodian', community: COMMUNITY }]),
  outsider: account('outsider', [{ role: 'member', community: 'other-village' }]),
  researcher: account('researcher', [
    { role: 'researcher', scope: { kind: 'collection', collection: 'khau-songs' } },
  ]),
  archivist: account('archivist', [{ role: 'archivist', collection: 'khau-songs' }]),
};
const as = (who: string): Record<string, string> =>
  who === 'admin'
    ? { authorization: `Bearer ${token}` }
    : who === 'public'
      ? {}
      : { 'x-test-as': who };

const manifest = `id,title,languages,access,consent,files
village-song,Village song,tyz,community,archive; community-access,village-song.flac
${SECRET},Xqwv kept rite,tyz,secret-sacred,archive,${SECRET}.flac
open-song,Open song,tyz,open,archive; community-access; public-access,open-song.flac
`;

const vocabulary = {
  id: 'khau-terms',
  terms: [
    { id: 'offering', labels: { vi: 'lễ vật', en: 'offering' } },
    { id: 'spirit-horse', labels: { en: 'spirit horse' }, broader: ['offering'] },
  ],
};

/** A collection whose only item is secret/sacred to another community: in the catalog only. */
function hiddenRecord(): ItemRecord {
  return {
    schemaVersion: 1,
    item: {
      id: 'other-rite',
      collection: 'other-rites',
      title: 'Other rite',
      languages: [],
      contributors: [],
      accessProtocol: 'secret-sacred',
      tkLabels: [],
      consent: { uses: ['archive'], withdrawn: false },
      files: [],
    },
    collection: {
      id: 'other-rites',
      title: 'Other rites',
      community: 'other-village',
      languages: [],
      defaultAccess: 'secret-sacred',
    },
    extra: {},
    assets: [],
    steps: [],
    quarantined: [],
  };
}

const twoTiers: TimedTier[] = [
  {
    name: 'transcription',
    kind: 'interval',
    segments: [
      { startMs: 0, endMs: 2000, text: 'Mời then xuống' },
      { startMs: 2000, endMs: 4500, text: 'Dâng lễ vật' },
    ],
  },
  {
    name: 'translation',
    kind: 'interval',
    segments: [{ startMs: 0, endMs: 2000, text: 'Inviting the spirits down' }],
  },
];

describe.each(databaseKinds)('writing through the HTTP API (%s catalog)', (kind) => {
  let archive: TestArchive;
  let services: Services;
  let api: FastifyInstance;
  const cleanups: (() => Promise<void>)[] = [];

  const call = (
    who: string,
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    api.inject({
      method,
      url,
      headers: { ...as(who), ...headers },
      ...(payload === undefined
        ? {}
        : typeof payload === 'string' || Buffer.isBuffer(payload)
          ? { payload }
          : { payload: payload as object }),
    });
  const head = async (itemId: string) => (await services.archive.objects.getInventory(itemId)).head;

  beforeAll(async () => {
    archive = await openTestArchive(kind);
    cleanups.push(archive.cleanup);
    const deposit = await makeTempDir('api-writes-deposit');
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
    // 20 minutes of silence: the corpus ELAN file's spans reach 1,199 s.
    await silentFlac(path.join(deposit.dir, 'village-song.flac'), 1200);
    await silentFlac(path.join(deposit.dir, `${SECRET}.flac`), 10);
    await silentFlac(path.join(deposit.dir, 'open-song.flac'), 10);
    await ingestCommand(
      deposit.dir,
      { manifest: path.join(deposit.dir, 'items.csv'), wait: false, workers: false },
      archive.settings,
      recordingOutput(),
    );
    // After the ingest: the embedded catalog has one holder at a time.
    services = await openServices(archive.settings);
    cleanups.push(() => services.close());
    await saveItemRecord(services.archive.catalog, hiddenRecord(), 'v1', 'ready');
    api = buildApi({
      settings: { ...archive.settings, api: { ...archive.settings.api, token } },
      catalog: services.archive.catalog,
      queues: services.queues,
      archive: services.archive,
      locks: services.locks,
      // Stands in for sign-in: the person named by a test header.
      resolveCaller: async (request) => {
        const named = request.headers['x-test-as'];
        const person = typeof named === 'string' ? people[named] : undefined;
        return person ?? resolveCaller(request, { adminToken: token });
      },
    });
    cleanups.push(() => api.close());
  }, 120_000);

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('stores a vocabulary for admins and the collection archivists, once however often it is sent', async () => {
    const body = JSON.stringify(vocabulary);
    const json = { 'content-type': 'application/json' };
    const first = await call(
      'archivist',
      'PUT',
      '/api/vocabularies/khau-songs?name=khau.json',
      body,
      json,
    );
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ id: 'khau-terms', changed: true, terms: 2 });
    const again = await call(
      'archivist',
      'PUT',
      '/api/vocabularies/khau-songs?name=khau.json',
      body,
      json,
    );
    expect(again.json()).toMatchObject({ changed: false, version: first.json().version });

    // The linguist sees the collection but does not keep it; no-one sees other-rites.
    expect(
      (await call('linguist', 'PUT', '/api/vocabularies/khau-songs', body, json)).statusCode,
    ).toBe(403);
    const hidden = await call('linguist', 'PUT', '/api/vocabularies/other-rites', body, json);
    const unknown = await call('linguist', 'PUT', '/api/vocabularies/no-such', body, json);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(unknown.body);

    const csv =
      'id,broader,label@vi,label@en\noffering,,lễ vật,offering\nspirit-horse,offering,,spirit horse\nchant,,bài cúng,\n';
    const fromCsv = await call(
      'admin',
      'PUT',
      '/api/vocabularies/khau-songs?name=khau-terms.csv',
      csv,
      {
        'content-type': 'text/csv',
      },
    );
    expect(fromCsv.statusCode, fromCsv.body).toBe(200);
    expect(fromCsv.json()).toMatchObject({ id: 'khau-terms', changed: true, terms: 3 });

    const listed = await call('public', 'GET', '/api/vocabularies');
    expect(listed.json().vocabularies).toEqual([
      { collection: 'khau-songs', id: 'khau-terms', version: fromCsv.json().version, terms: 3 },
    ]);
    const terms = await call('linguist', 'GET', '/api/vocabularies/khau-songs');
    expect(terms.json().terms.map((term: { id: string }) => term.id)).toEqual([
      'offering',
      'spirit-horse',
      'chant',
    ]);
    expect(terms.json().terms[1].broader).toEqual(['offering']);

    const bad = await call(
      'archivist',
      'PUT',
      '/api/vocabularies/khau-songs',
      '{"id": "x", "terms": [{"id": "a b", "labels": {}}]}',
      json,
    );
    expect(bad.statusCode).toBe(422);
    expect(bad.json().problems[0].where).toBe('vocabulary.json');
  });

  it('lets a community linguist annotate a community item, as its author, once however often it is sent', async () => {
    const before = await head('village-song');
    const note = {
      type: 'ritual',
      value: 'Lời mời tổ tiên',
      terms: ['offering'],
      anchor: { kind: 'time', startMs: 1000, endMs: 4000 },
    };
    const created = await call('linguist', 'POST', '/api/items/village-song/annotations', note);
    expect(created.statusCode, created.body).toBe(201);
    const answer = created.json();
    expect(answer.annotation).toMatchObject({ author: 'linguist', value: 'Lời mời tổ tiên' });
    expect(answer.annotation.anchor).toEqual({
      kind: 'time',
      asset: 'originals/village-song.flac',
      startMs: 1000,
      endMs: 4000,
    });
    expect(answer.version).not.toBe(before);
    expect(await head('village-song')).toBe(answer.version);

    const retried = await call('linguist', 'POST', '/api/items/village-song/annotations', note);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ changed: false, version: answer.version });
    expect(retried.json().annotation.id).toBe(answer.annotation.id);

    const listed = await call('linguist', 'GET', '/api/items/village-song/annotations?type=ritual');
    expect(listed.json().annotations.map((a: { id: string }) => a.id)).toEqual([
      answer.annotation.id,
    ]);

    const edit = { value: 'Lời mời tổ tiên về ăn lễ' };
    const url = `/api/items/village-song/annotations/${answer.annotation.id}/supersede`;
    const edited = await call('linguist', 'POST', url, edit);
    expect(edited.statusCode, edited.body).toBe(201);
    expect(edited.json().annotation).toMatchObject({
      supersedes: answer.annotation.id,
      terms: ['offering'],
    });
    const editedAgain = await call('linguist', 'POST', url, edit);
    expect(editedAgain.json()).toMatchObject({ changed: false, version: edited.json().version });
    const other = await call('linguist', 'POST', url, { value: 'something else' });
    expect(other.statusCode).toBe(409);

    const history = await call(
      'linguist',
      'GET',
      `/api/items/village-song/annotations/${edited.json().annotation.id}/history`,
    );
    expect(history.statusCode).toBe(200);
    expect(history.json().versions.map((v: { value: string }) => v.value)).toEqual([
      'Lời mời tổ tiên',
      'Lời mời tổ tiên về ăn lễ',
    ]);

    const unknownTerm = await call('linguist', 'POST', '/api/items/village-song/annotations', {
      ...note,
      terms: ['not-a-term'],
    });
    expect(unknownTerm.statusCode).toBe(422);
    expect(unknownTerm.json().problems[0]).toMatchObject({ field: 'terms' });
  });

  it('lets the custodian annotate a secret/sacred item and read its history; everyone else gets a missing item’s 404', async () => {
    const created = await call('elder', 'POST', `/api/items/${SECRET}/annotations`, {
      type: 'symbol',
      value: 'Con ngựa thần',
      terms: ['spirit-horse'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().annotation.id as string;
    const history = await call('elder', 'GET', `/api/items/${SECRET}/annotations/${id}/history`);
    expect(history.json().versions).toHaveLength(1);
    expect(history.json().versions[0].author).toBe('elder');
    const version = await head(SECRET);

    const attempt = { type: 'note', value: 'Xqwv' };
    for (const who of ['outsider', 'researcher', 'public', 'linguist', 'archivist', 'admin']) {
      const annotate = await call(who, 'POST', `/api/items/${SECRET}/annotations`, attempt);
      const missing = await call(who, 'POST', '/api/items/no-such-item/annotations', attempt);
      expect(annotate.statusCode, who).toBe(404);
      expect(annotate.body, who).toBe(missing.body);
      const read = await call(who, 'GET', `/api/items/${SECRET}/annotations/${id}/history`);
      const readMissing = await call(
        who,
        'GET',
        `/api/items/no-such-item/annotations/${id}/history`,
      );
      expect(read.statusCode, who).toBe(404);
      expect(read.body, who).toBe(readMissing.body);
      for (const body of [annotate.body, read.body]) {
        expect(body).not.toContain('Xqwv');
        expect(body).not.toContain(SECRET);
      }
    }
    expect(await head(SECRET)).toBe(version);
  });

  it('answers 403 to a caller who may view the item but not do this', async () => {
    const open = await call('public', 'POST', '/api/items/open-song/annotations', {
      type: 'note',
      value: 'hello',
    });
    expect(open.statusCode).toBe(403);
    expect(open.json().detail).toBe('you may not annotate this item');
    const edit = await call('linguist', 'PATCH', '/api/items/village-song', { title: 'Mine' });
    expect(edit.statusCode).toBe(403);
    const exported = await call(
      'public',
      'GET',
      '/api/items/open-song/annotations/export?format=vtt',
    );
    expect(exported.statusCode).toBe(403);
    const researcher = await call('researcher', 'PATCH', '/api/items/village-song', { title: 'x' });
    expect(researcher.statusCode).toBe(404);
  });

  it('edits metadata as a new object version the catalog shows; an identical retry writes no version', async () => {
    const before = await head('open-song');
    const edit = {
      title: 'Bài lượn đêm trăng',
      place: 'Trùng Khánh',
      date: 'c. 1998',
      languages: ['TYZ', 'vie'],
      contributors: [{ name: 'Singer A', role: 'singer' }],
      reason: 'title from the singer',
    };
    const changed = await call('archivist', 'PATCH', '/api/items/open-song', edit);
    expect(changed.statusCode, changed.body).toBe(200);
    const answer = changed.json();
    expect(answer.changed).toBe(true);
    expect(answer.version).not.toBe(before);
    expect(answer.changes.date).toEqual({ from: null, to: '1998~' });
    expect(answer.changes.languages).toEqual({ from: ['tyz'], to: ['tyz', 'vie'] });
    expect(await head('open-song')).toBe(answer.version);

    const item = (await call('archivist', 'GET', '/api/items/open-song')).json();
    expect(item).toMatchObject({ title: 'Bài lượn đêm trăng', objectVersion: answer.version });
    expect(item.metadata).toMatchObject({ place: 'Trùng Khánh', date: '1998~' });
    expect(item.events.at(-1)).toMatchObject({ type: 'metadata modification', agent: 'archivist' });
    const seen = (await call('public', 'GET', '/api/items/open-song')).json();
    expect(seen.title).toBe('Bài lượn đêm trăng');

    const retried = await call('archivist', 'PATCH', '/api/items/open-song', edit);
    expect(retried.json()).toEqual({
      itemId: 'open-song',
      changed: false,
      version: answer.version,
      changes: {},
    });
    expect(await head('open-song')).toBe(answer.version);

    const cleared = await call('admin', 'PATCH', '/api/items/open-song', { place: null });
    expect(cleared.json().changes).toEqual({ place: { from: 'Trùng Khánh', to: null } });

    const sneaky = await call('archivist', 'PATCH', '/api/items/open-song', {
      title: 'x',
      accessProtocol: 'secret-sacred',
    });
    expect(sneaky.statusCode).toBe(400);
    expect(sneaky.json().detail).toMatch(/accessProtocol.*PATCH \/items\/:id\/access/);
    const badDate = await call('archivist', 'PATCH', '/api/items/open-song', { date: 'someday' });
    expect(badDate.json().invalidParams[0].name).toBe('date');
  });

  it('changes the access protocol only as an explicit act with a reason, recorded with who and why', async () => {
    const url = '/api/items/open-song/access';
    expect(
      (await call('archivist', 'PATCH', url, { accessProtocol: 'community' })).statusCode,
    ).toBe(400);
    const raised = await call('archivist', 'PATCH', url, {
      accessProtocol: 'community',
      reason: 'the family asked',
    });
    expect(raised.statusCode, raised.body).toBe(200);
    expect(raised.json().changes).toEqual({ accessProtocol: { from: 'open', to: 'community' } });
    expect((await call('public', 'GET', '/api/items/open-song')).statusCode).toBe(404);

    const lowered = { accessProtocol: 'open', reason: 'the family agreed again' };
    const unconfirmed = await call('archivist', 'PATCH', url, lowered);
    expect(unconfirmed.statusCode).toBe(409);
    expect(unconfirmed.json().detail).toMatch(/lowerProtection/);
    const confirmed = await call('archivist', 'PATCH', url, { ...lowered, lowerProtection: true });
    expect(confirmed.statusCode).toBe(200);
    const events = (await call('archivist', 'GET', '/api/items/open-song')).json().events;
    expect(events.at(-1)).toMatchObject({ type: 'metadata modification', agent: 'archivist' });
    expect(events.at(-1).detail).toMatch(/Reason: the family agreed again/);

    expect(
      (await call('elder', 'PATCH', url, { accessProtocol: 'restricted', reason: 'x' })).statusCode,
    ).toBe(403);
    const moved = await call('archivist', 'PATCH', url, { collection: 'other-rites', reason: 'x' });
    expect(moved.statusCode).toBe(403);
  });

  it('imports a TextGrid with a report per tier, exports it, and the export brings nothing new', async () => {
    const textGrid = serializeTextGrid(twoTiers);
    const url =
      '/api/items/open-song/annotations/import?name=open-song.TextGrid&tierType=translation=translation';
    const imported = await call('archivist', 'POST', url, textGrid, {
      'content-type': 'text/plain',
    });
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toMatchObject({ changed: true, read: 3, added: 3, edited: 0 });
    expect(imported.json().tiers).toEqual([
      { tier: 'transcription', read: 2, added: 2, superseded: 0, unchanged: 0, skipped: [] },
      { tier: 'translation', read: 1, added: 1, superseded: 0, unchanged: 0, skipped: [] },
    ]);
    const exported = await call(
      'archivist',
      'GET',
      '/api/items/open-song/annotations/export?format=textgrid',
    );
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/^text\/praat-textgrid/);
    expect(exported.headers['content-disposition']).toMatch(/filename="open-song\.TextGrid"/);
    expect(exported.body).toContain('Dâng lễ vật');
    const before = await head('open-song');
    const back = await call(
      'archivist',
      'POST',
      '/api/items/open-song/annotations/import?name=again.TextGrid&tierType=translation=translation',
      exported.rawPayload,
      { 'content-type': 'application/octet-stream' },
    );
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json()).toMatchObject({ changed: false, added: 0, unchanged: 3 });
    expect(await head('open-song')).toBe(before);

    const tooLong = 'WEBVTT\n\n00:00:01.000 --> 00:00:30.000\nlonger than the song\n';
    const refused = await call(
      'archivist',
      'POST',
      '/api/items/open-song/annotations/import?format=vtt',
      tooLong,
      { 'content-type': 'text/vtt' },
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.json().problems.length).toBeGreaterThan(0);
    const huge = Buffer.alloc(archive.settings.annotations.maxDocumentBytes + 1, 0x20);
    const tooBig = await call(
      'archivist',
      'POST',
      '/api/items/open-song/annotations/import?format=vtt',
      huge,
      {
        'content-type': 'text/vtt',
      },
    );
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json().detail).toBe('the body is larger than this route takes');
    expect(await head('open-song')).toBe(before);
  });

  it('lists the collections the caller may see an item of, counting only those items', async () => {
    const countsFor = async (who: string) =>
      Object.fromEntries(
        (await call(who, 'GET', '/api/collections'))
          .json()
          .collections.map((c: { id: string; items: number }) => [c.id, c.items]),
      );
    expect(await countsFor('public')).toEqual({ 'khau-songs': 1 });
    expect(await countsFor('outsider')).toEqual({ 'khau-songs': 1 });
    expect(await countsFor('linguist')).toEqual({ 'khau-songs': 2 });
    expect(await countsFor('elder')).toEqual({ 'khau-songs': 3 });
    expect(await countsFor('admin')).toEqual({ 'khau-songs': 2 });
    const one = await call('elder', 'GET', '/api/collections/khau-songs');
    expect(one.json()).toMatchObject({
      id: 'khau-songs',
      community: COMMUNITY,
      items: 3,
      byAccessProtocol: { community: 1, open: 1, 'secret-sacred': 1 },
      vocabulary: 'khau-terms',
    });
    const hidden = await call('admin', 'GET', '/api/collections/other-rites');
    const unknown = await call('admin', 'GET', '/api/collections/no-such');
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(unknown.body);
  });

  itWithCorpus(
    'imports a real ELAN file and exports it back: the export brings nothing new',
    async () => {
      const eaf = await readFile(corpusEaf('sample_3.0.eaf'));
      const imported = await call(
        'linguist',
        'POST',
        '/api/items/village-song/annotations/import?name=sample_3.0.eaf',
        eaf,
        { 'content-type': 'application/xml' },
      );
      expect(imported.statusCode, imported.body).toBe(201);
      const report = imported.json();
      expect(report.read).toBeGreaterThan(1000);
      expect(report.documentPath).toBe('originals/annotations/sample_3.0.eaf');
      expect(report.tiers.map((tier: { tier: string }) => tier.tier)).toContain('text');
      const exported = await call(
        'archivist',
        'GET',
        '/api/items/village-song/annotations/export?format=eaf',
      );
      expect(exported.statusCode).toBe(200);
      const document = parseEaf(exported.rawPayload, { sourceName: 'export.eaf' });
      expect(document.tiers.map((tier) => tier.id)).toContain('text');
      const before = await head('village-song');
      const back = await call(
        'archivist',
        'POST',
        '/api/items/village-song/annotations/import?name=back.eaf',
        exported.rawPayload,
        { 'content-type': 'text/x-eaf+xml' },
      );
      expect(back.statusCode, back.body).toBe(200);
      expect(back.json()).toMatchObject({ changed: false, added: 0, edited: 0 });
      expect(await head('village-song')).toBe(before);
    },
    120_000,
  );
});

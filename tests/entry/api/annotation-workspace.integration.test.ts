import { readFile } from 'node:fs/promises';
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { readAnnotationsDocument } from '../../../src/archive/annotations-document.js';
import type { Services } from '../../../src/entry/services.js';
import { serializeTextGrid, type TimedTier } from '../../../src/formats/index.js';
import type { Person } from '../../../src/model/person.js';
import { type AnnotationApi, account, openAnnotationApi } from '../../support/annotation-api.js';
import { corpusFile, corpusMissing } from '../../support/corpus.js';

/**
 * The annotator's workspace over HTTP: it reads every current annotation from the
 * item's object (beyond the catalog's page of 500), saves several changes as one object
 * version or none, and retires annotations without losing them.
 */

const COMMUNITY = 'khau-village';
const SECRET = 'kept-rite';
const SEGMENTS = 600;

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
  let harness: AnnotationApi;
  let services: Services;
  const call: AnnotationApi['call'] = (...request) => harness.call(...request);

  const head = (itemId: string) => harness.head(itemId);
  const workspace = async (who: string, itemId: string) => {
    const answer = await call(who, 'GET', `/api/items/${itemId}/annotations/workspace`);
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json() as { itemId: string; version: string; annotations: WorkspaceAnnotation[] };
  };
  const byValue = async (value: string) =>
    (await workspace('linguist', 'village-song')).annotations.find(
      (annotation) => annotation.value === value,
    );

  const changes = (who: string, body: unknown) =>
    call(who, 'POST', '/api/items/village-song/annotations/changes', { changes: body });
  const versionNumber = (version: string) => Number(version.slice(1));

  beforeAll(async () => {
    harness = await openAnnotationApi({
      community: COMMUNITY,
      manifest,
      recordings: {
        'village-song.flac': SEGMENTS + 10,
        [`${SECRET}.flac`]: 10,
        'open-song.flac': 10,
      },
      people,
    });
    services = harness.services;
    const imported = await call(
      'linguist',
      'POST',
      '/api/items/village-song/annotations/import?name=words.TextGrid',
      serializeTextGrid(words),
    );
    expect(imported.statusCode, imported.body).toBe(201);
  }, 180_000);

  afterAll(async () => {
    await harness?.close();
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

  it('answers a member a missing item’s 404 for a secret/sacred item, on both routes', async () => {
    const created = await call('elder', 'POST', `/api/items/${SECRET}/annotations`, {
      type: 'symbol',
      value: 'Xqwv ngựa thần',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().annotation.id as string;
    expect((await workspace('elder', SECRET)).annotations.map((a) => a.id)).toEqual([id]);
    const version = await head(SECRET);
    const changes = { changes: [{ op: 'retire', id }] };
    for (const who of ['linguist', 'public']) {
      const read = await call(who, 'GET', `/api/items/${SECRET}/annotations/workspace`);
      const readMissing = await call(who, 'GET', '/api/items/no-such/annotations/workspace');
      expect(read.statusCode, who).toBe(404);
      expect(read.body, who).toBe(readMissing.body);
      const write = await call(who, 'POST', `/api/items/${SECRET}/annotations/changes`, changes);
      const writeMissing = await call(
        who,
        'POST',
        '/api/items/no-such/annotations/changes',
        changes,
      );
      expect(write.statusCode, who).toBe(404);
      expect(write.body, who).toBe(writeMissing.body);
      for (const body of [read.body, write.body]) {
        expect(body).not.toContain('Xqwv');
        expect(body).not.toContain(SECRET);
      }
    }
    expect(await head(SECRET)).toBe(version);
  });
  it('saves a split (supersede + add) as one object version, in the order given', async () => {
    const before = await head('village-song');
    const word = await byValue('từ 10');
    if (!word) throw new Error('no annotation "từ 10"');
    const saved = await changes('linguist', [
      {
        op: 'supersede',
        id: word.id,
        value: 'từ',
        anchor: { kind: 'time', startMs: 10_000, endMs: 10_400 },
      },
      {
        op: 'add',
        type: 'transcription',
        value: 'mười',
        anchor: { kind: 'time', startMs: 10_400, endMs: 10_900 },
      },
    ]);
    expect(saved.statusCode, saved.body).toBe(201);
    const answer = saved.json();
    expect(versionNumber(answer.version)).toBe(versionNumber(before) + 1);
    expect(await head('village-song')).toBe(answer.version);
    expect(answer).toMatchObject({ itemId: 'village-song', changed: true });
    expect(answer.saved).toEqual([
      { op: 'supersede', id: expect.any(String), supersedes: word.id },
      { op: 'add', id: expect.any(String) },
    ]);

    const stored = await readAnnotationsDocument(services.archive.objects, 'village-song');
    const edited = stored.annotations.find((annotation) => annotation.id === answer.saved[0].id);
    expect(edited).toMatchObject({ value: 'từ', author: 'linguist', supersedes: word.id });
    expect(edited?.anchor).toMatchObject({ startMs: 10_000, endMs: 10_400 });
    expect(
      stored.annotations.find((annotation) => annotation.id === answer.saved[1].id)?.value,
    ).toBe('mười');

    const read = await workspace('linguist', 'village-song');
    expect(read.version).toBe(answer.version);
    expect(read.annotations).toHaveLength(SEGMENTS + 1);
    const ids = read.annotations.map((annotation) => annotation.id);
    expect(ids).toContain(answer.saved[0].id);
    expect(ids).toContain(answer.saved[1].id);
    expect(ids).not.toContain(word.id);
  });

  it('writes nothing for a batch with one stale change, and names the change and the current version', async () => {
    const first = await byValue('từ 20');
    if (!first) throw new Error('no annotation "từ 20"');
    const edit = await call(
      'linguist',
      'POST',
      `/api/items/village-song/annotations/${first.id}/supersede`,
      {
        value: 'từ hai mươi',
      },
    );
    expect(edit.statusCode, edit.body).toBe(201);
    const current = edit.json().annotation.id as string;
    const before = await head('village-song');

    const stale = await changes('linguist', [
      { op: 'add', type: 'note', value: 'không được lưu' },
      { op: 'supersede', id: first.id, value: 'từ 20 (sửa)' },
    ]);
    expect(stale.statusCode, stale.body).toBe(409);
    expect(stale.json().problems).toEqual([
      expect.objectContaining({ change: 1, current, field: 'changes.1.id' }),
    ]);
    expect(await head('village-song')).toBe(before);
    expect(await byValue('không được lưu')).toBeUndefined();

    // The single route's stale edit names the current version too.
    const single = await call(
      'linguist',
      'POST',
      `/api/items/village-song/annotations/${first.id}/supersede`,
      {
        value: 'từ 20 (lần nữa)',
      },
    );
    expect(single.statusCode).toBe(409);
    expect(single.json().problems[0]).toMatchObject({ current });

    // Bad input names the change and the field, and writes nothing either.
    const empty = await changes('linguist', [
      { op: 'add', type: 'note', value: 'tốt' },
      { op: 'add', type: 'note', value: '' },
    ]);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().invalidParams[0].name).toBe('changes.1.value');
    const outside = await changes('linguist', [
      { op: 'add', type: 'note', value: 'tốt' },
      {
        op: 'add',
        type: 'note',
        value: 'quá dài',
        anchor: { kind: 'time', startMs: 5_000_000, endMs: 5_000_500 },
      },
    ]);
    expect(outside.statusCode, outside.body).toBe(422);
    expect(outside.json().problems[0]).toMatchObject({
      change: 1,
      field: expect.stringMatching(/^anchor/),
    });
    const nothing = await changes('linguist', [{ op: 'supersede', id: current }]);
    expect(nothing.statusCode, nothing.body).toBe(422);
    expect(nothing.json().problems[0]).toMatchObject({ change: 0 });
    expect(await head('village-song')).toBe(before);
  });

  it("retires an annotation out of every reader's view, keeps it in the history, and restores it", async () => {
    const value = 'Khàu cọi lồng';
    const found = async () => {
      const hits = (
        await call('linguist', 'GET', `/api/search?q=${encodeURIComponent('khau coi long')}`)
      ).json().hits as { itemId: string; source: string }[];
      return hits.filter((hit) => hit.itemId === 'village-song' && hit.source === 'annotation')
        .length;
    };
    const listed = async () =>
      (
        (await call('linguist', 'GET', '/api/items/village-song/annotations?type=note')).json()
          .annotations as { value: string }[]
      ).filter((annotation) => annotation.value === value).length;
    const exported = async () =>
      (await call('archivist', 'GET', '/api/items/village-song/annotations/export?format=eaf'))
        .body;
    const added = await changes('linguist', [
      { op: 'add', type: 'note', value, anchor: { kind: 'time', startMs: 30_000, endMs: 30_500 } },
    ]);
    expect(added.statusCode, added.body).toBe(201);
    const id = added.json().saved[0].id as string;
    expect(await found()).toBe(1);
    expect(await listed()).toBe(1);
    expect(await exported()).toContain(value);

    const retired = await changes('linguist', [{ op: 'retire', id }]);
    expect(retired.statusCode, retired.body).toBe(201);
    const retirement = retired.json().saved[0];
    expect(retirement).toMatchObject({ op: 'retire', supersedes: id });
    expect(await byValue(value)).toBeUndefined();
    expect(await listed()).toBe(0);
    expect(await found()).toBe(0);
    expect(await exported()).not.toContain(value);

    const history = await call(
      'linguist',
      'GET',
      `/api/items/village-song/annotations/${id}/history`,
    );
    expect(history.statusCode, history.body).toBe(200);
    const versions = history.json().versions as { id: string; value: string; retired?: boolean }[];
    expect(versions.map((version) => [version.value, version.retired])).toEqual([
      [value, undefined],
      [value, true],
    ]);
    expect(versions[1]?.id).toBe(retirement.id);

    // Sent again (its answer lost), the same removal changes nothing; another person's is stale.
    const again = await changes('linguist', [{ op: 'retire', id }]);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ changed: false, saved: [{ id: retirement.id }] });
    const stale = await changes('elder', [{ op: 'retire', id }]);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().problems[0]).toMatchObject({ change: 0, current: retirement.id });

    // Superseding the retirement restores the annotation.
    const restored = await changes('linguist', [{ op: 'supersede', id: retirement.id }]);
    expect(restored.statusCode, restored.body).toBe(201);
    expect((await byValue(value))?.id).toBe(restored.json().saved[0].id);
    expect(await listed()).toBe(1);
    expect(await found()).toBe(1);
    expect(await exported()).toContain(value);
  });

  it('exports everything the workspace makes as an ELAN file with its tiers, types and vocabulary', async () => {
    const vocabulary = await call(
      'archivist',
      'PUT',
      '/api/vocabularies/khau-songs?format=json',
      JSON.stringify({
        id: 'khau-terms',
        terms: [
          { id: 'offering', labels: { vi: 'lễ vật', en: 'offering', tyz: 'khẩu' } },
          { id: 'spirit-horse', labels: { vi: 'ngựa thần', en: 'spirit horse' }, broader: [] },
        ],
      }),
    );
    expect(vocabulary.statusCode, vocabulary.body).toBeLessThan(300);
    const read = await workspace('linguist', 'village-song');
    const word = (n: number) =>
      read.annotations.find((annotation) => annotation.value === `từ ${n}`)?.id ?? '';
    const span = (startMs: number, endMs: number) => ({ kind: 'time', startMs, endMs });
    const made = await changes('linguist', [
      // A split of word 100, a merge of 101 and 102, a removal of 103.
      { op: 'supersede', id: word(100), value: 'từ', anchor: span(100_000, 100_450) },
      { op: 'add', type: 'transcription', value: '100', anchor: span(100_450, 100_900) },
      { op: 'supersede', id: word(101), value: 'từ 101 từ 102', anchor: span(101_000, 102_900) },
      { op: 'retire', id: word(102) },
      { op: 'retire', id: word(103) },
      // Tiers of other kinds and languages, terms from the vocabulary, a note on the whole item.
      {
        op: 'add',
        type: 'translation',
        language: 'vi',
        value: 'lời một trăm',
        anchor: span(100_000, 100_900),
      },
      { op: 'add', type: 'gloss', language: 'en', value: 'word', anchor: span(100_000, 100_450) },
      {
        op: 'add',
        type: 'ritual',
        value: 'dâng lễ vật',
        terms: ['offering'],
        anchor: span(104_000, 106_000),
      },
      {
        op: 'add',
        type: 'symbol',
        value: 'ngựa',
        terms: ['spirit-horse'],
        anchor: span(104_500, 105_000),
      },
      { op: 'add', type: 'note', value: 'hát chậm', anchor: span(107_000, 108_000) },
      { op: 'add', type: 'note', value: 'hát vào đêm trăng', anchor: { kind: 'item' } },
    ]);
    expect(made.statusCode, made.body).toBe(201);

    const exported = await call(
      'linguist',
      'GET',
      '/api/items/village-song/annotations/export?format=eaf',
    );
    expect(exported.statusCode, exported.body).toBe(200);
    const eaf = exported.body;
    const document = new DOMParser().parseFromString(eaf, 'application/xml');
    const elements = (name: string) => Array.from(document.getElementsByTagName(name));
    const values = elements('ANNOTATION_VALUE').map((value) => value.textContent);
    expect(values).toEqual(
      expect.arrayContaining([
        'từ',
        '100',
        'từ 101 từ 102',
        'lời một trăm',
        'word',
        'dâng lễ vật',
        'ngựa',
        'hát chậm',
      ]),
    );
    for (const gone of ['từ 100', 'từ 102', 'từ 103']) expect(values).not.toContain(gone);
    // Every tier names a linguistic type the document declares, and the vocabulary is there.
    const types = new Set(
      elements('LINGUISTIC_TYPE').map((type) => type.getAttribute('LINGUISTIC_TYPE_ID')),
    );
    const tiers = elements('TIER');
    expect(tiers.length).toBeGreaterThanOrEqual(5);
    for (const tier of tiers)
      expect(types.has(tier.getAttribute('LINGUISTIC_TYPE_REF'))).toBe(true);
    const entries = elements('CV_ENTRY_ML').map((entry) => entry.getAttribute('CVE_ID'));
    expect(entries).toEqual(expect.arrayContaining(['offering', 'spirit-horse']));
    if (!corpusMissing) {
      const result = await validateXML({
        xml: { fileName: 'village-song.eaf', contents: eaf },
        schema: {
          fileName: 'EAFv3.0.xsd',
          contents: await readFile(corpusFile('eaf', 'EAFv3.0.xsd'), 'utf8'),
        },
      });
      expect(result.errors.slice(0, 5).map((error) => error.rawMessage)).toEqual([]);
      expect(result.valid).toBe(true);
    }
  });
});

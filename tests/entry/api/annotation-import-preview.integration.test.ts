import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../../src/entry/services.js';
import { serializeTextGrid, type TimedTier } from '../../../src/formats/index.js';
import { MetadataPath } from '../../../src/model/item-record.js';
import type { Person } from '../../../src/model/person.js';
import { type AnnotationApi, account, openAnnotationApi } from '../../support/annotation-api.js';

/**
 * The import's dry run: it reads and reconciles a document as the import does and answers
 * what the import would add or supersede, writing nothing; the import afterwards does
 * exactly that. Those who annotate an item may take its annotations out to ELAN or Praat.
 */

const COMMUNITY = 'khau-village';
const people: Record<string, Person> = {
  linguist: account('linguist', [{ role: 'member', community: COMMUNITY }]),
  elder: account('elder', [{ role: 'custodian', community: COMMUNITY }]),
  outsider: account('outsider', [{ role: 'member', community: 'other-village' }]),
};

const manifest = `id,title,languages,access,consent,files
song,Song,tyz,community,archive; community-access,song.flac
rite,Kept rite,tyz,secret-sacred,archive,rite.flac
open-song,Open song,tyz,open,archive; community-access; public-access,open-song.flac
`;

const tiers = (lines: string[], translation = 'Inviting the spirits down'): TimedTier[] => [
  {
    name: 'transcription',
    kind: 'interval',
    segments: lines.map((text, index) => ({
      startMs: index * 2000,
      endMs: index * 2000 + 2000,
      text,
    })),
  },
  {
    name: 'translation',
    kind: 'interval',
    segments: [{ startMs: 0, endMs: 2000, text: translation }],
  },
];

/** An ELAN document with a tier whose name says nothing of what it holds. */
const unknownTierEaf = `<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="" DATE="2024-03-01T09:00:00+07:00" FORMAT="3.0" VERSION="3.0">
    <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
        <MEDIA_DESCRIPTOR MEDIA_URL="file:///song.flac" MIME_TYPE="audio/flac" RELATIVE_MEDIA_URL="./song.flac"/>
    </HEADER>
    <TIME_ORDER>
        <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="500"/>
        <TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="1500"/>
    </TIME_ORDER>
    <TIER LINGUISTIC_TYPE_REF="default-lt" TIER_ID="Bà Lự">
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>Tiếng đàn tính</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
    </TIER>
    <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="default-lt" TIME_ALIGNABLE="true"/>
</ANNOTATION_DOCUMENT>
`;

describe('previewing an import through the HTTP API (PGlite catalog)', () => {
  let harness: AnnotationApi;
  let services: Services;
  const call: AnnotationApi['call'] = (...request) => harness.call(...request);

  const head = (itemId: string) => harness.head(itemId);
  const storedAnnotations = async (itemId: string) =>
    (
      await buffer(await services.archive.objects.readFile(itemId, MetadataPath.annotations))
    ).toString('utf8');
  const catalogRows = async (itemId: string) =>
    (
      await services.archive.catalog.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM annotations WHERE item_id = $1',
        [itemId],
      )
    )[0]?.n;

  beforeAll(async () => {
    harness = await openAnnotationApi({
      community: COMMUNITY,
      manifest,
      recordings: { 'song.flac': 10, 'rite.flac': 10, 'open-song.flac': 10 },
      people,
    });
    services = harness.services;
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('answers what the import would do, writes nothing, and the import then does exactly that', async () => {
    const first = serializeTextGrid(tiers(['Mời then xuống', 'Dâng lễ vật']), { endMs: 10_000 });
    const imported = await call(
      'linguist',
      'POST',
      '/api/items/song/annotations/import?name=song.TextGrid',
      first,
    );
    expect(imported.statusCode, imported.body).toBe(201);

    const versionBefore = await head('song');
    const storedBefore = await storedAnnotations('song');
    const rowsBefore = await catalogRows('song');
    const edited = serializeTextGrid(
      tiers(['Mời then xuống', 'Dâng lễ vật lên then', 'Then về bản']),
      { endMs: 10_000 },
    );
    const preview = await call(
      'linguist',
      'POST',
      '/api/items/song/annotations/import/preview?name=edited.TextGrid',
      edited,
    );
    expect(preview.statusCode, preview.body).toBe(200);
    const body = preview.json();
    expect(body).toMatchObject({ wouldChange: true, read: 4, added: 1, edited: 1, unchanged: 2 });
    expect(body.version).toBe(versionBefore);
    expect(body.changes).toHaveLength(2);
    const [supersede, add] = body.changes;
    expect(supersede).toMatchObject({
      kind: 'supersede',
      tier: 'transcription',
      before: { type: 'transcription', value: 'Dâng lễ vật', startMs: 2000, endMs: 4000 },
      after: { type: 'transcription', value: 'Dâng lễ vật lên then', startMs: 2000, endMs: 4000 },
    });
    expect(add).toMatchObject({
      kind: 'add',
      tier: 'transcription',
      after: { type: 'transcription', value: 'Then về bản', startMs: 4000, endMs: 6000 },
    });
    expect(add.before).toBeUndefined();
    expect(body.tiers).toEqual([
      expect.objectContaining({
        tier: 'transcription',
        read: 3,
        added: 1,
        superseded: 1,
        unchanged: 1,
      }),
      expect.objectContaining({
        tier: 'translation',
        read: 1,
        added: 0,
        superseded: 0,
        unchanged: 1,
      }),
    ]);
    expect(body.tierTypes).toEqual([
      { tier: 'transcription', type: 'transcription' },
      { tier: 'translation', type: 'translation' },
    ]);

    // Nothing written: the same version, the same annotations.json, the same catalog rows.
    expect(await head('song')).toBe(versionBefore);
    expect(await storedAnnotations('song')).toBe(storedBefore);
    expect(await catalogRows('song')).toBe(rowsBefore);
    const inventory = await services.archive.objects.getInventory('song');
    expect(JSON.stringify(inventory)).not.toContain('edited.TextGrid');

    // The import does exactly what the preview said.
    const applied = await call(
      'linguist',
      'POST',
      '/api/items/song/annotations/import?name=edited.TextGrid',
      edited,
    );
    expect(applied.statusCode, applied.body).toBe(201);
    expect(applied.json()).toMatchObject({ added: 1, edited: 1, unchanged: 2 });
    const stored = JSON.parse(await storedAnnotations('song')) as {
      annotations: { id: string; value: string; supersedes?: string; author: string }[];
    };
    const before = JSON.parse(storedBefore) as { annotations: { id: string }[] };
    const added = stored.annotations.slice(before.annotations.length);
    expect(
      added.map(({ id, value, supersedes, author }) => ({ id, value, supersedes, author })),
    ).toEqual([
      {
        id: supersede.newId,
        value: supersede.after.value,
        supersedes: supersede.annotationId,
        author: 'linguist',
      },
      { id: add.newId, value: add.after.value, supersedes: undefined, author: 'linguist' },
    ]);
    expect(add.annotationId).toBe(add.newId);

    // Previewed again: nothing to do.
    const again = await call(
      'linguist',
      'POST',
      '/api/items/song/annotations/import/preview?name=edited.TextGrid',
      edited,
    );
    expect(again.json()).toMatchObject({ wouldChange: false, changes: [], unchanged: 4 });
  });

  it('reads tiers it cannot place only as the caller maps them', async () => {
    const url = '/api/items/song/annotations/import/preview?name=song.eaf';
    const unmapped = await call('linguist', 'POST', url, unknownTierEaf);
    expect(unmapped.statusCode, unmapped.body).toBe(200);
    expect(unmapped.json().changes).toEqual([]);
    expect(unmapped.json().skippedTiers).toEqual([{ tier: 'Bà Lự', reason: expect.any(String) }]);
    const mapped = await call(
      'linguist',
      'POST',
      `${url}&tierType=${encodeURIComponent('Bà Lự=note')}`,
      unknownTierEaf,
    );
    expect(mapped.statusCode, mapped.body).toBe(200);
    expect(mapped.json().changes).toEqual([
      expect.objectContaining({
        kind: 'add',
        tier: 'Bà Lự',
        after: { type: 'note', value: 'Tiếng đàn tính', startMs: 500, endMs: 1500 },
      }),
    ]);
    expect(mapped.json().tierTypes).toEqual([{ tier: 'Bà Lự', type: 'note' }]);
  });

  it('refuses a broken document with a 422 that names the line, writing nothing', async () => {
    const version = await head('song');
    const broken = await call(
      'linguist',
      'POST',
      '/api/items/song/annotations/import/preview?name=broken.TextGrid',
      'File type = "ooTextFile"\nObject class = "TextGrid"\n\nxmin = 0\nxmax = oops\n',
    );
    expect(broken.statusCode).toBe(422);
    expect(broken.json().detail).toMatch(/line \d+/);
    const outside = await call(
      'linguist',
      'POST',
      '/api/items/song/annotations/import/preview?name=late.TextGrid',
      serializeTextGrid(
        [
          {
            name: 'transcription',
            kind: 'interval',
            segments: [{ startMs: 20_000, endMs: 30_000, text: 'late' }],
          },
        ],
        { endMs: 30_000 },
      ),
    );
    expect(outside.statusCode).toBe(422);
    expect(await head('song')).toBe(version);
  });

  it('lets those who annotate an item take its annotations out, except secret/sacred ones', async () => {
    const eaf = await call('linguist', 'GET', '/api/items/song/annotations/export?format=eaf');
    expect(eaf.statusCode, eaf.body).toBe(200);
    expect(eaf.headers['content-disposition']).toMatch(/filename="song\.eaf"/);
    const grid = await call(
      'linguist',
      'GET',
      '/api/items/song/annotations/export?format=textgrid',
    );
    expect(grid.statusCode).toBe(200);
    expect(grid.headers['content-disposition']).toMatch(/filename="song\.TextGrid"/);
    // Who may only view it may not; who may not see it gets a missing item's 404.
    expect(
      (await call('public', 'GET', '/api/items/open-song/annotations/export?format=eaf'))
        .statusCode,
    ).toBe(403);
    expect(
      (await call('outsider', 'GET', '/api/items/song/annotations/export?format=eaf')).statusCode,
    ).toBe(404);
    expect(
      (
        await call(
          'public',
          'POST',
          '/api/items/open-song/annotations/import/preview?format=vtt',
          'WEBVTT\n',
        )
      ).statusCode,
    ).toBe(403);
    // The custodian annotates the secret/sacred item, but it never leaves the archive.
    const secret = await call('elder', 'GET', '/api/items/rite/annotations/export?format=eaf');
    expect(secret.statusCode).toBe(422);
    expect(secret.json().detail).toMatch(/never leaves the archive/);
    const hidden = await call('linguist', 'GET', '/api/items/rite/annotations/export?format=eaf');
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).not.toContain('Kept rite');
  });
});

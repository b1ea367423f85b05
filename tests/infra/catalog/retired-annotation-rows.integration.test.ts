import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Annotation,
  applyEdit,
  createAnnotation,
  retireAnnotation,
} from '../../../src/formats/index.js';
import { searchAnnotations } from '../../../src/infra/catalog/annotation-queries.js';
import { saveAnnotationRows } from '../../../src/infra/catalog/annotation-rows.js';
import { saveItemRecord } from '../../../src/infra/catalog/item-rows.js';
import type { ItemRecord } from '../../../src/model/item-record.js';
import { openTestCatalog, type TestCatalog } from '../../support/databases.js';

/**
 * The catalog's mirror of an item's annotations (what each change and a reindex write):
 * a retired annotation is kept as a row for its history but is never current; a
 * restoration makes it current again.
 */

const record: ItemRecord = {
  schemaVersion: 1,
  item: {
    id: 'song',
    collection: 'c',
    title: 'Song',
    languages: [],
    contributors: [],
    accessProtocol: 'open',
    tkLabels: [],
    consent: { uses: ['archive', 'public-access'], withdrawn: false },
    files: [],
  },
  collection: { id: 'c', title: 'C', languages: [], defaultAccess: 'open' },
  extra: {},
  assets: [],
  steps: [],
  quarantined: [],
};

const note = createAnnotation({
  anchor: { kind: 'item' },
  type: 'note',
  value: 'Khàu cọi',
  author: 'linguist',
});

describe('retired annotations in the catalog (pglite)', () => {
  let catalog: TestCatalog;
  const currentValues = async () =>
    (await searchAnnotations(catalog.database, { itemId: 'song' })).map((hit) => hit.value);
  const rows = async () =>
    catalog.database.query<{ id: string; superseded_by: string | null }>(
      "SELECT id, superseded_by FROM annotations WHERE item_id = 'song' ORDER BY created_at, id",
    );

  beforeAll(async () => {
    catalog = await openTestCatalog('pglite');
    await saveItemRecord(catalog.database, record, 'v1', 'ready');
  });
  afterAll(async () => {
    await catalog.dispose();
  });

  it('keeps a retirement as a row that is never current, and a restoration current', async () => {
    await saveAnnotationRows(catalog.database, 'song', [note]);
    expect(await currentValues()).toEqual(['Khàu cọi']);

    const retired: Annotation[] = retireAnnotation([note], {
      retires: note.id,
      author: 'linguist',
    });
    await saveAnnotationRows(catalog.database, 'song', retired);
    expect(await currentValues()).toEqual([]);
    expect(await searchAnnotations(catalog.database, { words: 'khau coi' })).toEqual([]);
    expect((await rows()).map((row) => row.id).sort()).toEqual(retired.map((a) => a.id).sort());

    const retirement = retired[1]?.id ?? '';
    const restored = applyEdit(retired, {
      supersedes: retirement,
      author: 'linguist',
      created: new Date(Date.now() + 1000).toISOString(),
    });
    await saveAnnotationRows(catalog.database, 'song', restored);
    expect(await currentValues()).toEqual(['Khàu cọi']);
    const byId = new Map((await rows()).map((row) => [row.id, row.superseded_by]));
    expect(byId.get(retirement)).toBe(restored[2]?.id);
    expect(byId.get(note.id)).toBe(retirement);
  });
});

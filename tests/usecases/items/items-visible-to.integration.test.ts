import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveItemRecord } from '../../../src/infra/catalog/item-rows.js';
import type { AccessProtocol, Consent } from '../../../src/model/access.js';
import type { ItemRecord } from '../../../src/model/item-record.js';
import type { Person } from '../../../src/model/person.js';
import { allItemsVisibleTo, itemsVisibleTo } from '../../../src/usecases/items/items-visible-to.js';
import { openTestCatalog, type TestCatalog } from '../../support/databases.js';

/**
 * A page of items is filled from the rows the policy lets through, however many rows
 * before, between and after them it hides: a member sees all of their community's
 * items, page after page, and never one of another community's.
 */

const consent: Consent = { uses: ['archive', 'community-access'], withdrawn: false };

function record(id: string, collection: string, community: string): ItemRecord {
  const accessProtocol: AccessProtocol = 'community';
  return {
    schemaVersion: 1,
    item: {
      id,
      collection,
      title: `Song ${id}`,
      languages: ['tyz'],
      contributors: [],
      accessProtocol,
      tkLabels: [],
      consent,
      files: [],
    },
    collection: {
      id: collection,
      title: collection,
      community,
      languages: [],
      defaultAccess: 'community',
    },
    extra: {},
    assets: [],
    steps: [],
    quarantined: [],
  };
}

const member: Person = {
  kind: 'account',
  id: 'linh',
  name: 'Linh',
  grants: [{ role: 'member', community: 'na-village' }],
};

describe.each(['pglite', 'postgres'] as const)('the items a person may see (%s)', (kind) => {
  let catalog: TestCatalog;
  const theirs: string[] = [];

  beforeAll(async () => {
    catalog = await openTestCatalog(kind);
    // 'a-other' sorts before 'b-na': 30 hidden rows come first, then theirs among more hidden ones.
    for (let index = 0; index < 30; index++)
      await saveItemRecord(
        catalog.database,
        record(`o${index}`, 'a-other', 'khau-village'),
        'v1',
        'ready',
      );
    for (let index = 0; index < 7; index++) {
      const id = `n${index}`;
      theirs.push(id);
      await saveItemRecord(catalog.database, record(id, 'b-na', 'na-village'), 'v1', 'ready');
      await saveItemRecord(
        catalog.database,
        record(`p${index}`, 'c-other', 'khau-village'),
        'v1',
        'ready',
      );
    }
  }, 60_000);
  afterAll(async () => {
    await catalog?.dispose();
  });

  it('fills each page with visible items and says where the next one starts', async () => {
    const seen: string[] = [];
    let page = await itemsVisibleTo(catalog.database, member, {}, { limit: 3 });
    const sizes = [page.items.length];
    seen.push(...page.items.map((item) => item.id));
    while (page.next) {
      page = await itemsVisibleTo(catalog.database, member, {}, { limit: 3, after: page.next });
      sizes.push(page.items.length);
      seen.push(...page.items.map((item) => item.id));
    }
    expect(sizes).toEqual([3, 3, 1]);
    expect(seen).toEqual(theirs);
  });

  it('lists every visible item for the CLI, and none of the others', async () => {
    const all = await allItemsVisibleTo(catalog.database, member);
    expect(all.map((item) => item.id)).toEqual(theirs);
  });
});

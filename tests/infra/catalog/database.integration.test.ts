import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/infra/catalog/database.js';
import { saveEventRows } from '../../../src/infra/catalog/item-rows.js';
import { foldForSearch, likeSearchTerm } from '../../../src/infra/catalog/search-text.js';
import { newEvent } from '../../../src/model/event-log.js';
import { databaseKinds, openTestCatalog, type TestCatalog } from '../../support/databases.js';

describe.each(databaseKinds)('the %s catalog database', (kind) => {
  let catalog: TestCatalog;
  let db: Database;

  beforeAll(async () => {
    catalog = await openTestCatalog(kind);
    db = catalog.database;
    await db.query(
      `INSERT INTO collections (id, title, languages, default_access, metadata)
       VALUES ($1, $2, $3, $4, $5)`,
      ['then-songs', 'Hát Then', ['tyz', 'vie'], 'community', { region: 'Cao Bằng' }],
    );
  });

  afterAll(async () => {
    await catalog?.dispose();
  });

  async function countItems(): Promise<number> {
    const [row] = await db.query<{ count: number }>('SELECT count(*) AS count FROM items');
    return row?.count ?? Number.NaN;
  }

  function itemValues(id: string): unknown[] {
    return [id, 'then-songs', `Lượn ${id}`, 'open'];
  }
  const insertItem =
    'INSERT INTO items (id, collection_id, title, access_protocol) VALUES ($1, $2, $3, $4)';

  it('reports which kind it is', () => {
    expect(db.kind).toBe(kind);
  });

  it('returns rows as plain objects keyed by column name', async () => {
    const rows = await db.query('SELECT id, title FROM collections WHERE id = $1', ['then-songs']);
    expect(rows).toEqual([{ id: 'then-songs', title: 'Hát Then' }]);
    expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype);
  });

  it('round-trips text arrays and JSONB, returning JSONB parsed', async () => {
    const consent = { archive: true, mlTraining: false, by: 'Hoàng Văn Ma', uses: ['research'] };
    await db.query(
      `INSERT INTO items (id, collection_id, title, access_protocol, tk_labels, consent)
       VALUES ($1, 'then-songs', 'Then cầu mùa', 'community', $2, $3)`,
      ['json-item', ['TK Culturally Sensitive', 'TK Seasonal'], consent],
    );
    const [row] = await db.query<{ tk_labels: string[]; consent: unknown }>(
      'SELECT tk_labels, consent FROM items WHERE id = $1',
      ['json-item'],
    );
    expect(row?.tk_labels).toEqual(['TK Culturally Sensitive', 'TK Seasonal']);
    expect(row?.consent).toEqual(consent);
  });

  it('accepts a JSONB parameter written with JSON.stringify, arrays included', async () => {
    const anchor = [{ start: 1.25, end: 3.5 }];
    await db.query(
      `INSERT INTO annotations (id, item_id, type, value, anchor, author)
       VALUES ('ann-json', 'json-item', 'note', 'pựt', $1, 'linguist')`,
      [JSON.stringify(anchor)],
    );
    const [row] = await db.query<{ anchor: unknown }>(
      "SELECT anchor FROM annotations WHERE id = 'ann-json'",
    );
    expect(row?.anchor).toEqual(anchor);
  });

  it('saves many events in one statement, in order, with their JSON intact', async () => {
    await db.query(insertItem, itemValues('events-item'));
    const detail = 'lời "then" \\ {a,b} \'quoted\' ⟨đàn tính⟩';
    const events = Array.from({ length: 50 }, (_, index) =>
      newEvent({
        type: 'export',
        agent: 'heritage test',
        outcome: 'success',
        detail: `${detail} ${index}`,
        occurredAt: '2024-05-01T00:00:00.000Z',
        data: { index, note: detail, list: ['x', 'y"z'] },
      }),
    );
    await saveEventRows(
      db,
      events.map((event, index) => ({ itemId: index % 2 === 0 ? 'events-item' : null, event })),
    );
    const rows = await db.query<{ item_id: string | null; detail: string; data: unknown }>(
      `SELECT item_id, detail, data FROM events WHERE agent = 'heritage test' ORDER BY id`,
    );
    expect(rows).toEqual(
      events.map((event, index) => ({
        item_id: index % 2 === 0 ? 'events-item' : null,
        detail: event.detail,
        data: { id: event.id, ...event.data },
      })),
    );
  });

  it('returns bigint counts and sizes as numbers', async () => {
    const size = 2 ** 40 + 7;
    await db.query(
      `INSERT INTO assets (item_id, logical_path, role, sha256, size)
       VALUES ('json-item', 'originals/then.wav', 'recording', $1, $2)`,
      ['a'.repeat(64), size],
    );
    const [row] = await db.query<{ size: unknown; count: unknown }>(
      'SELECT size, (SELECT count(*) FROM assets) AS count FROM assets',
    );
    expect(row).toEqual({ size, count: 1 });
  });

  it('refuses a bigint that a JavaScript number cannot hold exactly, naming the value', async () => {
    await expect(db.query('SELECT 9007199254740993::bigint AS big')).rejects.toThrow(
      /9007199254740993.*safe integer/,
    );
  });

  it('runs exactly one statement per query, as the same driver rule on both kinds', async () => {
    await expect(db.query('SELECT 1; SELECT 2')).rejects.toThrow(/multiple commands/);
  });

  it('commits a transaction whose work succeeds', async () => {
    const before = await countItems();
    const result = await db.transaction(async (tx) => {
      await tx.query(insertItem, itemValues('committed-1'));
      await tx.query(insertItem, itemValues('committed-2'));
      return 'done';
    });
    expect(result).toBe('done');
    expect(await countItems()).toBe(before + 2);
  });

  it('rolls back every statement of a transaction whose work throws, and rethrows', async () => {
    const before = await countItems();
    await expect(
      db.transaction(async (tx) => {
        await tx.query(insertItem, itemValues('rolled-back'));
        throw new Error('the OCR step failed');
      }),
    ).rejects.toThrow('the OCR step failed');
    expect(await countItems()).toBe(before);
    const found = await db.query("SELECT id FROM items WHERE id = 'rolled-back'");
    expect(found).toEqual([]);
  });

  it('rolls back a transaction when a statement in it fails', async () => {
    const before = await countItems();
    await expect(
      db.transaction(async (tx) => {
        await tx.query(insertItem, itemValues('first-of-two'));
        await tx.query(insertItem, [...itemValues('bad-protocol').slice(0, 3), 'public']);
      }),
    ).rejects.toThrow(/access_protocol/);
    expect(await countItems()).toBe(before);
  });

  it('rolls back only the inner part of a nested transaction that throws', async () => {
    await db.transaction(async (tx) => {
      await tx.query(insertItem, itemValues('outer'));
      await expect(
        tx.transaction(async (inner) => {
          await inner.query(insertItem, itemValues('inner'));
          throw new Error('inner failure');
        }),
      ).rejects.toThrow('inner failure');
    });
    const ids = await db.query<{ id: string }>(
      "SELECT id FROM items WHERE id IN ('outer', 'inner') ORDER BY id",
    );
    expect(ids.map((row) => row.id)).toEqual(['outer']);
  });

  it('defers the supersedes reference to commit, so a history loads in any order', async () => {
    await db.transaction(async (tx) => {
      const insert = `INSERT INTO annotations (id, item_id, type, value, anchor, author, supersedes)
                      VALUES ($1, 'json-item', 'correction', $2, '{}', 'linguist', $3)`;
      await tx.query(insert, ['ann-v2', 'lượn slương', 'ann-v1']);
      await tx.query(insert, ['ann-v1', 'luon sluong', null]);
    });
    const [row] = await db.query<{ supersedes: string }>(
      "SELECT supersedes FROM annotations WHERE id = 'ann-v2'",
    );
    expect(row?.supersedes).toBe('ann-v1');
  });

  it('refuses statements on a transaction after it has ended', async () => {
    let escaped: Database | undefined;
    await db.transaction(async (tx) => {
      escaped = tx;
    });
    await expect(escaped?.query('SELECT 1')).rejects.toThrow(/already ended/);
  });

  it('finds folded search text with LIKE, and takes wildcards in a query literally', async () => {
    await db.query('UPDATE items SET search_text = $1 WHERE id = $2', [
      foldForSearch('Then cầu mùa – Đàn tính 100%'),
      'json-item',
    ]);
    const search = (query: string) =>
      db.query<{ id: string }>("SELECT id FROM items WHERE search_text LIKE '%' || $1 || '%'", [
        likeSearchTerm(query),
      ]);
    expect((await search('đàn TÍNH')).map((row) => row.id)).toEqual(['json-item']);
    expect((await search('dan tinh 100%')).map((row) => row.id)).toEqual(['json-item']);
    expect(await search('cau_mua')).toEqual([]);
  });
});

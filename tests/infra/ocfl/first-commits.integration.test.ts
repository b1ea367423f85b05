import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OcflStorageRoot } from '../../../src/infra/ocfl/index.js';
import { FsObjectStore } from '../../../src/infra/storage/fs-object-store.js';
import { tempDir } from '../../support/temp-dir.js';

describe('first commits into an empty storage root', () => {
  it('declare the root once when many run at the same time', async () => {
    const store = new FsObjectStore({ root: path.join(await tempDir(), 'archive') });
    const root = await OcflStorageRoot.open(store);
    const ids = Array.from({ length: 40 }, (_, index) => `item-${index}`);
    await Promise.all(
      ids.map((id) =>
        root.commitVersion(
          id,
          { add: [{ logicalPath: 'a.txt', body: `content of ${id}` }] },
          { message: 'first', user: { name: 'test' } },
        ),
      ),
    );
    const reopened = await OcflStorageRoot.open(store);
    const listed: string[] = [];
    for await (const id of reopened.listObjectIds()) listed.push(id);
    expect(listed.sort()).toEqual([...ids].sort());
    for (const id of ids) expect((await reopened.verifyObject(id)).ok).toBe(true);
    await store.close();
  });
});

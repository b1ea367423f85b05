import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { OcflStorageRoot } from '../../src/infra/ocfl/index.js';
import { FsObjectStore } from '../../src/infra/storage/fs-object-store.js';
import { tempDir } from '../support/temp-dir.js';

const user = { name: 'sidecar test' };

describe('a commit that stopped after its commit point, before the root sidecar', () => {
  it('is completed by a retry that adds nothing, so verify finds the object intact', async () => {
    const store = new FsObjectStore({ root: await tempDir() });
    const root = await OcflStorageRoot.open(store);
    await root.declare();
    await root.commitVersion(
      'song-1',
      { add: [{ logicalPath: 'a.txt', body: 'one\n' }] },
      { message: 'v1', user },
    );
    const sidecar = `${(await root.verifyObject('song-1')).objectRoot}/inventory.json.sha512`;
    const firstSidecar = await buffer(await store.get(sidecar));
    await root.commitVersion(
      'song-1',
      { add: [{ logicalPath: 'b.txt', body: 'two\n' }] },
      { message: 'v2', user },
    );
    // The disk filled up between the root inventory and its sidecar.
    await store.put(sidecar, firstSidecar);
    expect((await root.verifyObject('song-1')).ok).toBe(false);

    const retried = await root.commitVersion(
      'song-1',
      { add: [{ logicalPath: 'b.txt', body: 'two\n' }] },
      { message: 'v2 again', user },
    );
    expect(retried.version).toBe('v2');
    expect(await root.verifyObject('song-1')).toMatchObject({ ok: true, problems: [] });
  });
});

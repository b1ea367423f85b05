import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getItem } from '../../../src/infra/catalog/item-queries.js';
import { waitFor } from '../../support/archive-checks.js';
import {
  COLLECTION,
  type DepositApi,
  openDepositApi,
  sha256Of,
  tusUpload,
  writeNoiseWav,
} from '../../support/deposit-api.js';
import { makeTempDir } from '../../support/redis.js';
import { startTcpProxy, type TcpProxy } from '../../support/tcp-proxy.js';

/**
 * A 200 MB recording sent with tus-js-client over a connection that is cut half way:
 * the client asks the server how much arrived (HEAD) and sends the rest (PATCH from
 * that offset); the file lands bit for bit in the deposit, and check + ingest archive
 * it bit for bit.
 */

const SIZE = 200 * 1024 * 1024;

describe('a deposit upload over a connection that breaks', () => {
  let deposit: DepositApi;
  let proxy: TcpProxy;
  const requests: { method: string; url: string; offset?: string }[] = [];

  beforeAll(async () => {
    deposit = await openDepositApi((api) =>
      api.addHook('onRequest', async (request) => {
        const offset = request.headers['upload-offset'];
        requests.push({
          method: request.method,
          url: request.url,
          ...(typeof offset === 'string' ? { offset } : {}),
        });
      }),
    );
    proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(deposit.origin).port) });
  });
  afterAll(async () => {
    await proxy?.close();
    await deposit?.close();
  });

  it('resumes from the offset the server holds, and archives the file bit for bit', async () => {
    const source = await makeTempDir('deposit-source');
    try {
      const file = path.join(source.dir, 'long-night.wav');
      const sourceSha = await writeNoiseWav(file, SIZE);
      const as = { 'x-test-as': 'lan' };
      const created = await deposit.api.inject({
        method: 'POST',
        url: '/api/deposits',
        headers: as,
        payload: { collection: COLLECTION },
      });
      expect(created.statusCode).toBe(201);
      const id: string = created.json().id;
      const endpoint = `http://127.0.0.1:${proxy.port}/api/deposits/${id}/uploads`;

      await tusUpload(
        endpoint,
        Buffer.from(
          'id,title,files,access,consent\nkhau-0001,Long night songs,long-night.wav,community,archive; community-access\n',
        ),
        { relativePath: 'manifest.csv' },
        as,
      );
      let cut = false;
      let cutDone: Promise<void> = Promise.resolve();
      await tusUpload(
        endpoint,
        createReadStream(file),
        { relativePath: 'long-night.wav', sha256: sourceSha },
        as,
        {
          onProgress: (sent, total) => {
            if (!cut && sent > total / 2) {
              cut = true;
              cutDone = proxy.cutFor(300);
            }
          },
        },
      );
      await cutDone;
      expect(cut).toBe(true);

      // The server was asked where to go on, and the rest came from there.
      const patches = requests.filter((request) => request.method === 'PATCH');
      const resumedAt = Number(patches.at(-1)?.offset);
      expect(requests.some((request) => request.method === 'HEAD')).toBe(true);
      expect(resumedAt).toBeGreaterThan(0);
      expect(resumedAt).toBeLessThan(SIZE);

      const staged = path.join(deposit.settings.dataDir, 'deposits', id, 'files', 'long-night.wav');
      expect((await stat(staged)).size).toBe(SIZE);
      expect(await sha256Of(staged)).toBe(sourceSha);
      const shown = (await deposit.api.inject({ url: `/api/deposits/${id}`, headers: as })).json();
      expect(shown.files).toContainEqual(
        expect.objectContaining({
          path: 'long-night.wav',
          state: 'received',
          size: SIZE,
          sha256: sourceSha,
        }),
      );

      const checked = await deposit.api.inject({
        method: 'POST',
        url: `/api/deposits/${id}/check`,
        headers: as,
      });
      expect(checked.json()).toMatchObject({ ok: true, state: 'checked', items: 1, problems: [] });
      const ingest = await deposit.api.inject({
        method: 'POST',
        url: `/api/deposits/${id}/ingest`,
        headers: as,
      });
      expect(ingest.statusCode).toBe(202);
      expect(ingest.json().state).toBe('ingesting');
      await waitFor(
        'the item is archived',
        async () =>
          (await deposit.api.inject({ url: `/api/deposits/${id}`, headers: as })).json().ingest
            ?.archivedAt !== undefined,
        40_000,
      );
      const after = (await deposit.api.inject({ url: `/api/deposits/${id}`, headers: as })).json();
      expect(after.ingest.failed).toEqual([]);
      expect(after.ingest.items).toMatchObject([{ id: 'khau-0001', outcome: 'created' }]);

      const item = await getItem(deposit.catalog, 'khau-0001');
      const asset = item?.assets.find((candidate) => candidate.path === 'originals/long-night.wav');
      expect(asset?.sha256).toBe(sourceSha);
      expect(asset?.size).toBe(SIZE);
      const archived = await storedFile(deposit.settings.dataDir, 'originals/long-night.wav');
      expect(await sha256Of(archived)).toBe(sourceSha);
      // Who deposited is in the item's events.
      expect(JSON.stringify(item?.events)).toContain('deposited by lan');
    } finally {
      await source.remove();
    }
  }, 90_000);
});

/** The stored content file of an OCFL object's first version with this logical path. */
async function storedFile(dataDir: string, logicalPath: string): Promise<string> {
  const archive = path.join(dataDir, 'archive');
  const files = await readdir(archive, { recursive: true });
  const found = files.find((file) => file.endsWith(path.join('v1', 'content', logicalPath)));
  if (!found) throw new Error(`no stored file ends with ${logicalPath}`);
  return path.join(archive, found);
}

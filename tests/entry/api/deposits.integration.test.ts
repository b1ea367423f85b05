import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServices, type Services } from '../../../src/entry/services.js';
import { getItem } from '../../../src/infra/catalog/item-queries.js';
import { toneWav } from '../../support/deposit.js';
import {
  adminToken,
  COLLECTION,
  type DepositApi,
  openDepositApi,
  tusUpload,
} from '../../support/deposit-api.js';
import { quietLogger } from '../../support/redis.js';

/**
 * Deposits through the HTTP API: who may open and reach one, a check that answers the
 * manifest's problems by row and column and writes nothing, and the event stream of
 * a deposit from its uploads to its items' end of processing.
 */

const manifestOf = (rows: string[]) =>
  Buffer.from(`id,title,files,languages,date,collection,access,consent\n${rows.join('\n')}\n`);

describe('deposits over HTTP', () => {
  let deposit: DepositApi;
  const as = (who: string) => ({ 'x-test-as': who });
  const endpointOf = (id: string) => `${deposit.origin}/api/deposits/${id}/uploads`;
  const open = async (who = 'lan'): Promise<string> => {
    const response = await deposit.api.inject({
      method: 'POST',
      url: '/api/deposits',
      headers: as(who),
      payload: { collection: COLLECTION },
    });
    expect(response.statusCode).toBe(201);
    return response.json().id;
  };

  beforeAll(async () => {
    deposit = await openDepositApi();
  });
  afterAll(async () => {
    await deposit?.close();
  });

  describe('who may deposit', () => {
    it('lets only admins and archivists of the collection open a deposit', async () => {
      const tryOpen = (headers: Record<string, string>) =>
        deposit.api.inject({
          method: 'POST',
          url: '/api/deposits',
          headers,
          payload: { collection: COLLECTION },
        });
      expect((await tryOpen({})).statusCode).toBe(401);
      expect((await tryOpen(as('elder'))).statusCode).toBe(403);
      expect((await tryOpen(as('minh'))).statusCode).toBe(403);
      expect((await tryOpen(as('lan'))).statusCode).toBe(201);
      expect((await tryOpen({ authorization: `Bearer ${adminToken}` })).statusCode).toBe(201);
      // Nothing was opened for those refused: two deposit folders exist.
      const folders = await readdir(path.join(deposit.settings.dataDir, 'deposits'));
      expect(folders).toHaveLength(2);
    });

    it("answers someone else's deposit exactly as a missing one, on every route", async () => {
      const id = await open('lan');
      const missing = 'dep-000000000000000000000000';
      const upload = '0'.repeat(32);
      const tus = { 'tus-resumable': '1.0.0' };
      type Request = {
        method: 'GET' | 'POST' | 'HEAD' | 'PATCH';
        url: string;
        headers?: Record<string, string>;
        payload?: string;
      };
      const requests = (target: string): Request[] => [
        { method: 'GET', url: `/api/deposits/${target}` },
        { method: 'GET', url: `/api/deposits/${target}/events` },
        { method: 'POST', url: `/api/deposits/${target}/check` },
        { method: 'POST', url: `/api/deposits/${target}/ingest` },
        {
          method: 'POST',
          url: `/api/deposits/${target}/uploads`,
          headers: { ...tus, 'upload-length': '5', 'upload-metadata': 'relativePath YS53YXY=' },
        },
        { method: 'HEAD', url: `/api/deposits/${target}/uploads/${upload}`, headers: tus },
        {
          method: 'PATCH',
          url: `/api/deposits/${target}/uploads/${upload}`,
          headers: {
            ...tus,
            'upload-offset': '0',
            'content-type': 'application/offset+octet-stream',
          },
          payload: 'hello',
        },
      ];
      for (const who of ['minh', 'elder']) {
        const none = requests(missing);
        for (const [index, request] of requests(id).entries()) {
          const send = (sent: Request) =>
            deposit.api.inject({ ...sent, headers: { ...sent.headers, ...as(who) } });
          const hidden = await send(request);
          const absent = await send(none[index] as Request);
          expect(hidden.statusCode, `${who} ${request.method} ${request.url}`).toBe(404);
          expect(hidden.body).toBe(absent.body);
        }
      }
      // Their tus client gets the 404 too, and nothing lands in the deposit.
      await expect(
        tusUpload(endpointOf(id), Buffer.from('intruder'), { relativePath: 'x.txt' }, as('minh'), {
          retryDelays: [],
        }),
      ).rejects.toThrow(/404/);
      const shown = await deposit.api.inject({ url: `/api/deposits/${id}`, headers: as('lan') });
      expect(shown.json().files).toEqual([]);
      // The creator and the admins see it.
      const admin = await deposit.api.inject({
        url: `/api/deposits/${id}`,
        headers: { authorization: `Bearer ${adminToken}` },
      });
      expect(admin.statusCode).toBe(200);
    });

    it("shows an admin who did not make the deposit none of its secret/sacred items' files", async () => {
      const id = await open('lan');
      const endpoint = endpointOf(id);
      await tusUpload(endpoint, toneWav(1), { relativePath: 'open-song.wav' }, as('lan'));
      await tusUpload(endpoint, toneWav(1, 330), { relativePath: 'zzkept-rite.wav' }, as('lan'));
      await tusUpload(
        endpoint,
        Buffer.from(
          JSON.stringify({ id: COLLECTION, title: 'Khau songs', community: 'khau-village' }),
        ),
        { relativePath: 'collection.json' },
        as('lan'),
      );
      await tusUpload(
        endpoint,
        manifestOf([
          'open-song,Open song,open-song.wav,tyz,1965,,open,archive; public-access',
          'zzkept-rite,Kept rite,zzkept-rite.wav,tyz,1965,,secret-sacred,archive',
        ]),
        { relativePath: 'manifest.csv' },
        as('lan'),
      );
      const checked = await deposit.api.inject({
        method: 'POST',
        url: `/api/deposits/${id}/check`,
        headers: as('lan'),
      });
      expect(checked.json()).toMatchObject({ ok: true, items: 2 });
      const mine = await deposit.api.inject({ url: `/api/deposits/${id}`, headers: as('lan') });
      expect(mine.body).toContain('zzkept-rite');
      const admin = await deposit.api.inject({
        url: `/api/deposits/${id}`,
        headers: { authorization: `Bearer ${adminToken}` },
      });
      expect(admin.statusCode).toBe(200);
      expect(admin.body).not.toContain('zzkept');
      expect(admin.json().files.map((file: { path: string }) => file.path)).toEqual([
        'open-song.wav',
      ]);
      expect(admin.json().check.items).toBe(1);
    });

    it('refuses uploads that name a place outside the deposit', async () => {
      const id = await open('lan');
      for (const relativePath of ['../escape.wav', '/etc/passwd', 'a/../../b.wav', ''])
        await expect(
          tusUpload(endpointOf(id), Buffer.from('x'), { relativePath }, as('lan'), {
            retryDelays: [],
          }),
          relativePath,
        ).rejects.toThrow(/400/);
      const folder = path.join(deposit.settings.dataDir, 'deposits', id, 'files');
      expect(await readdir(folder)).toEqual([]);
    });
  });

  it('answers the problems of a manifest by row and column, and writes nothing', async () => {
    const id = await open('lan');
    const endpoint = endpointOf(id);
    await tusUpload(endpoint, toneWav(1), { relativePath: 'recordings/song-a.wav' }, as('lan'));
    await tusUpload(
      endpoint,
      toneWav(1, 330),
      { relativePath: 'recordings/song-b.wav' },
      as('lan'),
    );
    await tusUpload(
      endpoint,
      manifestOf([
        'song-a,Song A,recordings/song-a.wav,zz9,1965,,community,archive',
        `song-b,Song B,recordings/song-b.wav,tyz,1965,other-songs,community,archive`,
      ]),
      { relativePath: 'manifest.csv' },
      as('lan'),
    );
    const checked = await deposit.api.inject({
      method: 'POST',
      url: `/api/deposits/${id}/check`,
      headers: as('lan'),
    });
    expect(checked.statusCode).toBe(200);
    const answer = checked.json();
    expect(answer).toMatchObject({ ok: false, state: 'problems' });
    expect(answer.problems).toContainEqual(
      expect.objectContaining({ file: 'manifest.csv', row: 2, column: 'languages' }),
    );
    // A row naming another collection is a problem: an archivist deposits into theirs only.
    expect(answer.problems).toContainEqual(
      expect.objectContaining({ file: 'manifest.csv', row: 3, column: 'collection' }),
    );
    for (const problem of answer.problems) expect(problem.reason).toEqual(expect.any(String));

    const ingest = await deposit.api.inject({
      method: 'POST',
      url: `/api/deposits/${id}/ingest`,
      headers: as('lan'),
    });
    expect(ingest.statusCode).toBe(409);
    expect(await getItem(deposit.catalog, 'song-a')).toBeUndefined();
    expect(await getItem(deposit.catalog, 'song-b')).toBeUndefined();
    const archive = await stat(path.join(deposit.settings.dataDir, 'archive')).catch(
      () => undefined,
    );
    const objects = archive
      ? (await readdir(path.join(deposit.settings.dataDir, 'archive'), { recursive: true })).filter(
          (file) => file.includes('song-'),
        )
      : [];
    expect(objects).toEqual([]);
  });

  describe('with workers', () => {
    let services: Services;
    beforeAll(async () => {
      services = await openServices(deposit.settings, { workers: true, logger: quietLogger });
    });
    afterAll(async () => {
      await services?.close();
    });

    it('streams uploads, the check, and each item until the deposit is done', async () => {
      const id = await open('lan');
      const events: { event: string; data: Record<string, unknown> }[] = [];
      const stream = await fetch(`${deposit.origin}/api/deposits/${id}/events`, {
        headers: as('lan'),
      });
      expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const ended = readEvents(stream, events);

      const endpoint = endpointOf(id);
      await tusUpload(endpoint, toneWav(2), { relativePath: 'song-c.wav' }, as('lan'));
      await tusUpload(
        endpoint,
        manifestOf(['song-c,Song C,song-c.wav,tyz,1965,,community,archive; community-access']),
        { relativePath: 'manifest.csv' },
        as('lan'),
      );
      const checked = await deposit.api.inject({
        method: 'POST',
        url: `/api/deposits/${id}/check`,
        headers: as('lan'),
      });
      expect(checked.json()).toMatchObject({ ok: true });
      const ingest = await deposit.api.inject({
        method: 'POST',
        url: `/api/deposits/${id}/ingest`,
        headers: as('lan'),
      });
      expect(ingest.statusCode).toBe(202);
      await ended;

      const names = events.map((event) => event.event);
      expect(names[0]).toBe('state');
      expect(events).toContainEqual({
        event: 'upload',
        data: expect.objectContaining({ path: 'song-c.wav', state: 'received' }),
      });
      expect(events).toContainEqual({
        event: 'check',
        data: expect.objectContaining({ ok: true }),
      });
      expect(events).toContainEqual({
        event: 'item',
        data: expect.objectContaining({ id: 'song-c', status: 'ready' }),
      });
      expect(events.at(-1)).toEqual({
        event: 'end',
        data: expect.objectContaining({ state: 'done' }),
      });
      const after = await deposit.api.inject({ url: `/api/deposits/${id}`, headers: as('lan') });
      expect(after.json()).toMatchObject({ state: 'done' });
      expect((await getItem(deposit.catalog, 'song-c'))?.status).toBe('ready');
    }, 60_000);
  });
});

/** Reads server-sent events into `events` until the server ends the stream. */
async function readEvents(
  response: Response,
  events: { event: string; data: Record<string, unknown> }[],
): Promise<void> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let end = buffered.indexOf('\n\n');
    while (end >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
      end = buffered.indexOf('\n\n');
    }
  }
}

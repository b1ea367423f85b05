import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/entry/api/build-api.js';
import { openServices, type Services } from '../../../src/entry/services.js';
import type { Person } from '../../../src/model/person.js';
import { openTestArchive, type TestArchive } from '../../support/test-archive.js';

/**
 * Two people editing a collection's vocabulary in the workspace: each PUTs the whole
 * vocabulary as they read it, naming the version read; the later of two edits from the
 * same version is refused (409) instead of silently undoing the first. The CLI and
 * scripts that name no version keep working.
 */

const archivist: Person = {
  kind: 'account',
  id: 'archivist',
  name: 'archivist',
  grants: [
    { role: 'archivist', collection: 'khau-songs' },
    { role: 'archivist', collection: 'new-songs' },
  ],
};

const withTerms = (...ids: string[]) =>
  JSON.stringify({
    id: 'khau-terms',
    terms: ids.map((id) => ({ id, labels: { vi: `nhãn ${id}`, en: id } })),
  });

describe('PUT /vocabularies/:collection with the version read', () => {
  let archive: TestArchive;
  let services: Services;
  let api: FastifyInstance;

  beforeAll(async () => {
    archive = await openTestArchive('pglite');
    services = await openServices(archive.settings);
    api = buildApi({
      settings: archive.settings,
      catalog: services.archive.catalog,
      queues: services.queues,
      archive: services.archive,
      locks: services.locks,
      resolveCaller: async () => archivist,
    });
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await services?.close();
    await archive?.cleanup();
  });

  const put = (body: string, query = '', headers: Record<string, string> = {}) =>
    api.inject({
      method: 'PUT',
      url: `/api/vocabularies/khau-songs${query}`,
      headers: { 'content-type': 'application/json', ...headers },
      payload: body,
    });
  const stored = async () =>
    (await api.inject({ method: 'GET', url: '/api/vocabularies/khau-songs' })).json() as {
      version: string;
      terms: { id: string }[];
    };

  it('refuses a write made from a version that is no longer the head, and keeps the other', async () => {
    // Without a version, as the CLI sends it.
    const first = await put(withTerms('offering'));
    expect(first.statusCode, first.body).toBe(200);
    const read = first.json().version as string;

    // Two editors read `read`; the first one's write lands.
    const mine = await put(withTerms('offering', 'chant'), `?baseVersion=${read}`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toMatchObject({ changed: true, terms: 2 });

    // The second, from the same version, would drop `chant`: refused, nothing written.
    const theirs = await put(withTerms('offering', 'spirit-horse'), `?baseVersion=${read}`);
    expect(theirs.statusCode, theirs.body).toBe(409);
    expect(theirs.json().detail).toContain(`changed since ${read}`);
    expect(await stored()).toMatchObject({
      version: mine.json().version,
      terms: [{ id: 'offering' }, { id: 'chant' }],
    });

    // The same through If-Match; read again, the edit goes through.
    const byHeader = await put(withTerms('offering', 'spirit-horse'), '', {
      'if-match': `"${read}"`,
    });
    expect(byHeader.statusCode).toBe(409);
    const now = mine.json().version as string;
    const again = await put(withTerms('offering', 'chant', 'spirit-horse'), '', {
      'if-match': `"${now}"`,
    });
    expect(again.statusCode, again.body).toBe(200);
    expect((await stored()).terms.map((term) => term.id)).toEqual([
      'offering',
      'chant',
      'spirit-horse',
    ]);

    // A resend of what is stored is answered as unchanged, whatever version it names.
    const resent = await put(
      withTerms('offering', 'chant', 'spirit-horse'),
      `?baseVersion=${read}`,
    );
    expect(resent.statusCode).toBe(200);
    expect(resent.json().changed).toBe(false);

    // A malformed version is a bad request, not a conflict.
    expect((await put(withTerms('offering'), '?baseVersion=latest')).statusCode).toBe(400);
    expect((await put(withTerms('offering'), '', { 'if-match': '"v1", "v2"' })).statusCode).toBe(
      400,
    );
  });

  it('refuses a version for a collection that has no vocabulary yet', async () => {
    const none = await api.inject({
      method: 'PUT',
      url: '/api/vocabularies/new-songs?baseVersion=v1',
      headers: { 'content-type': 'application/json' },
      payload: withTerms('offering'),
    });
    // Someone else's first version would have been v1: the editor had read nothing of it.
    expect(none.statusCode, none.body).toBe(409);
  });
});

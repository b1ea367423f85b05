import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/entry/api/build-api.js';
import { secureCookiesFor } from '../../../src/entry/api/session-cookie.js';
import { listApiTokenRows } from '../../../src/infra/catalog/api-token-rows.js';
import { savePeopleRegisterRows } from '../../../src/infra/catalog/people-rows.js';
import { sessionDigests } from '../../../src/infra/catalog/session-rows.js';
import { createApiToken, revokeApiToken } from '../../../src/usecases/people/api-tokens.js';
import { hashPassword } from '../../../src/usecases/people/password-hash.js';
import { secretDigest } from '../../../src/usecases/people/secret-digest.js';
import { openTestCatalog, type TestCatalog } from '../../support/databases.js';
import { type IsolatedQueues, openIsolatedQueues } from '../../support/redis.js';

/**
 * Browsers sign in with a password and hold a session cookie; scripts hold a personal
 * `hrt_` token. Both resolve to the account's person; neither secret is stored in clear.
 */

const adminToken = 'archivist-token-0123456789';
const password = 'lượn slương đêm trăng';

describe('signing in to the HTTP API', () => {
  let catalog: TestCatalog;
  let queues: IsolatedQueues;
  let api: FastifyInstance;

  const cookieOf = (response: LightMyRequestResponse) =>
    String(response.headers['set-cookie']).split(';')[0] as string;
  const signIn = (user: string, pass: string) =>
    api.inject({ method: 'POST', url: '/api/session', payload: { user, password: pass } });

  beforeAll(async () => {
    catalog = await openTestCatalog('pglite');
    queues = await openIsolatedQueues();
    const passwordHash = await hashPassword(password);
    await savePeopleRegisterRows(
      catalog.database,
      {
        accounts: [
          { id: 'elder', name: 'Elder Lò', passwordHash, disabled: false, language: 'vi' },
          { id: 'gone', name: 'Gone', passwordHash, disabled: true, language: 'en' },
        ],
        communities: [{ id: 'khau-village', name: 'Khau village' }],
        grants: [{ user: 'elder', grant: { role: 'custodian', community: 'khau-village' } }],
      },
      'v1',
    );
    api = buildApi({
      settings: {
        ...queues.settings,
        api: { ...queues.settings.api, token: adminToken, host: '0.0.0.0', signInRateLimit: 50 },
      },
      catalog: catalog.database,
      queues: queues.runtime,
    });
  });

  afterAll(async () => {
    await api.close();
    await queues.cleanup();
    await catalog.dispose();
  });

  it('signs in with a password and sets a session cookie with the safe flags', async () => {
    const response = await signIn('elder', password);
    expect(response.statusCode).toBe(200);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/^heritage_session=[A-Za-z0-9_-]{43}; /);
    for (const flag of ['HttpOnly', 'SameSite=Strict', 'Path=/', 'Secure'])
      expect(setCookie.split('; ')).toContain(flag);
    // 12 hours from the session's creation, counted when the answer is written (a busy
    // machine may take a few seconds between the two).
    const maxAge = Number(/; Max-Age=(\d+)/.exec(setCookie)?.[1]);
    expect(maxAge).toBeLessThanOrEqual(43_200);
    expect(maxAge).toBeGreaterThan(43_200 - 30);
    const body = response.json();
    expect(body).toMatchObject({ kind: 'account', id: 'elder', communities: ['khau-village'] });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only the cookie's sha256 is in the catalog.
    const secret = cookieOf(response).split('=')[1] as string;
    const digests = await sessionDigests(catalog.database);
    expect(digests).toContain(secretDigest(secret));
    expect(digests).not.toContain(secret);
  });

  it('leaves Secure off only for a server on the loopback address, unless told', () => {
    expect(secureCookiesFor(undefined, '127.0.0.1')).toBe(false);
    expect(secureCookiesFor(undefined, 'localhost')).toBe(false);
    expect(secureCookiesFor(undefined, '0.0.0.0')).toBe(true);
    expect(secureCookiesFor(true, '127.0.0.1')).toBe(true);
    expect(secureCookiesFor(false, '0.0.0.0')).toBe(false);
  });

  it('answers /me with the account, its language, grants and communities, or the public', async () => {
    const signedIn = await signIn('elder', password);
    const cookie = cookieOf(signedIn);
    const me = await api.inject({ url: '/api/me', headers: { cookie } });
    expect(me.json()).toEqual({
      kind: 'account',
      id: 'elder',
      name: 'Elder Lò',
      language: 'vi',
      grants: [{ role: 'custodian', community: 'khau-village' }],
      communities: ['khau-village'],
      csrfToken: signedIn.json().csrfToken,
    });
    expect((await api.inject({ url: '/api/me' })).json()).toEqual({ kind: 'public' });
    const admin = await api.inject({
      url: '/api/me',
      headers: { authorization: `Bearer ${adminToken}` },
    });
    expect(admin.json()).toMatchObject({ kind: 'account', id: 'api-token' });
    // A cookie of no session is the public, not an error.
    const stale = await api.inject({ url: '/api/me', headers: { cookie: 'heritage_session=abc' } });
    expect(stale.json()).toEqual({ kind: 'public' });
  });

  it('refuses a cookie-authenticated change without the CSRF header, and accepts it with it', async () => {
    const signedIn = await signIn('elder', password);
    const cookie = cookieOf(signedIn);
    const csrf = signedIn.json().csrfToken as string;
    for (const headers of [{ cookie }, { cookie, 'x-heritage-csrf': `${csrf.slice(1)}x` }]) {
      const refused = await api.inject({ method: 'DELETE', url: '/api/session', headers });
      expect(refused.statusCode).toBe(403);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    // Still signed in.
    expect((await api.inject({ url: '/api/me', headers: { cookie } })).json().id).toBe('elder');
    const signedOut = await api.inject({
      method: 'DELETE',
      url: '/api/session',
      headers: { cookie, 'x-heritage-csrf': csrf },
    });
    expect(signedOut.statusCode).toBe(204);
    expect(String(signedOut.headers['set-cookie'])).toContain('Max-Age=0');
    expect(await sessionDigests(catalog.database)).not.toContain(
      secretDigest(cookie.split('=')[1] as string),
    );
    expect((await api.inject({ url: '/api/me', headers: { cookie } })).json()).toEqual({
      kind: 'public',
    });
  });

  it('gives one 401 body for a wrong password, an unknown user and a disabled account', async () => {
    const answers = [
      await signIn('elder', 'not the password at all'),
      await signIn('nobody', password),
      await signIn('gone', password),
    ];
    for (const answer of answers) {
      expect(answer.statusCode).toBe(401);
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
    expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
  });

  it('limits sign-in attempts per client address', async () => {
    const limited = buildApi({
      settings: { ...queues.settings, api: { ...queues.settings.api, signInRateLimit: 2 } },
      catalog: catalog.database,
      queues: queues.runtime,
    });
    try {
      const statuses = [];
      for (let attempt = 0; attempt < 3; attempt++)
        statuses.push(
          (
            await limited.inject({
              method: 'POST',
              url: '/api/session',
              payload: { user: 'nobody', password: 'wrong' },
            })
          ).statusCode,
        );
      expect(statuses).toEqual([401, 401, 429]);
    } finally {
      await limited.close();
    }
  });

  describe('personal API tokens', () => {
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

    it('resolve to their account, are stored only as a digest, and a read token only reads', async () => {
      const { token, shown } = await createApiToken(catalog.database, {
        user: 'elder',
        name: 'nightly sync',
        scope: 'read',
      });
      expect(token).toMatch(/^hrt_[A-Za-z0-9_-]{43}$/);
      const me = await api.inject({ url: '/api/me', headers: bearer(token) });
      expect(me.json()).toMatchObject({ kind: 'account', id: 'elder' });
      expect(me.json().csrfToken).toBeUndefined();
      const change = await api.inject({
        method: 'DELETE',
        url: '/api/session',
        headers: bearer(token),
      });
      expect(change.statusCode).toBe(403);
      const rows = await listApiTokenRows(catalog.database, 'elder');
      const row = rows.find((candidate) => candidate.id === shown.id);
      expect(row?.secretSha256).toBe(secretDigest(token));
      expect(JSON.stringify(rows)).not.toContain(token.slice(4));
      expect(row?.lastUsedAt).toBeInstanceOf(Date);
    });

    it('a write token may change', async () => {
      const { token } = await createApiToken(catalog.database, {
        user: 'elder',
        name: 'deposit script',
        scope: 'write',
      });
      const change = await api.inject({
        method: 'DELETE',
        url: '/api/session',
        headers: bearer(token),
      });
      expect(change.statusCode).toBe(204);
    });

    it('refuses an expired, a revoked or an unknown token with 401', async () => {
      const now = new Date();
      const expired = await createApiToken(
        catalog.database,
        { user: 'elder', name: 'old', scope: 'read', expiresAt: new Date(now.getTime() - 1000) },
        new Date(now.getTime() - 60_000),
      );
      const revoked = await createApiToken(catalog.database, {
        user: 'elder',
        name: 'lost laptop',
        scope: 'read',
      });
      expect(
        (await api.inject({ url: '/api/me', headers: bearer(revoked.token) })).statusCode,
      ).toBe(200);
      expect(await revokeApiToken(catalog.database, revoked.shown.id)).toBe(true);
      for (const token of [expired.token, revoked.token, `hrt_${'A'.repeat(43)}`]) {
        const refused = await api.inject({ url: '/api/me', headers: bearer(token) });
        expect(refused.statusCode).toBe(401);
        expect(refused.headers['www-authenticate']).toContain('invalid_token');
      }
    });

    it('keeps the configured archive token an admin', async () => {
      const jobs = await api.inject({ url: '/api/jobs/ocr/none', headers: bearer(adminToken) });
      expect(jobs.statusCode).toBe(404);
      expect((await api.inject({ url: '/api/jobs/ocr/none' })).statusCode).toBe(401);
    });

    it('refuses a token for an unknown or disabled account', async () => {
      for (const user of ['nobody', 'gone'])
        await expect(
          createApiToken(catalog.database, { user, name: 'x', scope: 'read' }),
        ).rejects.toThrow(/no such enabled account/);
    });
  });
});

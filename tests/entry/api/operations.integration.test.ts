import { Worker } from 'bullmq';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/entry/api/build-api.js';
import { savePeopleRegisterRows } from '../../../src/infra/catalog/people-rows.js';
import { JobName, QueueName } from '../../../src/jobs/names.js';
import { createApiToken } from '../../../src/usecases/people/api-tokens.js';
import { hashPassword } from '../../../src/usecases/people/password-hash.js';
import { openTestCatalog, type TestCatalog } from '../../support/databases.js';
import { type IsolatedQueues, openIsolatedQueues } from '../../support/redis.js';

/**
 * The operators' endpoints: the queue board for admins only (404 for everyone else),
 * Prometheus metrics whose labels never hold an item id, and readiness.
 */

const adminToken = 'archivist-token-0123456789';
const metricsToken = 'scrape-token-0123456789';
const secretItem = 'rite-q7z';
const secretFile = 'originals/zzsecretfile-q7z.flac';
const secretText = 'Vvkept offering words';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Prometheus text exposition format 0.0.4, strictly: a line that is not a sample or a comment fails. */
function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  // Values as Go's ParseFloat (Prometheus's parser) reads them: NaN and Inf in any case.
  const line =
    /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? ([-+]?(?:[0-9.e+-]+|nan|inf))(?: -?\d+)?$/i;
  const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g;
  for (const row of text.split('\n')) {
    if (row === '' || row.startsWith('# HELP ') || row.startsWith('# TYPE ')) continue;
    const match = line.exec(row);
    if (!match) throw new Error(`not Prometheus text: ${row}`);
    const labels: Record<string, string> = {};
    const rest = (match[2] ?? '').replace(label, (_, name: string, value: string) => {
      labels[name] = value;
      return '';
    });
    if (rest !== '') throw new Error(`bad labels: ${row}`);
    samples.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return samples;
}

describe('the operations endpoints', () => {
  let catalog: TestCatalog;
  let queues: IsolatedQueues;
  let api: FastifyInstance;
  let adminPersonal: string;
  let memberPersonal: string;

  beforeAll(async () => {
    catalog = await openTestCatalog('pglite');
    queues = await openIsolatedQueues();
    const passwordHash = await hashPassword('a long enough password');
    await savePeopleRegisterRows(
      catalog.database,
      {
        accounts: [
          { id: 'keeper', name: 'Keeper', passwordHash, disabled: false, language: 'en' },
          { id: 'villager', name: 'Villager', passwordHash, disabled: false, language: 'en' },
        ],
        communities: [{ id: 'khau-village', name: 'Khau village' }],
        grants: [
          { user: 'keeper', grant: { role: 'admin' } },
          { user: 'villager', grant: { role: 'member', community: 'khau-village' } },
        ],
      },
      'v1',
    );
    adminPersonal = (
      await createApiToken(catalog.database, { user: 'keeper', name: 'ops', scope: 'read' })
    ).token;
    memberPersonal = (
      await createApiToken(catalog.database, { user: 'villager', name: 'me', scope: 'read' })
    ).token;
    api = buildApi({
      settings: {
        ...queues.settings,
        api: { ...queues.settings.api, token: adminToken, metricsToken },
      },
      catalog: catalog.database,
      queues: queues.runtime,
    });

    // One job of a secret item runs to completion, with a file name in its data and
    // text in its result.
    const worker = new Worker(
      QueueName.Audio,
      async (job) => {
        if (job.data.fail) throw new Error(`ffprobe could not read ${secretFile}`);
        return { ocrPages: [{ page: 1, text: secretText }] };
      },
      { connection: queues.runtime.connectionOptions('worker'), prefix: queues.prefix },
    );
    try {
      const events = await queues.runtime.queueEvents(QueueName.Audio);
      const job = await queues.runtime
        .queue(QueueName.Audio)
        .add(
          JobName.NormaliseAudio,
          { itemId: secretItem, version: 'v1', asset: secretFile, sha256: 'a'.repeat(64) },
          { jobId: `${secretItem}.normalise-audio.test` },
        );
      await job.waitUntilFinished(events, 20_000);
      const failing = await queues.runtime.queue(QueueName.Audio).add(
        JobName.NormaliseAudio,
        {
          itemId: secretItem,
          version: 'v1',
          asset: secretFile,
          sha256: 'b'.repeat(64),
          fail: true,
        },
        { jobId: `${secretItem}.normalise-audio.failing`, attempts: 1 },
      );
      await expect(failing.waitUntilFinished(events, 20_000)).rejects.toThrow(secretFile);
    } finally {
      await worker.close();
    }
  });

  afterAll(async () => {
    await api?.close();
    await queues?.cleanup();
    await catalog?.dispose();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  describe('the queue board', () => {
    const boardUrls = [
      '/api/admin/queues',
      '/api/admin/queues/',
      '/api/admin/queues/api/queues',
      `/api/admin/queues/api/queues/${QueueName.Audio}/${secretItem}.normalise-audio.test`,
    ];

    it('shows an admin its page, assets and API', async () => {
      for (const headers of [bearer(adminToken), bearer(adminPersonal)]) {
        const page = await api.inject({ url: '/api/admin/queues', headers });
        expect(page.statusCode).toBe(200);
        expect(page.headers['content-type']).toMatch(/text\/html/);
        const script = /src="(static\/js\/main[^"]+)"/.exec(page.body)?.[1];
        expect(script).toBeDefined();
        const asset = await api.inject({ url: `/api/admin/queues/${script}`, headers });
        expect(asset.statusCode).toBe(200);
        const listing = await api.inject({ url: '/api/admin/queues/api/queues', headers });
        expect(listing.statusCode).toBe(200);
        const names = (listing.json().queues as { name: string }[]).map((queue) => queue.name);
        expect(names).toContain(QueueName.Audio);
      }
    });

    it("opens in an admin's signed-in browser (session cookie)", async () => {
      const signIn = await api.inject({
        method: 'POST',
        url: '/api/session',
        payload: { user: 'keeper', password: 'a long enough password' },
      });
      expect(signIn.statusCode).toBe(200);
      const cookie = String(signIn.headers['set-cookie']).split(';')[0] as string;
      const listing = await api.inject({
        url: '/api/admin/queues/api/queues',
        headers: { cookie },
      });
      expect(listing.statusCode).toBe(200);
    });

    it('answers anyone else with the 404 of a route that does not exist', async () => {
      const missing = await api.inject({ url: '/api/admin/nothing-here' });
      for (const headers of [
        {},
        bearer(memberPersonal),
        bearer('hrt_not-a-token'),
        bearer(metricsToken),
      ]) {
        for (const url of [...boardUrls, '/api/admin/queues/static/css/anything.css']) {
          const response = await api.inject({ url, headers });
          expect(response.statusCode, `${url} ${JSON.stringify(headers)}`).toBe(404);
          expect(response.json().title).toBe(missing.json().title);
          expect(response.json().detail).toBe(`no route GET ${url}`);
        }
      }
    });

    it('shows job data cut to the item and version, no results, no failure of an item admins may not see, and changes nothing', async () => {
      const headers = bearer(adminToken);
      const job = await api.inject({ url: boardUrls[3] as string, headers });
      expect(job.statusCode).toBe(200);
      expect(job.json().job.data).toEqual({ itemId: secretItem, version: 'v1' });
      const listing = await api.inject({
        url: `/api/admin/queues/api/queues?activeQueue=${QueueName.Audio}&status=completed`,
        headers,
      });
      const failed = await api.inject({
        url: `/api/admin/queues/api/queues?activeQueue=${QueueName.Audio}&status=failed`,
        headers,
      });
      const failedJobs = (
        failed.json().queues as { name: string; jobs: { id: string; failedReason: string }[] }[]
      ).find((queue) => queue.name === QueueName.Audio)?.jobs;
      expect(failedJobs?.map((failedJob) => failedJob.id)).toEqual([
        `${secretItem}.normalise-audio.failing`,
      ]);
      expect(failedJobs?.[0]?.failedReason).toBe('not shown on the board');
      for (const body of [job.body, listing.body, failed.body]) {
        expect(body).not.toContain(secretFile);
        expect(body).not.toContain(secretText);
      }
      const pause = await api.inject({
        method: 'PUT',
        url: `/api/admin/queues/api/queues/${QueueName.Audio}/pause`,
        headers,
      });
      expect(pause.statusCode).toBeGreaterThanOrEqual(400);
      expect(await queues.runtime.queue(QueueName.Audio).isPaused()).toBe(false);
    });
  });

  describe('/api/metrics', () => {
    it('is refused to the public and to members', async () => {
      for (const headers of [{}, bearer(memberPersonal)]) {
        const response = await api.inject({ url: '/api/metrics', headers });
        expect(response.statusCode).toBe(401);
      }
      const wrong = await api.inject({ url: '/api/metrics', headers: bearer('x'.repeat(20)) });
      expect(wrong.statusCode).toBe(401);
    });

    it('is Prometheus text with job states, durations, archived bytes and latency by route pattern', async () => {
      // Requests for an item id, so that its id would show if URLs were labels.
      await api.inject({ url: `/api/items/${secretItem}` });
      await api.inject({ url: `/api/items/${secretItem}/annotations` });
      await api.inject({ url: '/api/health' });
      for (const headers of [bearer(metricsToken), bearer(adminToken), bearer(adminPersonal)]) {
        const response = await api.inject({ url: '/api/metrics', headers });
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
        const samples = parsePrometheus(response.body);
        const completed = samples.find(
          (sample) =>
            sample.name === 'heritage_jobs' &&
            sample.labels.queue === QueueName.Audio &&
            sample.labels.state === 'completed',
        );
        expect(completed?.value).toBe(1);
        expect(
          samples.filter((sample) => sample.name === 'heritage_jobs').map((s) => s.labels.queue),
        ).toEqual(expect.arrayContaining(Object.values(QueueName)));
        expect(
          samples.find(
            (sample) =>
              sample.name === 'heritage_job_duration_recent_seconds' &&
              sample.labels.queue === QueueName.Audio &&
              sample.labels.quantile === '0.5',
          )?.value,
        ).toBeGreaterThanOrEqual(0);
        expect(samples.find((sample) => sample.name === 'heritage_archived_bytes')?.value).toBe(0);
        const routes = samples
          .filter((sample) => sample.name === 'heritage_http_request_duration_seconds_count')
          .map(
            (sample) => `${sample.labels.method} ${sample.labels.route} ${sample.labels.status}`,
          );
        expect(routes).toEqual(
          expect.arrayContaining([
            'GET /api/items/:id 404',
            'GET /api/items/:id/annotations 404',
            'GET /api/health 200',
          ]),
        );
        for (const sample of samples)
          for (const value of Object.values(sample.labels)) {
            expect(value).not.toContain(secretItem);
            expect(value).not.toContain('keeper');
          }
      }
    });

    it('does not open anything else to the metrics token', async () => {
      const response = await api.inject({ url: '/api/items', headers: bearer(metricsToken) });
      expect(response.statusCode).toBe(401);
    });
  });

  it('/api/ready names what it checked', async () => {
    const response = await api.inject({ url: '/api/ready' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ready: true, checked: ['catalog', 'redis', 'storage'] });
  });
});

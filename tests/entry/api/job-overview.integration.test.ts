import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/entry/api/build-api.js';
import { openServices, type Services } from '../../../src/entry/services.js';
import { saveItemRecord } from '../../../src/infra/catalog/item-rows.js';
import { QueueName } from '../../../src/jobs/names.js';
import type { ItemRecord } from '../../../src/model/item-record.js';
import type { Person } from '../../../src/model/person.js';
import { failFinaliseJob } from '../../support/failed-job.js';
import { openTestArchive, type TestArchive } from '../../support/test-archive.js';

/**
 * `GET /jobs`: the queues' counts and failures with their reasons, for admins; a failure
 * of an item the admin may not see (another community's secret/sacred one) keeps only
 * its queue, and its custodian, an admin too, sees it whole.
 */

const token = 'jobs-admin-token-0123456789';

function record(id: string, accessProtocol: ItemRecord['item']['accessProtocol']): ItemRecord {
  return {
    schemaVersion: 1,
    item: {
      id,
      collection: 'rites',
      title: `Rite ${id}`,
      languages: [],
      contributors: [],
      accessProtocol,
      tkLabels: [],
      consent: { uses: ['archive'], withdrawn: false },
      files: [],
    },
    collection: {
      id: 'rites',
      title: 'Rites',
      community: 'village',
      languages: [],
      defaultAccess: 'community',
    },
    extra: {},
    assets: [],
    steps: [],
    quarantined: [],
  };
}

const people: Record<string, Person> = {
  custodian: {
    kind: 'account',
    id: 'elder',
    name: 'Elder',
    grants: [{ role: 'admin' }, { role: 'custodian', community: 'village' }],
  },
  member: {
    kind: 'account',
    id: 'mai',
    name: 'Mai',
    grants: [{ role: 'member', community: 'village' }],
  },
};

describe('the jobs overview over HTTP', () => {
  let archive: TestArchive;
  let services: Services;
  let api: FastifyInstance;
  const admin = { authorization: `Bearer ${token}` };

  beforeAll(async () => {
    archive = await openTestArchive('postgres');
    services = await openServices(archive.settings, { workers: false });
    const { catalog } = services.archive;
    await saveItemRecord(catalog, record('kept-rite', 'secret-sacred'), 'v1', 'processing');
    await saveItemRecord(catalog, record('open-song', 'open'), 'v1', 'processing');
    await failFinaliseJob(services.queues, 'kept-rite', 'could not read kept-rite-words.txt');
    await failFinaliseJob(services.queues, 'open-song', 'disk full while writing v2');
    api = buildApi({
      settings: { ...archive.settings, api: { ...archive.settings.api, token } },
      catalog,
      queues: services.queues,
      archive: services.archive,
      locks: services.locks,
      resolveCaller: async (request) => {
        const as = request.headers['x-test-as'];
        if (typeof as === 'string' && people[as]) return people[as];
        return request.headers.authorization === `Bearer ${token}`
          ? { kind: 'account', id: 'admin', name: 'Admin', grants: [{ role: 'admin' }] }
          : { kind: 'public' };
      },
    });
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await services?.close();
    await archive?.cleanup();
  });

  const overview = (headers: Record<string, string>) =>
    api.inject({ method: 'GET', url: '/api/jobs', headers });

  it("counts every queue's jobs and names failures with their reasons", async () => {
    const answer = await overview(admin);
    expect(answer.statusCode).toBe(200);
    const body = answer.json();
    expect(body.queues.map((queue: { name: string }) => queue.name)).toEqual(
      Object.values(QueueName),
    );
    expect(body.queues.find((queue: { name: string }) => queue.name === 'finalise').counts).toEqual(
      { waiting: 0, active: 0, delayed: 0, failed: 2, completed: 0 },
    );
    expect(body.failures).toContainEqual({
      hidden: false,
      item: 'open-song',
      queue: 'finalise',
      job: 'open-song.finalise.test',
      reason: 'finalise-item: disk full while writing v2',
    });
  });

  it('shows an admin only the queue of a failure of an item they may not see; its custodian all of it', async () => {
    const body = (await overview(admin)).body;
    expect(body).not.toContain('kept-rite');
    expect(JSON.parse(body).failures).toContainEqual({ hidden: true, queue: 'finalise' });
    const custodian = (await overview({ 'x-test-as': 'custodian' })).json();
    expect(custodian.failures).toContainEqual(
      expect.objectContaining({
        item: 'kept-rite',
        reason: 'finalise-item: could not read kept-rite-words.txt',
      }),
    );
  });

  it('is for admins', async () => {
    expect((await overview({})).statusCode).toBe(401);
    expect((await overview({ 'x-test-as': 'member' })).statusCode).toBe(401);
  });

  it('puts a retried failure back in its queue', async () => {
    const retried = await api.inject({
      method: 'POST',
      url: '/api/jobs/retry',
      headers: admin,
      payload: { items: ['open-song'] },
    });
    expect(retried.json().outcomes).toEqual([
      { itemId: 'open-song', action: 'finalise', steps: 0 },
    ]);
    const body = (await overview(admin)).json();
    expect(body.failures.some((failure: { item?: string }) => failure.item === 'open-song')).toBe(
      false,
    );
    expect(body.queues.find((queue: { name: string }) => queue.name === 'finalise').counts).toEqual(
      expect.objectContaining({ waiting: 1, failed: 1 }),
    );
  });
});

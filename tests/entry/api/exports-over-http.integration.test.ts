import { readdir } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/entry/api/build-api.js';
import { apiExportFolder } from '../../../src/entry/api/export-routes.js';
import { resolveCaller } from '../../../src/entry/api/resolve-caller.js';
import { openServices, type Services } from '../../../src/entry/services.js';
import { JobName, QueueName } from '../../../src/jobs/names.js';
import type { Person } from '../../../src/model/person.js';
import { buildExportArchive, type ExportArchive } from '../../support/export-archive.js';

/**
 * An admin queues a dataset export over HTTP and follows its job; what the export
 * holds is the export's own business (tests/usecases/export): here, who may run one,
 * where it may write, and that it runs as the CLI's does.
 */

const token = 'exports-admin-token-0123456789';
const member: Person = {
  kind: 'account',
  id: 'mai',
  name: 'Mai',
  grants: [{ role: 'member', community: 'khau-village' }],
};

describe('dataset exports over HTTP', () => {
  let fixture: ExportArchive;
  let services: Services;
  let api: FastifyInstance;
  const admin = { authorization: `Bearer ${token}` };

  beforeAll(async () => {
    fixture = await buildExportArchive();
    services = await openServices(fixture.settings, { workers: [QueueName.Export] });
    api = buildApi({
      settings: { ...fixture.settings, api: { ...fixture.settings.api, token } },
      catalog: services.archive.catalog,
      queues: services.queues,
      archive: services.archive,
      locks: services.locks,
      resolveCaller: async (request) =>
        request.headers['x-test-as'] === 'mai'
          ? member
          : resolveCaller(request, { adminToken: token }),
    });
  }, 240_000);
  afterAll(async () => {
    await api?.close();
    await services?.close();
    await fixture?.cleanup();
  });

  const post = (body: unknown, headers: Record<string, string> = admin) =>
    api.inject({ method: 'POST', url: '/api/exports', payload: body as object, headers });

  it('runs an admin’s export as a queued job into the data folder, and lists it after', async () => {
    const queued = await post({ out: 'first-release' });
    expect(queued.statusCode).toBe(202);
    const { jobId, status } = queued.json() as { jobId: string; status: string };
    expect(status).toBe(`/api/jobs/export/${jobId}`);
    const job = await services.queues.queue(QueueName.Export).getJob(jobId);
    expect(job?.name).toBe(JobName.ExportDataset);
    await job?.waitUntilFinished(await services.queues.queueEvents(QueueName.Export), 120_000);
    const followed = (await api.inject({ url: status, headers: admin })).json();
    expect(followed).toMatchObject({ state: 'completed' });
    expect(followed.result).toMatchObject({ items: fixture.exportable.length });
    const folder = apiExportFolder(fixture.settings.dataDir, 'first-release');
    expect(await readdir(folder)).toContain('README.md');

    const history = (await api.inject({ url: '/api/exports', headers: admin })).json() as {
      exports: { items: string[]; locations: string[] }[];
    };
    expect(history.exports).toHaveLength(1);
    expect(history.exports[0]?.items.sort()).toEqual([...fixture.exportable].sort());
    for (const id of fixture.forbidden) expect(JSON.stringify(history), id).not.toContain(id);

    const again = await post({ out: 'first-release' });
    expect(again.statusCode).toBe(409);
    expect(again.body).not.toContain(fixture.settings.dataDir);
  }, 180_000);

  it('writes nowhere but under the data folder, and names the field at fault', async () => {
    for (const out of ['../escape', '/tmp/elsewhere', 'a/b', '']) {
      const refused = await post({ out });
      expect(refused.statusCode, out).toBe(400);
      expect(refused.json().invalidParams?.[0]?.name, out).toBe('out');
    }
    const secret = await post({ out: 'x', filters: { accessProtocols: ['secret-sacred'] } });
    expect(secret.statusCode).toBe(400);
    expect(secret.body).toContain('never exported');
  });

  it('is for admins only', async () => {
    expect((await post({ out: 'by-public' }, {})).statusCode).toBe(401);
    expect((await post({ out: 'by-member' }, { 'x-test-as': 'mai' })).statusCode).toBe(403);
    expect(
      (await api.inject({ url: '/api/exports', headers: { 'x-test-as': 'mai' } })).statusCode,
    ).toBe(403);
  });
});

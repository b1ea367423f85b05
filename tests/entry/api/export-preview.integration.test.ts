import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../../src/entry/api/build-api.js';
import { resolveCaller } from '../../../src/entry/api/resolve-caller.js';
import { openServices, type Services } from '../../../src/entry/services.js';
import { QueueName } from '../../../src/jobs/names.js';
import type { Person } from '../../../src/model/person.js';
import { exportHistory } from '../../../src/usecases/export/export-history.js';
import { buildExportArchive, type ExportArchive } from '../../support/export-archive.js';

/**
 * `POST /api/exports/preview` answers what an export would hold and leave out, by the
 * export's own selection and planning, writing nothing; the export then run with the
 * same choices holds what the preview said. Items the caller may not see (consent
 * withdrawn, secret/sacred) are neither named nor counted.
 */

const token = 'preview-admin-token-0123456789';
const member: Person = {
  kind: 'account',
  id: 'mai',
  name: 'Mai',
  grants: [{ role: 'member', community: 'khau-village' }],
};

interface Preview {
  items: number;
  configs: Record<string, { rows: number; seconds: number; characters: number }>;
  exclusions: { unit: string; reason: string; count: number }[];
}

describe('export preview over HTTP', () => {
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
      webApp: false,
    });
  }, 240_000);
  afterAll(async () => {
    await api?.close();
    await services?.close();
    await fixture?.cleanup();
  });

  const preview = (body: object, headers: Record<string, string> = admin) =>
    api.inject({ method: 'POST', url: '/api/exports/preview', payload: body, headers });

  it('says what goes in and what stays out, writes nothing, and the export then agrees', async () => {
    const answer = await preview({});
    expect(answer.statusCode, answer.body).toBe(200);
    const seen = answer.json() as Preview;
    expect(seen.items).toBe(fixture.exportable.length);
    expect(seen.configs.speech?.rows).toBeGreaterThan(0);
    expect(seen.configs.speech?.seconds).toBeGreaterThan(0);
    expect(seen.configs.text?.characters).toBeGreaterThan(0);
    // Left out and counted: the community item (protocol not asked for) and the one
    // without ML consent, which an admin may see. Not the withdrawn one nor the secret one.
    const items = seen.exclusions.filter((exclusion) => exclusion.unit === 'item');
    expect(items.reduce((total, exclusion) => total + exclusion.count, 0)).toBe(2);
    for (const id of fixture.forbidden) expect(answer.body, id).not.toContain(id);
    expect(answer.body).not.toMatch(/withdrawn/i);
    expect(answer.body).not.toMatch(/secret/i);

    // Nothing written: no dataset folder, no export in the archive's history.
    expect(existsSync(path.join(fixture.settings.dataDir, 'exports'))).toBe(false);
    expect(await exportHistory(services.archive)).toEqual([]);

    const queued = await api.inject({
      method: 'POST',
      url: '/api/exports',
      payload: { out: 'after-preview' },
      headers: admin,
    });
    expect(queued.statusCode).toBe(202);
    const { jobId } = queued.json() as { jobId: string };
    const job = await services.queues.queue(QueueName.Export).getJob(jobId);
    const report = (await job?.waitUntilFinished(
      await services.queues.queueEvents(QueueName.Export),
      120_000,
    )) as { items: number; utterances: number; texts: number; speechSeconds: number };
    expect(report.items).toBe(seen.items);
    expect(report.utterances).toBe(seen.configs.speech?.rows);
    expect(report.texts).toBe(seen.configs.text?.rows);
    expect(report.speechSeconds).toBeCloseTo(seen.configs.speech?.seconds ?? 0, 1);

    // Its files, listed and downloaded by admins; nothing else of the server.
    const listing = await api.inject({ url: '/api/exports/folders/after-preview', headers: admin });
    expect(listing.statusCode, listing.body).toBe(200);
    const { files } = listing.json() as { files: { path: string; size: number }[] };
    expect(files.map((file) => file.path)).toContain('export_manifest.json');
    const manifest = await api.inject({
      url: '/api/exports/folders/after-preview/file?path=export_manifest.json',
      headers: admin,
    });
    expect(manifest.statusCode).toBe(200);
    expect(manifest.headers['content-disposition']).toContain('attachment');
    expect(JSON.parse(manifest.body).counts.items).toBe(seen.items);
    for (const url of [
      '/api/exports/folders/after-preview/file?path=..%2F..%2Fcatalog',
      '/api/exports/folders/after-preview/file?path=nothing-here',
      '/api/exports/folders/never-exported',
      '/api/exports/folders/never-exported/file?path=README.md',
    ])
      expect((await api.inject({ url, headers: admin })).statusCode, url).toBe(404);
    expect(
      (
        await api.inject({
          url: '/api/exports/folders/after-preview/file?path=export_manifest.json',
          headers: { 'x-test-as': 'mai' },
        })
      ).statusCode,
    ).toBe(403);
  }, 180_000);

  it('narrows with the filters and names the field at fault', async () => {
    const none = (await preview({ filters: { languages: ['vie'] } })).json() as Preview;
    expect(none.items).toBe(0);
    expect(none.exclusions).toContainEqual({
      unit: 'item',
      reason: 'not in the languages asked for',
      count: fixture.exportable.length,
    });
    const secret = await preview({ filters: { accessProtocols: ['secret-sacred'] } });
    expect(secret.statusCode).toBe(400);
    expect(secret.body).toContain('never exported');
    const backwards = await preview({ filters: { dateFrom: 2000, dateTo: 1990 } });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().detail).toContain('dateFrom');
  });

  it('is for admins only', async () => {
    expect((await preview({}, {})).statusCode).toBe(401);
    expect((await preview({}, { 'x-test-as': 'mai' })).statusCode).toBe(403);
  });
});

/**
 * The annotation routes over HTTP for tests: a deposit of silent recordings in one
 * community's collection, ingested into a fresh archive (PGlite by default), and the
 * API in front of it, where a test header (`x-test-as: <person>`) stands in for sign-in.
 */
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApi } from '../../src/entry/api/build-api.js';
import { resolveCaller } from '../../src/entry/api/resolve-caller.js';
import { ingestCommand } from '../../src/entry/cli/commands/ingest-command.js';
import { openServices, type Services } from '../../src/entry/services.js';
import type { Grant, Person } from '../../src/model/person.js';
import { recordingOutput, silentFlac } from './annotation-archive.js';
import { writeDeposit } from './deposit.js';
import { makeTempDir } from './redis.js';
import { openTestArchive, type TestArchive } from './test-archive.js';

export const account = (id: string, grants: Grant[]): Person => ({
  kind: 'account',
  id,
  name: id,
  grants,
});

export interface AnnotationApi {
  archive: TestArchive;
  services: Services;
  api: FastifyInstance;
  /** A request as `who` (`public`: no one); a string body is sent as text/plain. */
  call(
    who: string,
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: unknown,
  ): Promise<LightMyRequestResponse>;
  /** The item's object version. */
  head(itemId: string): Promise<string>;
  close(): Promise<void>;
}

export async function openAnnotationApi(options: {
  /** The collection `khau-songs`'s community. */
  community: string;
  /** items.csv of the deposit. */
  manifest: string;
  /** Each recording the manifest names, with its length in seconds. */
  recordings: Record<string, number>;
  people: Record<string, Person>;
}): Promise<AnnotationApi> {
  const cleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const archive = await openTestArchive('pglite');
    cleanups.push(archive.cleanup);
    const deposit = await makeTempDir('annotation-api-deposit');
    cleanups.push(deposit.remove);
    await writeDeposit(deposit.dir, {
      'collection.json': JSON.stringify({
        id: 'khau-songs',
        title: 'Khau songs',
        community: options.community,
        languages: ['tyz'],
        defaultAccess: 'community',
      }),
      'items.csv': options.manifest,
    });
    for (const [file, seconds] of Object.entries(options.recordings))
      await silentFlac(path.join(deposit.dir, file), seconds);
    await ingestCommand(
      deposit.dir,
      { manifest: path.join(deposit.dir, 'items.csv'), wait: false, workers: false },
      archive.settings,
      recordingOutput(),
    );
    // After the ingest: the embedded catalog has one holder at a time.
    const services = await openServices(archive.settings);
    cleanups.push(() => services.close());
    const api = buildApi({
      settings: archive.settings,
      catalog: services.archive.catalog,
      queues: services.queues,
      archive: services.archive,
      locks: services.locks,
      resolveCaller: async (request) => {
        const named = request.headers['x-test-as'];
        const person = typeof named === 'string' ? options.people[named] : undefined;
        return person ?? resolveCaller(request, { adminToken: undefined });
      },
    });
    cleanups.push(() => api.close());
    return {
      archive,
      services,
      api,
      call: (who, method, url, payload) =>
        api.inject({
          method,
          url,
          headers: {
            ...(who === 'public' ? {} : { 'x-test-as': who }),
            ...(typeof payload === 'string' ? { 'content-type': 'text/plain' } : {}),
          },
          ...(payload === undefined
            ? {}
            : typeof payload === 'string' || Buffer.isBuffer(payload)
              ? { payload }
              : { payload: payload as object }),
        }),
      head: async (itemId) => (await services.archive.objects.getInventory(itemId)).head,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

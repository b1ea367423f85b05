import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import * as tus from 'tus-js-client';
import { buildApi } from '../../src/entry/api/build-api.js';
import { resolveCaller } from '../../src/entry/api/resolve-caller.js';
import type { Database } from '../../src/infra/catalog/database.js';
import { openCatalogDatabase } from '../../src/infra/catalog/open-catalog-database.js';
import type { Settings } from '../../src/infra/config/settings-schema.js';
import { openQueueRuntime, type QueueRuntime } from '../../src/jobs/queue-runtime.js';
import type { Person } from '../../src/model/person.js';
import { quietLogger } from './redis.js';
import { openTestArchive, type TestArchive } from './test-archive.js';

export const adminToken = 'archive-admin-token-0123456789';
export const COLLECTION = 'khau-songs';

/**
 * The people of the deposit tests, picked by the `x-test-as` header: the resolver
 * stands in for sign-in (tested on its own), and the archive token is still an admin.
 */
export const people: Record<string, Person> = {
  lan: {
    kind: 'account',
    id: 'lan',
    name: 'Lan',
    grants: [{ role: 'archivist', collection: COLLECTION }],
  },
  minh: {
    kind: 'account',
    id: 'minh',
    name: 'Minh',
    grants: [{ role: 'archivist', collection: 'other-songs' }],
  },
  elder: {
    kind: 'account',
    id: 'elder',
    name: 'Elder',
    grants: [{ role: 'custodian', community: 'khau-village' }],
  },
};

/** A whole archive with the HTTP API listening on a port of its own. */
export interface DepositApi {
  archive: TestArchive;
  settings: Settings;
  catalog: Database;
  queues: QueueRuntime;
  api: FastifyInstance;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

export async function openDepositApi(
  setup: (api: FastifyInstance) => void = () => {},
): Promise<DepositApi> {
  const archive = await openTestArchive('postgres');
  const settings: Settings = {
    ...archive.settings,
    api: { ...archive.settings.api, token: adminToken, rateLimit: 10_000 },
  };
  const catalog = await openCatalogDatabase(settings);
  const queues = await openQueueRuntime(settings, {
    prefix: settings.queuePrefix,
    logger: quietLogger,
  });
  const api = buildApi({
    settings,
    catalog,
    queues,
    onServerError: (error) => console.error(error),
    resolveCaller: async (request) => {
      const as = request.headers['x-test-as'];
      if (typeof as === 'string' && people[as]) return people[as];
      return resolveCaller(request, { adminToken, catalog });
    },
  });
  setup(api);
  await api.listen({ host: '127.0.0.1', port: 0 });
  const { port } = api.server.address() as AddressInfo;
  return {
    archive,
    settings,
    catalog,
    queues,
    api,
    origin: `http://127.0.0.1:${port}`,
    async close() {
      await api.close();
      await queues.close();
      await catalog.close();
      await archive.cleanup();
    },
  };
}

/** Uploads `input` into a deposit with tus-js-client; resolves with the upload's URL. */
export function tusUpload(
  endpoint: string,
  input: Buffer | ReturnType<typeof createReadStream>,
  metadata: Record<string, string>,
  headers: Record<string, string>,
  options: Partial<tus.UploadOptions> = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(input, {
      endpoint,
      metadata,
      headers,
      retryDelays: [100, 300, 600, 1000, 2000, 4000],
      ...options,
      onError: reject,
      onSuccess: () => resolve(upload.url ?? ''),
    });
    upload.start();
  });
}

/**
 * Writes a WAV of `bytes` bytes (16-bit stereo 48 kHz: a valid header, then noise, so
 * that no stretch of it repeats another) and answers its sha256.
 */
export async function writeNoiseWav(file: string, bytes: number): Promise<string> {
  const dataBytes = bytes - 44;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + dataBytes, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(2, 22); // stereo
  header.writeUInt32LE(48_000, 24);
  header.writeUInt32LE(48_000 * 4, 28);
  header.writeUInt16LE(4, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(dataBytes, 40);
  const digest = createHash('sha256');
  const out = createWriteStream(file);
  const write = (chunk: Buffer) =>
    new Promise<void>((resolve, reject) => {
      digest.update(chunk);
      out.write(chunk, (error) => (error ? reject(error) : resolve()));
    });
  await write(header);
  const block = 4 * 1024 * 1024;
  for (let left = dataBytes; left > 0; left -= block)
    await write(randomBytes(Math.min(block, left)));
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return digest.digest('hex');
}

/** The sha256 of a file, read from disk. */
export async function sha256Of(file: string): Promise<string> {
  const digest = createHash('sha256');
  for await (const chunk of createReadStream(file)) digest.update(chunk as Buffer);
  return digest.digest('hex');
}

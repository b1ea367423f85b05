/**
 * An S3 service that stops answering (connections open, nothing comes back) fails each
 * call within the storage's idle timeout, as a transient outage of the storage; a
 * transfer that keeps moving for longer than that timeout is not cut off.
 */
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { S3Settings } from '../../../src/infra/config/settings-schema.js';
import { classifyFailure, inService } from '../../../src/infra/queue/classify-failure.js';
import { ServiceError } from '../../../src/infra/queue/service-error.js';
import { createS3Client } from '../../../src/infra/storage/s3-client.js';
import { S3ObjectStore } from '../../../src/infra/storage/s3-object-store.js';
import { type RunningS3rver, startS3rver } from '../../support/s3rver.js';
import { startTcpProxy, type TcpProxy, throughProxy } from '../../support/tcp-proxy.js';

const idleTimeoutMs = 500;
/** The SDK's three attempts, each ended by the idle timeout, with its backoff and room for a loaded machine. */
const failsWithinMs = 10_000;

let server: RunningS3rver;
let proxy: TcpProxy;
let settings: S3Settings;
let store: S3ObjectStore;

/*
 * Each test gets its own s3rver, proxy and client: a frozen connection, or the late
 * requests a thaw lets through, must not reach the next test's calls.
 */
beforeEach(async () => {
  server = await startS3rver();
  const endpoint = new URL(server.settings.endpoint as string);
  proxy = await startTcpProxy({ host: endpoint.hostname, port: Number(endpoint.port) });
  settings = {
    ...server.settings,
    endpoint: throughProxy(endpoint.toString(), proxy).replace(/\/$/, ''),
    connectTimeoutMs: 1_000,
    idleTimeoutMs,
  };
  store = new S3ObjectStore(settings);
});
afterEach(async () => {
  await store?.close();
  await proxy?.close();
  await server?.stop();
});

/** Runs `call` as a job would, and returns its error and how long it took to come. */
async function failure(call: () => Promise<unknown>): Promise<{ error: Error; ms: number }> {
  const started = Date.now();
  const error = await inService('storage', call).then(
    () => new Error('expected the call to fail'),
    (caught: Error) => caught,
  );
  return { error, ms: Date.now() - started };
}

function expectStorageOutage(error: Error): void {
  expect(error).toBeInstanceOf(ServiceError);
  expect(classifyFailure(error)).toEqual({ kind: 'transient', service: 'storage' });
  expect(error.message).toMatch(/the archive storage failed: .*timed out/);
}

describe('the S3 store on a service that stops answering', () => {
  it('fails a put within the idle timeout, as an outage of the storage', async () => {
    await store.put('before.txt', Buffer.from('answered'));
    proxy.freeze();
    const { error, ms } = await failure(() => store.put('during.txt', Buffer.from('silence')));
    expectStorageOutage(error);
    expect(ms).toBeLessThan(failsWithinMs);
  });

  it('fails a get within the idle timeout, as an outage of the storage', async () => {
    await store.put('kept.txt', Buffer.from('kept'));
    proxy.freeze();
    const { error, ms } = await failure(() => store.get('kept.txt'));
    expectStorageOutage(error);
    expect(ms).toBeLessThan(failsWithinMs);
  });

  it('lets an upload that keeps sending run longer than the idle timeout', async () => {
    const client = createS3Client(settings);
    const chunks = 8;
    const trickle = Readable.from(
      (async function* () {
        for (let index = 0; index < chunks; index++) {
          await sleep(idleTimeoutMs / 2);
          yield Buffer.from('slow but alive\n');
        }
      })(),
    );
    const started = Date.now();
    try {
      await client.send(
        new PutObjectCommand({
          Bucket: settings.bucket,
          Key: 'trickled.txt',
          Body: trickle,
          ContentLength: chunks * 'slow but alive\n'.length,
        }),
      );
    } finally {
      client.destroy();
    }
    expect(Date.now() - started).toBeGreaterThan(2 * idleTimeoutMs);
  });
});

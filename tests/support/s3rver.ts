import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { S3Settings } from '../../src/config/settings-schema.js';

/** The part of s3rver's API used here (the package ships no types). */
interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
}) => S3rverServer;

const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

/** A running s3rver and the settings that reach its bucket. */
export interface RunningS3rver {
  settings: S3Settings;
  /** The folder s3rver keeps its buckets in (`<directory>/<bucket>/...`). */
  directory: string;
  stop(): Promise<void>;
}

/**
 * Starts a real s3rver on a free loopback port, in a fresh temporary folder, with
 * one empty bucket. `stop` closes it and removes the folder.
 */
export async function startS3rver(bucket = 'heritage-test'): Promise<RunningS3rver> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'heritage-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  return {
    settings: {
      bucket,
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      prefix: '',
      forcePathStyle: true,
    },
    directory,
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

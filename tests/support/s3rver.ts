import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { S3Settings } from '../../src/infra/config/settings-schema.js';

/** A running s3rver and the settings that reach its bucket. */
export interface RunningS3rver {
  settings: S3Settings;
  /** The folder s3rver keeps its buckets in (`<directory>/<bucket>/...`). */
  directory: string;
  stop(): Promise<void>;
}

/**
 * The child's program. s3rver signs ListObjectsV2 continuation tokens with DES,
 * which OpenSSL 3 only offers through its legacy provider: without it every
 * paginated listing fails with HTTP 500. So s3rver runs in its own Node process
 * started with `--openssl-legacy-provider` (which also keeps its memory out of the
 * measurements of the process under test). It exits when its stdin closes, so it
 * never outlives the test process.
 *
 * s3rver 3.7.1 answers a PUT once its md5 transform has seen the body, before its
 * file has been written: a copy or HEAD right after can find the file empty (under
 * load, a copy then stored 0 bytes). The program replaces its `putObject` with the
 * same steps that answer only once the file is written.
 */
const childProgram = (s3rverPath: string, directory: string, bucket: string) => `
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { Readable } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const FilesystemStore = require(path.join(path.dirname(${JSON.stringify(s3rverPath)}), 'stores', 'filesystem.js'));
FilesystemStore.prototype.putObject = async function putObject(object) {
  const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
  await fs.promises.mkdir(path.dirname(objectPath), { recursive: true });
  const hash = crypto.createHash('md5');
  let size = 0;
  const content = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
  await pipeline(
    content,
    async function* (chunks) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    },
    fs.createWriteStream(objectPath),
  );
  const md5 = hash.digest('hex');
  await this.putMetadata(object.bucket, object.key, object.metadata, md5);
  return { size, md5 };
};
const S3rver = require(${JSON.stringify(s3rverPath)});
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory: ${JSON.stringify(directory)},
  configureBuckets: [{ name: ${JSON.stringify(bucket)} }],
});
server.run().then(
  (address) => process.stdout.write(JSON.stringify({ port: address.port }) + '\\n'),
  (error) => { console.error(error); process.exit(1); },
);
process.stdin.on('end', () => server.close().finally(() => process.exit(0)));
process.stdin.resume();
`;

/**
 * Starts a real s3rver on a free loopback port, in a fresh temporary folder, with
 * one empty bucket. `stop` ends it and removes the folder.
 */
export async function startS3rver(bucket = 'heritage-test'): Promise<RunningS3rver> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'heritage-s3rver-'));
  const s3rverPath = createRequire(import.meta.url).resolve('s3rver');
  const child = spawn(
    process.execPath,
    ['--openssl-legacy-provider', '-e', childProgram(s3rverPath, directory, bucket)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  let port: number;
  try {
    port = await readPort(child);
  } catch (error) {
    child.kill();
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
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
      if (child.exitCode === null) {
        const exited = once(child, 'exit');
        child.stdin?.end();
        await exited;
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** The port the child reports on its first line of output. */
async function readPort(child: ChildProcess): Promise<number> {
  if (!child.stdout) throw new Error('s3rver child has no stdout');
  const lines = createInterface({ input: child.stdout });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`s3rver exited with code ${code} before listening`);
  });
  exited.catch(() => {}); // only the race below cares; a later exit is the normal stop
  const firstLine = once(lines, 'line').then(([line]) => line as string);
  const line = await Promise.race([firstLine, exited]);
  lines.close();
  const { port } = JSON.parse(line) as { port: number };
  return port;
}

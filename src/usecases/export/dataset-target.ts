import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { makeScratchFolder } from '../../archive/scratch-space.js';
import type { Settings } from '../../infra/config/settings-schema.js';
import type { S3ObjectStore } from '../../infra/storage/s3-object-store.js';
import type { DatasetFile } from './dataset-files.js';

/** Where a dataset goes: a local folder, or a prefix in an S3 bucket. */
export type DatasetTarget =
  | { kind: 'folder'; path: string }
  | { kind: 's3'; bucket: string; prefix: string };

/** A target that is taken, or that cannot be used; the message says which and how to proceed. */
export class ExportTargetError extends Error {
  override readonly name = 'ExportTargetError';
}

/** `s3://bucket/some/prefix` or a folder path (made absolute). */
export function parseTarget(out: string): DatasetTarget {
  if (!out.startsWith('s3://')) return { kind: 'folder', path: path.resolve(out) };
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(out);
  if (!match?.[1])
    throw new ExportTargetError(`--out ${out}: not s3://bucket/prefix with a valid bucket name`);
  const prefix = (match[2] ?? '').replace(/\/+$/, '');
  if (prefix.split('/').some((part) => part === '..' || part === '.'))
    throw new ExportTargetError(`--out ${out}: the prefix must not hold . or .. segments`);
  return { kind: 's3', bucket: match[1], prefix: prefix === '' ? '' : `${prefix}/` };
}

export function describeTarget(target: DatasetTarget): string {
  return target.kind === 'folder' ? target.path : `s3://${target.bucket}/${target.prefix}`;
}

/**
 * Refuses a target that already holds something, unless `overwrite`: an export is a
 * record of what was released and is not replaced by accident.
 */
export async function checkTargetFree(
  target: DatasetTarget,
  settings: Settings,
  overwrite: boolean,
): Promise<void> {
  if (overwrite) return;
  let taken: boolean;
  if (target.kind === 'folder') {
    const info = await stat(target.path).catch(() => undefined);
    if (info && !info.isDirectory())
      throw new ExportTargetError(`${target.path} is a file, not a folder`);
    taken = info !== undefined && (await readdir(target.path)).length > 0;
  } else {
    const store = await s3Store(target, settings);
    try {
      taken = !(await store.listKeys('')[Symbol.asyncIterator]().next()).done;
    } finally {
      await store.close();
    }
  }
  if (taken)
    throw new ExportTargetError(
      `${describeTarget(target)} is not empty: choose another place, or pass --overwrite to replace it`,
    );
}

/**
 * A fresh folder to build the dataset in: beside a folder target (so publishing is a
 * rename), else in the scratch space of the data folder.
 */
export async function stagingFolder(target: DatasetTarget, dataDir: string): Promise<string> {
  if (target.kind === 's3') return makeScratchFolder(dataDir, 'export');
  await mkdir(path.dirname(target.path), { recursive: true });
  const folder = `${target.path}.partial-${randomBytes(4).toString('hex')}`;
  await mkdir(folder);
  return folder;
}

/**
 * Moves the built dataset to its target. A folder is swapped in by renames, so readers
 * see the old dataset or the new one; S3 objects are uploaded with their sha256
 * checked, then what the old dataset had and the new one lacks is deleted. The staging
 * folder is its maker's to remove.
 */
export async function publish(
  staging: string,
  files: readonly DatasetFile[],
  target: DatasetTarget,
  settings: Settings,
  onFile?: (done: number, total: number) => void,
): Promise<void> {
  if (target.kind === 'folder') {
    const previous = `${target.path}.old-${randomBytes(4).toString('hex')}`;
    const existed = await stat(target.path).then(
      () => true,
      () => false,
    );
    if (existed) await rename(target.path, previous);
    await rename(staging, target.path);
    if (existed) await rm(previous, { recursive: true, force: true });
    onFile?.(files.length, files.length);
    return;
  }
  const store = await s3Store(target, settings);
  try {
    for (const [index, file] of files.entries()) {
      await store.put(file.path, createReadStream(path.join(staging, ...file.path.split('/'))), {
        expectedSha256: file.sha256,
      });
      onFile?.(index + 1, files.length);
    }
    const kept = new Set(files.map((file) => file.path));
    const stale: string[] = [];
    for await (const key of store.listKeys('')) if (!kept.has(key)) stale.push(key);
    for (const key of stale) await store.delete(key);
  } finally {
    await store.close();
  }
}

/**
 * The bucket and prefix of the target, on the service of `exportS3` (else the archive's
 * `s3`) settings. The S3 client is loaded only for such a target.
 */
async function s3Store(
  target: Extract<DatasetTarget, { kind: 's3' }>,
  settings: Settings,
): Promise<S3ObjectStore> {
  const { S3ObjectStore } = await import('../../infra/storage/s3-object-store.js');
  const service = settings.exportS3 ??
    settings.s3 ?? { region: process.env.AWS_REGION ?? 'us-east-1', forcePathStyle: true };
  return new S3ObjectStore({ ...service, bucket: target.bucket, prefix: target.prefix });
}

import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { normaliseRelativePath } from '../ingest/manifest/relative-path.js';
import { type DepositRecord, depositIdSchema, depositRecordSchema } from './deposit-record.js';

/**
 * Where deposits live in the data folder: `deposits/<id>/deposit.json` (its record),
 * `deposits/<id>/uploads/` (files being received, as the tus file store keeps them)
 * and `deposits/<id>/files/` (the staging folder: files received whole, at their
 * relative paths; this is the folder the ingest reads). All on one filesystem, so a
 * finished upload reaches the staging folder by a rename, whole or not at all.
 */
export class DepositFolders {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.resolve(dataDir, 'deposits');
  }

  folder(id: string): string {
    // The id is checked before it becomes a path.
    return path.join(this.root, depositIdSchema.parse(id));
  }
  uploads(id: string): string {
    return path.join(this.folder(id), 'uploads');
  }
  staging(id: string): string {
    return path.join(this.folder(id), 'files');
  }

  async create(record: DepositRecord): Promise<void> {
    await mkdir(this.uploads(record.id), { recursive: true });
    await mkdir(this.staging(record.id), { recursive: true });
    await this.save(record);
  }

  /** Removes the received files (staged and in progress); the record stays. */
  async removeFiles(id: string): Promise<void> {
    await rm(this.staging(id), { recursive: true, force: true });
    await rm(this.uploads(id), { recursive: true, force: true });
  }

  /** The deposit's record, or undefined for an id that is malformed or unknown. */
  async read(id: string): Promise<DepositRecord | undefined> {
    if (!depositIdSchema.safeParse(id).success) return undefined;
    const text = await readFile(path.join(this.folder(id), 'deposit.json'), 'utf8').catch(
      () => undefined,
    );
    return text === undefined ? undefined : depositRecordSchema.parse(JSON.parse(text));
  }

  /** Writes the record whole: readers see the old one or the new one. */
  async save(record: DepositRecord): Promise<void> {
    const file = path.join(this.folder(record.id), 'deposit.json');
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`);
    await rename(temporary, file);
  }

  /**
   * Puts a finished upload at its relative path in the staging folder and answers its
   * size and sha256. The upload's bytes are hard-linked under a temporary name and
   * renamed into place, so the staged file appears whole (replacing an earlier upload of
   * the same path), and the upload itself stays complete for a client that asks again.
   */
  async stage(
    id: string,
    uploadFile: string,
    relativePath: string,
    expectedSha256?: string,
  ): Promise<{ size: number; sha256: string }> {
    const target = path.join(this.staging(id), ...relativePath.split('/'));
    const digest = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(uploadFile) as AsyncIterable<Buffer>) {
      digest.update(chunk);
      size += chunk.length;
    }
    const sha256 = digest.digest('hex');
    if (expectedSha256 !== undefined && expectedSha256.toLowerCase() !== sha256)
      throw new ChecksumMismatch(relativePath, expectedSha256, sha256);
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = path.join(this.uploads(id), `${randomBytes(8).toString('hex')}.staging`);
    await link(uploadFile, temporary);
    try {
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return { size, sha256 };
  }
}

/** The bytes received are not the ones the client hashed: nothing is staged. */
export class ChecksumMismatch extends Error {
  override readonly name = 'ChecksumMismatch';
  constructor(relativePath: string, expected: string, received: string) {
    super(
      `${relativePath}: the client's sha256 is ${expected}, the bytes received hash to ${received}; upload it again`,
    );
  }
}

/**
 * The relative path an upload names (its tus metadata `relativePath`), normalised,
 * or the reason it is refused: absolute paths, `..`, NUL bytes and names that would
 * leave the deposit's staging folder are never accepted.
 */
export function depositPath(written: string | null | undefined): string {
  if (written === undefined || written === null || written === '')
    throw new Error('name the file: tus metadata relativePath (e.g. recordings/song01.wav)');
  if (written.length > 1024) throw new Error('relativePath is longer than 1024 characters');
  const normalised = normaliseRelativePath(written).normalize('NFC');
  if (normalised.split('/').some((part) => part === '' || part === '.' || part === '..'))
    throw new Error(`"${written}" is not a plain relative path`);
  return normalised;
}

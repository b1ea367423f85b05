import { createHash, type Hash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ByteWriter } from 'hyparquet-writer';
import { compareText } from './compare-text.js';

/** One file of a dataset, as `SHA256SUMS` and the card count it. */
export interface DatasetFile {
  /** `/`-separated, relative to the dataset root. */
  path: string;
  size: number;
  sha256: string;
}

/**
 * The folder a dataset is built in. Every file is hashed as it is written (never read
 * back), so the checksums cost no second pass over the audio.
 */
export class DatasetFiles {
  readonly #root: string;
  readonly #files = new Map<string, DatasetFile>();
  readonly #folders = new Set<string>();

  constructor(root: string) {
    this.#root = root;
  }

  /** Writes a whole file. */
  async write(relativePath: string, data: Uint8Array | string): Promise<DatasetFile> {
    const file = this.#absolute(relativePath);
    const folder = path.dirname(file);
    if (!this.#folders.has(folder)) {
      await mkdir(folder, { recursive: true });
      this.#folders.add(folder);
    }
    await writeFile(file, data);
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    return this.#record({
      path: relativePath,
      size: bytes.byteLength,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
  }

  /** A hyparquet-writer `Writer` that streams to a file of the dataset, hashing as it goes. */
  parquetWriter(relativePath: string): ByteWriter {
    const file = this.#absolute(relativePath);
    mkdirSync(path.dirname(file), { recursive: true });
    return new HashingFileWriter(file, (size, sha256) =>
      this.#record({ path: relativePath, size, sha256 }),
    );
  }

  /** Every file written, in path order. */
  list(): DatasetFile[] {
    return [...this.#files.values()].sort((a, b) => compareText(a.path, b.path));
  }

  #record(file: DatasetFile): DatasetFile {
    this.#files.set(file.path, file);
    return file;
  }

  #absolute(relativePath: string): string {
    const parts = relativePath.split('/');
    if (parts.some((part) => part === '' || part === '.' || part === '..'))
      throw new Error(`dataset path "${relativePath}" is not a plain relative path`);
    return path.join(this.#root, ...parts);
  }
}

/** Flush to disk past 4 MiB: row groups of audio stay out of memory once encoded. */
const FLUSH_BYTES = 4 * 1024 * 1024;

/** Values at least this long bypass the buffer. */
const DIRECT_BYTES = 64 * 1024;

/**
 * hyparquet-writer's node `fileWriter` with a running sha256 and one open descriptor
 * (theirs reopens the file on every flush and cannot report a digest).
 */
class HashingFileWriter extends ByteWriter {
  readonly #fd: number;
  readonly #hash: Hash = createHash('sha256');
  readonly #done: (size: number, sha256: string) => void;

  constructor(file: string, done: (size: number, sha256: string) => void) {
    super(1024 * 1024);
    this.#fd = openSync(file, 'w');
    this.#done = done;
  }

  override ensure(size: number): void {
    if (this.index > FLUSH_BYTES) this.#flush();
    super.ensure(size);
  }

  /** Large values (a data page of audio) go straight to the file: copying them into the buffer first costs a pass over the audio. */
  override appendBytes(value: Uint8Array): void {
    if (value.byteLength < DIRECT_BYTES) {
      super.appendBytes(value);
      return;
    }
    this.#flush();
    this.#hash.update(value);
    writeSync(this.#fd, value);
    this.offset += value.byteLength;
  }

  override finish(): void {
    this.#flush();
    closeSync(this.#fd);
    this.#done(this.offset, this.#hash.digest('hex'));
  }

  #flush(): void {
    const chunk = new Uint8Array(this.buffer, 0, this.index);
    this.#hash.update(chunk);
    writeSync(this.#fd, chunk);
    this.index = 0;
  }
}

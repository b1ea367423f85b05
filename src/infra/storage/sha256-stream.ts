import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** True for a lower-case hex sha256. */
export function isSha256Hex(text: string): boolean {
  return SHA256_HEX.test(text);
}

/** The caller's `expectedSha256` in lower case, or a `TypeError` naming the key when it is no sha256. */
export function checkExpectedSha256(key: string, expected: string | undefined): string | undefined {
  if (expected === undefined) return undefined;
  const normalised = expected.toLowerCase();
  if (!isSha256Hex(normalised)) {
    throw new TypeError(
      `expectedSha256 for "${key}" must be 64 hex digits, got ${JSON.stringify(expected)}`,
    );
  }
  return normalised;
}

/**
 * Called once the last byte has passed, with its digest; throwing (or rejecting)
 * makes the stream fail instead of ending, so a consumer never sees a clean end
 * for bytes that did not check out.
 */
export type DigestCheck = (sha256: string, bytes: number) => void | Promise<void>;

/** A pass-through stream that computes the sha256 and byte count of what flows through it. */
export class Sha256Stream extends Transform {
  readonly #hash = createHash('sha256');
  #bytes = 0;
  #sha256: string | undefined;

  /**
   * @param check run on the digest at the end; a throw fails the stream
   * @param bufferBytes how much may wait on either side; more lets reading, hashing
   *   and writing overlap on large bodies (default: Node's 16 KiB)
   */
  constructor(
    private readonly check?: DigestCheck,
    bufferBytes?: number,
  ) {
    super(bufferBytes === undefined ? {} : { highWaterMark: bufferBytes });
  }

  /** Hex sha256 of everything that passed; only known once the stream has ended. */
  get sha256(): string {
    if (this.#sha256 === undefined)
      throw new Error('sha256 is only known once the stream has ended');
    return this.#sha256;
  }

  get bytes(): number {
    return this.#bytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#hash.update(chunk);
    this.#bytes += chunk.length;
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    const sha256 = this.#hash.digest('hex');
    this.#sha256 = sha256;
    if (!this.check) {
      callback();
      return;
    }
    Promise.resolve()
      .then(() => this.check?.(sha256, this.#bytes))
      .then(
        () => callback(),
        (error: unknown) => callback(error as Error),
      );
  }
}

import { Readable } from 'node:stream';

/** Anything `ObjectStore.put` accepts as a body. */
export type ObjectBody = Readable | Uint8Array | string;

/** One stream type for every body, so that each adapter has a single write path. */
export function bodyToStream(body: ObjectBody, key: string): Readable {
  if (typeof body === 'string') return Readable.from([Buffer.from(body, 'utf8')]);
  if (body instanceof Uint8Array) {
    // No copy: a Buffer view over the caller's bytes.
    return Readable.from([Buffer.from(body.buffer, body.byteOffset, body.byteLength)]);
  }
  if (body instanceof Readable) return body;
  throw new TypeError(`body for "${key}" must be a Readable, a Uint8Array or a string`);
}

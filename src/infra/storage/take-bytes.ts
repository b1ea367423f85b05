import { Transform, type TransformCallback } from 'node:stream';

/** A pass-through stream that lets the first `limit` bytes through and drops the rest. */
export function takeBytes(limit: number): Transform {
  let remaining = limit;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      if (remaining <= 0) return callback();
      const kept = chunk.length <= remaining ? chunk : chunk.subarray(0, remaining);
      remaining -= kept.length;
      callback(null, kept);
    },
  });
}

/**
 * What a request's `Range` header asks of a file of `size` bytes (RFC 9110 §14):
 * - `whole`: no usable range (none given, another unit, several ranges, or a header that
 *   does not parse): the whole file with 200, as the RFC lets a server do;
 * - `part`: one satisfiable range, `end` inclusive, cut to the file's last byte;
 * - `unsatisfiable`: a well-formed range that starts past the end (416).
 *
 * Written here because the one parser on npm for this (`range-parser`) is not among
 * the project's dependencies and a single byte range is a few lines.
 */
export type RangeRequest =
  | { kind: 'whole' }
  | { kind: 'part'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const singleRange = /^bytes=[ \t]*(\d*)-(\d*)[ \t]*$/i;

export function rangeRequest(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'whole' };
  const match = singleRange.exec(header);
  if (!match) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    // A suffix: the last N bytes.
    const length = Number(last);
    if (!Number.isSafeInteger(length)) return { kind: 'whole' };
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'part', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? Number.MAX_SAFE_INTEGER : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start)
    return { kind: 'whole' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'part', start, end: Math.min(end, size - 1) };
}

/**
 * Whether an `If-Range` precondition lets the range apply: absent, or naming the file's
 * current strong ETag. A date or another tag means the client's copy is stale: send it all.
 */
export function rangeStillApplies(ifRange: string | undefined, etag: string): boolean {
  return ifRange === undefined || ifRange.trim() === etag;
}

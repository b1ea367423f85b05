import path from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ItemFile } from '../../infra/catalog/item-file-queries.js';
import {
  NotInObjectError,
  ObjectNotFoundInRootError,
  type OcflStorageRoot,
} from '../../infra/ocfl/index.js';
import { notVisible } from './item-visibility.js';
import { Problem } from './problem.js';
import { rangeRequest, rangeStillApplies } from './range-request.js';

/** What a file answer would hold, decided before any byte is read: status, headers, range. */
export interface FileAnswer {
  status: 200 | 206 | 304;
  headers: Record<string, string>;
  range?: { start: number; end: number };
}

/** The strong entity tag of a file: its sha256, which names its bytes exactly. */
export const etagOf = (file: Pick<ItemFile, 'sha256'>): string => `"${file.sha256}"`;

/**
 * The answer to a GET or HEAD of `file` under the request's `Range`, `If-Range` and
 * `If-None-Match`: 304 when the client holds these bytes, 206 with one range, 200 with
 * all, or a 416 problem for a range that starts past the end. Every answer says
 * `Accept-Ranges: bytes`, so that browsers seek in audio by asking for ranges.
 */
export function fileAnswer(request: FastifyRequest, file: ItemFile): FileAnswer {
  const etag = etagOf(file);
  const headers: Record<string, string> = {
    'accept-ranges': 'bytes',
    etag,
    // Who may read a file can change (a protocol, a consent): no shared cache keeps it.
    'cache-control': 'private, no-cache',
  };
  if (matchesAny(request.headers['if-none-match'], etag)) return { status: 304, headers };
  headers['content-type'] = file.mediaType ?? 'application/octet-stream';
  headers['content-disposition'] = `inline; filename*=UTF-8''${encodeURIComponent(
    path.posix.basename(file.path),
  )}`;
  const ifRange = [request.headers['if-range']].flat()[0];
  const asked = rangeStillApplies(ifRange, etag)
    ? rangeRequest(request.headers.range, file.size)
    : ({ kind: 'whole' } as const);
  if (asked.kind === 'unsatisfiable')
    throw new Problem(
      416,
      `the range asked for lies outside the file's ${file.size} bytes`,
      {},
      { 'content-range': `bytes */${file.size}`, 'accept-ranges': 'bytes' },
    );
  if (asked.kind === 'whole')
    return { status: 200, headers: { ...headers, 'content-length': String(file.size) } };
  const { start, end } = asked;
  return {
    status: 206,
    headers: {
      ...headers,
      'content-length': String(end - start + 1),
      'content-range': `bytes ${start}-${end}/${file.size}`,
    },
    range: { start, end },
  };
}

/**
 * Sends the answer, streaming the bytes from the item's object (head version) in the
 * filesystem or S3 store: never the whole file in memory. A full read is checked
 * against the sha256 the store recorded and breaks off if it differs. A file the
 * catalog lists but the object lacks (a catalog behind its storage) is the same 404
 * as a missing one.
 */
export async function sendFileAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  objects: OcflStorageRoot,
  itemId: string,
  file: ItemFile,
  answer: FileAnswer,
): Promise<FastifyReply> {
  reply.code(answer.status).headers(answer.headers);
  // An empty stream, not nothing: Fastify's HEAD route would answer nothing with length 0.
  if (request.method === 'HEAD') return reply.send(Readable.from([]));
  if (answer.status === 304) return reply.send();
  let body: NodeJS.ReadableStream;
  try {
    const inventory = await objects.getInventory(itemId);
    body = await objects.readFileOf(inventory, file.path, undefined, answer.range);
  } catch (error) {
    if (error instanceof NotInObjectError || error instanceof ObjectNotFoundInRootError)
      throw notVisible();
    throw error;
  }
  return reply.send(body);
}

function matchesAny(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
}

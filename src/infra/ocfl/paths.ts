import { InvalidLogicalPathError, InvalidObjectIdError } from './errors.js';

/** C0 and C1 control characters and DEL: invisible in listings and unsafe in file names. */
const CONTROL_CHARACTERS = /\p{Cc}/u;
// UTF-8 turns a lone surrogate into U+FFFD, so two such paths could name one file.
const LONE_SURROGATE = /\p{Cs}/u;
/** Most filesystems cap one file name at 255 bytes. */
const MAX_SEGMENT_BYTES = 255;
/** S3 keys stop at 1024 bytes; the object root (77 bytes) and `vN/content/` come first. */
const MAX_LOGICAL_PATH_BYTES = 900;
const MAX_OBJECT_ID_BYTES = 1024;

const utf8Length = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Throws `InvalidObjectIdError` unless `objectId` is a usable OCFL object id. */
export function assertValidObjectId(objectId: string): void {
  if (typeof objectId !== 'string' || objectId.length === 0) {
    throw new InvalidObjectIdError(String(objectId), 'it is empty');
  }
  if (CONTROL_CHARACTERS.test(objectId)) {
    throw new InvalidObjectIdError(objectId, 'it contains a control character');
  }
  if (objectId.trim() !== objectId) {
    throw new InvalidObjectIdError(objectId, 'it starts or ends with white space');
  }
  if (utf8Length(objectId) > MAX_OBJECT_ID_BYTES) {
    throw new InvalidObjectIdError(objectId, `it is longer than ${MAX_OBJECT_ID_BYTES} bytes`);
  }
}

/**
 * Why `path` is not a valid OCFL logical path that also maps to a safe storage key, or
 * `undefined` when it is: `/`-separated, no leading or trailing `/`, no empty, `.` or `..`
 * segment, no control character, within filesystem and S3 length limits.
 */
export function logicalPathProblem(path: string): string | undefined {
  if (typeof path !== 'string' || path.length === 0) return 'it is empty';
  if (path.startsWith('/') || path.endsWith('/')) return 'it must not begin or end with "/"';
  if (CONTROL_CHARACTERS.test(path)) return 'it contains a control character';
  if (path.includes('\\')) return 'it contains a backslash (a path separator on Windows)';
  if (LONE_SURROGATE.test(path)) return 'it is not well-formed Unicode (a lone surrogate)';
  if (utf8Length(path) > MAX_LOGICAL_PATH_BYTES) {
    return `it is longer than ${MAX_LOGICAL_PATH_BYTES} bytes`;
  }
  for (const segment of path.split('/')) {
    if (segment === '') return 'it has an empty segment';
    if (segment === '.' || segment === '..') return `it has a "${segment}" segment`;
    if (utf8Length(segment) > MAX_SEGMENT_BYTES) {
      return `a segment is longer than ${MAX_SEGMENT_BYTES} bytes`;
    }
  }
  return undefined;
}

/** Throws `InvalidLogicalPathError` unless `logicalPath` passes `logicalPathProblem`. */
export function assertValidLogicalPath(logicalPath: string): void {
  const problem = logicalPathProblem(logicalPath);
  if (problem !== undefined) throw new InvalidLogicalPathError(String(logicalPath), problem);
}

/**
 * Finds a pair of paths where one is a directory of the other (`a` and `a/b`), which
 * OCFL forbids within one version's state and within a manifest. `undefined` if none.
 */
export function findPathConflict(paths: Iterable<string>): [string, string] | undefined {
  const sorted = [...paths].sort();
  const all = new Set(sorted);
  for (const path of sorted) {
    let slash = path.indexOf('/');
    while (slash !== -1) {
      const directory = path.slice(0, slash);
      if (all.has(directory)) return [directory, path];
      slash = path.indexOf('/', slash + 1);
    }
  }
  return undefined;
}

/** Joins storage key segments with `/`, skipping empty ones (the storage root is ''). */
export function joinKey(...segments: string[]): string {
  return segments.filter((segment) => segment !== '').join('/');
}
